// Issue 11, "only what is new": `stopAtJobId` and `since` stop the listing at a known point,
// with no request beyond the page that holds it (the emulator's request log counts them).
import { describe, expect, it } from 'vitest';
import {
	collectJobs,
	jobsWebStream,
	paginateListJobPages,
	paginateListJobs,
	type Job,
	type JobPage,
	type PaginateOptions,
} from '../src/index.js';
import { jobsReadable } from '../src/node/index.js';
import type { Emulator } from '../src/emulator/index.js';
import { clientFor, emulator } from './helpers.js';

async function pagesOf(server: Emulator, options: PaginateOptions): Promise<JobPage[]> {
	const pages: JobPage[] = [];
	for await (const page of paginateListJobPages(clientFor(server).client, {
		pageSize: 10,
		...options,
	}))
		pages.push(page);
	return pages;
}

/**
 * Every request the listing sent. A request sent and cancelled would still reach the server: one
 * more request on a fresh connection, answered, comes after any of them that left.
 */
async function requestsOf(server: Emulator): Promise<Array<string | undefined>> {
	await clientFor(server)
		.client.listJobs({ MaxJobs: 1, Marker: 'SENTINEL' })
		.catch(() => {});
	const log = server.requests;
	expect(log.at(-1)?.params['Marker']).toBe('SENTINEL');
	return log.slice(0, -1).map((entry) => entry.params['Marker']);
}

const ids = (jobs: ReadonlyArray<{ JobId: string }>): string[] => jobs.map((job) => job.JobId);

describe('stopAtJobId', () => {
	it('stops before the JobId mid-page: its page is the last request, the early one is never sent', async () => {
		const server = await emulator({ jobCount: 50 });
		const all = server.jobs;
		const pages = await pagesOf(server, { stopAtJobId: all[15]!.JobId });
		expect(ids(pages.flatMap((page) => page.jobs))).toEqual(ids(all.slice(0, 15)));
		expect(pages.map((page) => page.stopPoint)).toEqual([undefined, 'reached']);
		expect(pages[1]!.nextMarker).toBeUndefined();
		expect(await requestsOf(server)).toEqual([undefined, all[9]!.JobId]);
		expect(server.requests.some((entry) => entry.aborted)).toBe(false);
	});

	it('stops on the last job of a page (the marker the early request would follow): no request beyond', async () => {
		const server = await emulator({ jobCount: 50 });
		const all = server.jobs;
		const pages = await pagesOf(server, { stopAtJobId: all[19]!.JobId });
		expect(ids(pages.flatMap((page) => page.jobs))).toEqual(ids(all.slice(0, 19)));
		expect(await requestsOf(server)).toEqual([undefined, all[9]!.JobId]);
	});

	it('on the first job of a page: that page is asked for, none after it', async () => {
		const server = await emulator({ jobCount: 50 });
		const all = server.jobs;
		const pages = await pagesOf(server, { stopAtJobId: all[20]!.JobId });
		expect(ids(pages.flatMap((page) => page.jobs))).toEqual(ids(all.slice(0, 20)));
		expect(pages.at(-1)).toMatchObject({ jobs: [], stopPoint: 'reached', pageIndex: 2 });
		expect(await requestsOf(server)).toEqual([undefined, all[9]!.JobId, all[19]!.JobId]);
	});

	it('the newest job: nothing new, one request', async () => {
		const server = await emulator({ jobCount: 50 });
		const result = await collectJobs(clientFor(server).client, {
			pageSize: 10,
			stopAtJobId: server.jobs[0]!.JobId,
		});
		expect(result).toEqual({
			jobs: [],
			truncated: false,
			resumeMarker: undefined,
			stopPoint: 'reached',
		});
		expect(await requestsOf(server)).toEqual([undefined]);
	});

	it('a JobId the body escapes (`&amp;`): the peek cannot see it, so it holds the early request back', async () => {
		const base = await emulator({ jobCount: 30 });
		const jobs = base.jobs.map((job, i) => (i === 15 ? { ...job, JobId: 'Q&<Z' } : job));
		const server = await emulator({ jobs });
		const pages = await pagesOf(server, { stopAtJobId: 'Q&<Z' });
		expect(ids(pages.flatMap((page) => page.jobs))).toEqual(ids(jobs.slice(0, 15)));
		expect(await requestsOf(server)).toEqual([undefined, jobs[9]!.JobId]);
	});

	it('never reached: the whole account is listed, the last page says not-found, no failure', async () => {
		const server = await emulator({ jobCount: 50 });
		const pages = await pagesOf(server, { stopAtJobId: 'GONE1' });
		expect(pages.flatMap((page) => page.jobs)).toHaveLength(50);
		expect(pages.map((page) => page.stopPoint)).toEqual([
			undefined,
			undefined,
			undefined,
			undefined,
			'not-found',
		]);
		const result = await collectJobs(clientFor(server).client, {
			pageSize: 10,
			stopAtJobId: 'GONE1',
		});
		expect(result.jobs).toHaveLength(50);
		expect(result.stopPoint).toBe('not-found');
		expect(result.truncated).toBe(false);
	});

	it('with prefetch 0 the count is the same', async () => {
		const server = await emulator({ jobCount: 50 });
		const all = server.jobs;
		const jobs: Job[] = [];
		for await (const job of paginateListJobs(clientFor(server).client, {
			pageSize: 10,
			prefetch: 0,
			stopAtJobId: all[25]!.JobId,
		}))
			jobs.push(job);
		expect(ids(jobs)).toEqual(ids(all.slice(0, 25)));
		expect(await requestsOf(server)).toEqual([undefined, all[9]!.JobId, all[19]!.JobId]);
	});

	it('maxItems before the point ends the listing first: no stopPoint, a marker to continue', async () => {
		const server = await emulator({ jobCount: 50 });
		const all = server.jobs;
		const pages = await pagesOf(server, { stopAtJobId: all[15]!.JobId, maxItems: 12 });
		expect(ids(pages.flatMap((page) => page.jobs))).toEqual(ids(all.slice(0, 12)));
		expect(pages.at(-1)!.stopPoint).toBeUndefined();
		expect(pages.at(-1)!.nextMarker).toBe(all[11]!.JobId);
		const collected = await collectJobs(clientFor(server).client, {
			pageSize: 10,
			stopAtJobId: all[15]!.JobId,
			limit: 12,
		});
		expect(collected).toMatchObject({ truncated: true, resumeMarker: all[11]!.JobId });
		expect(collected.stopPoint).toBeUndefined();
	});

	it('the streams take it too', async () => {
		const server = await emulator({ jobCount: 50 });
		const all = server.jobs;
		const options = { pageSize: 10, stopAtJobId: all[33]!.JobId };
		const fromWeb: string[] = [];
		for await (const job of jobsWebStream(
			clientFor(server).client,
			options,
		) as unknown as AsyncIterable<Job>)
			fromWeb.push(job.JobId);
		const fromNode: string[] = [];
		for await (const job of jobsReadable(clientFor(server).client, options))
			fromNode.push((job as Job).JobId);
		expect(fromWeb).toEqual(ids(all.slice(0, 33)));
		expect(fromNode).toEqual(ids(all.slice(0, 33)));
	});
});

