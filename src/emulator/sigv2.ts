import { createHmac } from 'node:crypto';
import { header, pathOf, type AuthContext, type AuthResult, type IncomingSigned } from './auth.js';
import { safeEqual, tokenMatches } from './credentials.js';
import { authErrors, expiredMessage, type ApiError } from './errors.js';

const METHODS: Readonly<Record<string, 'sha256' | 'sha1'>> = { HmacSHA256: 'sha256', HmacSHA1: 'sha1' };

/**
 * Checks a SigV2 request (fields in the form body), as aws-sdk-js v2 signs ImportExport:
 * `METHOD\nhost\npath\ncanonical query` with HMAC, base64.
 */
export function verifySigV2(request: IncomingSigned, context: AuthContext): AuthResult {
	const param = (name: string): string | undefined => request.params.find(([n]) => n === name)?.[1];
	const accessKeyId = param('AWSAccessKeyId');
	const refuse = (error: ApiError): AuthResult => ({ scheme: 'sigv2', accessKeyId, error });
	const signature = param('Signature');
	const version = param('SignatureVersion');
	const method = param('SignatureMethod');
	const timestamp = param('Timestamp');
	const expires = param('Expires');
	const missing = [
		['AWSAccessKeyId', accessKeyId],
		['Signature', signature],
		['SignatureVersion', version],
		['SignatureMethod', method],
		['Timestamp or Expires', timestamp ?? expires],
	].filter(([, value]) => !value).map(([name]) => name);
	if (missing.length > 0 || !accessKeyId || !signature || method === undefined) {
		return refuse(authErrors.incomplete(`The request signature is incomplete: missing ${missing.join(', ')}.`));
	}
	if (version !== '2') return refuse(authErrors.invalidValue(`Value (${String(version)}) for parameter SignatureVersion is invalid. Valid values: 2.`));
	const algorithm = METHODS[method];
	if (algorithm === undefined) return refuse(authErrors.invalidValue(`Value (${method}) for parameter SignatureMethod is invalid. Valid values: HmacSHA256, HmacSHA1.`));
	const time = timestamp === undefined ? undefined : new Date(timestamp);
	const expiry = expires === undefined ? undefined : new Date(expires);
	if ((time !== undefined && Number.isNaN(time.getTime())) || (expiry !== undefined && Number.isNaN(expiry.getTime()))) {
		return refuse(authErrors.invalidValue(`Value (${String(timestamp ?? expires)}) for parameter ${timestamp === undefined ? 'Expires' : 'Timestamp'} is invalid. Use ISO 8601.`));
	}

	const credentials = context.keys.get(accessKeyId);
	if (credentials === undefined) return refuse(authErrors.unknownKey());
	const now = context.now();
	if (time !== undefined && Math.abs(time.getTime() - now.getTime()) > context.clockSkewMs) {
		return refuse(authErrors.expired(expiredMessage(time, now, context.clockSkewMs)));
	}
	if (time === undefined && expiry !== undefined && expiry.getTime() < now.getTime()) {
		return refuse(authErrors.expired(`Request has expired. Expires date is ${expires ?? ''}`));
	}
	if (!tokenMatches(credentials, param('SecurityToken'))) return refuse(authErrors.unknownKey());

	const host = (header(request.headersDistinct, 'host') ?? '').toLowerCase();
	const stringToSign = `${request.method}\n${host}\n${pathOf(request.url)}\n${canonicalQuery(request.params)}`;
	const expected = createHmac(algorithm, credentials.secretAccessKey).update(stringToSign).digest('base64');
	if (!safeEqual(expected, signature)) return refuse(authErrors.mismatch());
	return { scheme: 'sigv2', accessKeyId };
}

/** Every parameter but Signature, sorted by name in byte order, RFC 3986-encoded. */
export function canonicalQuery(params: ReadonlyArray<readonly [string, string]>): string {
	return params
		.filter(([name]) => name !== 'Signature')
		.map(([name, value]) => ({ key: Buffer.from(name), pair: `${encodeRfc3986(name)}=${encodeRfc3986(value)}` }))
		// Stable: repeated names keep the order they came in.
		.sort((a, b) => Buffer.compare(a.key, b.key))
		.map(({ pair }) => pair)
		.join('&');
}

export function encodeRfc3986(value: string): string {
	return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
