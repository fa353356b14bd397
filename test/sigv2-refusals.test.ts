// The emulator's SigV2 check (form fields, as aws-sdk-js v2 signs ImportExport), in process with
// a fixed clock. The signature is computed here from the spec with node:crypto, apart from the
// emulator's code, so that a mistake in it cannot grade itself.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AuthContext, IncomingSigned } from '../src/emulator/auth.js';
import { KeyRing, type EmulatorCredentials } from '../src/emulator/credentials.js';
import { SIGNATURE_MISMATCH } from '../src/emulator/errors.js';
import { canonicalQuery, parseIso8601, verifySigV2 } from '../src/emulator/sigv2.js';

const KEY: EmulatorCredentials = {
	accessKeyId: 'AKIDSIGV2000000000',
	secretAccessKey: 'sigv2-secret-key',
};
const NOW = new Date('2026-11-30T12:34:56Z');
const HOST = 'importexport.amazonaws.com';
const SKEW_MS = 15 * 60_000;
const LISTING = { Action: 'ListJobs', Version: '2010-06-01', MaxJobs: '5' };

function context(overrides: Partial<AuthContext> = {}): AuthContext {
	return {
		keys: new KeyRing(KEY),
		now: () => NOW,
		clockSkewMs: SKEW_MS,
		cache: new Map(),
		...overrides,
	};
}

