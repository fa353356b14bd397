import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
	ImportExportClient,
	InputValidationError,
	InvalidAccessKeyIdException,
	InvalidParameterException,
	InvalidVersionException,
	ResponseParseError,
	ResponseValidationError,
	ServiceError,
} from '../src/index.js';
import { caught, clientFor, emulator } from './helpers.js';

const fixture = (name: string): string =>
	readFileSync(new URL(`./fixtures/responses/${name}`, import.meta.url), 'utf8');

describe('the ListJobs request', () => {
	it('is a signed POST / with the form body botocore sends', async () => {
		const server = await emulator({ jobCount: 3 });
		const seen: Request[] = [];
		// A pass-through spy: the request still goes over the socket to the emulator.
		const { client } = clientFor(server, {
			fetch: async (input, init) => {
				seen.push(new Request(input, init));
				return fetch(input, init);
			},
		});
		await client.listJobs({ MaxJobs: 2, Marker: server.jobs[0]!.JobId, APIVersion: '2.0' });
		const request = seen[0]!;
		expect(request.method).toBe('POST');
		expect(new URL(request.url).pathname).toBe('/');
		expect(request.headers.get('content-type')).toBe(
			'application/x-www-form-urlencoded; charset=utf-8',
		);
		expect(await request.text()).toBe(
			`Action=ListJobs&Version=2010-06-01&MaxJobs=2&Marker=${server.jobs[0]!.JobId}&APIVersion=2.0`,
		);
		expect(request.headers.get('authorization')).toMatch(
			/^AWS4-HMAC-SHA256 Credential=[A-Z0-9]+\/\d{8}\/us-east-1\/IngestionService\/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=[0-9a-f]{64}$/,
		);
		expect(request.headers.get('x-amz-date')).toMatch(/^\d{8}T\d{6}Z$/);
		expect(request.headers.get('user-agent')).toMatch(/^importexport-jobs\/\d+\.\d+\.\d+$/);
		expect(request.headers.get('amz-sdk-request')).toBe('attempt=1; max=3');
		const logged = server.requests[0]!;
		expect(logged.auth).toBe('sigv4');
		expect(logged.params).toMatchObject({
			Action: 'ListJobs',
			Version: '2010-06-01',
			MaxJobs: '2',
		});
	});

	it('signs the session token of temporary credentials', async () => {
		const credentials = {
			accessKeyId: 'ASIATEMPORARY0000001',
			secretAccessKey: 'temporary-secret',
			sessionToken: 'session-token-value',
		};
		const server = await emulator({ jobCount: 2, credentials });
		const { client } = clientFor(server);
		const result = await client.listJobs();
		expect(result.Jobs).toHaveLength(2);
		expect(server.requests[0]!.headers['x-amz-security-token']).not.toBe('session-token-value');
	});

	it('signs with a new key id that shares the secret of the previous one, not with the cached signer', async () => {
		// The emulator knows one secret per key id, so only the key id can change here; a new
		// secret or token under the same key id is credential-cache.test.ts's rotation.
		const sequence = [
			{ accessKeyId: 'AKIAROTATEDKEY000001', secretAccessKey: 'shared-secret' },
			{ accessKeyId: 'AKIAROTATEDKEY000002', secretAccessKey: 'shared-secret' },
		];
		const server = await emulator({ jobCount: 1, credentials: sequence });
		let call = 0;
		// Credentials that expire as they are given are asked for again before every request.
		const { client } = clientFor(server, {
			credentials: () => ({ ...sequence[call++]!, expiration: new Date(Date.now()) }),
		});
		for (const _ of sequence) await client.listJobs();
		expect(server.requests.map((r) => r.accessKeyId)).toEqual(sequence.map((c) => c.accessKeyId));
	});

	it('signs with the injected clock, and the emulator refuses a clock 20 minutes off', async () => {
		const server = await emulator({ jobCount: 1 });
		// One attempt: the retry with a corrected clock is test/clock-skew.test.ts's.
		const { client } = clientFor(server, {
			now: () => new Date(Date.now() - 20 * 60_000),
			retry: { maxAttempts: 1 },
		});
		const error = await caught(() => client.listJobs());
		expect(error).toBeInstanceOf(ServiceError);
		expect((error as ServiceError).code).toBe('RequestExpired');
		expect((error as ServiceError).statusCode).toBe(400);
		expect((error as ServiceError).retryable).toBe(false);
		expect(server.counters.requests).toBe(1);
	});

	it('calls a credentials provider once while what it gave stays valid (issue 9 item 7; rotation: credential-cache.test.ts)', async () => {
		const server = await emulator({ jobCount: 1 });
		let calls = 0;
		const { client } = clientFor(server, {
			credentials: async () => {
				calls++;
				return server.credentials;
			},
		});
		await client.listJobs();
		await client.listJobs();
		expect(calls).toBe(1);
	});
});

