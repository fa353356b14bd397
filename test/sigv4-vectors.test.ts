// AWS's own Signature Version 4 test-suite vectors, run against the client's signer (aws4fetch,
// configured as src/protocol/client.ts configures it) and against the emulator's verification,
// with the expected values computed a third way (node:crypto, per the spec) so that a mistake the
// signer and the verifier share cannot pass unseen.
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AwsClient } from 'aws4fetch';
import { describe, expect, it } from 'vitest';
import type { AuthContext, IncomingSigned } from '../src/emulator/auth.js';
import { KeyRing } from '../src/emulator/credentials.js';
import { parseForm } from '../src/emulator/params.js';
import { verifySigV4 } from '../src/emulator/sigv4.js';
import { ImportExportClient } from '../src/index.js';

// The suite's fixed credentials, clock and scope (test/fixtures/sigv4/README.md).
const SUITE = {
	accessKeyId: 'AKIDEXAMPLE',
	secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
	sessionToken: '6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267',
	region: 'us-east-1',
	service: 'service',
	amzDate: '20150830T123600Z',
} as const;

const VECTORS = [
	'get-vanilla',
	'get-vanilla-query',
	'get-vanilla-query-order-key-case',
	'post-vanilla',
	'post-x-www-form-urlencoded',
	'post-x-www-form-urlencoded-parameters',
	'get-vanilla-with-session-token',
] as const;

const fixture = (name: string, extension: string): string =>
	readFileSync(new URL(`./fixtures/sigv4/${name}.${extension}`, import.meta.url), 'utf8');
const usesToken = (name: string): boolean => name.endsWith('-with-session-token');

interface RawRequest {
	method: string;
	target: string;
	/** In the order written, names as written. */
	headers: Array<[string, string]>;
	body: string;
}

