import { createHmac } from 'node:crypto';
import http from 'node:http';
import { AwsClient, AwsV4Signer } from 'aws4fetch';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it, onTestFinished } from 'vitest';
import { memberBound, writeMember } from '../src/emulator/render.js';
import { memberFields, memberXml } from '../src/emulator/xml.js';
import {
	DEMO_CREDENTIALS,
	generateJobs,
	startEmulator,
	type Emulator,
	type EmulatorCredentials,
	type EmulatorJob,
	type EmulatorOptions,
	type Fault,
	type RequestLogEntry,
} from '../src/emulator/index.js';

// The emulator is tested on its own: requests are signed with aws4fetch and sent with plain fetch.
const FORM = 'application/x-www-form-urlencoded; charset=utf-8';
const NAMESPACE = 'http://importexport.amazonaws.com/doc/2010-06-01/';
const LIST = 'Action=ListJobs&Version=2010-06-01';

async function start(options: EmulatorOptions = {}): Promise<Emulator> {
	const emulator = await startEmulator(options);
	onTestFinished(() => emulator.close());
	return emulator;
}

interface SignOptions {
	credentials?: EmulatorCredentials;
	service?: string;
	region?: string;
	/** `YYYYMMDDTHHMMSSZ` */
	datetime?: string;
}

async function signed(
	emulator: Emulator,
	body: string,
	options: SignOptions = {},
): Promise<Request> {
	const { accessKeyId, secretAccessKey, sessionToken } =
		options.credentials ?? emulator.credentials;
	const client = new AwsClient({
		accessKeyId,
		secretAccessKey,
		...(sessionToken === undefined ? {} : { sessionToken }),
		service: options.service ?? 'IngestionService',
		region: options.region ?? 'us-east-1',
		retries: 0,
	});
	return client.sign(`${emulator.endpoint}/`, {
		method: 'POST',
		headers: { 'content-type': FORM },
		body,
		aws: {
			allHeaders: true,
			...(options.datetime === undefined ? {} : { datetime: options.datetime }),
		},
	});
}

async function post(
	emulator: Emulator,
	body: string,
	options: SignOptions = {},
): Promise<Response> {
	return fetch(await signed(emulator, body, options));
}

const parser = new XMLParser({
	removeNSPrefix: true,
	ignoreAttributes: true,
	parseTagValue: false,
	isArray: (name) => name === 'member',
});

interface Member {
	JobId?: string;
	CreationDate: string;
	IsCanceled: string;
	JobType: string;
}

interface Page {
	status: number;
	members: Member[];
	ids: string[];
	isTruncated: boolean;
	requestId: string;
	body: string;
	headers: Headers;
}

/** A ListJobsResponse as the test parser reads it: every leaf a string. */
interface ListJobsDocument {
	ListJobsResult: { Jobs?: '' | { member: Member[] }; IsTruncated: string };
	ResponseMetadata: { RequestId: string };
}

async function readPage(response: Response): Promise<Page> {
	const body = await response.text();
	const root = (parser.parse(body) as { ListJobsResponse: ListJobsDocument }).ListJobsResponse;
	const jobs = root.ListJobsResult.Jobs;
	const members: Member[] = jobs === '' || jobs === undefined ? [] : jobs.member;
	return {
		status: response.status,
		members,
		ids: members.map((m) => m.JobId ?? '(none)'),
		isTruncated: root.ListJobsResult.IsTruncated === 'true',
		requestId: root.ResponseMetadata.RequestId,
		body,
		headers: response.headers,
	};
}

async function listPage(emulator: Emulator, params = '', options: SignOptions = {}): Promise<Page> {
	const response = await post(emulator, `${LIST}${params}`, options);
	expect(response.status).toBe(200);
	return readPage(response);
}

interface ErrorDocument {
	status: number;
	type: string;
	code: string;
	message: string;
	requestId: string;
	headerRequestId: string | null;
}

interface ErrorResponseDocument {
	Error: { Type: string; Code: string; Message: string };
	RequestId: string;
}

async function readError(response: Response): Promise<ErrorDocument> {
	const body = await response.text();
	expect(body).toContain(`<ErrorResponse xmlns="${NAMESPACE}">`);
	const root = (parser.parse(body) as { ErrorResponse: ErrorResponseDocument }).ErrorResponse;
	return {
		status: response.status,
		type: root.Error.Type,
		code: root.Error.Code,
		message: root.Error.Message,
		requestId: root.RequestId,
		headerRequestId: response.headers.get('x-amzn-requestid'),
	};
}

/** Sends raw headers: an array becomes repeated header lines, which fetch cannot send. */
function rawPost(
	emulator: Emulator,
	headers: http.OutgoingHttpHeaders,
	body: string,
): Promise<{ status: number; body: string }> {
	const url = new URL(emulator.endpoint);
	return new Promise((resolve, reject) => {
		const request = http.request(
			{ host: url.hostname, port: url.port, method: 'POST', path: '/', headers },
			(response) => {
				let text = '';
				response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
				response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
			},
		);
		request.on('error', reject);
		request.end(body);
	});
}

