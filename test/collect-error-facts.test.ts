import { describe, expect, it } from 'vitest';
import { rejection } from './collect-rejection.js';
import { ImportExportError, collectJobs, type Job } from '../src/index.js';

// What a failed collectJobs over an iterable hands back: `error.jobs`, and where to resume.
// Facts an error already carries (a paginator stamps them) are kept as they are; only an
// error without any gets them from the jobs collected.

const job = (JobId: string): Job => ({
	JobId,
	CreationDate: new Date('2024-01-01T00:00:00Z'),
	IsCanceled: false,
	JobType: 'Import',
});

async function* failing(ids: readonly string[], error: unknown): AsyncGenerator<Job> {
	for (const id of ids) yield job(id);
	throw error;
}

describe('collectJobs over an iterable that fails', () => {
	it('before its first job: wrapped, nothing collected, resume from the start', async () => {
		const error = await rejection(collectJobs(failing([], new Error('no disk'))));
		expect(error.message).toBe('ListJobs failed: no disk');
		expect(error.jobs).toEqual([]);
		expect(error.resumeMarker).toBeUndefined();
		expect(error.jobsYielded).toBe(0);
	});

	it('after three jobs: resumes after the third, the last one collected', async () => {
		const error = await rejection(collectJobs(failing(['A', 'B', 'C'], new Error('no disk'))));
		expect(error.jobs.map((item) => item.JobId)).toEqual(['A', 'B', 'C']);
		expect(error.resumeMarker).toBe('C');
		expect(error.jobsYielded).toBe(3);
	});

	it('an error carrying either fact is taken as stamped: neither is replaced', async () => {
		const markerOnly = new ImportExportError('upstream', { operation: 'ListJobs' });
		Object.assign(markerOnly, { resumeMarker: 'Z' });
		const first = await rejection(collectJobs(failing(['A', 'B'], markerOnly)));
		expect(first).toBe(markerOnly);
		expect(first).toMatchObject({ resumeMarker: 'Z', jobsYielded: undefined });

		// As a paginator stamps a failure on its first page: from the start, nothing yielded.
		const countOnly = new ImportExportError('upstream', { operation: 'ListJobs' });
		Object.assign(countOnly, { jobsYielded: 0 });
		const second = await rejection(collectJobs(failing(['A', 'B'], countOnly)));
		expect(second).toMatchObject({ resumeMarker: undefined, jobsYielded: 0 });
		expect(second.jobs.map((item) => item.JobId)).toEqual(['A', 'B']);
	});

	it('collected again from a source that fails with the same error object: the same error, with the jobs of this run', async () => {
		// A source that replays a recorded listing and its recorded failure, one of ours.
		const recorded = new ImportExportError('ListJobs failed: connection reset', {
			operation: 'ListJobs',
		});
		const replay = () => failing(['A', 'B', 'C'], recorded);
		const first = await rejection(collectJobs(replay()));
		const firstJobs = first.jobs;
		const second = await rejection(collectJobs(replay(), { limit: 10 }));
		expect(first).toBe(recorded);
		expect(second).toBe(recorded);
		expect(second.jobs.map((item) => item.JobId)).toEqual(['A', 'B', 'C']);
		expect(second.jobs).not.toBe(firstJobs);
		expect(second.resumeMarker).toBe('C');
	});
});
