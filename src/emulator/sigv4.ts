import { createHash } from 'node:crypto';
import { AwsV4Signer } from 'aws4fetch';
import {
	header,
	type AuthContext,
	type AuthResult,
	type IncomingSigned,
	type SigningScope,
} from './auth.js';
import { safeEqual, tokenMatches } from './credentials.js';
import { authErrors, expiredMessage } from './errors.js';
import { parseIso8601 } from './sigv2.js';

// The scope botocore signs ListJobs with (the endpoint rule set's authSchemes).
export const SIGNING_REGION = 'us-east-1';
export const SIGNING_SERVICE = 'IngestionService';
const LIST_JOBS_SCOPE: SigningScope = { region: SIGNING_REGION, service: SIGNING_SERVICE };
const ALGORITHM = 'AWS4-HMAC-SHA256';
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** Checks an `Authorization: AWS4-HMAC-SHA256 …` request by signing it again with the key on file. */
export async function verifySigV4(
	request: IncomingSigned,
	authorization: string,
	context: AuthContext,
): Promise<AuthResult> {
	const refuse = (
		error: ReturnType<typeof authErrors.missing>,
		accessKeyId?: string,
	): AuthResult => ({ scheme: 'sigv4', accessKeyId, error });
	const parsed = parseAuthorization(authorization);
	if (typeof parsed === 'string') return refuse(authErrors.incomplete(parsed));
	const { credential, signedHeaders, signature } = parsed;
	// Another scope only for AWS's own test-suite vectors (service `service`), never in the server.
	const expectedScope = context.scope ?? LIST_JOBS_SCOPE;

	const scope = credential.split('/');
	if (scope.length !== 5 || scope[0] === '') {
		return refuse(
			authErrors.incomplete(
				`Authorization header requires a valid Credential parameter: <AccessKeyId>/<date>/<region>/<service>/aws4_request. Authorization=${ALGORITHM} Credential=${credential}`,
			),
		);
	}
	const [accessKeyId, day, region, service, terminator] = scope as [
		string,
		string,
		string,
		string,
		string,
	];
	const amzDate = header(request.headersDistinct, 'x-amz-date');
	if (amzDate === undefined) {
		return refuse(
			authErrors.incomplete(
				"Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
			),
			accessKeyId,
		);
	}
	const requestTime = parseAmzDate(amzDate);
	if (requestTime === undefined) {
		return refuse(
			authErrors.incomplete(
				`Date must be in ISO-8601 'basic format'. Got '${amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601`,
			),
			accessKeyId,
		);
	}
	if (terminator !== 'aws4_request')
		return refuse(
			authErrors.mismatch(
				`Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'.`,
			),
			accessKeyId,
		);
	if (region !== expectedScope.region)
		return refuse(
			authErrors.mismatch(`Credential should be scoped to a valid region, not '${region}'.`),
			accessKeyId,
		);
	if (service !== expectedScope.service)
		return refuse(
			authErrors.mismatch(
				`Credential should be scoped to correct service: '${expectedScope.service}'.`,
			),
			accessKeyId,
		);
	if (day !== amzDate.slice(0, 8)) {
		return refuse(
			authErrors.mismatch(
				`Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${day}' != '${amzDate.slice(0, 8)}', from 'X-Amz-Date'.`,
			),
			accessKeyId,
		);
	}

	const credentials = context.keys.get(accessKeyId);
	if (credentials === undefined) return refuse(authErrors.unknownKey(), accessKeyId);
	const now = context.now();
	if (Math.abs(requestTime.getTime() - now.getTime()) > context.clockSkewMs) {
		return refuse(
			authErrors.expired(expiredMessage(requestTime, now, context.clockSkewMs)),
			accessKeyId,
		);
	}
	if (!tokenMatches(credentials, header(request.headersDistinct, 'x-amz-security-token')))
		return refuse(authErrors.unknownKey(), accessKeyId);
	// aws4fetch trusts X-Amz-Content-Sha256 as the body hash: make sure it is the body's.
	const declaredHash = header(request.headersDistinct, 'x-amz-content-sha256');
	if (
		declaredHash !== undefined &&
		declaredHash !== createHash('sha256').update(request.body).digest('hex')
	) {
		return refuse(
			authErrors.mismatch(
				'The provided x-amz-content-sha256 header does not match what was computed.',
			),
			accessKeyId,
		);
	}

	// SigV4 always signs Host: a request without one cannot match (and `undefined` is no host name).
	const host = header(request.headersDistinct, 'host');
	if (host === undefined) return refuse(authErrors.mismatch(), accessKeyId);
	// Sign again with only the headers the client says it signed; aws4fetch sets host (from the URL)
	// and x-amz-date itself.
	const headers = new Headers();
	for (const name of signedHeaders) {
		const value = header(request.headersDistinct, name);
		if (value !== undefined) headers.set(name, value);
	}
	let expected: string;
	try {
		const signer = new AwsV4Signer({
			method: request.method,
			url: `http://${host}${request.url}`,
			headers,
			// Buffer.concat allocates a plain ArrayBuffer; the DOM typing only wants that spelled out.
			body: request.body as Uint8Array<ArrayBuffer>,
			accessKeyId,
			secretAccessKey: credentials.secretAccessKey,
			service: expectedScope.service,
			region: expectedScope.region,
			datetime: amzDate,
			cache: context.cache,
			allHeaders: true,
		});
		expected = await signer.authHeader();
	} catch {
		// An unparsable Host or URL: nothing the client signed can match.
		return refuse(authErrors.mismatch(), accessKeyId);
	}
	// Compare the whole header: SignedHeaders must match too, not only the signature.
	const sent = `${ALGORITHM} Credential=${credential}, SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}`;
	if (!safeEqual(expected, sent)) return refuse(authErrors.mismatch(), accessKeyId);
	return { scheme: 'sigv4', accessKeyId };
}