const encodeRfc3986 = (value: string): string =>
	encodeURIComponent(value).replace(
		/[!'()*]/g,
		(c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
	);
const ids = (jobs: readonly EmulatorJob[]): string[] => jobs.map((job) => job.JobId);
const amzDate = (date: Date): string => date.toISOString().replace(/[:-]|\.\d{3}/g, '');

// A safety net for a condition that never comes, not a measure of speed.
async function until(predicate: () => boolean, timeoutMs = 60_000): Promise<void> {
	const started = Date.now();
	while (!predicate()) {
		if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}

describe('startEmulator', () => {
	it('listens on loopback with the demo credentials and 1000 generated jobs by default', async () => {
		const emulator = await start();
		expect(emulator.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(emulator.credentials).toEqual(DEMO_CREDENTIALS);
		expect(emulator.jobs).toHaveLength(1000);
		expect(ids(emulator.jobs)).toEqual(ids(generateJobs(1000, 1)));
	});

	it('refuses invalid options with a TypeError that names the option', async () => {
		await expect(startEmulator({ jobCount: -1 })).rejects.toThrow(/jobCount/);
		await expect(startEmulator({ faults: { rate: 2 } })).rejects.toThrow(/faults\.rate/);
		await expect(startEmulator({ faults: { kinds: ['page'] } })).rejects.toThrow(/faults\.kinds/);
		await expect(startEmulator({ defaultMaxJobs: 0 })).rejects.toThrow(/defaultMaxJobs/);
		await expect(startEmulator({ maxLogEntries: -1 })).rejects.toThrow(/maxLogEntries/);
		await expect(startEmulator({ maxLogEntries: 1.5 })).rejects.toThrow(/maxLogEntries/);
		await expect(startEmulator({ credentials: [] })).rejects.toThrow(/credentials/);
		const job = generateJobs(1)[0]!;
		await expect(startEmulator({ jobs: [job, { ...job }] })).rejects.toThrow(/duplicate/);
		await expect(
			startEmulator({ jobs: [{ ...job, JobType: 'Transfer' as 'Import' }] }),
		).rejects.toThrow(/JobType/);
	});
});

describe('paging', () => {
	it('serves the newest jobs first, MaxJobs at a time, in the documented XML shape', async () => {
		const emulator = await start({ jobCount: 25 });
		const page = await listPage(emulator, '&MaxJobs=10');
		expect(page.ids).toEqual(ids(emulator.jobs.slice(0, 10)));
		expect(page.isTruncated).toBe(true);
		expect(page.headers.get('content-type')).toBe('text/xml');
		expect(page.body).toContain(
			`<ListJobsResponse xmlns="${NAMESPACE}"><ListJobsResult><Jobs><member><JobId>`,
		);
		expect(page.requestId).toMatch(
			/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
		);
		expect(page.headers.get('x-amzn-requestid')).toBe(page.requestId);
		const first = emulator.jobs[0]!;
		expect(page.members[0]).toEqual({
			JobId: first.JobId,
			CreationDate: first.CreationDate.toISOString().replace('.000Z', 'Z'),
			IsCanceled: String(first.IsCanceled),
			JobType: first.JobType,
		});
	});

	it('starts after the Marker and clears IsTruncated on the last page', async () => {
		const emulator = await start({ jobCount: 25 });
		const second = await listPage(emulator, `&MaxJobs=10&Marker=${emulator.jobs[9]!.JobId}`);
		expect(second.ids).toEqual(ids(emulator.jobs.slice(10, 20)));
		expect(second.isTruncated).toBe(true);
		const last = await listPage(emulator, `&MaxJobs=10&Marker=${emulator.jobs[19]!.JobId}`);
		expect(last.ids).toEqual(ids(emulator.jobs.slice(20)));
		expect(last.isTruncated).toBe(false);
	});

	it('walks the whole account by following the last JobId', async () => {
		const emulator = await start({ jobCount: 53, seed: 7 });
		const seen: string[] = [];
		let marker: string | undefined;
		for (;;) {
			const page = await listPage(
				emulator,
				`&MaxJobs=7${marker === undefined ? '' : `&Marker=${marker}`}`,
			);
			seen.push(...page.ids);
			if (!page.isTruncated) break;
			marker = page.ids.at(-1);
		}
		expect(seen).toEqual(ids(emulator.jobs));
		expect(emulator.counters).toMatchObject({ listJobsServed: 8, jobsServed: 53 });
	});

	it('uses defaultMaxJobs when MaxJobs is absent', async () => {
		const big = await start({ jobCount: 1500 });
		const page = await listPage(big);
		expect(page.ids).toHaveLength(1000);
		expect(page.isTruncated).toBe(true);
		const small = await start({ jobCount: 10, defaultMaxJobs: 4 });
		expect((await listPage(small)).ids).toEqual(ids(small.jobs.slice(0, 4)));
	});

	it('answers an empty account with <Jobs/> and IsTruncated false', async () => {
		const emulator = await start({ jobCount: 0 });
		const page = await listPage(emulator);
		expect(page.body).toContain('<Jobs/>');
		expect(page.ids).toEqual([]);
		expect(page.isTruncated).toBe(false);
	});

	it('answers MaxJobs=0 with an empty page, truncated while jobs remain', async () => {
		const emulator = await start({ jobCount: 3 });
		const first = await listPage(emulator, '&MaxJobs=0');
		expect(first.ids).toEqual([]);
		expect(first.isTruncated).toBe(true);
		const atEnd = await listPage(emulator, `&MaxJobs=0&Marker=${emulator.jobs[2]!.JobId}`);
		expect(atEnd.ids).toEqual([]);
		expect(atEnd.isTruncated).toBe(false);
	});

	it('serves explicit jobs newest first, equal dates in the given order, ids verbatim and escaped', async () => {
		const at = (iso: string): Date => new Date(iso);
		const jobs: EmulatorJob[] = [
			{
				JobId: '00042',
				CreationDate: at('2011-01-01T00:00:00Z'),
				IsCanceled: false,
				JobType: 'Import',
			},
			{
				JobId: '1E5',
				CreationDate: at('2012-06-01T10:20:30.250Z'),
				IsCanceled: true,
				JobType: 'Export',
			},
			{
				JobId: 'A&B<C',
				CreationDate: at('2011-01-01T00:00:00Z'),
				IsCanceled: false,
				JobType: 'Export',
			},
			{
				JobId: 'ÉTÉ42',
				CreationDate: at('2013-01-01T00:00:00Z'),
				IsCanceled: false,
				JobType: 'Import',
			},
		];
		const emulator = await start({ jobs });
		expect(ids(emulator.jobs)).toEqual(['ÉTÉ42', '1E5', '00042', 'A&B<C']);
		const page = await listPage(emulator);
		expect(page.ids).toEqual(['ÉTÉ42', '1E5', '00042', 'A&B<C']);
		expect(page.body).toContain('<JobId>A&amp;B&lt;C</JobId>');
		expect(page.members[1]).toEqual({
			JobId: '1E5',
			CreationDate: '2012-06-01T10:20:30.250Z',
			IsCanceled: 'true',
			JobType: 'Export',
		});
		expect(page.members[2]?.CreationDate).toBe('2011-01-01T00:00:00Z');
		// A marker with characters that need encoding still resolves.
		const after = await listPage(emulator, `&Marker=${encodeURIComponent('A&B<C')}`);
		expect(after.ids).toEqual([]);
		const afterAccent = await listPage(
			emulator,
			`&MaxJobs=1&Marker=${encodeURIComponent('ÉTÉ42')}`,
		);
		expect(afterAccent.ids).toEqual(['1E5']);
	});

	it('reads the form with URLSearchParams semantics and accepts a GET with the query string', async () => {
		const emulator = await start({ jobCount: 5 });
		// `+` is a space; an APIVersion with a space would be refused, so check a benign one is read.
		const page = await listPage(emulator, '&MaxJobs=2&APIVersion=2.0&Note=a+b');
		expect(page.ids).toHaveLength(2);
		expect(emulator.requests[0]?.params['Note']).toBe('a b');
		const client = new AwsClient({
			...DEMO_CREDENTIALS,
			service: 'IngestionService',
			region: 'us-east-1',
			retries: 0,
		});
		const response = await client.fetch(`${emulator.endpoint}/?${LIST}&MaxJobs=1`, {
			method: 'GET',
		});
		expect((await readPage(response)).ids).toEqual(ids(emulator.jobs.slice(0, 1)));
	});
});

describe('parameter validation', () => {
	const cases: Array<[string, string, number, string, RegExp]> = [
		[
			'no Action',
			'Version=2010-06-01',
			400,
			'MissingAction',
			/^The request is missing an action or a required parameter\.$/,
		],
		['an empty Action', 'Action=&Version=2010-06-01', 400, 'MissingAction', /missing an action/],
		[
			'another Action',
			'Action=CancelJob&Version=2010-06-01',
			400,
			'InvalidAction',
			/^The action CancelJob is not valid for this web service\.$/,
		],
		[
			'no Version',
			'Action=ListJobs',
			400,
			'NoSuchVersion',
			/^The requested version \(\(none\)\) of service ImportExport does not exist\.$/,
		],
		[
			'another Version',
			'Action=ListJobs&Version=2006-03-01',
			400,
			'NoSuchVersion',
			/^The requested version \(2006-03-01\) of service ImportExport does not exist\.$/,
		],
		['MaxJobs above 1000', `${LIST}&MaxJobs=1001`, 400, 'InvalidParameterException', /MaxJobs/],
		['MaxJobs below 0', `${LIST}&MaxJobs=-1`, 400, 'InvalidParameterException', /MaxJobs/],
		['MaxJobs not an integer', `${LIST}&MaxJobs=2.5`, 400, 'InvalidParameterException', /MaxJobs/],
		['MaxJobs not a number', `${LIST}&MaxJobs=ten`, 400, 'InvalidParameterException', /MaxJobs/],
		[
			'an unknown Marker',
			`${LIST}&Marker=NOPE1`,
			400,
			'InvalidParameterException',
			/Marker.*NOPE1/,
		],
		['an empty Marker', `${LIST}&Marker=`, 400, 'InvalidParameterException', /Marker/],
		[
			'an APIVersion that is not a version',
			`${LIST}&APIVersion=latest`,
			400,
			'InvalidVersionException',
			/APIVersion/,
		],
	];

	it.each(cases)('%s: HTTP %i %s', async (_name, body, status, code, message) => {
		const emulator = await start({ jobCount: 3 });
		const error = await readError(await post(emulator, body));
		expect(error).toMatchObject({ status, code, type: 'Sender' });
		expect(error.message).toMatch(message);
		expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
		expect(error.headerRequestId).toBe(error.requestId);
		expect(emulator.counters).toMatchObject({
			requests: 1,
			listJobsServed: 0,
			signaturesRefused: 0,
		});
	});

	it('accepts MaxJobs 0 and 1000 and a dotted APIVersion', async () => {
		const emulator = await start({ jobCount: 3 });
		for (const params of ['&MaxJobs=0', '&MaxJobs=1000', '&APIVersion=2.0', '&APIVersion=1.4.12']) {
			expect((await post(emulator, `${LIST}${params}`)).status).toBe(200);
		}
	});

	it('checks the signature before the parameters', async () => {
		const emulator = await start({ jobCount: 3 });
		const response = await fetch(`${emulator.endpoint}/`, {
			method: 'POST',
			headers: { 'content-type': FORM },
			body: 'Action=Nope',
		});
		expect((await readError(response)).code).toBe('MissingAuthenticationToken');
	});
});

describe('SigV4', () => {
	const SIGNATURE_MISMATCH =
		/^The request signature we calculated does not match the signature you provided\./;

	it('accepts a request signed as botocore signs it, and logs the key', async () => {
		const emulator = await start({ jobCount: 3 });
		await listPage(emulator);
		expect(emulator.requests[0]).toMatchObject({
			auth: 'sigv4',
			accessKeyId: DEMO_CREDENTIALS.accessKeyId,
			status: 200,
		});
	});

	it('accepts a header sent twice, its values joined by "," as SigV4 canonicalises them (not Node\'s ", ")', async () => {
		const emulator = await start({ jobCount: 3 });
		const body = `${LIST}&MaxJobs=1`;
		// `X-Amz-Meta-Tag: a` then `X-Amz-Meta-Tag: b` is signed as `x-amz-meta-tag:a,b` (botocore, AWS docs).
		const signer = new AwsV4Signer({
			method: 'POST',
			url: `${emulator.endpoint}/`,
			headers: { 'content-type': FORM, 'x-amz-meta-tag': 'a,b' },
			body,
			...DEMO_CREDENTIALS,
			service: 'IngestionService',
			region: 'us-east-1',
			allHeaders: true,
		});
		const headers: http.OutgoingHttpHeaders = Object.fromEntries((await signer.sign()).headers);
		headers['x-amz-meta-tag'] = ['a', ' b '];
		const response = await rawPost(emulator, headers, body);
		expect(response.status).toBe(200);
		expect(response.body).toContain(`<JobId>${emulator.jobs[0]!.JobId}</JobId>`);
	});

	it('accepts any of several keys', async () => {
		const other = { accessKeyId: 'AKIAOTHER0000000000', secretAccessKey: 'another-secret' };
		const emulator = await start({ jobCount: 3, credentials: [DEMO_CREDENTIALS, other] });
		expect(emulator.credentials).toEqual(DEMO_CREDENTIALS);
		expect((await post(emulator, LIST, { credentials: other })).status).toBe(200);
		expect((await post(emulator, LIST)).status).toBe(200);
	});

	const refusals: Array<
		[string, (emulator: Emulator) => Promise<Response>, number, string, RegExp]
	> = [
		[
			'an unsigned request',
			(e) =>
				fetch(`${e.endpoint}/`, { method: 'POST', headers: { 'content-type': FORM }, body: LIST }),
			403,
			'MissingAuthenticationToken',
			/^Request is missing Authentication Token$/,
		],
		[
			'an unknown access key',
			(e) =>
				post(e, LIST, {
					credentials: { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x' },
				}),
			403,
			'InvalidClientTokenId',
			/^The security token included in the request is invalid\.$/,
		],
		[
			'a wrong secret',
			(e) => post(e, LIST, { credentials: { ...DEMO_CREDENTIALS, secretAccessKey: 'wrong' } }),
			403,
			'SignatureDoesNotMatch',
			SIGNATURE_MISMATCH,
		],
		[
			'a body changed after signing',
			async (e) => {
				const request = await signed(e, `${LIST}&MaxJobs=1`);
				return fetch(`${e.endpoint}/`, {
					method: 'POST',
					headers: request.headers,
					body: `${LIST}&MaxJobs=9`,
				});
			},
			403,
			'SignatureDoesNotMatch',
			SIGNATURE_MISMATCH,
		],
		[
			'a header changed after signing',
			async (e) => {
				const request = await signed(e, LIST);
				const headers = new Headers(request.headers);
				headers.set('content-type', 'application/x-www-form-urlencoded');
				return fetch(`${e.endpoint}/`, { method: 'POST', headers, body: LIST });
			},
			403,
			'SignatureDoesNotMatch',
			SIGNATURE_MISMATCH,
		],
		[
			'the service aws4fetch guesses',
			(e) => post(e, LIST, { service: 'importexport' }),
			403,
			'SignatureDoesNotMatch',
			/^Credential should be scoped to correct service: 'IngestionService'\.$/,
		],
		[
			'another region',
			(e) => post(e, LIST, { region: 'eu-west-1' }),
			403,
			'SignatureDoesNotMatch',
			/^Credential should be scoped to a valid region, not 'eu-west-1'\.$/,
		],
		[
			'an X-Amz-Date 20 minutes old (HTTP 400, as AWS common errors say, not 403)',
			(e) => post(e, LIST, { datetime: amzDate(new Date(Date.now() - 20 * 60_000)) }),
			400,
			'RequestExpired',
			/^Request has expired: \d{8}T\d{6}Z is now earlier than/,
		],
		[
			'an X-Amz-Date 20 minutes ahead',
			(e) => post(e, LIST, { datetime: amzDate(new Date(Date.now() + 20 * 60_000)) }),
			400,
			'RequestExpired',
			/is now later than/,
		],
		[
			'an Authorization header without a Signature',
			async (e) => {
				const request = await signed(e, LIST);
				const headers = new Headers(request.headers);
				headers.set(
					'authorization',
					(headers.get('authorization') ?? '').replace(/, Signature=\w+/, ''),
				);
				return fetch(`${e.endpoint}/`, { method: 'POST', headers, body: LIST });
			},
			400,
			'IncompleteSignature',
			/Authorization header requires 'Signature' parameter\./,
		],
		[
			'an Authorization header with two Signatures and no Credential (both redacted in the message)',
			async (e) => {
				const request = await signed(e, LIST);
				const headers = new Headers(request.headers);
				headers.set(
					'authorization',
					'AWS4-HMAC-SHA256 Signature=firstsecret0001, SignedHeaders=host, Signature=secondsecret0002',
				);
				return fetch(`${e.endpoint}/`, { method: 'POST', headers, body: LIST });
			},
			400,
			'IncompleteSignature',
			/^Authorization header requires 'Credential' parameter\. Authorization=AWS4-HMAC-SHA256 Signature=\[REDACTED\], SignedHeaders=host, Signature=\[REDACTED\]$/,
		],
		[
			'an Authorization header without X-Amz-Date',
			async (e) => {
				const request = await signed(e, LIST);
				const headers = new Headers(request.headers);
				headers.delete('x-amz-date');
				return fetch(`${e.endpoint}/`, { method: 'POST', headers, body: LIST });
			},
			400,
			'IncompleteSignature',
			/X-Amz-Date/,
		],
	];

	it.each(refusals)('refuses %s: HTTP %i %s', async (_name, send, status, code, message) => {
		const emulator = await start({ jobCount: 3 });
		const error = await readError(await send(emulator));
		expect(error).toMatchObject({ status, code, type: 'Sender' });
		expect(error.message).toMatch(message);
		expect(emulator.counters).toMatchObject({
			requests: 1,
			signaturesRefused: 1,
			listJobsServed: 0,
		});
		expect(emulator.requests[0]?.status).toBe(status);
	});

	it('judges X-Amz-Date by the injected clock and clockSkewMs', async () => {
		const now = new Date('2019-05-04T12:00:00Z');
		const emulator = await start({ jobCount: 3, now: () => now, clockSkewMs: 60_000 });
		expect(
			(await post(emulator, LIST, { datetime: amzDate(new Date(now.getTime() - 59_000)) })).status,
		).toBe(200);
		const late = await readError(
			await post(emulator, LIST, { datetime: amzDate(new Date(now.getTime() - 61_000)) }),
		);
		expect(late.code).toBe('RequestExpired');
		expect(late.message).toBe(
			'Request has expired: 20190504T115859Z is now earlier than 20190504T115900Z (20190504T120000Z - 1 min.)',
		);
		// Today's date is hours outside the injected clock's window.
		expect(await readError(await post(emulator, LIST))).toMatchObject({
			status: 400,
			code: 'RequestExpired',
		});
	});

	describe('temporary credentials', () => {
		const temporary = {
			accessKeyId: 'ASIAEMULATOR0000000',
			secretAccessKey: 'temporary-secret',
			sessionToken: 'session-token-value-123',
		};

		it('accepts the matching X-Amz-Security-Token', async () => {
			const emulator = await start({ jobCount: 3, credentials: temporary });
			expect((await post(emulator, LIST)).status).toBe(200);
		});

		it.each([
			['missing', { ...temporary, sessionToken: undefined }],
			['wrong', { ...temporary, sessionToken: 'another-token' }],
		])('refuses a %s token with InvalidClientTokenId', async (_name, credentials) => {
			const emulator = await start({ jobCount: 3, credentials: temporary });
			const { sessionToken, ...rest } = credentials;
			const error = await readError(
				await post(emulator, LIST, {
					credentials: sessionToken === undefined ? rest : { ...rest, sessionToken },
				}),
			);
			expect(error).toMatchObject({ status: 403, code: 'InvalidClientTokenId' });
			expect(emulator.counters.signaturesRefused).toBe(1);
		});

		it('refuses a token sent with a key that has none', async () => {
			const emulator = await start({ jobCount: 3 });
			const error = await readError(
				await post(emulator, LIST, { credentials: { ...DEMO_CREDENTIALS, sessionToken: 'stray' } }),
			);
			expect(error.code).toBe('InvalidClientTokenId');
		});
	});
});

describe('SigV2 (form fields, as aws-sdk-js v2 signs)', () => {
	const encode = encodeRfc3986;

	interface V2Options {
		credentials?: EmulatorCredentials;
		method?: 'HmacSHA256' | 'HmacSHA1';
		time?: { Timestamp?: string; Expires?: string };
		/** The body as sent, from the canonical one (to send `+` for spaces). */
		rewrite?: (body: string) => string;
	}

	function v2Body(
		emulator: Emulator,
		params: Record<string, string>,
		options: V2Options = {},
	): string {
		const { accessKeyId, secretAccessKey, sessionToken } =
			options.credentials ?? emulator.credentials;
		const method = options.method ?? 'HmacSHA256';
		const all: Record<string, string> = {
			...params,
			AWSAccessKeyId: accessKeyId,
			SignatureMethod: method,
			SignatureVersion: '2',
			...(options.time ?? { Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') }),
			...(sessionToken === undefined ? {} : { SecurityToken: sessionToken }),
		};
		const canonical = Object.keys(all)
			.sort()
			.map((name) => `${encode(name)}=${encode(all[name]!)}`)
			.join('&');
		const stringToSign = `POST\n${new URL(emulator.endpoint).host}\n/\n${canonical}`;
		const signature = createHmac(method === 'HmacSHA256' ? 'sha256' : 'sha1', secretAccessKey)
			.update(stringToSign)
			.digest('base64');
		return `${(options.rewrite ?? ((b) => b))(canonical)}&Signature=${encode(signature)}`;
	}

	const send = (emulator: Emulator, body: string): Promise<Response> =>
		fetch(`${emulator.endpoint}/`, { method: 'POST', headers: { 'content-type': FORM }, body });
	const listing = { Action: 'ListJobs', Version: '2010-06-01', MaxJobs: '2' };

	it('accepts HmacSHA256 and HmacSHA1, and logs the scheme', async () => {
		const emulator = await start({ jobCount: 5 });
		const page = await readPage(await send(emulator, v2Body(emulator, listing)));
		expect(page.ids).toEqual(ids(emulator.jobs.slice(0, 2)));
		expect((await send(emulator, v2Body(emulator, listing, { method: 'HmacSHA1' }))).status).toBe(
			200,
		);
		expect(emulator.requests[0]).toMatchObject({
			auth: 'sigv2',
			accessKeyId: DEMO_CREDENTIALS.accessKeyId,
			status: 200,
		});
	});

	it('signs the RFC 3986 form of every field, whether the body says %20 or +', async () => {
		const emulator = await start({ jobCount: 5 });
		const params = { ...listing, Note: "a b*c~d'e(f)!" };
		expect((await send(emulator, v2Body(emulator, params))).status).toBe(200);
		expect(
			(
				await send(
					emulator,
					v2Body(emulator, params, { rewrite: (body) => body.replace('%20', '+') }),
				)
			).status,
		).toBe(200);
	});

	it('accepts Expires in the future and temporary credentials with SecurityToken', async () => {
		const temporary = {
			accessKeyId: 'ASIAV2000000000000',
			secretAccessKey: 'v2-secret',
			sessionToken: 'v2-token',
		};
		const emulator = await start({ jobCount: 5, credentials: temporary });
		const expires = { Expires: new Date(Date.now() + 60_000).toISOString() };
		expect((await send(emulator, v2Body(emulator, listing, { time: expires }))).status).toBe(200);
		const { sessionToken: _, ...noToken } = temporary;
		expect(
			(await readError(await send(emulator, v2Body(emulator, listing, { credentials: noToken }))))
				.code,
		).toBe('InvalidClientTokenId');
	});

	it.each<[string, (e: Emulator) => string, number, string]>([
		[
			'a wrong secret',
			(e) => v2Body(e, listing, { credentials: { ...DEMO_CREDENTIALS, secretAccessKey: 'wrong' } }),
			403,
			'SignatureDoesNotMatch',
		],
		[
			'a changed field',
			(e) => v2Body(e, listing).replace('MaxJobs=2', 'MaxJobs=3'),
			403,
			'SignatureDoesNotMatch',
		],
		[
			'an unknown key',
			(e) =>
				v2Body(e, listing, {
					credentials: { accessKeyId: 'AKIANOBODY0000000000', secretAccessKey: 'x' },
				}),
			403,
			'InvalidClientTokenId',
		],
		[
			'an old Timestamp',
			(e) =>
				v2Body(e, listing, { time: { Timestamp: new Date(Date.now() - 3_600_000).toISOString() } }),
			400,
			'RequestExpired',
		],
		[
			'a past Expires',
			(e) => v2Body(e, listing, { time: { Expires: new Date(Date.now() - 1000).toISOString() } }),
			400,
			'RequestExpired',
		],
		[
			'Timestamp with an Expires already past (AWS: "either Timestamp or Expires, but not both")',
			(e) =>
				v2Body(e, listing, {
					time: {
						Timestamp: new Date().toISOString(),
						Expires: new Date(Date.now() - 3_600_000).toISOString(),
					},
				}),
			400,
			'InvalidParameterCombination',
		],
		[
			'a Timestamp that is only a year (new Date() would take it)',
			(e) => v2Body(e, listing, { time: { Timestamp: String(new Date().getUTCFullYear()) } }),
			400,
			'InvalidParameterValue',
		],
		[
			'an RFC 1123 Timestamp',
			(e) => v2Body(e, listing, { time: { Timestamp: new Date().toUTCString() } }),
			400,
			'InvalidParameterValue',
		],
		[
			'an Expires on a day the month lacks',
			(e) => v2Body(e, listing, { time: { Expires: '2099-02-30T00:00:00Z' } }),
			400,
			'InvalidParameterValue',
		],
		[
			'no Signature',
			(e) => v2Body(e, listing).replace(/&Signature=.*$/, ''),
			400,
			'IncompleteSignature',
		],
		[
			'SignatureVersion 1',
			(e) => v2Body(e, listing).replace('SignatureVersion=2', 'SignatureVersion=1'),
			400,
			'InvalidParameterValue',
		],
	])('refuses %s: HTTP %i %s', async (_name, body, status, code) => {
		const emulator = await start({ jobCount: 5 });
		const error = await readError(await send(emulator, body(emulator)));
		expect(error).toMatchObject({ status, code });
		expect(emulator.counters).toMatchObject({ signaturesRefused: 1, listJobsServed: 0 });
	});

	it('accepts Timestamp and Expires in ISO 8601 with a fraction or an offset', async () => {
		const emulator = await start({ jobCount: 5 });
		const now = Date.now();
		const offset = new Date(now + 2 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, '+02:00');
		for (const time of [
			{ Timestamp: new Date(now).toISOString() },
			{ Timestamp: offset },
			{ Expires: new Date(now + 60_000).toISOString().replace('Z', '+00:00') },
		]) {
			expect((await send(emulator, v2Body(emulator, listing, { time }))).status).toBe(200);
		}
	});

	it('keeps the SigV2 Signature and SecurityToken out of the log', async () => {
		const temporary = {
			accessKeyId: 'ASIAV2000000000000',
			secretAccessKey: 'v2-secret',
			sessionToken: 'v2-token',
		};
		const emulator = await start({ jobCount: 5, credentials: temporary });
		const body = v2Body(emulator, listing);
		const signature = decodeURIComponent(/Signature=([^&]+)$/.exec(body)![1]!);
		await send(emulator, body);
		const logged = JSON.stringify(emulator.requests);
		expect(emulator.requests[0]?.params).toMatchObject({
			Signature: '[REDACTED]',
			SecurityToken: '[REDACTED]',
			AWSAccessKeyId: temporary.accessKeyId,
		});
		expect(logged).not.toContain(signature);
		expect(logged).not.toContain('v2-token');
		expect(logged).not.toContain('v2-secret');
	});
});

describe('faults', () => {
	async function faulted(
		fault: Fault,
		options: EmulatorOptions = {},
	): Promise<{ emulator: Emulator; response: Promise<Response> }> {
		const emulator = await start({ jobCount: 25, ...options });
		emulator.injectFault(1, fault);
		return { emulator, response: post(emulator, `${LIST}&MaxJobs=10`) };
	}

	it.each<[Fault, number, string, string]>([
		[{ kind: 'throttling' }, 400, 'Throttling', 'Sender'],
		[{ kind: 'slow-down' }, 503, 'SlowDown', 'Receiver'],
		[{ kind: 'internal-failure' }, 500, 'InternalFailure', 'Receiver'],
		[{ kind: 'error', status: 504, code: 'RequestTimeout' }, 504, 'RequestTimeout', 'Receiver'],
		[
			{ kind: 'error', status: 400, code: 'InvalidAccessKeyIdException', message: 'no such key' },
			400,
			'InvalidAccessKeyIdException',
			'Sender',
		],
	])('%o: an ErrorResponse with HTTP %i %s', async (fault, status, code, type) => {
		const { emulator, response } = await faulted(fault);
		const error = await readError(await response);
		expect(error).toMatchObject({ status, code, type });
		expect(error.headerRequestId).toBe(error.requestId);
		expect(emulator.requests[0]).toMatchObject({ fault: fault.kind, status });
		expect(emulator.counters).toMatchObject({ faultsServed: 1, listJobsServed: 0 });
	});

	it('slow-down sends Retry-After, 1 second unless told', async () => {
		expect((await (await faulted({ kind: 'slow-down' })).response).headers.get('retry-after')).toBe(
			'1',
		);
		expect(
			(await (await faulted({ kind: 'slow-down', retryAfterSeconds: 7 })).response).headers.get(
				'retry-after',
			),
		).toBe('7');
	});

	it('error carries custom headers and message', async () => {
		const { response } = await faulted({
			kind: 'error',
			status: 429,
			code: 'TooManyRequestsException',
			message: 'slow',
			headers: { 'Retry-After': '3' },
		});
		const awaited = await response;
		expect(awaited.headers.get('retry-after')).toBe('3');
		expect(await readError(awaited)).toMatchObject({
			status: 429,
			message: 'slow',
			type: 'Sender',
		});
	});

	it('too-many-requests is a 429 with an empty body', async () => {
		const response = await (await faulted({ kind: 'too-many-requests' })).response;
		expect(response.status).toBe(429);
		expect(await response.text()).toBe('');
	});

	it('bad-gateway is a 502 with an HTML body', async () => {
		const response = await (await faulted({ kind: 'bad-gateway' })).response;
		expect(response.status).toBe(502);
		expect(response.headers.get('content-type')).toBe('text/html');
		expect(await response.text()).toMatch(/^<html>[\s\S]*502 Bad Gateway[\s\S]*<\/html>\s*$/);
	});

	it('raw sends exactly the status, headers and body given', async () => {
		const response = await (
			await faulted({
				kind: 'raw',
				status: 418,
				body: 'short and stout',
				headers: { 'X-Teapot': 'yes' },
			})
		).response;
		expect(response.status).toBe(418);
		expect(response.headers.get('x-teapot')).toBe('yes');
		expect(response.headers.get('x-amzn-requestid')).toBeNull();
		expect(await response.text()).toBe('short and stout');
	});

	it('reset-before-response fails the fetch with no response at all', async () => {
		const { emulator, response } = await faulted({ kind: 'reset-before-response' });
		await expect(response).rejects.toThrow(TypeError);
		expect(emulator.requests[0]).toMatchObject({ fault: 'reset-before-response', aborted: false });
		expect(emulator.requests[0]?.status).toBeUndefined();
	});

	it('reset-mid-body sends the headers and part of a real page, then resets', async () => {
		const { emulator, response } = await faulted({ kind: 'reset-mid-body' });
		const awaited = await response;
		expect(awaited.status).toBe(200);
		const declared = Number(awaited.headers.get('content-length'));
		expect(declared).toBeGreaterThan(500);
		const reader = awaited.body!.getReader();
		let received = '';
		const failure = await (async () => {
			for (;;) {
				const { done, value } = await reader.read();
				if (done) return undefined;
				received += new TextDecoder().decode(value);
			}
		})().catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(Error);
		expect(received.length).toBeGreaterThan(0);
		expect(received.length).toBeLessThan(declared);
		expect(received).toContain(`<JobId>${emulator.jobs[0]!.JobId}</JobId>`);
	});

	it('latency delays, then serves normally', async () => {
		const { emulator, response } = await faulted({ kind: 'latency', ms: 150 });
		const started = Date.now();
		const page = await readPage(await response);
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
		expect(page.ids).toEqual(ids(emulator.jobs.slice(0, 10)));
		expect(emulator.counters).toMatchObject({ faultsServed: 1, listJobsServed: 1 });
	});

	it('latencyMs delays every response', async () => {
		const emulator = await start({ jobCount: 3, latencyMs: 80 });
		const started = Date.now();
		await listPage(emulator);
		await listPage(emulator);
		expect(Date.now() - started).toBeGreaterThanOrEqual(150);
	});

	it('malformed-xml is a 200 whose body is cut short', async () => {
		const body = await (await (await faulted({ kind: 'malformed-xml' })).response).text();
		expect(body).toMatch(/^<\?xml[\s\S]*<ListJobsResponse/);
		expect(body.trimEnd().endsWith('</ListJobsResponse>')).toBe(false);
		// eslint-disable-next-line @typescript-eslint/no-deprecated -- a check independent of src/'s own
		expect(XMLValidator.validate(body)).not.toBe(true);
	});

	it.each<['JobId' | 'JobType' | 'CreationDate' | 'IsCanceled', (member: Member) => void]>([
		['JobId', (member) => expect(member.JobId).toBeUndefined()],
		['JobType', (member) => expect(member.JobType).toBe('Transfer')],
		[
			'CreationDate',
			(member) =>
				expect(
					Number.isNaN(new Date(member.CreationDate).getTime()) ||
						!/^\d{4}-\d{2}-\d{2}T/.test(member.CreationDate),
				).toBe(true),
		],
		['IsCanceled', (member) => expect(member.IsCanceled).toBe('yes')],
	])('schema-violation breaks %s in one job of a real page', async (field, check) => {
		const { emulator, response } = await faulted({ kind: 'schema-violation', field });
		const page = await readPage(await response);
		expect(page.members).toHaveLength(10);
		check(page.members[0]!);
		expect(page.ids.slice(1)).toEqual(ids(emulator.jobs.slice(1, 10)));
		expect(page.isTruncated).toBe(true);
	});

	it('repeat-marker ends a truncated page with the Marker that was sent', async () => {
		const emulator = await start({ jobCount: 25 });
		const marker = emulator.jobs[9]!.JobId;
		emulator.injectFault(1, { kind: 'repeat-marker' });
		const page = await listPage(emulator, `&MaxJobs=5&Marker=${marker}`);
		expect(page.ids.at(-1)).toBe(marker);
		expect(page.ids).toHaveLength(5);
		expect(page.isTruncated).toBe(true);
	});

	it('repeat-marker without a Marker repeats the last job', async () => {
		const emulator = await start({ jobCount: 25 });
		emulator.injectFault(1, { kind: 'repeat-marker' });
		const page = await listPage(emulator, '&MaxJobs=5');
		expect(page.ids).toEqual([...ids(emulator.jobs.slice(0, 5)), emulator.jobs[4]!.JobId]);
		expect(page.isTruncated).toBe(true);
	});

	it('truncated-empty-page says IsTruncated with no job to continue from', async () => {
		const page = await readPage(await (await faulted({ kind: 'truncated-empty-page' })).response);
		expect(page.ids).toEqual([]);
		expect(page.isTruncated).toBe(true);
	});

	it('page serves exactly the jobs given', async () => {
		const jobs = generateJobs(3, 99);
		const { response } = await faulted({ kind: 'page', jobs, isTruncated: false });
		const page = await readPage(await response);
		expect(page.ids).toEqual(ids(jobs));
		expect(page.isTruncated).toBe(false);
	});

	it('page faults come after the checks: an unsigned request is still refused', async () => {
		const emulator = await start({ jobCount: 5 });
		emulator.injectFault(1, { kind: 'schema-violation' });
		const response = await fetch(`${emulator.endpoint}/`, {
			method: 'POST',
			headers: { 'content-type': FORM },
			body: LIST,
		});
		expect((await readError(response)).code).toBe('MissingAuthenticationToken');
		expect(emulator.requests[0]?.fault).toBeUndefined();
	});

	it.each<Fault>([{ kind: 'malformed-xml' }, { kind: 'reset-mid-body' }])(
		'%o carries job data, so it comes after the checks: an unsigned request gets no job',
		async (fault) => {
			const emulator = await start({ jobCount: 20 });
			emulator.injectFault(1, fault);
			const response = await fetch(`${emulator.endpoint}/`, {
				method: 'POST',
				headers: { 'content-type': FORM },
				body: LIST,
			});
			const error = await readError(response);
			expect(error).toMatchObject({ status: 403, code: 'MissingAuthenticationToken' });
			expect(emulator.jobs.some((job) => error.message.includes(job.JobId))).toBe(false);
			expect(emulator.requests[0]?.fault).toBeUndefined();
			expect(emulator.counters).toMatchObject({ faultsServed: 0, signaturesRefused: 1 });
		},
	);

	it('malformed-xml and reset-mid-body cut the page the request asked for', async () => {
		const emulator = await start({ jobCount: 30 });
		const marker = emulator.jobs[9]!.JobId;
		emulator.injectFault(1, [{ kind: 'malformed-xml' }, { kind: 'reset-mid-body' }]);
		const malformed = await (await post(emulator, `${LIST}&MaxJobs=10&Marker=${marker}`)).text();
		expect(malformed).toContain(`<JobId>${emulator.jobs[10]!.JobId}</JobId>`);
		expect(malformed).not.toContain(`<JobId>${emulator.jobs[0]!.JobId}</JobId>`);
		const cut = await post(emulator, `${LIST}&MaxJobs=10&Marker=${marker}`);
		const reader = cut.body!.getReader();
		let received = '';
		await (async () => {
			for (;;) {
				const { done, value } = await reader.read();
				if (done) return;
				received += new TextDecoder().decode(value);
			}
		})().catch(() => {});
		expect(received).toContain(`<JobId>${emulator.jobs[10]!.JobId}</JobId>`);
		expect(emulator.counters.faultsServed).toBe(2);
	});

	it('other faults apply whatever the auth', async () => {
		const emulator = await start({ jobCount: 5 });
		emulator.injectFault(1, { kind: 'throttling' });
		const response = await fetch(`${emulator.endpoint}/`, { method: 'POST', body: 'garbage' });
		expect((await readError(response)).code).toBe('Throttling');
	});

	it('hang never answers; the client leaving marks the request aborted', async () => {
		const { emulator, response } = await faulted({ kind: 'hang' }, {});
		void response.catch(() => {});
		// Request numbers follow arrival: the second is sent only once the first has arrived.
		await until(() => emulator.counters.requests === 1);
		const controller = new AbortController();
		emulator.injectFault(2, { kind: 'hang' });
		const second = fetch(await signed(emulator, LIST), { signal: controller.signal });
		await until(() => emulator.counters.requests === 2);
		controller.abort();
		await expect(second).rejects.toThrow();
		await until(() => emulator.counters.aborted === 1);
		expect(emulator.requests[1]).toMatchObject({ fault: 'hang', aborted: true });
		expect(emulator.requests[1]?.status).toBeUndefined();
		expect(emulator.requests[0]?.aborted).toBe(false);
	});

	it('marks a request aborted when the client leaves during latency', async () => {
		const emulator = await start({ jobCount: 3, latencyMs: 5_000 });
		const controller = new AbortController();
		const response = fetch(await signed(emulator, LIST), { signal: controller.signal });
		await until(() => emulator.requests.length === 1);
		controller.abort();
		await expect(response).rejects.toThrow();
		await until(() => emulator.requests[0]?.aborted === true);
		expect(emulator.counters).toMatchObject({ aborted: 1, listJobsServed: 0 });
	});

	describe('scheduling', () => {
		it('byRequest and injectFault target request numbers; an array covers consecutive requests', async () => {
			const emulator = await start({
				jobCount: 5,
				faults: { byRequest: { 2: { kind: 'throttling' } } },
			});
			emulator.injectFault(4, [{ kind: 'internal-failure' }, { kind: 'too-many-requests' }]);
			const statuses: number[] = [];
			for (let i = 0; i < 6; i++) statuses.push((await post(emulator, LIST)).status);
			expect(statuses).toEqual([200, 400, 200, 500, 429, 200]);
			expect(emulator.requests.map((entry) => entry.fault ?? null)).toEqual([
				null,
				'throttling',
				null,
				'internal-failure',
				'too-many-requests',
				null,
			]);
			expect(emulator.counters.faultsServed).toBe(3);
		});

		it('failNext applies to the next requests, once by default', async () => {
			const emulator = await start({ jobCount: 5 });
			await post(emulator, LIST);
			emulator.failNext({ kind: 'internal-failure' }, 2);
			emulator.failNext({ kind: 'throttling' });
			const statuses: number[] = [];
			for (let i = 0; i < 4; i++) statuses.push((await post(emulator, LIST)).status);
			expect(statuses).toEqual([500, 500, 400, 200]);
		});

		it('refuses unknown faults', async () => {
			const emulator = await start({ jobCount: 1 });
			expect(() => emulator.injectFault(1, { kind: 'gremlins' } as unknown as Fault)).toThrow(
				TypeError,
			);
			expect(() => emulator.injectFault(0, { kind: 'hang' })).toThrow(TypeError);
		});

		it('random faults depend only on (seed, request number), not on timing', async () => {
			const faults = {
				rate: 0.4,
				kinds: ['throttling', 'internal-failure', 'slow-down', 'too-many-requests'] as const,
			};
			const run = async (seed: number, concurrent: boolean): Promise<Array<string | null>> => {
				const emulator = await start({
					jobCount: 5,
					seed,
					faults: { ...faults, kinds: [...faults.kinds] },
				});
				const requests = await Promise.all(
					Array.from({ length: 30 }, () => signed(emulator, LIST)),
				);
				if (concurrent)
					await Promise.all(requests.map((request) => fetch(request).then((r) => r.text())));
				else for (const request of requests) await (await fetch(request)).text();
				return [...emulator.requests]
					.sort((a, b) => a.number - b.number)
					.map((entry) => entry.fault ?? null);
			};
			const sequential = await run(5, false);
			expect(await run(5, true)).toEqual(sequential);
			expect(await run(6, false)).not.toEqual(sequential);
			const count = sequential.filter((kind) => kind !== null).length;
			expect(count).toBeGreaterThan(4);
			expect(count).toBeLessThan(22);
		});
	});
});

describe('request log and counters', () => {
	it('logs every request with the signature and session token redacted', async () => {
		const temporary = {
			accessKeyId: 'ASIALOG000000000000',
			secretAccessKey: 'log-secret-value',
			sessionToken: 'log-session-token',
		};
		const emulator = await start({ jobCount: 5, credentials: temporary });
		const request = await signed(emulator, `${LIST}&MaxJobs=2`);
		const signature = /Signature=(\w+)/.exec(request.headers.get('authorization') ?? '')![1]!;
		await fetch(request);
		const entry = emulator.requests[0]!;
		expect(entry).toMatchObject({
			number: 1,
			method: 'POST',
			path: '/',
			auth: 'sigv4',
			accessKeyId: temporary.accessKeyId,
			status: 200,
			aborted: false,
		});
		expect(entry.params).toEqual({ Action: 'ListJobs', Version: '2010-06-01', MaxJobs: '2' });
		expect(entry.headers['authorization']).toMatch(
			/^AWS4-HMAC-SHA256 Credential=ASIALOG000000000000\/\d{8}\/us-east-1\/IngestionService\/aws4_request, SignedHeaders=[\w;-]+, Signature=\[REDACTED\]$/,
		);
		expect(entry.headers['x-amz-security-token']).toBe('[REDACTED]');
		const logged = JSON.stringify(emulator.requests);
		for (const secret of [signature, temporary.secretAccessKey, temporary.sessionToken])
			expect(logged).not.toContain(secret);
	});

	it('keeps SecurityToken and Signature out of the logged path when they travel in the query string (a SigV2 GET)', async () => {
		const temporary = {
			accessKeyId: 'ASIALOGGET000000000',
			secretAccessKey: 'get-secret',
			sessionToken: 'get-session-token-value',
		};
		const emulator = await start({ jobCount: 3, credentials: temporary });
		const all: Record<string, string> = {
			Action: 'ListJobs',
			Version: '2010-06-01',
			AWSAccessKeyId: temporary.accessKeyId,
			SignatureMethod: 'HmacSHA256',
			SignatureVersion: '2',
			Timestamp: new Date().toISOString(),
			SecurityToken: temporary.sessionToken,
		};
		const canonical = Object.keys(all)
			.sort()
			.map((name) => `${encodeRfc3986(name)}=${encodeRfc3986(all[name]!)}`)
			.join('&');
		const signature = createHmac('sha256', temporary.secretAccessKey)
			.update(`GET\n${new URL(emulator.endpoint).host}\n/\n${canonical}`)
			.digest('base64');
		// Authenticated from the target as sent, not from the redacted one.
		const response = await fetch(
			`${emulator.endpoint}/?${canonical}&Signature=${encodeRfc3986(signature)}`,
		);
		expect(response.status).toBe(200);
		const entry = emulator.requests[0]!;
		expect(entry.params).toMatchObject({
			SecurityToken: '[REDACTED]',
			Signature: '[REDACTED]',
			AWSAccessKeyId: temporary.accessKeyId,
		});
		expect(entry.path).toContain('SecurityToken=[REDACTED]');
		expect(entry.path).toMatch(/&Signature=\[REDACTED\]$/);
		expect(entry.path).toContain(`AWSAccessKeyId=${temporary.accessKeyId}`);
		const logged = JSON.stringify(emulator.requests);
		for (const secret of [
			temporary.sessionToken,
			encodeRfc3986(temporary.sessionToken),
			encodeRfc3986(signature),
			signature,
		])
			expect(logged).not.toContain(secret);
	});

	it('redacts presigned SigV4 query parameters in the logged path, keeping X-Amz-Credential', async () => {
		const emulator = await start({ jobCount: 1 });
		await fetch(
			`${emulator.endpoint}/?${LIST}&X-Amz-Credential=AKIDQUERY%2F20260101%2Fus-east-1%2FIngestionService%2Faws4_request&X-Amz-Signature=abc123def&X-Amz-Security-Token=tok%2Fen`,
		);
		const entry = emulator.requests[0]!;
		expect(entry.path).toBe(
			`/?${LIST}&X-Amz-Credential=AKIDQUERY%2F20260101%2Fus-east-1%2FIngestionService%2Faws4_request&X-Amz-Signature=[REDACTED]&X-Amz-Security-Token=[REDACTED]`,
		);
		expect(entry.params).toMatchObject({
			'X-Amz-Signature': '[REDACTED]',
			'X-Amz-Security-Token': '[REDACTED]',
		});
	});

	it('redacts an Authorization header it cannot parse as a whole', async () => {
		const emulator = await start({ jobCount: 1 });
		await fetch(`${emulator.endpoint}/`, {
			method: 'POST',
			headers: { authorization: 'Bearer top-secret' },
			body: LIST,
		});
		expect(emulator.requests[0]?.headers['authorization']).toBe('[REDACTED]');
	});

	it('counts, and reset() clears the log, the counters and the scheduled faults', async () => {
		const emulator = await start({ jobCount: 12, faults: { byRequest: { 5: { kind: 'hang' } } } });
		await listPage(emulator, '&MaxJobs=5');
		await listPage(emulator, `&MaxJobs=5&Marker=${emulator.jobs[4]!.JobId}`);
		emulator.failNext({ kind: 'throttling' });
		await post(emulator, LIST);
		await fetch(`${emulator.endpoint}/`, { method: 'POST', body: LIST });
		expect(emulator.counters).toEqual({
			requests: 4,
			listJobsServed: 2,
			jobsServed: 10,
			faultsServed: 1,
			signaturesRefused: 1,
			aborted: 0,
			rateLimited: 0,
		});
		expect(emulator.requests.map((entry) => entry.number)).toEqual([1, 2, 3, 4]);

		emulator.injectFault(1, { kind: 'throttling' });
		emulator.failNext({ kind: 'throttling' });
		emulator.reset();
		expect(emulator.requests).toEqual([]);
		expect(emulator.counters).toEqual({
			requests: 0,
			listJobsServed: 0,
			jobsServed: 0,
			faultsServed: 0,
			signaturesRefused: 0,
			aborted: 0,
			rateLimited: 0,
		});
		for (let i = 0; i < 5; i++) expect((await post(emulator, LIST)).status).toBe(200);
		expect(emulator.requests.map((entry) => entry.number)).toEqual([1, 2, 3, 4, 5]);
	});
});

describe('request log bounds (maxLogEntries)', () => {
	it('keeps the latest maxLogEntries requests, the oldest dropped first; counters and request numbers go on', async () => {
		const emulator = await start({ jobCount: 3, maxLogEntries: 3 });
		for (let i = 0; i < 7; i++) await listPage(emulator, '&MaxJobs=1');
		expect(emulator.requests.map((entry) => entry.number)).toEqual([5, 6, 7]);
		expect(emulator.counters).toMatchObject({ requests: 7, listJobsServed: 7 });
		// Faults are still scheduled by request number, whatever the log holds.
		emulator.injectFault(8, { kind: 'throttling' });
		expect((await post(emulator, LIST)).status).toBe(400);
		expect(emulator.requests.map((entry) => [entry.number, entry.fault ?? null])).toEqual([
			[6, null],
			[7, null],
			[8, 'throttling'],
		]);
		emulator.reset();
		await listPage(emulator);
		expect(emulator.requests.map((entry) => entry.number)).toEqual([1]);
	});

	it('maxLogEntries 0 keeps no entry, and counts every request', async () => {
		const emulator = await start({ jobCount: 3, maxLogEntries: 0 });
		for (let i = 0; i < 3; i++) await listPage(emulator);
		expect(emulator.requests).toEqual([]);
		expect(emulator.counters).toMatchObject({ requests: 3, listJobsServed: 3 });
	});

	it('requests is a snapshot: changing what it returns changes nothing in the emulator', async () => {
		const emulator = await start({ jobCount: 3 });
		await listPage(emulator, '&MaxJobs=2');
		const taken = emulator.requests as RequestLogEntry[];
		taken.length = 0;
		expect(emulator.requests).toHaveLength(1);
		const entry = emulator.requests[0]!;
		entry.status = 999;
		entry.params['MaxJobs'] = 'changed';
		entry.headers['host'] = 'changed';
		expect(emulator.requests[0]).toMatchObject({ status: 200, params: { MaxJobs: '2' } });
		expect(emulator.requests[0]?.headers['host']).not.toBe('changed');
	});
});

describe('close()', () => {
	it('closes hung requests and idle keep-alive connections, and is idempotent', async () => {
		const emulator = await startEmulator({
			jobCount: 3,
			faults: { byRequest: { 2: { kind: 'hang' } } },
		});
		await listPage(emulator);
		const hung = fetch(await signed(emulator, LIST));
		await until(() => emulator.counters.requests === 2);
		// A close that waited for the hung request would never settle: the test's timeout catches it.
		await Promise.all([emulator.close(), emulator.close()]);
		await expect(hung).rejects.toThrow();
		expect(emulator.counters.aborted).toBe(0);
		await emulator.close();
		await expect(fetch(await signed(emulator, LIST))).rejects.toThrow();
	});
});

describe('generateJobs', () => {
	it('is deterministic for a (count, seed) and differs across seeds', () => {
		expect(generateJobs(200, 3)).toEqual(generateJobs(200, 3));
		expect(generateJobs(200)).toEqual(generateJobs(200, 1));
		expect(ids(generateJobs(200, 4))).not.toEqual(ids(generateJobs(200, 3)));
		expect(generateJobs(0)).toEqual([]);
	});

	it('looks like a real account: AWS-like unique ids, dates over years newest first, some canceled, both types', () => {
		const jobs = generateJobs(10_000, 1);
		const jobIds = ids(jobs);
		expect(new Set(jobIds).size).toBe(jobs.length);
		expect(jobIds.filter((id) => !/^[0-9A-Z]{5}$/.test(id))).toEqual([]);
		expect(jobIds.filter((id) => /^\d{5}$/.test(id)).length).toBeGreaterThan(500);
		expect(jobIds.some((id) => /^0{2,}\d+$/.test(id))).toBe(true);
		expect(jobIds.some((id) => /^\d+E\d+$/.test(id))).toBe(true);
		const times = jobs.map((job) => job.CreationDate.getTime());
		expect(times.every((time, i) => i === 0 || time <= times[i - 1]!)).toBe(true);
		expect((times[0]! - times.at(-1)!) / (365 * 86_400_000)).toBeGreaterThan(5);
		expect(times.every((time) => time % 1000 === 0)).toBe(true);
		const canceled = jobs.filter((job) => job.IsCanceled).length / jobs.length;
		expect(canceled).toBeGreaterThan(0.05);
		expect(canceled).toBeLessThan(0.1);
		const imports = jobs.filter((job) => job.JobType === 'Import').length;
		expect(imports).toBeGreaterThan(1000);
		expect(jobs.length - imports).toBeGreaterThan(1000);
	});

	it('puts an exponent-shaped and a zero-padded id even in a small account', () => {
		for (const seed of [1, 2, 3, 4, 5]) {
			const jobIds = ids(generateJobs(10, seed));
			expect(jobIds.some((id) => /^\d+E\d+$/.test(id))).toBe(true);
			expect(jobIds.some((id) => /^00\d+$/.test(id))).toBe(true);
		}
	});

	it('refuses a count it cannot serve', () => {
		expect(() => generateJobs(-1)).toThrow(TypeError);
		expect(() => generateJobs(1.5)).toThrow(TypeError);
		expect(() => generateJobs(3, 0.5)).toThrow(TypeError);
	});
});

describe('the two member renderers', () => {
	it('the byte renderer for stored pages writes exactly what the string renderer for faults writes', () => {
		const jobs = [
			...generateJobs(2000, 11),
			// Off the fast paths: ids that need escaping or are not ASCII, milliseconds, dates outside 1970–9999.
			{
				JobId: 'A&B<"\'>',
				CreationDate: new Date('2012-02-29T23:59:59Z'),
				IsCanceled: true,
				JobType: 'Export' as const,
			},
			{
				JobId: 'ÉTÉ25',
				CreationDate: new Date('2010-03-28T20:27:35.123Z'),
				IsCanceled: false,
				JobType: 'Import' as const,
			},
			{
				JobId: 'OLD01',
				CreationDate: new Date('1969-12-31T23:59:59Z'),
				IsCanceled: false,
				JobType: 'Export' as const,
			},
		];
		for (const job of jobs) {
			const buffer = Buffer.alloc(memberBound(job));
			const end = writeMember(buffer, 0, job);
			expect(buffer.subarray(0, end).toString('utf8')).toBe(memberXml(memberFields(job)));
		}
	});
});
