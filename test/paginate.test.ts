import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	AbortError,
	PaginationError,
	PaginationLoopError,
	ServiceError,
	paginateListJobPages,
	paginateListJobs,
	type ImportExportError,
	type Job,
	type JobPage,
} from '../src/index.js';
import { generateJobs, type EmulatorJob } from '../src/emulator/index.js';
import { caught, clientFor, drain, emulator, until } from './helpers.js';
import { recordingClient } from './recording-client.js';

const ids = (jobs: ReadonlyArray<Pick<Job, 'JobId'>>): string[] => jobs.map((job) => job.JobId);

/** Collects jobs until the listing fails; returns both. */
async function drainUntilError(
	iterable: AsyncIterable<Job>,
): Promise<{ jobs: Job[]; error: ImportExportError }> {
	const jobs: Job[] = [];
	try {
		for await (const job of iterable) jobs.push(job);
	} catch (error) {
		return { jobs, error: error as ImportExportError };
	}
	throw new Error('expected the listing to fail');
}

describe('paginateListJobs', () => {
	it('lists exactly the emulator’s jobs in order with max(1, ceil(N / pageSize)) requests (property)', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc
					.record({
						count: fc.integer({ min: 0, max: 5000 }),
						pageSize: fc.integer({ min: 1, max: 1000 }),
						seed: fc.integer(),
					})
					// Bounded request count keeps each run fast; small pages still come with small accounts.
					.filter(({ count, pageSize }) => count / pageSize <= 200),
				async ({ count, pageSize, seed }) => {
					const server = await emulator({ jobCount: count, seed });
					try {
						const { client } = clientFor(server);
						const jobs = await drain(paginateListJobs(client, { pageSize }));
						expect(ids(jobs)).toEqual(ids(server.jobs));
						expect(jobs.map((job) => job.CreationDate.getTime())).toEqual(
							server.jobs.map((job) => job.CreationDate.getTime()),
						);
						expect(server.counters.requests).toBe(Math.max(1, Math.ceil(count / pageSize)));
					} finally {
						await server.close();
					}
				},
			),
			{ numRuns: 40 },
		);
	});

	it('defaults to 1000 jobs a page: 2,345 jobs take 3 requests', async () => {
		const server = await emulator({ jobCount: 2345 });
		const jobs = await drain(paginateListJobs(clientFor(server).client));
		expect(jobs).toHaveLength(2345);
		expect(server.requests.map((request) => request.params['MaxJobs'])).toEqual([
			'1000',
			'1000',
			'1000',
		]);
	});

	it('lists an empty account with one request', async () => {
		const server = await emulator({ jobCount: 0 });
		expect(await drain(paginateListJobs(clientFor(server).client))).toEqual([]);
		expect(server.counters.requests).toBe(1);
	});

	it('stops on IsTruncated false when the count is an exact multiple of the page size', async () => {
		const server = await emulator({ jobCount: 3000 });
		const jobs = await drain(paginateListJobs(clientFor(server).client, { pageSize: 1000 }));
		expect(jobs).toHaveLength(3000);
		expect(server.counters.requests).toBe(3);
	});

	it('sends the last JobId of each page as the next Marker', async () => {
		const server = await emulator({ jobCount: 25 });
		await drain(paginateListJobs(clientFor(server).client, { pageSize: 10 }));
		expect(server.requests.map((request) => request.params['Marker'])).toEqual([
			undefined,
			server.jobs[9]!.JobId,
			server.jobs[19]!.JobId,
		]);
	});

	it('refuses a truncated empty page with a PaginationError, never restarting or stopping silently', async () => {
		const server = await emulator({ jobCount: 30 });
		server.injectFault(2, { kind: 'truncated-empty-page' });
		const { jobs, error } = await drainUntilError(
			paginateListJobs(clientFor(server).client, { pageSize: 10 }),
		);
		expect(error).toBeInstanceOf(PaginationError);
		expect(error.message).toContain('IsTruncated');
		expect((error as PaginationError).requestId).toMatch(/\S/);
		expect(ids(jobs)).toEqual(ids(server.jobs.slice(0, 10)));
		expect(error.resumeMarker).toBe(server.jobs[9]!.JobId);
		expect(error.jobsYielded).toBe(10);
		expect(error.pagesRead).toBe(1);
		expect(server.counters.requests).toBe(2);
	});

	it('refuses a page that repeats the marker just sent, before yielding any of its jobs', async () => {
		const server = await emulator({ jobCount: 30 });
		server.injectFault(2, { kind: 'repeat-marker' });
		const { jobs, error } = await drainUntilError(
			paginateListJobs(clientFor(server).client, { pageSize: 10 }),
		);
		expect(error).toBeInstanceOf(PaginationLoopError);
		expect((error as PaginationLoopError).repeatedMarker).toBe(server.jobs[9]!.JobId);
		expect(ids(jobs)).toEqual(ids(server.jobs.slice(0, 10)));
		expect(error.resumeMarker).toBe(server.jobs[9]!.JobId);
	});

	it('catches an A→B→A cycle, not only a repeat of the previous marker', async () => {
		const account = generateJobs(6, 7);
		const server = await emulator({ jobs: account });
		const page = (jobs: EmulatorJob[]) => ({ kind: 'page' as const, jobs, isTruncated: true });
		const [a1, a2, b1, b2] = server.jobs;
		server.injectFault(1, page([a1!, a2!])); // ends on A = a2
		server.injectFault(2, page([b1!, b2!])); // ends on B = b2
		server.injectFault(3, page([b1!, a2!])); // ends on A again
		const { jobs, error } = await drainUntilError(
			paginateListJobs(clientFor(server).client, { pageSize: 2 }),
		);
		expect(error).toBeInstanceOf(PaginationLoopError);
		expect((error as PaginationLoopError).repeatedMarker).toBe(a2!.JobId);
		expect((error as PaginationLoopError).pageIndex).toBe(2);
		expect(ids(jobs)).toEqual(ids([a1!, a2!, b1!, b2!]));
		expect(error.resumeMarker).toBe(b2!.JobId);
	});

	it('stops after exactly maxItems mid-page, and resumes from the last job yielded', async () => {
		const server = await emulator({ jobCount: 50 });
		const { client } = clientFor(server);
		const first = await drain(paginateListJobs(client, { pageSize: 20, maxItems: 27 }));
		expect(ids(first)).toEqual(ids(server.jobs.slice(0, 27)));
		// The last request asks only for what is still wanted.
		expect(server.requests.map((request) => request.params['MaxJobs'])).toEqual(['20', '7']);
		const rest = await drain(
			paginateListJobs(client, { pageSize: 20, startingMarker: first.at(-1)!.JobId }),
		);
		expect(ids([...first, ...rest])).toEqual(ids(server.jobs));
	});

	it('resumes after a failure with nothing lost and nothing repeated', async () => {
		const server = await emulator({ jobCount: 95 });
		server.injectFault(4, { kind: 'internal-failure' });
		server.injectFault(5, { kind: 'internal-failure' });
		server.injectFault(6, { kind: 'internal-failure' });
		const { client } = clientFor(server);
		const { jobs, error } = await drainUntilError(paginateListJobs(client, { pageSize: 10 }));
		expect(error).toBeInstanceOf(ServiceError);
		expect(error.attempts).toBe(3);
		expect(error.resumeMarker).toBe(jobs.at(-1)!.JobId);
		expect(error.jobsYielded).toBe(30);
		const rest = await drain(
			paginateListJobs(client, { pageSize: 10, startingMarker: error.resumeMarker! }),
		);
		expect(ids([...jobs, ...rest])).toEqual(ids(server.jobs));
	});

	it('retries a failed page on its own: the listing never restarts', async () => {
		const server = await emulator({ jobCount: 30 });
		server.injectFault(2, { kind: 'throttling' });
		const jobs = await drain(paginateListJobs(clientFor(server).client, { pageSize: 10 }));
		expect(ids(jobs)).toEqual(ids(server.jobs));
		expect(server.requests.map((request) => request.params['Marker'])).toEqual([
			undefined,
			server.jobs[9]!.JobId,
			server.jobs[9]!.JobId,
			server.jobs[19]!.JobId,
		]);
	});

	it('sends the next request as soon as a body arrives, before parsing it, and holds at most two pages ahead', async () => {
		const server = await emulator({ jobCount: 60 });
		const eager = recordingClient(clientFor(server).client);
		const iterator = paginateListJobs(eager.client, { pageSize: 10 });
		await iterator.next();
		// The consumer holds page 0: page 1 is in hand, page 2 on the wire (or in hand), and no further.
		await until(() => eager.calls.length === 3);
		await eager.quiet();
		expect(eager.calls.map((call) => call.marker)).toEqual([
			undefined,
			server.jobs[9]!.JobId,
			server.jobs[19]!.JobId,
		]);
		expect(server.counters.requests).toBe(3);
		await iterator.return(undefined);

		const lazy = await emulator({ jobCount: 30 });
		const recorded = recordingClient(clientFor(lazy).client);
		const noPrefetch = paginateListJobs(recorded.client, { pageSize: 10, prefetch: 0 });
		await noPrefetch.next();
		await recorded.quiet();
		expect(recorded.calls).toHaveLength(1);
		expect(lazy.counters.requests).toBe(1);
		await noPrefetch.return(undefined);
	});

	it('corrects a wrong early guess: the request it sent is dropped and the right marker is asked for', async () => {
		const server = await emulator({ jobCount: 30 });
		const page0 = server.jobs.slice(0, 10);
		const members = page0
			.map(
				(job) =>
					`<member><JobId>${job.JobId}</JobId><CreationDate>${job.CreationDate.toISOString()}</CreationDate><IsCanceled>${job.IsCanceled}</IsCanceled><JobType>${job.JobType}</JobType></member>`,
			)
			.join('');
		// An unknown element after <Jobs> with a JobId in it: a raw read guesses it, the parser ignores it.
		const body = `<ListJobsResponse><ListJobsResult><Jobs>${members}</Jobs><IsTruncated>true</IsTruncated><Audit><JobId>${server.jobs[25]!.JobId}</JobId></Audit></ListJobsResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></ListJobsResponse>`;
		server.injectFault(1, { kind: 'raw', status: 200, body });
		// What the paginator asked for, as handed to fetch: the early guess goes out before the page is parsed.
		const asked: Array<string | undefined> = [];
		const { client } = clientFor(server, {
			fetch: (input, init) => {
				asked.push(new URLSearchParams(init?.body as string).get('Marker') ?? undefined);
				return fetch(input, init);
			},
		});
		const jobs = await drain(paginateListJobs(client, { pageSize: 10 }));
		expect(ids(jobs)).toEqual(ids(server.jobs));
		expect(asked).toEqual([
			undefined,
			server.jobs[25]!.JobId,
			server.jobs[9]!.JobId,
			server.jobs[19]!.JobId,
		]);
		expect(
			server.requests.filter((request) => request.params['Marker'] === server.jobs[9]!.JobId),
		).toHaveLength(1);
	});

	it('without the raw-body hook (a client of its own), still prefetches after parsing', async () => {
		const server = await emulator({ jobCount: 30 });
		const { client } = clientFor(server);
		const recorded = recordingClient(client);
		const plain = {
			listJobs: (
				input: Parameters<typeof client.listJobs>[0],
				options: { signal?: AbortSignal | undefined },
			) => recorded.client.listJobs(input, { signal: options.signal }),
		};
		const iterator = paginateListJobs(plain, { pageSize: 10 });
		await iterator.next();
		// Page 1 was asked for before page 0 was yielded; once it is in, the listing rests until the consumer asks.
		await recorded.quiet();
		expect(recorded.calls.map((call) => call.marker)).toEqual([undefined, server.jobs[9]!.JobId]);
		expect(server.counters.requests).toBe(2);
		expect(ids(await drain(iterator))).toEqual(ids(server.jobs.slice(1)));
	});

	it('on break mid-page aborts the prefetched request and leaves nothing running', async () => {
		const server = await emulator({ jobCount: 30 });
		server.injectFault(2, { kind: 'latency', ms: 2000 });
		const timersBefore = process
			.getActiveResourcesInfo()
			.filter((name) => name === 'Timeout').length;
		const recorded = recordingClient(clientFor(server).client);
		for await (const job of paginateListJobs(recorded.client, { pageSize: 10 })) {
			if (job.JobId === server.jobs[4]!.JobId) {
				await until(() => server.counters.requests === 2);
				break;
			}
		}
		await until(() => server.requests[1]?.aborted === true);
		expect(server.counters.aborted).toBe(1);
		// Both calls are over (the aborted one rejected): whatever timer they set has been cleared by now.
		await recorded.quiet();
		expect(recorded.calls).toHaveLength(2);
		const timersAfter = process
			.getActiveResourcesInfo()
			.filter((name) => name === 'Timeout').length;
		expect(timersAfter).toBeLessThanOrEqual(timersBefore);
	});

	it('yields no further job once the signal aborts, not even from the page in hand', async () => {
		const server = await emulator({ jobCount: 30 });
		const controller = new AbortController();
		const seen: Job[] = [];
		const error = await caught(async () => {
			for await (const job of paginateListJobs(clientFor(server).client, {
				pageSize: 10,
				signal: controller.signal,
			})) {
				seen.push(job);
				if (seen.length === 3) controller.abort();
			}
		});
		expect(error).toBeInstanceOf(AbortError);
		expect(seen).toHaveLength(3);
		expect((error as AbortError).resumeMarker).toBe(seen[2]!.JobId);
		expect((error as AbortError).jobsYielded).toBe(3);
	});

	it('ends a backoff wait at once on abort, with a typed error that says where to resume', async () => {
		const server = await emulator({ jobCount: 30 });
		server.injectFault(2, { kind: 'throttling' });
		const controller = new AbortController();
		// The real sleep, for the longest wait a timer can hold (24 days): only the abort can end it.
		const longest = 2_147_483_647;
		let waiting = (): void => {};
		const retried = new Promise<void>((resolve) => {
			waiting = resolve;
		});
		const { client } = clientFor(server, {
			retry: {
				sleep: undefined as never,
				random: () => 0.999,
				throttlingBaseDelayMs: longest,
				maxDelayMs: longest,
				onRetry: () => waiting(),
			},
		});
		const seen: Job[] = [];
		const error = await caught(async () => {
			for await (const job of paginateListJobs(client, {
				pageSize: 10,
				signal: controller.signal,
			})) {
				seen.push(job);
				if (seen.length === 10) {
					// Page 1's throttled request is waiting out its backoff (onRetry runs right before the wait).
					await retried;
					controller.abort();
				}
			}
		});
		expect(error).toBeInstanceOf(AbortError);
		expect(server.counters.requests).toBe(2);
		expect((error as AbortError).resumeMarker).toBe(server.jobs[9]!.JobId);
		expect(seen).toHaveLength(10);
	});

	it('serves concurrent next() calls in order', async () => {
		const server = await emulator({ jobCount: 25 });
		const iterator = paginateListJobs(clientFor(server).client, { pageSize: 10 });
		const results = await Promise.all(Array.from({ length: 27 }, () => iterator.next()));
		expect(results.slice(0, 25).map((result) => (result.value as Job).JobId)).toEqual(
			ids(server.jobs),
		);
		expect(results.slice(25).every((result) => result.done)).toBe(true);
	});

	it('stops at maxPages with a PaginationError that says how to resume', async () => {
		const server = await emulator({ jobCount: 50 });
		const { jobs, error } = await drainUntilError(
			paginateListJobs(clientFor(server).client, { pageSize: 10, maxPages: 2 }),
		);
		expect(jobs).toHaveLength(20);
		expect(error).toBeInstanceOf(PaginationError);
		expect(error.message).toContain('maxPages');
		expect(error.resumeMarker).toBe(server.jobs[19]!.JobId);
		expect(server.counters.requests).toBe(2);
	});

	it('checks options at call time with a TypeError naming the option', async () => {
		const server = await emulator({ jobCount: 1 });
		const { client } = clientFor(server);
		for (const [options, name] of [
			[{ pageSize: 0 }, 'pageSize'],
			[{ pageSize: 1001 }, 'pageSize'],
			[{ pageSize: 2.5 }, 'pageSize'],
			[{ maxItems: -1 }, 'maxItems'],
			[{ prefetch: 2 }, 'prefetch'],
			[{ startingMarker: '' }, 'startingMarker'],
			[{ pagesize: 10 }, 'pagesize'],
			[{ signal: 'stop' }, 'signal'],
		] as const) {
			expect(() => paginateListJobs(client, options as never)).toThrow(
				expect.objectContaining({ name: 'TypeError', message: expect.stringContaining(name) }),
			);
		}
		expect(() => paginateListJobs({} as never)).toThrow(TypeError);
		expect(server.counters.requests).toBe(0);
	});

	it('never mutates the caller’s options', async () => {
		const server = await emulator({ jobCount: 15 });
		const options = Object.freeze({ pageSize: 10, maxItems: 12 });
		expect(await drain(paginateListJobs(clientFor(server).client, options))).toHaveLength(12);
		expect(options).toEqual({ pageSize: 10, maxItems: 12 });
	});

	it('carries resume facts on an error thrown by onPage', async () => {
		const server = await emulator({ jobCount: 30 });
		const { jobs, error } = await drainUntilError(
			paginateListJobs(clientFor(server).client, {
				pageSize: 10,
				onPage: (page) => {
					if (page.pageIndex === 1) throw new Error('progress bar broke');
				},
			}),
		);
		expect(jobs).toHaveLength(10);
		expect(error.message).toContain('progress bar broke');
		expect(error.resumeMarker).toBe(server.jobs[9]!.JobId);
	});
});

