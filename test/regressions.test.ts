// Regressions found in review: each test is named after the bug it pins.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import {
	AbortError,
	ImportExportClient,
	ResponseTooLargeError,
	collectJobs,
	paginateListJobs,
	type Credentials,
	type Job,
} from '../src/index.js';
import { caught, clientFor, emulator } from './helpers.js';

const ids = (jobs: ReadonlyArray<Pick<Job, 'JobId'>>): string[] => jobs.map((job) => job.JobId);

/** A promise and the function that resolves it: an event a test can wait for. */
function signal(): { happened: Promise<void>; fire: () => void } {
	let fire = (): void => {};
	const happened = new Promise<void>((resolve) => {
		fire = resolve;
	});
	return { happened, fire };
}

const releases: Array<() => void> = [];
afterEach(() => {
	for (const release of releases.splice(0)) release();
});

describe('early request (prefetch: 1)', () => {
	it('a slow credentials call for the NEXT page does not hold back the page already received', async () => {
		const server = await emulator({ jobCount: 30 });
		const events: string[] = [];
		let clock = Date.now();
		const credentials = (): Promise<Credentials> => {
			events.push('credentials asked');
			// Cached credentials are asked for again only near expiry: the first ones are due at once.
			const expiration = new Date(clock + 10 * 60_000);
			if (events.length === 1) {
				clock += 6 * 60_000;
				return Promise.resolve({ ...server.credentials, expiration });
			}
			// The second call signs the early request for page 1: a refresh (STS, IMDS) that has not
			// answered yet, and answers only once the test is over.
			return new Promise((resolve) => {
				releases.push(() => resolve({ ...server.credentials, expiration }));
			});
		};
		const { client } = clientFor(server, { credentials, now: () => new Date(clock) });
		const iterator = paginateListJobs(client, { pageSize: 10 });
		const first = await iterator.next();
		events.push('first job');
		await iterator.return(undefined);
		expect((first.value as Job).JobId).toBe(server.jobs[0]!.JobId);
		// Page 0's first job came while page 1's credentials were still pending: it did not wait for them.
		expect(events).toEqual(['credentials asked', 'credentials asked', 'first job']);
		expect(server.counters.requests).toBe(1);
	});

	it("an early request's MaxJobs assumes the page was full: a short page makes maxItems + maxPages fail", async () => {
		const server = await emulator({ jobCount: 30 });
		const run = async (
			prefetch: 0 | 1,
		): Promise<{ jobs: Job[]; error?: unknown; maxJobsSent: Array<string | undefined> }> => {
			server.reset();
			// The service may return fewer than MaxJobs on a truncated page.
			server.injectFault(1, { kind: 'page', jobs: server.jobs.slice(0, 5), isTruncated: true });
			const jobs: Job[] = [];
			try {
				for await (const job of paginateListJobs(clientFor(server).client, {
					pageSize: 10,
					maxItems: 15,
					maxPages: 2,
					prefetch,
				}))
					jobs.push(job);
			} catch (error) {
				return { jobs, error, maxJobsSent: server.requests.map((r) => r.params['MaxJobs']) };
			}
			return { jobs, maxJobsSent: server.requests.map((r) => r.params['MaxJobs']) };
		};
		const lazy = await run(0);
		expect(lazy.error).toBeUndefined();
		expect(ids(lazy.jobs)).toEqual(ids(server.jobs.slice(0, 15)));
		const eager = await run(1);
		// Same options, same pages: prefetch must not change the outcome. Assuming page 0 was full
		// would ask MaxJobs=5 (15 - 10) for page 1, so 2 pages would hold 10 jobs and maxPages throw.
		expect(eager.maxJobsSent.slice(0, 2)).toEqual(['10', '10']);
		expect(eager.error).toBeUndefined();
		expect(ids(eager.jobs)).toEqual(ids(server.jobs.slice(0, 15)));
	});
});