describe('input validation', () => {
	it('refuses bad input with a typed error and sends nothing', async () => {
		const server = await emulator({ jobCount: 1 });
		const { client } = clientFor(server);
		for (const input of [{ MaxJobs: 5000 }, { Marker: '' }, { Unknown: 1 }]) {
			const error = await caught(() => client.listJobs(input));
			expect(error).toBeInstanceOf(InputValidationError);
		}
		expect(server.counters.requests).toBe(0);
	});
});

describe('response shapes', () => {
	const serve = async (body: string, status = 200) => {
		const server = await emulator({ jobCount: 1 });
		server.failNext({ kind: 'raw', status, body, headers: { 'content-type': 'text/xml' } });
		return clientFor(server, { retry: { maxAttempts: 1 } }).client;
	};

	it("reads AWS's documented example (other namespace, other element order, milliseconds)", async () => {
		const client = await serve(fixture('aws-doc-example.xml'));
		const result = await client.listJobs();
		expect(result.IsTruncated).toBe(false);
		expect(result.RequestId).toBe('cc7a3d6b-7f94-11df-a6e8-0b4e70ba9e1d');
		expect(result.Jobs).toEqual([
			{
				JobId: 'ABC-123',
				CreationDate: new Date('2010-04-07T13:41:59.000Z'),
				IsCanceled: false,
				JobType: 'Import',
			},
			{
				JobId: 'XYZ-789',
				CreationDate: new Date('2010-04-07T12:11:41.000Z'),
				IsCanceled: true,
				JobType: 'Export',
			},
		]);
	});

	it('accepts a leap day', async () => {
		const client = await serve(
			fixture('aws-doc-example.xml').replace('2010-04-07T13:41:59.000Z', '2012-02-29T23:59:59Z'),
		);
		expect((await client.listJobs()).Jobs[0]!.CreationDate.toISOString()).toBe(
			'2012-02-29T23:59:59.000Z',
		);
	});

	it('keeps job ids that look like numbers or booleans as they are', async () => {
		const client = await serve(fixture('numeric-looking-ids.xml'));
		const result = await client.listJobs();
		expect(result.Jobs.map((job) => job.JobId)).toEqual(['00042', '12345', '1E5', '0x1F', 'true']);
		expect(result.Jobs[1]!.CreationDate.toISOString()).toBe('2011-06-30T23:59:59.500Z');
		expect(result.IsTruncated).toBe(true);
	});

	it('matches prefixed elements by local name and ignores unknown ones', async () => {
		const client = await serve(fixture('prefixed-namespace-unknown-elements.xml'));
		const result = await client.listJobs();
		expect(result.Jobs).toEqual([
			{
				JobId: 'ONLY1',
				CreationDate: new Date('2015-05-05T05:05:05Z'),
				IsCanceled: false,
				JobType: 'Export',
			},
		]);
		expect(Object.keys(result.Jobs[0]!)).toEqual([
			'JobId',
			'CreationDate',
			'IsCanceled',
			'JobType',
		]);
		expect(result.RequestId).toBe('req-prefixed');
	});

	it.each(['empty-jobs-self-closing.xml', 'jobs-absent.xml'])(
		'reads %s as no jobs',
		async (name) => {
			const client = await serve(fixture(name));
			const result = await client.listJobs();
			expect(result.Jobs).toEqual([]);
			expect(result.IsTruncated).toBe(false);
		},
	);

	it('decodes standard entities in values', async () => {
		const client = await serve(fixture('entities-in-values.xml'));
		expect((await client.listJobs()).Jobs[0]!.JobId).toBe('A&B');
	});

	it.each(['doctype-billion-laughs.xml', 'external-entity.xml'])(
		'refuses %s without expanding anything',
		async (name) => {
			const client = await serve(fixture(name));
			const error = await caught(() => client.listJobs());
			expect(error).toBeInstanceOf(ResponseParseError);
			expect(error.message).toMatch(/DTD|entities/);
			expect(error.message).not.toContain('lollol');
		},
	);

	it('refuses a body cut short', async () => {
		const client = await serve(fixture('cut-short.xml'));
		const error = await caught(() => client.listJobs());
		expect(error).toBeInstanceOf(ResponseParseError);
		expect(error.message).toContain('cut short');
		expect((error as ResponseParseError).statusCode).toBe(200);
	});

	it('refuses an empty 200 and a 200 that is not XML', async () => {
		expect(await caught(async () => (await serve('')).listJobs())).toBeInstanceOf(
			ResponseParseError,
		);
		const error = await caught(async () => (await serve('{"jobs": []}')).listJobs());
		expect(error).toBeInstanceOf(ResponseParseError);
		expect((error as ResponseParseError).excerpt).toContain('jobs');
	});

	it.each([
		['<JobType>Transfer</JobType>', 'Jobs[1].JobType'],
		['<IsCanceled>yes</IsCanceled>', 'Jobs[1].IsCanceled'],
		['<CreationDate>yesterday</CreationDate>', 'Jobs[1].CreationDate'],
		['<CreationDate>2010-13-45T99:99:99Z</CreationDate>', 'Jobs[1].CreationDate'],
		// Date would roll these over into the next month without a word.
		['<CreationDate>2010-02-30T00:00:00Z</CreationDate>', 'Jobs[1].CreationDate'],
		['<CreationDate>2011-02-29T12:00:00Z</CreationDate>', 'Jobs[1].CreationDate'],
		['<JobId></JobId>', 'Jobs[1].JobId'],
	])('names the field when a job breaks the schema: %s', async (broken, path) => {
		const [tag] = /^<(\w+)>/.exec(broken)!.slice(1);
		const page = fixture('aws-doc-example.xml').replace(
			new RegExp(`(<member>[\\s\\S]*?<member>[\\s\\S]*?)<${tag}>[^<]*</${tag}>`),
			`$1${broken}`,
		);
		const client = await serve(page);
		const error = await caught(() => client.listJobs());
		expect(error).toBeInstanceOf(ResponseValidationError);
		expect((error as ResponseValidationError).issues[0]!.path).toBe(path);
		expect(error.message).toContain(path);
		expect(error.message).toContain('cc7a3d6b-7f94-11df-a6e8-0b4e70ba9e1d');
	});

	it('names a missing JobId and a missing IsTruncated', async () => {
		const noId = fixture('aws-doc-example.xml').replace('<JobId>ABC-123</JobId>', '');
		let error = await caught(async () => (await serve(noId)).listJobs());
		expect((error as ResponseValidationError).issues.map((issue) => issue.path)).toEqual([
			'Jobs[0].JobId',
		]);
		const noFlag = fixture('aws-doc-example.xml').replace('<IsTruncated>false</IsTruncated>', '');
		error = await caught(async () => (await serve(noFlag)).listJobs());
		expect((error as ResponseValidationError).issues.map((issue) => issue.path)).toEqual([
			'IsTruncated',
		]);
	});
});

