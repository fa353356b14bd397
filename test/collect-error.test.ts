// Issue 9, item 2: collectJobs rejects with what it collected, in order, as error.jobs, and
// resumeMarker after the last of them: together with a resumed run, every job exactly once.
import { describe, expect, it } from 'vitest';
import { rejection } from './collect-rejection.js';
import { ResponseParseError, collectJobs, paginateListJobs, type Job } from '../src/index.js';
import { clientFor, emulator } from './helpers.js';

describe('collectJobs on a failure', () => {
	it('from a client: error.jobs holds the 20 of 30 jobs collected, and resuming collects the other 10', async () => {
		const server = await emulator({ jobCount: 30 });
		server.injectFault(3, { kind: 'malformed-xml' });
		const { client } = clientFor(server);
		const error = await rejection(collectJobs(client, { pageSize: 10 }));
		expect(error).toBeInstanceOf(ResponseParseError);
		expect(error.jobs.map((job) => job.JobId)).toEqual(
			server.jobs.slice(0, 20).map((job) => job.JobId),
		);
		expect(error.resumeMarker).toBe(server.jobs[19]!.JobId);
		expect(error.jobsYielded).toBe(20);
		// The README's resume pattern.
		const rest = await collectJobs(client, { pageSize: 10, startingMarker: error.resumeMarker });
		expect([...error.jobs, ...rest.jobs].map((job) => job.JobId)).toEqual(
			server.jobs.map((job) => job.JobId),
		);
	});

	it('from a paginator passed as an iterable: the same', async () => {
		const server = await emulator({ jobCount: 30 });
		server.injectFault(2, { kind: 'malformed-xml' });
		const { client } = clientFor(server);
		const error = await rejection(collectJobs(paginateListJobs(client, { pageSize: 10 })));
		expect(error.jobs.map((job) => job.JobId)).toEqual(
			server.jobs.slice(0, 10).map((job) => job.JobId),
		);
		expect(error.resumeMarker).toBe(server.jobs[9]!.JobId);
	});

	it('from any iterable: a plain error is wrapped, and carries the jobs and where to resume', async () => {
		const server = await emulator({ jobCount: 3 });
		const jobs = server.jobs as readonly Job[];
		async function* source(): AsyncGenerator<Job> {
			yield jobs[0]!;
			yield jobs[1]!;
			throw new Error('disk on fire');
		}
		const error = await rejection(collectJobs(source()));
		expect(error.message).toBe('ListJobs failed: disk on fire');
		expect(error.jobs).toEqual([jobs[0], jobs[1]]);
		expect(error.resumeMarker).toBe(jobs[1]!.JobId);
		// Not enumerable: printing the error does not print every job.
		expect(Object.keys(error)).not.toContain('jobs');
	});

	it('a wrong option is still a TypeError, thrown as it is', async () => {
		const server = await emulator({ jobCount: 3 });
		await expect(collectJobs(clientFor(server).client, { pageSize: 0 })).rejects.toThrow(TypeError);
		expect(server.counters.requests).toBe(0);
	});
});
