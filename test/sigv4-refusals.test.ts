// The emulator's SigV4 check is what the client's signing is graded against: every request it
// lets through that the client did not sign exactly right is a signing bug nobody would see.
// In process, with a fixed clock: aws4fetch signs (as the client does), then the request is
// altered the way a buggy signer or a proxy would alter it.
import { createHash } from 'node:crypto';
import { AwsV4Signer } from 'aws4fetch';
import { describe, expect, it } from 'vitest';
import { authenticate, type AuthContext, type IncomingSigned } from '../src/emulator/auth.js';
import { KeyRing, type EmulatorCredentials } from '../src/emulator/credentials.js';
import { SIGNATURE_MISMATCH } from '../src/emulator/errors.js';
import { parseForm } from '../src/emulator/params.js';

const KEY = { accessKeyId: 'AKIDREFUSALS00000000', secretAccessKey: 'refusals-secret-key' };
const NOW = new Date('2026-11-30T12:34:56Z');
const AMZ_DATE = '20261130T123456Z';
const HOST = 'importexport.amazonaws.com';
const BODY = 'Action=ListJobs&Version=2010-06-01&MaxJobs=10';
const FORM = 'application/x-www-form-urlencoded; charset=utf-8';
const SKEW_MS = 15 * 60_000;

function context(overrides: Partial<AuthContext> = {}): AuthContext {
	return {
		keys: new KeyRing(KEY),
		now: () => NOW,
		clockSkewMs: SKEW_MS,
		cache: new Map(),
		...overrides,
	};
}

interface Signing {
	method?: string;
	host?: string;
	/** Path and query, as on the request line. */
	target?: string;
	headers?: Record<string, string>;
	body?: string;
	datetime?: string;
	region?: string;
	service?: string;
	credentials?: EmulatorCredentials;
}

/** A request as the client signs it (aws4fetch, all headers), as the server would receive it. */
async function signed(options: Signing = {}): Promise<IncomingSigned> {
	const method = options.method ?? 'POST';
	const host = options.host ?? HOST;
	const target = options.target ?? '/';
	const body = options.body ?? (method === 'GET' ? '' : BODY);
	const signer = new AwsV4Signer({
		method,
		url: `https://${host}${target}`,
		headers: options.headers ?? (method === 'GET' ? {} : { 'content-type': FORM }),
		...(body === '' ? {} : { body }),
		...(options.credentials ?? KEY),
		service: options.service ?? 'IngestionService',
		region: options.region ?? 'us-east-1',
		datetime: options.datetime ?? AMZ_DATE,
		allHeaders: true,
	});
	const { headers } = await signer.sign();
	const headersDistinct: NodeJS.Dict<string[]> = { host: [host] };
	for (const [name, value] of headers) headersDistinct[name] = [value];
	return {
		method,
		url: target,
		headersDistinct,
		body: Buffer.from(body),
		params: parseForm(method === 'GET' ? (target.split('?')[1] ?? '') : body),
	};
}

/** The request with one header line set, or removed (`undefined`). */
function withHeader(
	request: IncomingSigned,
	name: string,
	value: string | string[] | undefined,
): IncomingSigned {
	const { [name]: _dropped, ...headersDistinct } = request.headersDistinct;
	if (value !== undefined) headersDistinct[name] = typeof value === 'string' ? [value] : value;
	return { ...request, headersDistinct };
}

function rewriteAuthorization(
	request: IncomingSigned,
	rewrite: (authorization: string) => string,
): IncomingSigned {
	return withHeader(
		request,
		'authorization',
		rewrite(request.headersDistinct['authorization']![0]!),
	);
}

const accepted = { scheme: 'sigv4', accessKeyId: KEY.accessKeyId };

function refusal(
	status: number,
	code: string,
	message: string,
	accessKeyId: string | undefined,
): object {
	return { scheme: 'sigv4', accessKeyId, error: { status, code, message, type: 'Sender' } };
}
const mismatch = (message = SIGNATURE_MISMATCH): object =>
	refusal(403, 'SignatureDoesNotMatch', message, KEY.accessKeyId);
const incomplete = (message: string, accessKeyId?: string): object =>
	refusal(400, 'IncompleteSignature', message, accessKeyId);