interface ParsedAuthorization {
	credential: string;
	signedHeaders: string[];
	signature: string;
}

/** The three parts of the header, or the IncompleteSignature message AWS gives when some are missing. */
function parseAuthorization(value: string): ParsedAuthorization | string {
	const space = value.indexOf(' ');
	const algorithm = space === -1 ? value : value.slice(0, space);
	if (algorithm !== ALGORITHM)
		return `Unsupported Authorization Type: '${redactSignatures(algorithm)}'. Only ${ALGORITHM} is accepted.`;
	const parts = new Map<string, string>();
	for (const part of value.slice(space + 1).split(',')) {
		const equals = part.indexOf('=');
		if (equals !== -1) parts.set(part.slice(0, equals).trim(), part.slice(equals + 1).trim());
	}
	const credential = parts.get('Credential');
	const signedHeaders = parts.get('SignedHeaders');
	const signature = parts.get('Signature');
	if (credential && signedHeaders && signature)
		return { credential, signedHeaders: signedHeaders.split(';'), signature };
	const missing = [
		credential ? '' : "Authorization header requires 'Credential' parameter.",
		signature ? '' : "Authorization header requires 'Signature' parameter.",
		signedHeaders ? '' : "Authorization header requires 'SignedHeaders' parameter.",
	].filter((m) => m !== '');
	return `${missing.join(' ')} Authorization=${redactSignatures(value)}`;
}

/** Every `Signature=` value, not only the first: a header may carry several. */
function redactSignatures(text: string): string {
	return text.replace(/Signature=[^,\s]*/g, 'Signature=[REDACTED]');
}

/** `20261130T123456Z`: the instant, or `undefined` for another form or a day the month lacks. */
function parseAmzDate(value: string): Date | undefined {
	const m = AMZ_DATE.exec(value);
	if (m === null) return undefined;
	// eslint-disable-next-line @typescript-eslint/restrict-template-expressions -- groups 1-6 always match
	return parseIso8601(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
}