describe('service errors', () => {
	it('raises InvalidParameterException for an unknown marker, from a real ErrorResponse', async () => {
		const server = await emulator({ jobCount: 3 });
		const { client } = clientFor(server);
		const error = await caught(() => client.listJobs({ Marker: 'NOPE1' }));
		expect(error).toBeInstanceOf(InvalidParameterException);
		expect(error).toBeInstanceOf(ServiceError);
		const service = error as InvalidParameterException;
		expect(service.name).toBe('InvalidParameterException');
		expect(service.code).toBe('InvalidParameterException');
		expect(service.type).toBe('Sender');
		expect(service.statusCode).toBe(400);
		expect(service.requestId).toMatch(/\S/);
		expect(service.retryable).toBe(false);
		expect(service.message).toContain('ListJobs');
		expect(service.message).toContain('400');
		expect(service.message).toContain(service.requestId!);
		expect(server.counters.requests).toBe(1);
	});

	it('raises InvalidVersionException for an APIVersion the service refuses', async () => {
		const server = await emulator({ jobCount: 1 });
		const error = await caught(() => clientFor(server).client.listJobs({ APIVersion: 'banana' }));
		expect(error).toBeInstanceOf(InvalidVersionException);
	});

	it('raises InvalidAccessKeyIdException, decoding entities in the message', async () => {
		const server = await emulator({ jobCount: 1 });
		server.failNext({
			kind: 'error',
			status: 403,
			code: 'InvalidAccessKeyIdException',
			message: "The key 'AKID' & co is unknown",
			type: 'Sender',
		});
		const error = await caught(() => clientFor(server).client.listJobs());
		expect(error).toBeInstanceOf(InvalidAccessKeyIdException);
		expect((error as ServiceError).serviceMessage).toBe("The key 'AKID' & co is unknown");
	});

	it('raises a plain ServiceError for a wrong secret, with the auth code and no retry', async () => {
		const server = await emulator({ jobCount: 1 });
		const { client } = clientFor(server, {
			credentials: { ...server.credentials, secretAccessKey: 'wrong-secret-0000' },
		});
		const error = (await caught(() => client.listJobs())) as ServiceError;
		expect(error.constructor).toBe(ServiceError);
		expect(error.code).toBe('SignatureDoesNotMatch');
		expect(error.statusCode).toBe(403);
		expect(server.counters.requests).toBe(1);
	});

	it('reads the request id of the fixture ErrorResponse and its header', async () => {
		const server = await emulator({ jobCount: 1 });
		server.failNext({
			kind: 'raw',
			status: 400,
			body: fixture('error-invalid-parameter.xml'),
			headers: { 'x-amzn-RequestId': 'header-id' },
		});
		const error = (await caught(() => clientFor(server).client.listJobs())) as ServiceError;
		expect(error).toBeInstanceOf(InvalidParameterException);
		expect(error.requestId).toBe('a1f5a4c6-0adb-11df-a381-155bec6f7c93');
		expect(error.serviceMessage).toBe("Marker 'NOPE1' is not a valid job id");
	});

	it('turns a non-XML error body into a ServiceError coded by status, with an excerpt', async () => {
		const server = await emulator({ jobCount: 1 });
		server.failNext({
			kind: 'raw',
			status: 418,
			body: fixture('proxy-502.html').replace(/502 Bad Gateway/g, "418 I'm a teapot"),
		});
		const error = (await caught(() => clientFor(server).client.listJobs())) as ServiceError;
		expect(error.code).toBe('418');
		expect(error.message).toContain('teapot');
		expect(error.retryable).toBe(false);
	});
});

