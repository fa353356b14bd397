import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
	CredentialsError,
	ImportExportClient,
	NetworkError,
	ResponseParseError,
	ResponseValidationError,
	ServiceError,
	paginateListJobs,
	type RetryEvent,
} from '../src/index.js';
import { redactor, scrubError } from '../src/protocol/redact.js';
import { caught, emulator } from './helpers.js';
import { loopbackServer, pageXml } from './loopback-server.js';

// Long and distinctive: a message that quotes only the first 40 characters must still show none of it.
const SECRET = 'SECRETk7Qm2vX9pL4rT8wZ1nB6cY3hJ5dF0gA2sE';
const TOKEN = 'TOKENq8Wf3Lz7Rt2Yp9Mx4Kc6Vb1Nh5Gj0Sd8Ae3Ui7Oy2Tr6Ew9Qa4Zs1Xc5Dv';
const credentials = {
	accessKeyId: 'ASIAREDACTCHECK00001',
	secretAccessKey: SECRET,
	sessionToken: TOKEN,
};

/** Everything a person or a log could be shown of an error: message, stack, fields, causes. */
function everythingShown(error: unknown): string {
	const parts = [
		String(error),
		inspect(error, { depth: 10, showHidden: true }),
		JSON.stringify(error, Object.getOwnPropertyNames(error)),
	];
	for (let cause: unknown = error, depth = 0; cause !== undefined && depth < 6; depth++) {
		parts.push(
			// eslint-disable-next-line @typescript-eslint/no-base-to-string -- whatever it is, as a log shows it
			String(cause),
			(cause as Error).stack ?? '',
			inspect(cause, { depth: 10, showHidden: true }),
		);
		cause = (cause as { cause?: unknown }).cause;
	}
	return parts.join('\n');
}

function expectNothingSecret(error: unknown): void {
	const shown = everythingShown(error);
	for (const secret of [SECRET, TOKEN]) {
		expect(shown).not.toContain(secret.slice(0, 16));
		expect(shown).not.toContain(secret.slice(-16));
	}
	expect(shown).not.toMatch(/Signature=[0-9a-f]{16}/);
	expect(shown).not.toMatch(/AWS4-HMAC-SHA256 Credential/);
}

describe('credentials that are not valid header values are refused before signing', () => {
	const cases: Array<[string, Partial<typeof credentials>, RegExp]> = [
		[
			'an access key id with a trailing newline',
			{ accessKeyId: `${credentials.accessKeyId}\n` },
			/`accessKeyId` ends with a line break/,
		],
		[
			'a session token with a line break inside',
			{ sessionToken: `${TOKEN.slice(0, 30)}\r\n${TOKEN.slice(30)}` },
			/`sessionToken` has a line break at character 31/,
		],
		[
			'a secret key with a trailing space',
			{ secretAccessKey: `${SECRET} ` },
			/`secretAccessKey` ends with white space/,
		],
		[
			'an access key id with a control character',
			{ accessKeyId: 'ASIA\u0007KEY' },
			/`accessKeyId` has a control character/,
		],
		[
			'a session token with a non-ASCII character',
			{ sessionToken: `${TOKEN}\u00e9` },
			/`sessionToken` ends with a character outside printable ASCII/,
		],
	];

	it.each(cases)(
		'%s: static credentials throw at construction, naming the field, never the value',
		(_name, change, problem) => {
			const error = (() => {
				try {
					new ImportExportClient({
						endpoint: 'http://127.0.0.1:1',
						credentials: { ...credentials, ...change },
					});
				} catch (thrown) {
					return thrown;
				}
				throw new Error('expected a throw');
			})();
			expect(error).toBeInstanceOf(CredentialsError);
			expect((error as Error).message).toMatch(problem);
			expectNothingSecret(error);
			expect((error as Error).message).not.toContain(credentials.accessKeyId);
		},
	);

	it.each(cases)(
		'%s: from a provider, the call fails before anything is sent',
		async (_name, change, problem) => {
			const server = await emulator({ jobCount: 3, credentials });
			const client = new ImportExportClient({
				endpoint: server.endpoint,
				credentials: async () => ({ ...credentials, ...change }),
				retry: { maxAttempts: 1 },
			});
			const error = await caught(() => client.listJobs());
			expect(error).toBeInstanceOf(CredentialsError);
			expect(error.message).toMatch(problem);
			expectNothingSecret(error);
			expect(server.requests).toHaveLength(0);
		},
	);
});

describe('an error raised while building or sending a request is scrubbed', () => {
	it('a fetch that quotes the signed headers: message, cause chain and retry events are clean', async () => {
		const retries: RetryEvent[] = [];
		const client = new ImportExportClient({
			endpoint: 'http://127.0.0.1:1',
			credentials,
			retry: { maxAttempts: 2, sleep: async () => {}, onRetry: (event) => retries.push(event) },
			fetch: async (_input, init) => {
				const headers = new Headers(init?.headers);
				const detail = new Error(
					`refused ${headers.get('authorization')} with ${headers.get('x-amz-security-token')}`,
				);
				throw new TypeError(
					`fetch failed: ${[...headers].map(([name, value]) => `${name}: ${value}`).join('; ')}`,
					{ cause: detail },
				);
			},
		});
		const error = await caught(() => client.listJobs());
		expect(error).toBeInstanceOf(NetworkError);
		expect(retries).toHaveLength(1);
		expectNothingSecret(error);
		expectNothingSecret(retries[0]!.error);
		// Still says what failed.
		expect(error.message).toContain('refused AWS4-HMAC-SHA256 [REDACTED]');
	});
});