/** RFC 3986, as SigV2 wants it: encodeURIComponent leaves !'()* alone. */
const encode = (text: string): string =>
	encodeURIComponent(text).replace(
		/[!'()*]/g,
		(c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
	);

interface Signing {
	fields?: Record<string, string>;
	credentials?: EmulatorCredentials;
	method?: 'HmacSHA256' | 'HmacSHA1';
	time?: { Timestamp?: string; Expires?: string };
	/** What is signed: `METHOD\nhost\npath\n…`. */
	signedAs?: { method?: string; host?: string; path?: string };
}

/** A POST with its fields signed per the SigV2 spec, as the server would receive it. */
function signed(options: Signing = {}): IncomingSigned {
	const { accessKeyId, secretAccessKey, sessionToken } = options.credentials ?? KEY;
	const method = options.method ?? 'HmacSHA256';
	const fields: Record<string, string> = {
		...(options.fields ?? LISTING),
		AWSAccessKeyId: accessKeyId,
		SignatureMethod: method,
		SignatureVersion: '2',
		...(options.time ?? { Timestamp: '2026-11-30T12:34:56Z' }),
		...(sessionToken === undefined ? {} : { SecurityToken: sessionToken }),
	};
	const canonical = Object.keys(fields)
		.sort()
		.map((name) => `${encode(name)}=${encode(fields[name]!)}`)
		.join('&');
	const as = options.signedAs ?? {};
	const stringToSign = `${as.method ?? 'POST'}\n${as.host ?? HOST}\n${as.path ?? '/'}\n${canonical}`;
	const signature = createHmac(method === 'HmacSHA256' ? 'sha256' : 'sha1', secretAccessKey)
		.update(stringToSign)
		.digest('base64');
	const params: Array<[string, string]> = [...Object.entries(fields), ['Signature', signature]];
	return {
		method: 'POST',
		url: '/',
		headersDistinct: { host: [HOST] },
		body: Buffer.from(''),
		params,
	};
}

function withField(
	request: IncomingSigned,
	name: string,
	value: string | undefined,
): IncomingSigned {
	const params = request.params.filter(([n]) => n !== name);
	return { ...request, params: value === undefined ? params : [...params, [name, value]] };
}

const accepted = { scheme: 'sigv2', accessKeyId: KEY.accessKeyId };
/** The refusal, naming the request's key unless told which (`undefined`: none). */
function refusal(
	status: number,
	code: string,
	message: string,
	...key: [accessKeyId?: string | undefined]
): object {
	const accessKeyId = key.length === 0 ? KEY.accessKeyId : key[0];
	return { scheme: 'sigv2', accessKeyId, error: { status, code, message, type: 'Sender' } };
}
const mismatch = refusal(403, 'SignatureDoesNotMatch', SIGNATURE_MISMATCH);
const invalidToken = refusal(
	403,
	'InvalidClientTokenId',
	'The security token included in the request is invalid.',
);

describe('SigV2: what the emulator accepts', () => {
	it('HmacSHA256 and HmacSHA1, naming the key', () => {
		expect(verifySigV2(signed(), context())).toEqual(accepted);
		expect(verifySigV2(signed({ method: 'HmacSHA1' }), context())).toEqual(accepted);
	});

	it('the fields in any order, and a Host in any case', () => {
		const request = signed();
		expect(verifySigV2({ ...request, params: [...request.params].reverse() }, context())).toEqual(
			accepted,
		);
		expect(
			verifySigV2(
				{ ...request, headersDistinct: { host: ['ImportExport.AmazonAWS.com'] } },
				context(),
			),
		).toEqual(accepted);
	});

	it('a request line without a path, signed for `/`', () => {
		const request = signed();
		expect(verifySigV2({ ...request, url: '?Action=ListJobs' }, context())).toEqual(accepted);
	});

	it('a Timestamp exactly clockSkewMs away on either side, and one a minute old', () => {
		const at = (offsetMs: number) => context({ now: () => new Date(NOW.getTime() + offsetMs) });
		expect(verifySigV2(signed(), at(SKEW_MS))).toEqual(accepted);
		expect(verifySigV2(signed(), at(-SKEW_MS))).toEqual(accepted);
		expect(verifySigV2(signed(), at(60_000))).toEqual(accepted);
	});

	it('an Expires up to now, however far ahead (no skew applies)', () => {
		const expires = (at: string) => signed({ time: { Expires: at } });
		expect(verifySigV2(expires('2026-11-30T12:34:56Z'), context())).toEqual(accepted);
		expect(verifySigV2(expires('2026-12-31T00:00:00Z'), context())).toEqual(accepted);
	});

	it('temporary credentials with their SecurityToken', () => {
		const temporary = { ...KEY, sessionToken: 'v2-session-token' };
		expect(
			verifySigV2(signed({ credentials: temporary }), context({ keys: new KeyRing(temporary) })),
		).toEqual(accepted);
	});
});

describe('SigV2: what the emulator refuses', () => {
	it.each<[string, (request: IncomingSigned) => IncomingSigned]>([
		['a field changed after signing', (r) => withField(r, 'MaxJobs', '6')],
		['a field added after signing', (r) => withField(r, 'Marker', 'JOB1')],
		['a field dropped after signing', (r) => withField(r, 'MaxJobs', undefined)],
		['another Host', (r) => ({ ...r, headersDistinct: { host: ['importexport.amazonaws.org'] } })],
		['no Host', (r) => ({ ...r, headersDistinct: {} })],
		['another path', (r) => ({ ...r, url: '/other' })],
		['another method', (r) => ({ ...r, method: 'PUT' })],
		['a Signature off by a character', (r) => withField(r, 'Signature', 'A'.repeat(44))],
	])('%s', (_name, alter) => {
		expect(verifySigV2(alter(signed()), context())).toEqual(mismatch);
	});

	it('a wrong secret, a signature for another host, method or path', () => {
		const wrong = { ...KEY, secretAccessKey: 'wrong' };
		expect(verifySigV2(signed({ credentials: wrong }), context())).toEqual(mismatch);
		for (const signedAs of [{ host: 'example.com' }, { method: 'GET' }, { path: '/other' }])
			expect(verifySigV2(signed({ signedAs }), context())).toEqual(mismatch);
	});

	it('an unknown key, a missing, stray or wrong SecurityToken', () => {
		const unknown = { accessKeyId: 'AKIDNOBODY00000000', secretAccessKey: 'x' };
		expect(verifySigV2(signed({ credentials: unknown }), context())).toEqual(
			refusal(
				403,
				'InvalidClientTokenId',
				'The security token included in the request is invalid.',
				unknown.accessKeyId,
			),
		);
		const temporary = { ...KEY, sessionToken: 'v2-session-token' };
		const keys = new KeyRing(temporary);
		expect(verifySigV2(signed(), context({ keys }))).toEqual(invalidToken);
		expect(
			verifySigV2(
				signed({ credentials: { ...temporary, sessionToken: 'other' } }),
				context({ keys }),
			),
		).toEqual(invalidToken);
		expect(verifySigV2(signed({ credentials: temporary }), context())).toEqual(invalidToken);
	});

	it('a Timestamp a second beyond clockSkewMs, either way', () => {
		const at = (offsetMs: number) => context({ now: () => new Date(NOW.getTime() + offsetMs) });
		expect(verifySigV2(signed(), at(SKEW_MS + 1000))).toEqual(
			refusal(
				400,
				'RequestExpired',
				'Request has expired: 20261130T123456Z is now earlier than 20261130T123457Z (20261130T124957Z - 15 min.)',
			),
		);
		expect(verifySigV2(signed(), at(-SKEW_MS - 1000))).toEqual(
			refusal(
				400,
				'RequestExpired',
				'Request has expired: 20261130T123456Z is now later than 20261130T123455Z (20261130T121955Z + 15 min.)',
			),
		);
	});

	it('an Expires a second past', () => {
		expect(verifySigV2(signed({ time: { Expires: '2026-11-30T12:34:55Z' } }), context())).toEqual(
			refusal(400, 'RequestExpired', 'Request has expired. Expires date is 2026-11-30T12:34:55Z'),
		);
	});

	it('Timestamp and Expires together', () => {
		const time = { Timestamp: '2026-11-30T12:34:56Z', Expires: '2026-11-30T13:00:00Z' };
		expect(verifySigV2(signed({ time }), context())).toEqual(
			refusal(
				400,
				'InvalidParameterCombination',
				'The parameters Timestamp and Expires must not be used together.',
			),
		);
	});

	it.each(['Timestamp', 'Expires'])('a %s not in ISO 8601', (name) => {
		expect(
			verifySigV2(signed({ time: { [name]: 'Mon, 30 Nov 2026 12:34:56 GMT' } }), context()),
		).toEqual(
			refusal(
				400,
				'InvalidParameterValue',
				`Value (Mon, 30 Nov 2026 12:34:56 GMT) for parameter ${name} is invalid. Must be in ISO8601 format.`,
			),
		);
	});

	it.each(['HmacSHA512', 'toString', 'constructor', '__proto__'])(
		'SignatureMethod %s, as InvalidParameterValue (not an emulator error)',
		(method) => {
			expect(verifySigV2(withField(signed(), 'SignatureMethod', method), context())).toEqual(
				refusal(
					400,
					'InvalidParameterValue',
					`Value (${method}) for parameter SignatureMethod is invalid. Valid values: HmacSHA256, HmacSHA1.`,
				),
			);
		},
	);

	it('SignatureVersion 1', () => {
		expect(verifySigV2(withField(signed(), 'SignatureVersion', '1'), context())).toEqual(
			refusal(
				400,
				'InvalidParameterValue',
				'Value (1) for parameter SignatureVersion is invalid. Valid values: 2.',
			),
		);
	});

	it.each<[string, string | undefined, string]>([
		['AWSAccessKeyId', undefined, 'AWSAccessKeyId'],
		['AWSAccessKeyId', '', 'AWSAccessKeyId'],
		['Signature', undefined, 'Signature'],
		['SignatureVersion', '', 'SignatureVersion'],
		['SignatureMethod', undefined, 'SignatureMethod'],
		['Timestamp', undefined, 'Timestamp or Expires'],
		['Timestamp', '', 'Timestamp or Expires'],
	])('%s absent or empty (%j)', (name, value, missing) => {
		const request = withField(signed(), name, value);
		expect(verifySigV2(request, context())).toEqual(
			refusal(
				400,
				'IncompleteSignature',
				`The request signature is incomplete: missing ${missing}.`,
				name === 'AWSAccessKeyId' ? value : KEY.accessKeyId,
			),
		);
	});

	it('every field absent, named in one message', () => {
		const request: IncomingSigned = { ...signed(), params: [['Action', 'ListJobs']] };
		expect(verifySigV2(request, context())).toEqual(
			refusal(
				400,
				'IncompleteSignature',
				'The request signature is incomplete: missing AWSAccessKeyId, Signature, SignatureVersion, SignatureMethod, Timestamp or Expires.',
				undefined,
			),
		);
	});
});

describe('SigV2: the canonical query', () => {
	it('every field but Signature, by name in byte order (upper case first), RFC 3986-encoded', () => {
		expect(
			canonicalQuery([
				['b', 'x y'],
				['Signature', 'sig'],
				['a', "*~!'()"],
				['Zeta', 'é'],
				['_', '-._'],
			]),
		).toBe('Zeta=%C3%A9&_=-._&a=%2A~%21%27%28%29&b=x%20y');
	});

	it('repeated names in the order they came', () => {
		expect(
			canonicalQuery([
				['k', '2'],
				['k', '1'],
				['a', '0'],
			]),
		).toBe('a=0&k=2&k=1');
	});
});

describe('SigV2: ISO 8601 times (Timestamp, Expires)', () => {
	it.each([
		['2026-11-30T12:34:56Z', '2026-11-30T12:34:56.000Z'],
		['2026-11-30T12:34:56', '2026-11-30T12:34:56.000Z'],
		['2026-11-30T12:34:56.5Z', '2026-11-30T12:34:56.500Z'],
		['2026-11-30T12:34:56.1239Z', '2026-11-30T12:34:56.123Z'],
		['2026-11-30T14:34:56+02:00', '2026-11-30T12:34:56.000Z'],
		['2026-11-30T07:04:56-05:30', '2026-11-30T12:34:56.000Z'],
		['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
	])('reads %s as %s', (text, iso) => {
		expect(parseIso8601(text)?.toISOString()).toBe(iso);
	});

	it.each([
		'2026',
		'2026-11-30',
		'Mon, 30 Nov 2026 12:34:56 GMT',
		' 2026-11-30T12:34:56Z',
		'2026-11-30T12:34:56Z ',
		'x2026-11-30T12:34:56Z',
		'2026-11-30T12:34:56Zx',
		'20261-11-30T12:34:56Z',
		'2026-1-30T12:34:56Z',
		'2026-11-3T12:34:56Z',
		'2026-11-30T1:34:56Z',
		'2026-11-30T12:3:56Z',
		'2026-11-30T12:34:5Z',
		'2026-11-30 12:34:56Z',
		'2026/11/30T12:34:56Z',
		'2026-11-30T12.34.56Z',
		'2026-11-30T12:34:56.Z',
		'2026-11-30T12:34:56+0200',
		'2026-11-30T12:34:56*02:00',
		'2026-11-30T12:34:56+2:00',
		'2026-13-01T00:00:00Z',
		'2026-11-31T00:00:00Z',
		'2026-02-29T00:00:00Z',
		'2026-11-30T25:00:00Z',
	])('refuses %j', (text) => {
		expect(parseIso8601(text)).toBeUndefined();
	});
});
