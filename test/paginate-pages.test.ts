// Issue 14: behaviours of the page paginator that a mutation run showed no test stated:
// maxItems against a server that overshoots MaxJobs, the starting marker as a loop marker,
// the abort checks between pages, the maxPages cap, and what the errors say.
import { describe, expect, it } from 'vitest';
import {
	AbortError,
	DuplicateJobError,
	PaginationError,
	PaginationLoopError,
	collectJobs,
	paginateListJobPages,
	paginateListJobs,
	type CallOptions,
	type JobPage,
	type ListJobsInput,
} from '../src/index.js';
import type { Emulator, EmulatorJob } from '../src/emulator/index.js';
import { caught, clientFor, drain, emulator, listUntilError, pageFault } from './helpers.js';
import { recordingClient } from './recording-client.js';
import { exchangeOf, registerExchange } from '../src/protocol/list-jobs-exchange.js';

const idsOf = (jobs: ReadonlyArray<{ JobId: string }>): string[] => jobs.map((job) => job.JobId);

/** A ListJobs body as a server might send it, without a RequestId anywhere. */
function bodyWithoutRequestId(jobs: EmulatorJob[], isTruncated: boolean): string {
	const members = jobs
		.map(
			(job) =>
				`<member><JobId>${job.JobId}</JobId><CreationDate>${job.CreationDate.toISOString()}</CreationDate><IsCanceled>${job.IsCanceled}</IsCanceled><JobType>${job.JobType}</JobType></member>`,
		)
		.join('');
	return `<ListJobsResponse><ListJobsResult><Jobs>${members}</Jobs><IsTruncated>${isTruncated}</IsTruncated></ListJobsResult></ListJobsResponse>`;
}

describe('maxItems against a server that sends more than MaxJobs', () => {
	it('yields exactly maxItems jobs from a page that holds more, and says where the rest starts', async () => {
		const server = await emulator({ jobCount: 30 });
		const all = server.jobs;
		// MaxJobs 4 is asked for; the server answers with ten jobs and no more to follow.
		server.injectFault(1, pageFault(all.slice(0, 10), false));
		const pages = await drain(
			paginateListJobPages(clientFor(server).client, { pageSize: 10, maxItems: 4 }),
		);
		expect(server.requests.map((request) => request.params['MaxJobs'])).toEqual(['4']);
		expect(pages).toHaveLength(1);
		expect(idsOf(pages[0]!.jobs)).toEqual(idsOf(all.slice(0, 4)));
		// Jobs were left out of this page: a resume point, though the server said nothing follows.
		expect(pages[0]!.nextMarker).toBe(all[3]!.JobId);
		expect(pages[0]!.isTruncated).toBe(false);
	});

	it('collectJobs with a limit reports the cut page as truncated, with the marker to resume from', async () => {
		const server = await emulator({ jobCount: 30 });
		const all = server.jobs;
		server.injectFault(1, pageFault(all.slice(0, 10), false));
		const collected = await collectJobs(clientFor(server).client, { pageSize: 10, limit: 4 });
		expect(idsOf(collected.jobs)).toEqual(idsOf(all.slice(0, 4)));
		expect(collected.truncated).toBe(true);
		expect(collected.resumeMarker).toBe(all[3]!.JobId);
	});

	it('a second page that overshoots is cut to what maxItems still allows', async () => {
		const server = await emulator({ jobCount: 30 });
		const all = server.jobs;
		server.injectFault(2, pageFault(all.slice(10, 20), true));
		const jobs = await drain(
			paginateListJobs(clientFor(server).client, { pageSize: 10, maxItems: 13, prefetch: 0 }),
		);
		expect(idsOf(jobs)).toEqual(idsOf(all.slice(0, 13)));
		expect(server.requests.map((request) => request.params['MaxJobs'])).toEqual(['10', '3']);
	});
});