describe('server-echoed secrets are scrubbed whatever the route', () => {
	// A server that sends the session token it was given back in the place under test.
	const routes: Array<
		[
			string,
			(token: string) => { status: number; headers?: Record<string, string>; body: string },
			new (...args: never[]) => Error,
		]
	> = [
		[
			'as a job’s CreationDate (quoted by the schema message)',
			(token) => ({ status: 200, body: pageXml([{ JobId: 'A1', CreationDate: token }]) }),
			ResponseValidationError,
		],
		[
			'as the x-amzn-requestid header of an unreadable body',
			(token) => ({ status: 200, headers: { 'x-amzn-requestid': token }, body: 'not xml at all' }),
			ResponseParseError,
		],
		[
			'as the root element’s name',
			(token) => ({ status: 200, body: `<${token}><x>1</x></${token}>` }),
			ResponseParseError,
		],
		[
			'as the RequestId of an invalid page',
			(token) => ({
				status: 200,
				body: pageXml([{ JobId: 'A1', CreationDate: 'yesterday' }], { requestId: token }),
			}),
			ResponseValidationError,
		],
		[
			'as an element name in a mismatched closing tag',
			(token) => ({ status: 200, body: `<ListJobsResponse><${token}></x></ListJobsResponse>` }),
			ResponseParseError,
		],
		[
			'as an unknown element inside <Jobs>',
			(token) => ({
				status: 200,
				body: pageXml([]).replace('<Jobs>', `<Jobs><${token}>1</${token}>`),
			}),
			ResponseValidationError,
		],
		[
			'as the code of a service error',
			(token) => ({
				status: 400,
				body: `<ErrorResponse><Error><Code>${token}</Code><Message>m ${token}</Message></Error><RequestId>${token}</RequestId></ErrorResponse>`,
			}),
			ServiceError,
		],
	];

	it.each(routes)('%s', async (_name, answer, type) => {
		const server = await loopbackServer((request, response) => {
			const token = String(request.headers['x-amz-security-token']);
			const { status, headers, body } = answer(token);
			response.writeHead(status, { 'content-type': 'text/xml', ...headers });
			response.end(body);
		});
		const client = new ImportExportClient({
			endpoint: server.endpoint,
			credentials,
			retry: { maxAttempts: 1 },
		});
		const error = await caught(async () => {
			for await (const _job of paginateListJobs(client)) {
				// drain
			}
		});
		expect(server.requests[0]!.headers['x-amz-security-token']).toBe(TOKEN);
		expect(error).toBeInstanceOf(type);
		expect(everythingShown(error)).toContain('[REDACTED]');
		expectNothingSecret(error);
	});
});

describe('redactor', () => {
	const redact = redactor(credentials);
	it.each([
		['whole', `a ${SECRET} b`, 'a [REDACTED] b'],
		['cut short at the end', `got "${TOKEN.slice(0, 40)}"`, 'got "[REDACTED]"'],
		['cut short at the start', `…${TOKEN.slice(20)} end`, '…[REDACTED] end'],
		[
			'a SigV4 header broken over lines',
			'AWS4-HMAC-SHA256 Credential=AKID\n/20260101/us-east-1/IngestionService/aws4_request, SignedHeaders=host, Signature=' +
				'ab'.repeat(32),
			'AWS4-HMAC-SHA256 [REDACTED]',
		],
		[
			'a query signature',
			`X-Amz-Signature=${'0f'.repeat(32)}&x=1`,
			'X-Amz-Signature=[REDACTED]&x=1',
		],
		['nothing to hide', 'ABC12 InvalidParameterException', 'ABC12 InvalidParameterException'],
	])('%s', (_name, text, expected) => expect(redact(text)).toBe(expected));

	it('a token URL-encoded, as a SigV2 form body carries it', () => {
		const token = `${TOKEN.slice(0, 30)}/+=${TOKEN.slice(30)}`;
		expect(
			redactor({ ...credentials, sessionToken: token })(
				`SecurityToken=${encodeURIComponent(token)}&x=1`,
			),
		).toBe('SecurityToken=[REDACTED]&x=1');
	});

	it('scrubError cleans fields, issues and causes in place, and leaves clean errors alone', () => {
		const cause = new Error(`inner ${TOKEN}`);
		const error = Object.assign(new Error(`outer ${SECRET}`, { cause }), {
			requestId: TOKEN,
			issues: [{ path: 'Jobs', message: `got ${TOKEN.slice(0, 40)}` }],
		});
		expect(scrubError(error, redact)).toBe(error);
		expectNothingSecret(error);
		expect(error.issues[0]!.message).toBe('got [REDACTED]');
		const clean = new Error('nothing here');
		const stack = clean.stack;
		scrubError(clean, redact);
		expect(clean.stack).toBe(stack);
	});
});
