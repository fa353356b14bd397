// Issue 9, item 3: a JobId listed twice (pages that overlap, a page that repeats itself, a page
// that repeats the starting marker) fails before the duplicate is yielded, with resume facts.
import { describe, expect, it } from 'vitest';
import {
	DuplicateJobError,
	PaginationError,
	collectJobs,
	paginateListJobPages,
	paginateListJobs,
	type Job,
} from '../src/index.js';
import { clientFor, emulator, listUntilError, pageFault } from './helpers.js';

const page = pageFault;

describe('duplicate JobIds', () => {
	it('a page whose first job repeats the last job of the page before (overlapping pages)', async () => {
		const server = await emulator({ jobCount: 30 });
		const all = server.jobs;
		server.injectFault(1, page(all.slice(0, 10)));
		server.injectFault(2, page([all[9]!, ...all.slice(10, 19)]));
		const { ids, error } = await listUntilError(
			paginateListJobs(clientFor(server).client, { pageSize: 10 }),
		);
		expect(error).toBeInstanceOf(DuplicateJobError);
		expect(error).toBeInstanceOf(PaginationError);
		expect(error.name).toBe('DuplicateJobError');
		expect((error as DuplicateJobError).jobId).toBe(all[9]!.JobId);
		expect((error as DuplicateJobError).pageIndex).toBe(1);
		expect(error.message).toContain('the page before');
		// Nothing of the overlapping page was yielded; the facts point after the last job delivered.
		expect(ids).toEqual(all.slice(0, 10).map((job) => job.JobId));
		expect(error.resumeMarker).toBe(all[9]!.JobId);
		expect(error.jobsYielded).toBe(10);
		expect(error.pagesRead).toBe(1);
	});

	it('a JobId twice within one page', async () => {
		const server = await emulator({ jobCount: 30 });
		const all = server.jobs;
		server.injectFault(1, page([all[0]!, all[1]!, all[2]!, all[1]!, all[3]!]));
		const { ids, error } = await listUntilError(
			paginateListJobs(clientFor(server).client, { pageSize: 5 }),
		);
		expect(error).toBeInstanceOf(DuplicateJobError);
		expect((error as DuplicateJobError).jobId).toBe(all[1]!.JobId);
		expect(error.message).toContain('this page');
		expect(ids).toEqual([]);
		expect(error.resumeMarker).toBeUndefined();
		expect(error.jobsYielded).toBe(0);
	});

	it('a first page that repeats the starting marker', async () => {
		const server = await emulator({ jobCount: 30 });
		const all = server.jobs;
		server.injectFault(1, page(all.slice(4, 9)));
		const { ids, error } = await listUntilError(
			paginateListJobs(clientFor(server).client, { pageSize: 5, startingMarker: all[4]!.JobId }),
		);
		expect(error).toBeInstanceOf(DuplicateJobError);
		expect(ids).toEqual([]);
		expect(error.resumeMarker).toBe(all[4]!.JobId);
	});

	it('the page paginator and collectJobs refuse the page before yielding it', async () => {
		// One emulator each: an early request of one run must not take the other's faults.
		const overlapping = async () => {
			const server = await emulator({ jobCount: 30 });
			server.injectFault(1, page(server.jobs.slice(0, 10)));
			server.injectFault(2, page(server.jobs.slice(9, 19)));
			return { all: server.jobs, client: clientFor(server).client };
		};
		const first = await overlapping();
		const pages: number[] = [];
		let error: unknown;
		try {
			for await (const listed of paginateListJobPages(first.client, { pageSize: 10 }))
				pages.push(listed.pageIndex);
		} catch (caught) {
			error = caught;
		}
		expect(pages).toEqual([0]);
		expect(error).toBeInstanceOf(DuplicateJobError);
		expect((error as DuplicateJobError).resumeMarker).toBe(first.all[9]!.JobId);
		const second = await overlapping();
		const rejected = (await collectJobs(second.client, { pageSize: 10 }).catch(
			(caught: unknown) => caught,
		)) as DuplicateJobError & { jobs: Job[] };
		expect(rejected).toBeInstanceOf(DuplicateJobError);
		expect(rejected.jobs.map((job) => job.JobId)).toEqual(
			second.all.slice(0, 10).map((job) => job.JobId),
		);
	});

	it('a well-behaved account of many pages lists with no false alarm', async () => {
		const server = await emulator({ jobCount: 5000 });
		const ids: string[] = [];
		for await (const job of paginateListJobs(clientFor(server).client, { pageSize: 7 }))
			ids.push(job.JobId);
		expect(ids).toEqual(server.jobs.map((job) => job.JobId));
	});
});