describe('the starting marker is a marker sent', () => {
	it('a later page that ends on the starting marker is a loop, refused before it is yielded', async () => {
		const server = await emulator({ jobCount: 30 });
		const all = server.jobs;
		const start = all[5]!;
		server.injectFault(1, pageFault([all[6]!, all[7]!]));
		// Ends on the starting marker: following it would list page 0 again.
		server.injectFault(2, pageFault([all[8]!, start]));
		const { ids, error } = await listUntilError(
			paginateListJobs(clientFor(server).client, { pageSize: 2, startingMarker: start.JobId }),
		);
		expect(error).toBeInstanceOf(PaginationLoopError);
		expect((error as PaginationLoopError).repeatedMarker).toBe(start.JobId);
		expect((error as PaginationLoopError).pageIndex).toBe(1);
		expect(ids).toEqual(idsOf([all[6]!, all[7]!]));
		expect(error.resumeMarker).toBe(all[7]!.JobId);
		// Nothing was asked for with the starting marker a second time.
		expect(
			server.requests.filter((request) => request.params['Marker'] === start.JobId),
		).toHaveLength(1);
	});
});

describe('an abort between pages', () => {
	it('an already aborted signal: nothing is asked of the client, and the error says the listing was aborted', async () => {
		const server = await emulator({ jobCount: 5 });
		const recorded = recordingClient(clientFor(server).client);
		const controller = new AbortController();
		controller.abort(new Error('shutting down'));
		const error = await caught(() =>
			drain(paginateListJobPages(recorded.client, { signal: controller.signal })),
		);
		expect(error).toBeInstanceOf(AbortError);
		expect(error.message).toBe('ListJobs listing aborted.');
		expect(recorded.calls).toHaveLength(0);
		expect(server.counters.requests).toBe(0);
	});

	it('a page that comes in after the abort is not handed to onPage', async () => {
		const server = await emulator({ jobCount: 30 });
		const { client } = clientFor(server);
		const controller = new AbortController();
		// The abort lands while the first page is on its way back: the response still resolves.
		const racing = {
			listJobs: async (input: ListJobsInput, _options: CallOptions) => {
				const response = await client.listJobs(input, {});
				controller.abort();
				return response;
			},
		};
		const seen: JobPage[] = [];
		const error = await caught(() =>
			drain(
				paginateListJobPages(racing, {
					pageSize: 10,
					signal: controller.signal,
					onPage: (page) => seen.push(page),
				}),
			),
		);
		expect(error).toBeInstanceOf(AbortError);
		expect(error.message).toBe('ListJobs listing aborted.');
		expect(seen).toEqual([]);
		expect((error as AbortError).jobsYielded).toBe(0);
	});

	for (const prefetch of [0, 1] as const) {
		it(`prefetch ${prefetch}: aborted while the consumer holds a page, the next next() asks for nothing and rejects with AbortError`, async () => {
			const server = await emulator({ jobCount: 30 });
			const recorded = recordingClient(clientFor(server).client);
			const controller = new AbortController();
			const pages = paginateListJobPages(recorded.client, {
				pageSize: 10,
				prefetch,
				signal: controller.signal,
			});
			expect((await pages.next()).value?.pageIndex).toBe(0);
			await recorded.quiet();
			const before = recorded.calls.length;
			controller.abort();
			const error = await caught(() => pages.next());
			expect(error).toBeInstanceOf(AbortError);
			expect(error.message).toBe('ListJobs listing aborted.');
			expect((error as AbortError).resumeMarker).toBe(server.jobs[9]!.JobId);
			expect(recorded.calls).toHaveLength(before);
		});
	}

	it('aborted while holding the last page maxPages allows: an AbortError, not the maxPages error', async () => {
		const server = await emulator({ jobCount: 30 });
		const controller = new AbortController();
		const pages = paginateListJobPages(clientFor(server).client, {
			pageSize: 10,
			maxPages: 1,
			signal: controller.signal,
		});
		await pages.next();
		controller.abort();
		const error = await caught(() => pages.next());
		expect(error).toBeInstanceOf(AbortError);
		expect(server.counters.requests).toBe(1);
	});
});

