/** An error the emulator answers with, as an ErrorResponse document. */
export interface ApiError {
	status: number;
	code: string;
	message: string;
	type: 'Sender' | 'Receiver';
	headers?: Record<string, string>;
}

export function senderError(status: number, code: string, message: string): ApiError {
	return { status, code, message, type: 'Sender' };
}

// AWS's own wording, so that clients matching on messages behave as against the service.
export const SIGNATURE_MISMATCH =
	'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

export const authErrors = {
	missing: (): ApiError =>
		senderError(403, 'MissingAuthenticationToken', 'Request is missing Authentication Token'),
	incomplete: (message: string): ApiError => senderError(400, 'IncompleteSignature', message),
	invalidValue: (message: string): ApiError => senderError(400, 'InvalidParameterValue', message),
	combination: (message: string): ApiError =>
		senderError(400, 'InvalidParameterCombination', message),
	unknownKey: (): ApiError =>
		senderError(
			403,
			'InvalidClientTokenId',
			'The security token included in the request is invalid.',
		),
	mismatch: (message = SIGNATURE_MISMATCH): ApiError =>
		senderError(403, 'SignatureDoesNotMatch', message),
	// One code for a stale or future signing time under either scheme, HTTP 400 as AWS's common errors
	// document it (some services say SignatureDoesNotMatch "Signature expired"): clock skew is told from a bad secret.
	expired: (message: string): ApiError => senderError(400, 'RequestExpired', message),
};

/** `RequestExpired` message for a request time outside the allowed skew. */
export function expiredMessage(requestTime: Date, now: Date, skewMs: number): string {
	const minutes = Math.round(skewMs / 60_000);
	const relation =
		requestTime.getTime() < now.getTime()
			? `is now earlier than ${compact(new Date(now.getTime() - skewMs))} (${compact(now)} - ${minutes} min.)`
			: `is now later than ${compact(new Date(now.getTime() + skewMs))} (${compact(now)} + ${minutes} min.)`;
	return `Request has expired: ${compact(requestTime)} ${relation}`;
}

function compact(date: Date): string {
	return date.toISOString().replace(/[:-]|\.\d{3}/g, '');
}