describe('client options', () => {
	it('refuses an invalid endpoint with a TypeError naming it', () => {
		expect(
			() =>
				new ImportExportClient({
					endpoint: 'not a url',
					credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
				}),
		).toThrow(/`endpoint`/);
		expect(
			() =>
				new ImportExportClient({
					endpoint: 'ftp://x',
					credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
				}),
		).toThrow(TypeError);
	});
	it.each([
		[{ timeoutMs: 0 }, 'timeoutMs'],
		[{ timeoutMs: Number.NaN }, 'timeoutMs'],
		[{ retry: { maxAttempts: 0 } }, 'retry.maxAttempts'],
		[{ retry: { maxAttempts: 1.5 } }, 'retry.maxAttempts'],
		[{ retry: { random: 4 } }, 'retry.random'],
		[{ fetch: 'fetch' }, 'fetch'],
		[{ maxResponseBytes: -1 }, 'maxResponseBytes'],
		[{ userAgent: 'a\nb' }, 'userAgent'],
	])('refuses %j with a TypeError naming %s', (options, name) => {
		expect(
			() =>
				new ImportExportClient({
					credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
					...(options as object),
				}),
		).toThrow(
			expect.objectContaining({ name: 'TypeError', message: expect.stringContaining(name) }),
		);
	});
});