describe('maxPages', () => {
	for (const prefetch of [0, 1] as const) {
		it(`prefetch ${prefetch}: maxPages 3 reads three pages, asks for no fourth, and says how to resume`, async () => {
			const server = await emulator({ jobCount: 50 });
			const recorded = recordingClient(clientFor(server).client);
			const pages: JobPage[] = [];
			const error = await caught(async () => {
				for await (const page of paginateListJobPages(recorded.client, {
					pageSize: 10,
					maxPages: 3,
					prefetch,
				}))
					pages.push(page);
			});
			await recorded.quiet();
			expect(pages.map((page) => page.pageIndex)).toEqual([0, 1, 2]);
			expect(recorded.calls).toHaveLength(3);
			expect(server.counters.requests).toBe(3);
			expect(error).toBeInstanceOf(PaginationError);
			expect((error as PaginationError).pageIndex).toBe(2);
			expect(error.message).toBe(
				`ListJobs listing stopped after maxPages (3) pages with more jobs to go; raise maxPages, or resume with startingMarker ${JSON.stringify(server.jobs[29]!.JobId)}.`,
			);
			expect((error as PaginationError).resumeMarker).toBe(server.jobs[29]!.JobId);
		});
	}

	it('a listing that ends on the last page maxPages allows is complete, not an error', async () => {
		const server = await emulator({ jobCount: 30 });
		const jobs = await drain(
			paginateListJobs(clientFor(server).client, { pageSize: 10, maxPages: 3 }),
		);
		expect(jobs).toHaveLength(30);
		expect(server.counters.requests).toBe(3);
	});
});

describe('what the pagination errors say', () => {
	it('each names ListJobs as its operation and quotes the request id of the page', async () => {
		// One server per case: a fault is keyed by the server's request count.
		const listing = async (
			fault: ((jobs: readonly EmulatorJob[]) => Parameters<Emulator['injectFault']>[1]) | undefined,
			options: { pageSize?: number; maxPages?: number } = {},
		) => {
			const server = await emulator({ jobCount: 30 });
			if (fault !== undefined)
				server.injectFault(options.pageSize === undefined ? 1 : 2, fault(server.jobs));
			return listUntilError(paginateListJobs(clientFor(server).client, options));
		};
		const empty = await listing(() => ({ kind: 'truncated-empty-page' }));
		const loop = await listing(() => ({ kind: 'repeat-marker' }), { pageSize: 10 });
		const duplicate = await listing((all) => pageFault([all[0]!, all[0]!]));
		const capped = await listing(undefined, { pageSize: 10, maxPages: 1 });
		expect(empty.error).toBeInstanceOf(PaginationError);
		expect(loop.error).toBeInstanceOf(PaginationLoopError);
		expect(duplicate.error).toBeInstanceOf(DuplicateJobError);
		expect(capped.error).toBeInstanceOf(PaginationError);
		for (const { error } of [empty, loop, duplicate]) {
			const { requestId } = error as PaginationError;
			expect(requestId).toMatch(/\S/);
			expect(error.operation).toBe('ListJobs');
			expect(error.message).toMatch(new RegExp(` \\(request id ${requestId}\\)\\.$`));
		}
		expect(capped.error.operation).toBe('ListJobs');
		expect((capped.error as PaginationError).requestId).toMatch(/\S/);
	});

	it('a response without a request id: the message does not mention one', async () => {
		const server = await emulator({ jobCount: 30 });
		const all = server.jobs;
		server.injectFault(1, {
			kind: 'raw',
			status: 200,
			body: bodyWithoutRequestId([all[0]!, all[1]!, all[0]!], true),
		});
		const { error } = await listUntilError(paginateListJobs(clientFor(server).client));
		expect(error).toBeInstanceOf(DuplicateJobError);
		expect((error as DuplicateJobError).requestId).toBeUndefined();
		expect(error.message).not.toContain('request id');
		expect(error.message).toMatch(/none of this page was yielded\.$/);
	});
});

/**
 * Lists with `maxItems`, recording when each page's request is handed to fetch and when each
 * page is parsed; page k's body arrives only once page k - 1 is in the consumer's hands, so
 * the consumer is never more than a page behind, whatever the machine's speed.
 */
