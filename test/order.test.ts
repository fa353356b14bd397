// Issue 11: stopping early (`stopAtJobId`, `since`) trusts that jobs come newest first, so the
// order is checked: a job newer than the one before it is an OrderError, never a short list.
import { describe, expect, it } from 'vitest';
import {
	OrderError,
	PaginationError,
	collectJobs,
	paginateListJobs,
	type ImportExportError,
	type Job,
	type PaginateOptions,
} from '../src/index.js';
import type { EmulatorJob } from '../src/emulator/index.js';
import { clientFor, emulator, listUntilError, pageFault } from './helpers.js';

const page = pageFault;
const newerThan = (job: EmulatorJob, base: EmulatorJob): EmulatorJob => ({
	...job,
	CreationDate: new Date(base.CreationDate.getTime() + 1000),
});

describe('the order is checked when the listing stops early', () => {
	it.each<[string, (all: readonly EmulatorJob[]) => PaginateOptions]>([
		['stopAtJobId', (all) => ({ stopAtJobId: all[25]!.JobId })],
		['since', (all) => ({ since: all[25]!.CreationDate })],
	])(
		'%s: a page whose first job is newer than the last of the page before',
		async (_name, options) => {
			const server = await emulator({ jobCount: 30 });
			const all = server.jobs;
			// Page 2 starts with a job newer than job 9: its jobs are not older than page 1's.
			server.injectFault(2, page([newerThan(all[10]!, all[9]!), ...all.slice(11, 20)]));
			const { ids, error } = await listUntilError(
				paginateListJobs(clientFor(server).client, { pageSize: 10, ...options(all) }),
			);
			expect(error).toBeInstanceOf(OrderError);
			expect(error).toBeInstanceOf(PaginationError);
			expect(error.name).toBe('OrderError');
			expect(error).toMatchObject({
				pageIndex: 1,
				jobId: all[10]!.JobId,
				previousJobId: all[9]!.JobId,
			});
			expect(error.message).toContain('the last job of the page before');
			// Page 1 was delivered, nothing of page 2: the facts point after the last job handed over.
			expect(ids).toEqual(all.slice(0, 10).map((job) => job.JobId));
			expect(error).toMatchObject({ resumeMarker: all[9]!.JobId, jobsYielded: 10, pagesRead: 1 });
		},
	);

	it('a job newer than the one before it on the same page, past the stop point too (it could hide a newer job)', async () => {
		const server = await emulator({ jobCount: 30 });
		const all = server.jobs;
		// The stop point is job 3; job 6 is newer than job 5 and so might be newer than `since`.
		server.injectFault(
			1,
			page([...all.slice(0, 6), newerThan(all[6]!, all[4]!), ...all.slice(7, 10)]),
		);
		const { ids, error } = await listUntilError(
			paginateListJobs(clientFor(server).client, { pageSize: 10, since: all[3]!.CreationDate }),
		);
		expect(error).toBeInstanceOf(OrderError);
		expect(error).toMatchObject({
			pageIndex: 0,
			jobId: all[6]!.JobId,
			previousJobId: all[5]!.JobId,
		});
		expect(error.message).toContain('the job before it');
		expect(ids).toEqual([]);
		expect(error.resumeMarker).toBeUndefined();
	});

	it('collectJobs rejects with the jobs collected before the page', async () => {
		const server = await emulator({ jobCount: 30 });
		const all = server.jobs;
		server.injectFault(2, page([newerThan(all[10]!, all[0]!), ...all.slice(11, 20)]));
		const error = await collectJobs(clientFor(server).client, {
			pageSize: 10,
			stopAtJobId: 'GONE1',
		}).then(
			() => undefined,
			(failure: unknown) => failure as ImportExportError & { jobs: Job[] },
		);
		expect(error).toBeInstanceOf(OrderError);
		expect(error!.jobs).toHaveLength(10);
	});

	it('equal times are in order', async () => {
		const server = await emulator({ jobCount: 30 });
		const all = server.jobs;
		const same = all[9]!.CreationDate;
		server.injectFault(
			2,
			page(all.slice(10, 20).map((job, i) => (i < 3 ? { ...job, CreationDate: same } : job))),
		);
		const result = await collectJobs(clientFor(server).client, {
			pageSize: 10,
			stopAtJobId: all[25]!.JobId,
		});
		expect(result.jobs).toHaveLength(25);
		expect(result.stopPoint).toBe('reached');
	});
});

describe('without a stop point the order is not checked', () => {
	it('an account listed out of order lists in full as before (the listing does not depend on the order)', async () => {
		const server = await emulator({ jobCount: 30 });
		const all = server.jobs;
		server.injectFault(2, page([newerThan(all[10]!, all[0]!), ...all.slice(11, 20)]));
		const jobs: Job[] = [];
		for await (const job of paginateListJobs(clientFor(server).client, { pageSize: 10 }))
			jobs.push(job);
		expect(jobs.map((job) => job.JobId)).toEqual(all.map((job) => job.JobId));
	});
});