describe('SigV4: what the emulator accepts', () => {
	it('a ListJobs request signed for us-east-1/IngestionService, naming its key', async () => {
		expect(await authenticate(await signed(), context())).toEqual(accepted);
	});

	it('the scope its context names instead, and then not ListJobs’ own', async () => {
		const scope = { region: 'eu-west-1', service: 'service' };
		const request = await signed(scope);
		expect(await authenticate(request, context({ scope }))).toEqual(accepted);
		expect(await authenticate(await signed(), context({ scope }))).toEqual(
			mismatch("Credential should be scoped to a valid region, not 'us-east-1'."),
		);
	});

	it('an X-Amz-Date exactly clockSkewMs away on either side, and not a second more', async () => {
		const request = await signed();
		const at = (offsetMs: number) =>
			authenticate(request, context({ now: () => new Date(NOW.getTime() + offsetMs) }));
		expect(await at(SKEW_MS)).toEqual(accepted);
		expect(await at(-SKEW_MS)).toEqual(accepted);
		expect(await at(SKEW_MS + 1000)).toEqual(
			refusal(
				400,
				'RequestExpired',
				'Request has expired: 20261130T123456Z is now earlier than 20261130T123457Z (20261130T124957Z - 15 min.)',
				KEY.accessKeyId,
			),
		);
		expect(await at(-SKEW_MS - 1000)).toEqual(
			refusal(
				400,
				'RequestExpired',
				'Request has expired: 20261130T123456Z is now later than 20261130T123455Z (20261130T121955Z + 15 min.)',
				KEY.accessKeyId,
			),
		);
	});

	it('headers it was not told were signed, and a GET’s query in another order', async () => {
		const request = await signed();
		expect(await authenticate(withHeader(request, 'user-agent', 'proxy/1.0'), context())).toEqual(
			accepted,
		);
		const get = await signed({
			method: 'GET',
			target: '/?Action=ListJobs&MaxJobs=5&Version=2010-06-01',
		});
		expect(
			await authenticate(
				{ ...get, url: '/?Version=2010-06-01&MaxJobs=5&Action=ListJobs' },
				context(),
			),
		).toEqual(accepted);
	});

	it('a header sent on two lines, as SigV4 joins them: trimmed, with ","', async () => {
		const request = await signed({ headers: { 'content-type': FORM, 'x-amz-meta-tag': 'a,b' } });
		expect(
			await authenticate(withHeader(request, 'x-amz-meta-tag', [' a', 'b ']), context()),
		).toEqual(accepted);
	});

	it('X-Amz-Content-Sha256 when it is the body’s hash', async () => {
		const hash = createHash('sha256').update(BODY).digest('hex');
		const request = await signed({
			headers: { 'content-type': FORM, 'x-amz-content-sha256': hash },
		});
		expect(await authenticate(request, context())).toEqual(accepted);
	});

	it('an Authorization header with other spacing around its commas', async () => {
		const request = await signed();
		expect(
			await authenticate(
				rewriteAuthorization(request, (value) => value.replaceAll(', ', ' ,')),
				context(),
			),
		).toEqual(accepted);
	});

	it('temporary credentials with their X-Amz-Security-Token', async () => {
		const temporary = { ...KEY, sessionToken: 'session-token-0001' };
		const request = await signed({ credentials: temporary });
		expect(await authenticate(request, context({ keys: new KeyRing(temporary) }))).toEqual(
			accepted,
		);
	});
});

