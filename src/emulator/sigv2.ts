import { createHmac } from 'node:crypto';
import { encodeRfc3986 } from '../protocol/query.js';
import { header, pathOf, type AuthContext, type AuthResult, type IncomingSigned } from './auth.js';
import { safeEqual, tokenMatches } from './credentials.js';
import { authErrors, expiredMessage, type ApiError } from './errors.js';

// A Map, not an object: `SignatureMethod=toString` must not find Object.prototype's.
const METHODS: ReadonlyMap<string, 'sha256' | 'sha1'> = new Map([
	['HmacSHA256', 'sha256'],
	['HmacSHA1', 'sha1'],
]);

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
	const time = timestamp ?? expires;
	if (!accessKeyId || !signature || !version || !method || !time) {
		const missing = [
			['AWSAccessKeyId', accessKeyId],
			['Signature', signature],
			['SignatureVersion', version],
			['SignatureMethod', method],
			['Timestamp or Expires', time],
		]
			.filter(([, value]) => !value)
			.map(([name]) => name);
		return refuse(
			authErrors.incomplete(`The request signature is incomplete: missing ${missing.join(', ')}.`),
		);
	}
	if (version !== '2')
		return refuse(
			authErrors.invalidValue(
				`Value (${version}) for parameter SignatureVersion is invalid. Valid values: 2.`,
			),
		);
	const algorithm = METHODS.get(method);
	if (algorithm === undefined)
		return refuse(
			authErrors.invalidValue(
				`Value (${method}) for parameter SignatureMethod is invalid. Valid values: HmacSHA256, HmacSHA1.`,
			),
		);
	// AWS: "either Timestamp or Expires, but not both"; honouring one would ignore what the other says.
	if (timestamp !== undefined && expires !== undefined)
		return refuse(
			authErrors.combination('The parameters Timestamp and Expires must not be used together.'),
		);
	const name = timestamp === undefined ? 'Expires' : 'Timestamp';
	const when = parseIso8601(time);
	if (when === undefined)
		return refuse(
			authErrors.invalidValue(
				`Value (${time}) for parameter ${name} is invalid. Must be in ISO8601 format.`,
			),
		);

	const credentials = context.keys.get(accessKeyId);
	if (credentials === undefined) return refuse(authErrors.unknownKey());
	const now = context.now();
	if (name === 'Timestamp' && Math.abs(when.getTime() - now.getTime()) > context.clockSkewMs) {
		return refuse(authErrors.expired(expiredMessage(when, now, context.clockSkewMs)));
	}
	if (name === 'Expires' && when.getTime() < now.getTime())
		return refuse(authErrors.expired(`Request has expired. Expires date is ${time}`));
	if (!tokenMatches(credentials, param('SecurityToken'))) return refuse(authErrors.unknownKey());

	const host = header(request.headersDistinct, 'host');
	// The string to sign holds the host: a request without one cannot match.
	if (host === undefined) return refuse(authErrors.mismatch());
	const stringToSign = `${request.method}\n${host.toLowerCase()}\n${pathOf(request.url)}\n${canonicalQuery(request.params)}`;
	const expected = createHmac(algorithm, credentials.secretAccessKey)
		.update(stringToSign)
		.digest('base64');
	if (!safeEqual(expected, signature)) return refuse(authErrors.mismatch());
	return { scheme: 'sigv2', accessKeyId };
}

// xsd:dateTime, as the Query API documents Timestamp and Expires: `2026-01-31T23:59:59Z`, fraction and offset optional.
const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

/** The instant, or `undefined` for anything but a complete, real ISO 8601 date-time (`new Date()` takes `2026` and RFC 1123 too). */
export function parseIso8601(text: string): Date | undefined {
	const m = ISO_8601.exec(text);
	if (m === null) return undefined;
	const [, year, month, day, hour, minute, second, fraction = '', zone = 'Z'] = m;
	// V8 reads any number of fraction digits (to the millisecond).
	const date = new Date(
		// eslint-disable-next-line @typescript-eslint/restrict-template-expressions -- groups 1-6 always match
		`${year}-${month}-${day}T${hour}:${minute}:${second}${fraction}${zone}`,
	);
	if (Number.isNaN(date.getTime())) return undefined;
	// Date rolls 02-30 over into March: a day the month does not have is not a date. (A month
	// Date takes is a real one, and a day rolled over is at most the 3rd, so the day tells.)
	const check = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
	return check.getUTCDate() === Number(day) ? date : undefined;
}

/** Every parameter but Signature, sorted by name in byte order, RFC 3986-encoded. */
export function canonicalQuery(params: ReadonlyArray<readonly [string, string]>): string {
	return (
		params
			.filter(([name]) => name !== 'Signature')
			.map(([name, value]) => ({
				key: Buffer.from(name),
				pair: `${encodeRfc3986(name)}=${encodeRfc3986(value)}`,
			}))
			// Stable: repeated names keep the order they came in.
			.sort((a, b) => Buffer.compare(a.key, b.key))
			.map(({ pair }) => pair)
			.join('&')
	);
}