/** Reads a `.req` / `.sreq` file: request line, `Name:value` lines, a blank line, the body. */
function parseRequest(text: string): RawRequest {
	const blank = text.indexOf('\n\n');
	const head = blank === -1 ? text : text.slice(0, blank);
	const [requestLine = '', ...lines] = head.split('\n');
	const [method = '', target = ''] = requestLine.split(' ');
	const headers = lines.map((line): [string, string] => {
		const colon = line.indexOf(':');
		return [line.slice(0, colon), line.slice(colon + 1).trim()];
	});
	return { method, target, headers, body: blank === -1 ? '' : text.slice(blank + 2) };
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const hmac = (key: string | Buffer, text: string): Buffer =>
	createHmac('sha256', key).update(text).digest();

/** SigV4 from the spec's own steps, with node:crypto: the string to sign's hash line and the signature. */
function specSignature(
	canonicalRequest: string,
	amzDate: string,
	region: string,
	service: string,
	secretAccessKey: string,
): { stringToSign: string; signature: string } {
	const day = amzDate.slice(0, 8);
	const stringToSign = [
		'AWS4-HMAC-SHA256',
		amzDate,
		`${day}/${region}/${service}/aws4_request`,
		sha256(canonicalRequest),
	].join('\n');
	const signingKey = hmac(
		hmac(hmac(hmac(`AWS4${secretAccessKey}`, day), region), service),
		'aws4_request',
	);
	return {
		stringToSign,
		signature: createHmac('sha256', signingKey).update(stringToSign).digest('hex'),
	};
}

describe('the AWS SigV4 test suite', () => {
	it.each(VECTORS)('%s: the fixture holds together by the spec (.creq → .sts → .authz)', (name) => {
		const { stringToSign, signature } = specSignature(
			fixture(name, 'creq'),
			SUITE.amzDate,
			SUITE.region,
			SUITE.service,
			SUITE.secretAccessKey,
		);
		expect(stringToSign).toBe(fixture(name, 'sts'));
		expect(fixture(name, 'authz')).toMatch(new RegExp(`, Signature=${signature}$`));
		// The signed request is the request plus that header (and the token, when there is one).
		expect(parseRequest(fixture(name, 'sreq')).headers).toContainEqual([
			'Authorization',
			fixture(name, 'authz'),
		]);
	});

	it.each(VECTORS)(
		"%s: the client's signer (aws4fetch as the client sets it up) gives .authz",
		async (name) => {
			const request = parseRequest(fixture(name, 'req'));
			// aws4fetch writes Host and X-Amz-Date itself, from the URL and the fixed datetime.
			const headers = request.headers.filter(([header]) => !/^(host|x-amz-date)$/i.test(header));
			const signer = new AwsClient({
				accessKeyId: SUITE.accessKeyId,
				secretAccessKey: SUITE.secretAccessKey,
				...(usesToken(name) ? { sessionToken: SUITE.sessionToken } : {}),
				service: SUITE.service,
				region: SUITE.region,
				retries: 0,
			});
			const signed = await signer.sign(`https://example.amazonaws.com${request.target}`, {
				method: request.method,
				headers,
				...(request.body === '' ? {} : { body: request.body }),
				aws: { datetime: SUITE.amzDate, allHeaders: true },
			});
			expect(signed.headers.get('authorization')).toBe(fixture(name, 'authz'));
			expect(signed.headers.get('x-amz-date')).toBe(SUITE.amzDate);
		},
	);

	it.each(VECTORS)(
		"%s: the emulator's verification accepts .sreq, and refuses it altered",
		async (name) => {
			const sreq = parseRequest(fixture(name, 'sreq'));
			const context: AuthContext = {
				keys: new KeyRing({
					accessKeyId: SUITE.accessKeyId,
					secretAccessKey: SUITE.secretAccessKey,
					...(usesToken(name) ? { sessionToken: SUITE.sessionToken } : {}),
				}),
				now: () => new Date('2015-08-30T12:36:00Z'),
				clockSkewMs: 15 * 60_000,
				cache: new Map(),
				scope: { region: SUITE.region, service: SUITE.service },
			};
			const verify = (request: RawRequest): ReturnType<typeof verifySigV4> => {
				const headersDistinct: NodeJS.Dict<string[]> = {};
				for (const [header, value] of request.headers)
					(headersDistinct[header.toLowerCase()] ??= []).push(value);
				const incoming: IncomingSigned = {
					method: request.method,
					url: request.target,
					headersDistinct,
					body: Buffer.from(request.body),
					params: parseForm(
						request.method === 'GET' ? (request.target.split('?')[1] ?? '') : request.body,
					),
				};
				return verifySigV4(incoming, headersDistinct['authorization']?.[0] ?? '', context);
			};
			expect(await verify(sreq)).toEqual({ scheme: 'sigv4', accessKeyId: SUITE.accessKeyId });
			// Not a verifier that says yes to anything: one byte of the body, of a signed header, or of the signature.
			const refused = async (altered: RawRequest): Promise<void> =>
				expect((await verify(altered)).error?.code).toBe('SignatureDoesNotMatch');
			await refused({ ...sreq, body: `${sreq.body}x` });
			await refused({
				...sreq,
				headers: sreq.headers.map(([header, value]) => [
					header,
					header === 'Host' ? 'example.amazonaws.org' : value,
				]),
			});
			await refused({
				...sreq,
				headers: sreq.headers.map(([header, value]) => [
					header,
					header === 'Authorization' ? value.replace(/.$/, (c) => (c === '0' ? '1' : '0')) : value,
				]),
			});
		},
	);
});

describe('a golden ListJobs Authorization header', () => {
	// Computed once from the spec with node:crypto (specSignature above), then frozen here.
	const GOLDEN =
		'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261130/us-east-1/IngestionService/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=';

	it('the client signs ListJobs at a fixed now exactly as the spec computes it', async () => {
		const sent: Request[] = [];
		const client = new ImportExportClient({
			credentials: { accessKeyId: SUITE.accessKeyId, secretAccessKey: SUITE.secretAccessKey },
			now: () => new Date('2026-11-30T12:34:56.789Z'),
			fetch: async (input, init) => {
				sent.push(new Request(input, init));
				return new Response(
					readFileSync(
						new URL('./fixtures/responses/empty-jobs-self-closing.xml', import.meta.url),
						'utf8',
					),
					{ status: 200, headers: { 'content-type': 'text/xml' } },
				);
			},
		});
		await client.listJobs({ MaxJobs: 10 });
		const request = sent[0]!;
		const body = await request.text();
		// The wire request, to the letter: what the canonical request below is built from.
		expect(request.method).toBe('POST');
		expect(request.url).toBe('https://importexport.amazonaws.com/');
		expect(body).toBe('Action=ListJobs&Version=2010-06-01&MaxJobs=10');
		expect(request.headers.get('content-type')).toBe(
			'application/x-www-form-urlencoded; charset=utf-8',
		);
		expect(request.headers.get('x-amz-date')).toBe('20261130T123456Z');
		const canonicalRequest = [
			'POST',
			'/',
			'',
			'content-type:application/x-www-form-urlencoded; charset=utf-8',
			'host:importexport.amazonaws.com',
			'x-amz-date:20261130T123456Z',
			'',
			'content-type;host;x-amz-date',
			sha256('Action=ListJobs&Version=2010-06-01&MaxJobs=10'),
		].join('\n');
		const { signature } = specSignature(
			canonicalRequest,
			'20261130T123456Z',
			'us-east-1',
			'IngestionService',
			SUITE.secretAccessKey,
		);
		expect(signature).toBe('7b7a3ac138f1b1e395a2afef552afd249d3095d9ac573b5317f8fe5d873e976c');
		expect(request.headers.get('authorization')).toBe(`${GOLDEN}${signature}`);
	});
});