async function sentAndParsed(
	jobCount: number,
	options: { pageSize: number; maxItems: number },
): Promise<{ events: string[]; maxJobs: Array<string | undefined> }> {
	const server = await emulator({ jobCount });
	// Page k is asked for with the last JobId of page k - 1 as its marker.
	const pageOf = (marker: string | undefined | null): number =>
		marker === undefined || marker === null
			? 0
			: (server.jobs.findIndex((job) => job.JobId === marker) + 1) / options.pageSize;
	const events: string[] = [];
	const taken = Array.from({ length: Math.ceil(jobCount / options.pageSize) + 1 }, () => {
		let resolve = (): void => {};
		const promise = new Promise<void>((done) => {
			resolve = done;
		});
		return { promise, resolve };
	});
	const { client } = clientFor(server, {
		fetch: async (input, init) => {
			const k = pageOf(
				new URLSearchParams(typeof init?.body === 'string' ? init.body : '').get('Marker'),
			);
			events.push(`sent ${k}`);
			const response = await fetch(input, init);
			if (k > 0) await taken[k - 1]!.promise;
			return response;
		},
	});
	const exchange = exchangeOf(client)!;
	const recorded = {
		listJobs: (input: ListJobsInput, callOptions: CallOptions) =>
			client.listJobs(input, callOptions),
	};
	registerExchange(recorded, recorded.listJobs, async (input, hooks) => {
		const step = await exchange(input, hooks);
		return {
			body: step.body,
			parse: () => {
				const page = step.parse();
				events.push(`parsed ${pageOf(input.Marker)}`);
				return page;
			},
		};
	});
	for await (const page of paginateListJobPages(recorded, options))
		taken[page.pageIndex]!.resolve();
	return { events, maxJobs: server.requests.map((request) => request.params['MaxJobs']) };
}

describe('the early request and maxItems', () => {
	it('goes out before the page is parsed when maxItems still allows a full page after it', async () => {
		const { events, maxJobs } = await sentAndParsed(50, { pageSize: 10, maxItems: 30 });
		expect(maxJobs).toEqual(['10', '10', '10']);
		expect(events.indexOf('sent 2'), events.join(', ')).toBeLessThan(events.indexOf('parsed 1'));
	});

	it('waits for the parse when the page after is cut short by maxItems, and asks only for what is left', async () => {
		const { events, maxJobs } = await sentAndParsed(50, { pageSize: 10, maxItems: 29 });
		expect(maxJobs).toEqual(['10', '10', '9']);
		expect(events.indexOf('sent 2'), events.join(', ')).toBeGreaterThan(events.indexOf('parsed 1'));
	});
});

describe('the loop check is about markers followed', () => {
	it('a page that ends the listing is not refused as a loop: no marker of it is followed', async () => {
		const server = await emulator({ jobCount: 10 });
		const [a1, a2, b1, b2, c1] = server.jobs;
		server.injectFault(1, pageFault([a1!, a2!])); // ends on A = a2
		server.injectFault(2, pageFault([b1!, b2!])); // ends on B = b2
		// Ends on A again, but says nothing follows: the listing ends here, nothing is asked for.
		server.injectFault(3, pageFault([c1!, a2!], false));
		const pages = await drain(paginateListJobPages(clientFor(server).client, { pageSize: 2 }));
		expect(pages.map((page) => idsOf(page.jobs))).toEqual([
			idsOf([a1!, a2!]),
			idsOf([b1!, b2!]),
			idsOf([c1!, a2!]),
		]);
		expect(pages.at(-1)!.nextMarker).toBeUndefined();
		expect(server.counters.requests).toBe(3);
	});
});

describe('the stop point at its edge', () => {
	it('maxItems that ends right before the stop point: the stop point counts as reached', async () => {
		const server = await emulator({ jobCount: 30 });
		const all = server.jobs;
		// MaxJobs 5 is asked for; the server sends ten, the sixth being the stop point.
		server.injectFault(1, pageFault(all.slice(0, 10)));
		const pages = await drain(
			paginateListJobPages(clientFor(server).client, {
				pageSize: 10,
				maxItems: 5,
				stopAtJobId: all[5]!.JobId,
			}),
		);
		expect(pages).toHaveLength(1);
		expect(idsOf(pages[0]!.jobs)).toEqual(idsOf(all.slice(0, 5)));
		expect(pages[0]!.stopPoint).toBe('reached');
		expect(pages[0]!.nextMarker).toBeUndefined();
	});
});