describe('SigV4: what the emulator refuses', () => {
	it.each<[string, (request: IncomingSigned) => IncomingSigned]>([
		['a body changed after signing', (r) => ({ ...r, body: Buffer.from(`${BODY}0`) })],
		['a signed header changed', (r) => withHeader(r, 'content-type', 'text/plain')],
		['a signed header left out', (r) => withHeader(r, 'content-type', undefined)],
		['the Host changed', (r) => withHeader(r, 'host', 'importexport.amazonaws.com.evil')],
		['no Host at all', (r) => withHeader(r, 'host', undefined)],
		['a Host no URL can hold', (r) => withHeader(r, 'host', 'import export')],
		['another method', (r) => ({ ...r, method: 'PUT' })],
		['another path', (r) => ({ ...r, url: '/other' })],
		['an X-Amz-Date a second later', (r) => withHeader(r, 'x-amz-date', '20261130T123457Z')],
		[
			'a Signature one hex digit off',
			(r) =>
				rewriteAuthorization(r, (value) => value.replace(/.$/, (c) => (c === '0' ? '1' : '0'))),
		],
		[
			'SignedHeaders naming fewer headers than were signed',
			(r) => rewriteAuthorization(r, (value) => value.replace('content-type;', '')),
		],
		[
			'SignedHeaders out of order',
			(r) =>
				rewriteAuthorization(r, (value) => value.replace('content-type;host', 'host;content-type')),
		],
	])('%s', async (_name, alter) => {
		expect(await authenticate(alter(await signed()), context())).toEqual(mismatch());
	});

	it('a signed header left out whatever its value, even the text `undefined`', async () => {
		const request = await signed({
			headers: { 'content-type': FORM, 'x-amz-meta-note': 'undefined' },
		});
		expect(await authenticate(request, context())).toEqual(accepted);
		expect(
			await authenticate(withHeader(request, 'x-amz-meta-note', undefined), context()),
		).toEqual(mismatch());
	});

	it('no Host, even signed for a host named `undefined`', async () => {
		const request = await signed({ host: 'undefined' });
		expect(await authenticate(request, context())).toEqual(accepted);
		expect(await authenticate(withHeader(request, 'host', undefined), context())).toEqual(
			mismatch(),
		);
	});

	it.each<[string, string]>([
		['a duplicated query parameter', '/?Action=ListJobs&MaxJobs=5&MaxJobs=5&Version=2010-06-01'],
		['a changed query value', '/?Action=ListJobs&MaxJobs=6&Version=2010-06-01'],
		['a dropped query parameter', '/?Action=ListJobs&Version=2010-06-01'],
	])('a GET with %s', async (_name, url) => {
		const request = await signed({
			method: 'GET',
			target: '/?Action=ListJobs&MaxJobs=5&Version=2010-06-01',
		});
		expect(await authenticate(request, context())).toEqual(accepted);
		expect(await authenticate({ ...request, url }, context())).toEqual(mismatch());
	});

	it.each([
		['another body’s hash', createHash('sha256').update('Action=ListJobs').digest('hex')],
		['UNSIGNED-PAYLOAD', 'UNSIGNED-PAYLOAD'],
	])('an X-Amz-Content-Sha256 of %s, though the signature over it holds', async (_name, hash) => {
		const request = await signed({
			headers: { 'content-type': FORM, 'x-amz-content-sha256': hash },
		});
		expect(await authenticate(request, context())).toEqual(
			mismatch('The provided x-amz-content-sha256 header does not match what was computed.'),
		);
	});

	it('another region or service, with AWS’s words', async () => {
		expect(await authenticate(await signed({ region: 'eu-west-1' }), context())).toEqual(
			mismatch("Credential should be scoped to a valid region, not 'eu-west-1'."),
		);
		expect(await authenticate(await signed({ service: 'importexport' }), context())).toEqual(
			mismatch("Credential should be scoped to correct service: 'IngestionService'."),
		);
	});

	it('a Credential scope without the aws4_request terminator', async () => {
		const request = rewriteAuthorization(await signed(), (value) =>
			value.replace('/aws4_request', '/aws4_reques'),
		);
		expect(await authenticate(request, context())).toEqual(
			mismatch(
				"Credential should be scoped with a valid terminator: 'aws4_request', not 'aws4_reques'.",
			),
		);
	});

	it('a Credential scope of another day than X-Amz-Date', async () => {
		const request = rewriteAuthorization(await signed(), (value) =>
			value.replace('/20261130/', '/20261129/'),
		);
		expect(await authenticate(request, context())).toEqual(
			mismatch(
				"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20261129' != '20261130', from 'X-Amz-Date'.",
			),
		);
	});

	it.each<[string, (credential: string) => string]>([
		['a sixth part', (credential) => `${credential}/more`],
		['four parts', (credential) => credential.replace('/aws4_request', '')],
		['no access key id', (credential) => credential.replace(KEY.accessKeyId, '')],
	])('a Credential with %s', async (_name, alter) => {
		let credential = '';
		const request = rewriteAuthorization(await signed(), (value) =>
			value.replace(/Credential=([^,]+)/, (_all, sent: string) => {
				credential = alter(sent);
				return `Credential=${credential}`;
			}),
		);
		expect(await authenticate(request, context())).toEqual(
			incomplete(
				`Authorization header requires a valid Credential parameter: <AccessKeyId>/<date>/<region>/<service>/aws4_request. Authorization=AWS4-HMAC-SHA256 Credential=${credential}`,
			),
		);
	});

	it('no X-Amz-Date', async () => {
		expect(
			await authenticate(withHeader(await signed(), 'x-amz-date', undefined), context()),
		).toEqual(
			incomplete(
				"Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
				KEY.accessKeyId,
			),
		);
	});

	it.each([
		'20261130T123456',
		'2026-11-30T12:34:56Z',
		'x20261130T123456Z',
		'20261130T123456Zx',
		'20261130T123456+0000',
		'20261130 123456Z',
		'2026113T123456Z',
		'20261130T12345Z',
		'20261330T123456Z',
		'20261100T123456Z',
	])('an X-Amz-Date of %s, though signed with it', async (datetime) => {
		expect(await authenticate(await signed({ datetime }), context())).toEqual(
			incomplete(
				`Date must be in ISO-8601 'basic format'. Got '${datetime}'. See http://en.wikipedia.org/wiki/ISO_8601`,
				KEY.accessKeyId,
			),
		);
	});

	it('an X-Amz-Date on a day the month lacks, though it rolls over to now', async () => {
		// 31 November would be read as 1 December, the clock's day.
		const datetime = '20261131T123456Z';
		const now = () => new Date('2026-12-01T12:34:56Z');
		expect(await authenticate(await signed({ datetime }), context({ now }))).toEqual(
			incomplete(
				`Date must be in ISO-8601 'basic format'. Got '${datetime}'. See http://en.wikipedia.org/wiki/ISO_8601`,
				KEY.accessKeyId,
			),
		);
	});

	it('an unknown key, a missing, stray or wrong session token', async () => {
		const unknown = { accessKeyId: 'AKIDNOBODY0000000000', secretAccessKey: 'x' };
		const invalid = (accessKeyId = KEY.accessKeyId) =>
			refusal(
				403,
				'InvalidClientTokenId',
				'The security token included in the request is invalid.',
				accessKeyId,
			);
		expect(await authenticate(await signed({ credentials: unknown }), context())).toEqual(
			invalid(unknown.accessKeyId),
		);
		const temporary = { ...KEY, sessionToken: 'session-token-0001' };
		const withToken = await signed({ credentials: temporary });
		const keys = new KeyRing(temporary);
		expect(
			await authenticate(
				withHeader(withToken, 'x-amz-security-token', undefined),
				context({ keys }),
			),
		).toEqual(invalid());
		expect(
			await authenticate(
				withHeader(withToken, 'x-amz-security-token', 'session-token-0002'),
				context({ keys }),
			),
		).toEqual(invalid());
		expect(await authenticate(withToken, context())).toEqual(invalid());
	});
});

