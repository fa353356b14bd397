import type { StopAt } from '../protocol/peek-stop.js';
import type { Job } from '../protocol/schemas.js';
import { OrderError } from './errors.js';

/** Index of the first job that is the stop point (`stopAtJobId`, or created at or before `since`), or -1. */
export function findStopPoint(jobs: readonly Job[], stop: StopAt): number {
	// Without `since`, no time is at or before -Infinity.
	const since = stop.since?.getTime() ?? -Infinity;
	return jobs.findIndex((job) => job.JobId === stop.jobId || job.CreationDate.getTime() <= since);
}

/**
 * Stopping early trusts that jobs come newest first: a job newer than the one before it
 * (on this page, or the last of the page before) would make the listing silently short.
 * Equal times are fine. Checks every job received, those past the stop point too.
 */
export class OrderCheck {
	#previous: Job | undefined;

	/** Throws an OrderError for the first job of `jobs` newer than the one before it. */
	check(jobs: readonly Job[], pageIndex: number, requestId: string | undefined): void {
		let previous = this.#previous;
		for (const job of jobs) {
			if (previous !== undefined && job.CreationDate.getTime() > previous.CreationDate.getTime()) {
				const where =
					previous === this.#previous ? 'the last job of the page before' : 'the job before it';
				throw new OrderError(
					`ListJobs page ${pageIndex} lists JobId ${JSON.stringify(job.JobId)} (created ${job.CreationDate.toISOString()}) after ${where}, ${JSON.stringify(previous.JobId)} (created ${previous.CreationDate.toISOString()}): jobs are not newest first, so stopping at stopAtJobId or since could miss jobs; none of this page was yielded. List without them to get every job${requestId === undefined ? '' : ` (request id ${requestId})`}.`,
					{ pageIndex, jobId: job.JobId, previousJobId: previous.JobId, requestId },
				);
			}
			previous = job;
		}
		this.#previous = previous;
	}
}
