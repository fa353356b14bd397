// Issue 14: edges of the page paginator a mutation run showed no test stated: what the abort
// error carries, and a stop point that maxItems cuts off on the same page.
import { describe, expect, it } from 'vitest';
import { AbortError, paginateListJobPages, type JobPage } from '../src/index.js';
import { caught, clientFor, drain, emulator, pageFault } from './helpers.js';

describe('the abort error', () => {
	it('names ListJobs as its operation and carries the reason the caller aborted with as its cause', async () => {
		const server = await emulator({ jobCount: 5 });
		const controller = new AbortController();
		const reason = new Error('shutting down');
		controller.abort(reason);
		const error = await caught(() =>
			drain(paginateListJobPages(clientFor(server).client, { signal: controller.signal })),
		);
		expect(error).toBeInstanceOf(AbortError);
		expect((error as AbortError).operation).toBe('ListJobs');
		expect(error.cause).toBe(reason);
	});
});

describe('a stop point past what maxItems allows, on the same page', () => {
	it('is not reached: exactly maxItems jobs, no stopPoint, and a marker to continue from', async () => {
		const server = await emulator({ jobCount: 30 });
		const all = server.jobs;
		// MaxJobs 5 is asked for; the server sends ten, the eighth being the stop point.
		server.injectFault(1, pageFault(all.slice(0, 10)));
		const pages: JobPage[] = await drain(
			paginateListJobPages(clientFor(server).client, {
				pageSize: 10,
				maxItems: 5,
				stopAtJobId: all[7]!.JobId,
			}),
		);
		expect(pages).toHaveLength(1);
		expect(pages[0]!.jobs.map((job) => job.JobId)).toEqual(all.slice(0, 5).map((job) => job.JobId));
		expect(pages[0]!.stopPoint).toBeUndefined();
		expect(pages[0]!.nextMarker).toBe(all[4]!.JobId);
	});
});