describe('SigV4: an Authorization header it cannot read', () => {
	const all = [
		"Authorization header requires 'Credential' parameter.",
		"Authorization header requires 'Signature' parameter.",
		"Authorization header requires 'SignedHeaders' parameter.",
	];

	it.each<[string, RegExp, string]>([
		['Credential', /Credential=[^,]+, /, all[0]!],
		['SignedHeaders', /SignedHeaders=[^,]+, /, all[2]!],
		['Signature', /, Signature=\w+/, all[1]!],
		['a Signature value', /Signature=\w+/, all[1]!],
	])('without %s', async (part, pattern, message) => {
		const request = rewriteAuthorization(await signed(), (value) =>
			value.replace(pattern, part === 'a Signature value' ? 'Signature=' : ''),
		);
		const sent = request.headersDistinct['authorization']![0]!;
		expect(await authenticate(request, context())).toEqual(
			incomplete(
				`${message} Authorization=${sent.replace(/Signature=\w*/, 'Signature=[REDACTED]')}`,
			),
		);
	});

	it('with the algorithm alone', async () => {
		const request = withHeader(await signed(), 'authorization', 'AWS4-HMAC-SHA256');
		expect(await authenticate(request, context())).toEqual(
			incomplete(`${all.join(' ')} Authorization=AWS4-HMAC-SHA256`),
		);
	});

	it.each([
		[
			'another algorithm',
			'AWS4-HMAC-SHA1 Credential=x, SignedHeaders=host, Signature=abc',
			'AWS4-HMAC-SHA1',
		],
		['the algorithm in lower case', 'aws4-hmac-sha256 Credential=x', 'aws4-hmac-sha256'],
		[
			'no space after the algorithm (signatures redacted)',
			'AWS4-HMAC-SHA256,Signature=secret0001,Signature=secret0002,SignedHeaders=host',
			'AWS4-HMAC-SHA256,Signature=[REDACTED],Signature=[REDACTED],SignedHeaders=host',
		],
	])('with %s', async (_name, authorization, shown) => {
		const request = withHeader(await signed(), 'authorization', authorization);
		expect(await authenticate(request, context())).toEqual(
			incomplete(`Unsupported Authorization Type: '${shown}'. Only AWS4-HMAC-SHA256 is accepted.`),
		);
	});
});