describe('since', () => {
	it('lists the jobs created strictly after it; the page holding the first older one is the last request', async () => {
		const server = await emulator({ jobCount: 50 });
		const all = server.jobs;
		const since = all[15]!.CreationDate;
		const pages = await pagesOf(server, { since });
		expect(ids(pages.flatMap((page) => page.jobs))).toEqual(
			ids(all.filter((job) => job.CreationDate > since)),
		);
		expect(pages.flatMap((page) => page.jobs)).toHaveLength(15);
		expect(pages.at(-1)!.stopPoint).toBe('reached');
		expect(await requestsOf(server)).toEqual([undefined, all[9]!.JobId]);
	});

	it('a time between two pages: the next page is needed (its first job tells), none after it', async () => {
		const server = await emulator({ jobCount: 50 });
		const all = server.jobs;
		const since = new Date(all[20]!.CreationDate.getTime() + 1);
		const jobs: Job[] = [];
		for await (const job of paginateListJobs(clientFor(server).client, { pageSize: 10, since }))
			jobs.push(job);
		expect(ids(jobs)).toEqual(ids(all.slice(0, 20)));
		expect(await requestsOf(server)).toEqual([undefined, all[9]!.JobId, all[19]!.JobId]);
	});

	it('jobs created at exactly `since` are not listed; equal times on a page are fine', async () => {
		const at = new Date('2024-01-31T00:00:00Z');
		const job = (JobId: string, date: Date) => ({
			JobId,
			CreationDate: date,
			IsCanceled: false,
			JobType: 'Import' as const,
		});
		const newer = new Date(at.getTime() + 1000);
		const server = await emulator({
			jobs: [
				job('A', newer),
				job('B', newer),
				job('C', at),
				job('D', at),
				job('E', new Date(at.getTime() - 1000)),
			],
		});
		const result = await collectJobs(clientFor(server).client, { since: at });
		expect(ids(result.jobs)).toEqual(['A', 'B']);
		expect(result.stopPoint).toBe('reached');
	});

	it('older than every job: the whole account, not-found', async () => {
		const server = await emulator({ jobCount: 50 });
		const result = await collectJobs(clientFor(server).client, {
			pageSize: 10,
			since: new Date(0),
		});
		expect(result.jobs).toHaveLength(50);
		expect(result.stopPoint).toBe('not-found');
		expect(await requestsOf(server)).toHaveLength(5);
	});

	it('with stopAtJobId too, whichever comes first', async () => {
		const server = await emulator({ jobCount: 50 });
		const all = server.jobs;
		const result = await collectJobs(clientFor(server).client, {
			pageSize: 10,
			since: all[30]!.CreationDate,
			stopAtJobId: all[12]!.JobId,
		});
		expect(ids(result.jobs)).toEqual(ids(all.slice(0, 12)));
	});
});

describe('the options are checked at call time', () => {
	it('a TypeError names the option', async () => {
		const server = await emulator({ jobCount: 1 });
		const { client } = clientFor(server);
		expect(() => paginateListJobs(client, { stopAtJobId: '' })).toThrow(/`stopAtJobId`/);
		expect(() => paginateListJobPages(client, { since: new Date('nope') })).toThrow(/`since`/);
		expect(() => paginateListJobs(client, { since: '2024-01-31' as unknown as Date })).toThrow(
			TypeError,
		);
		await expect(collectJobs(client, { since: 0 as unknown as Date })).rejects.toThrow(/`since`/);
		expect(() => jobsReadable(client, { stopAtJobId: 5 as unknown as string })).toThrow(
			/`stopAtJobId`/,
		);
	});

	it('a Date changed after the call does not move the point', async () => {
		const server = await emulator({ jobCount: 50 });
		const all = server.jobs;
		const since = new Date(all[15]!.CreationDate.getTime());
		const listing = paginateListJobs(clientFor(server).client, { pageSize: 10, since });
		since.setTime(0);
		const jobs: Job[] = [];
		for await (const job of listing) jobs.push(job);
		expect(jobs).toHaveLength(15);
	});
});