describe('paginateListJobPages', () => {
	it('yields whole pages with their markers, request ids and attempts', async () => {
		const server = await emulator({ jobCount: 25 });
		server.injectFault(2, { kind: 'throttling' });
		const progress: number[] = [];
		const pages: JobPage[] = await drain(
			paginateListJobPages(clientFor(server).client, {
				pageSize: 10,
				onPage: (page) => progress.push(page.pageIndex),
			}),
		);
		expect(
			pages.map((page) => [page.pageIndex, page.jobs.length, page.isTruncated, page.attempts]),
		).toEqual([
			[0, 10, true, 1],
			[1, 10, true, 2],
			[2, 5, false, 1],
		]);
		expect(pages.map((page) => page.marker)).toEqual([
			undefined,
			server.jobs[9]!.JobId,
			server.jobs[19]!.JobId,
		]);
		expect(pages.map((page) => page.nextMarker)).toEqual([
			server.jobs[9]!.JobId,
			server.jobs[19]!.JobId,
			undefined,
		]);
		expect(pages.every((page) => typeof page.requestId === 'string')).toBe(true);
		expect(progress).toEqual([0, 1, 2]);
	});

	it('sends apiVersion as APIVersion', async () => {
		const server = await emulator({ jobCount: 1 });
		await drain(paginateListJobPages(clientFor(server).client, { apiVersion: '2.0' }));
		expect(server.requests[0]!.params['APIVersion']).toBe('2.0');
	});
});