describe('abort', () => {
	it('aborting ends a call whose credentials provider is still pending', async () => {
		const server = await emulator({ jobCount: 5 });
		const asked = signal();
		const credentials = (): Promise<Credentials> =>
			new Promise((resolve) => {
				releases.push(() => resolve(server.credentials));
				asked.fire();
			});
		const { client } = clientFor(server, { credentials });
		const controller = new AbortController();
		const call = client.listJobs({}, { signal: controller.signal });
		await asked.happened;
		controller.abort();
		// README: "Aborts the call: the in-flight request and any backoff wait end at once."
		// The provider never answers: only the abort can settle the call.
		await expect(call).rejects.toBeInstanceOf(AbortError);
		expect(server.counters.requests).toBe(0);
	});

	it('aborting a listing ends it while the early request for the next page waits for credentials', async () => {
		const server = await emulator({ jobCount: 30 });
		let calls = 0;
		let clock = Date.now();
		const secondAsked = signal();
		const credentials = (): Promise<Credentials> => {
			calls++;
			// Due for a refresh as soon as they are used: the early request asks again.
			const expiration = new Date(clock + 10 * 60_000);
			if (calls === 1) {
				clock += 6 * 60_000;
				return Promise.resolve({ ...server.credentials, expiration });
			}
			secondAsked.fire();
			return new Promise((resolve) => {
				releases.push(() => resolve({ ...server.credentials, expiration }));
			});
		};
		const { client } = clientFor(server, { credentials, now: () => new Date(clock) });
		const controller = new AbortController();
		const iterator = paginateListJobs(client, { pageSize: 10, signal: controller.signal });
		const next = iterator.next().then(
			(result) => result.value?.JobId,
			(error: unknown) => error,
		);
		await secondAsked.happened;
		controller.abort();
		// Page 0 was received: either it or the abort gets through, and the listing settles.
		const outcome = await next;
		if (typeof outcome === 'string') expect(outcome).toBe(server.jobs[0]!.JobId);
		else expect(outcome).toBeInstanceOf(AbortError);
	});
});

describe('transport limits', () => {
	let raw: Server | undefined;
	afterEach(async () => {
		if (raw !== undefined) await new Promise((resolve) => raw!.close(resolve));
		raw = undefined;
	});

	it('maxResponseBytes bounds the decoded body, not the compressed Content-Length (gzip bomb)', async () => {
		const body = `<ListJobsResponse><ListJobsResult><Jobs/><IsTruncated>false</IsTruncated><Pad>${'a'.repeat(8 * 1024 * 1024)}</Pad></ListJobsResult></ListJobsResponse>`;
		const gz = gzipSync(body);
		expect(gz.byteLength).toBeLessThan(64 * 1024);
		raw = createServer((req, res) => {
			req.resume();
			req.on('end', () => {
				res.writeHead(200, {
					'content-type': 'text/xml',
					'content-encoding': 'gzip',
					'content-length': String(gz.byteLength),
				});
				res.end(gz);
			});
		});
		await new Promise<void>((resolve) => raw!.listen(0, '127.0.0.1', resolve));
		const { port } = raw.address() as AddressInfo;
		const client = new ImportExportClient({
			endpoint: `http://127.0.0.1:${port}`,
			credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
			maxResponseBytes: 1024 * 1024,
			retry: { maxAttempts: 1 },
		});
		// Counting the compressed Content-Length would read 8 MiB under a 1 MiB limit.
		const error = await caught(() => client.listJobs());
		expect(error).toBeInstanceOf(ResponseTooLargeError);
	});

	it('a timeoutMs or maxDelayMs above 2^31-1 ms is refused, not turned into a 1 ms timer', async () => {
		// Node clamps an overflowing setTimeout delay to 1 ms: every attempt would time out at once.
		const server = await emulator({ jobCount: 5 });
		expect(() => clientFor(server, { timeoutMs: 2 ** 31 })).toThrow(
			expect.objectContaining({ name: 'TypeError', message: expect.stringContaining('timeoutMs') }),
		);
		expect(() => clientFor(server, { retry: { maxDelayMs: 2 ** 31 } })).toThrow(
			expect.objectContaining({
				name: 'TypeError',
				message: expect.stringContaining('retry.maxDelayMs'),
			}),
		);
		expect(
			(await clientFor(server, { timeoutMs: 2 ** 31 - 1 }).client.listJobs()).Jobs,
		).toHaveLength(5);
	});
});

describe('secrets', () => {
	const SECRET = 'SECRETzz9SECRETzz9SECRETzz9SECRETzz9SECR';
	const credentials = { accessKeyId: 'AKIDREVIEW0000000001', secretAccessKey: SECRET };

	it('an excerpt cut at 160 characters does not keep the start of the secret', async () => {
		const server = await emulator({ jobCount: 5, credentials });
		// A proxy page that echoes the secret just before the excerpt's cut.
		server.failNext(
			{
				kind: 'raw',
				status: 502,
				body: `${'x'.repeat(150)}${SECRET} and more`,
				headers: { 'content-type': 'text/html' },
			},
			1,
		);
		const client = new ImportExportClient({
			endpoint: server.endpoint,
			credentials,
			retry: { maxAttempts: 1 },
		});
		const error = await caught(() => client.listJobs());
		// Redacting after the cut would let `SECRETzz9S` through.
		expect(`${String(error)} ${JSON.stringify(error)}`).not.toContain(SECRET.slice(0, 10));
	});

	it('an error that echoes the Authorization header (AWS IncompleteSignature style) does not carry it', async () => {
		const server = await emulator({ jobCount: 5, credentials });
		let authorization = '';
		const client = new ImportExportClient({
			endpoint: server.endpoint,
			credentials,
			retry: { maxAttempts: 1 },
			fetch: (input, init) => {
				authorization = new Headers(init?.headers).get('authorization') ?? '';
				// What AWS answers when a proxy drops X-Amz-Date: the header, signature included, in the message.
				server.failNext(
					{
						kind: 'error',
						status: 400,
						code: 'IncompleteSignature',
						message: `Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${authorization}`,
					},
					1,
				);
				return fetch(input, init);
			},
		});
		const error = await caught(() => client.listJobs());
		const signature = /Signature=([0-9a-f]{64})/.exec(authorization)?.[1];
		expect(signature).toBeDefined();
		// SECURITY.md: the Authorization header never appears in an error.
		expect(String(error)).not.toMatch(/AWS4-HMAC-SHA256 Credential/);
		expect(String(error)).not.toContain(signature);
	});
});

describe('options and consumers', () => {
	it('a misspelt client option is a TypeError that names it, as the README promises', () => {
		const base = {
			endpoint: 'http://127.0.0.1:1',
			credentials: { accessKeyId: 'A', secretAccessKey: 'B' },
		};
		// `timeout` instead of `timeoutMs` would otherwise be ignored, and the 30 s default apply.
		expect(() => new ImportExportClient({ ...base, timeout: 1000 } as never)).toThrow(
			/`?timeout`?/,
		);
		expect(() => new ImportExportClient({ ...base, retry: { maxAttempt: 1 } } as never)).toThrow(
			TypeError,
		);
	});

	it('collectJobs with limit 0 says truncated when the account has jobs (as it does for an iterable)', async () => {
		const server = await emulator({ jobCount: 5 });
		const { client } = clientFor(server);
		const fromIterable = await collectJobs(paginateListJobs(client), { limit: 0 });
		expect(fromIterable.truncated).toBe(true);
		const fromClient = await collectJobs(client, { limit: 0 });
		// Not { jobs: [], truncated: false } for a 5-job account.
		expect(fromClient.truncated).toBe(true);
	});
});
