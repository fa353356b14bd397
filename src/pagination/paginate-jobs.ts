import type { Job } from '../protocol/schemas.js';
import { withResumeFacts } from './errors.js';
import { resolvePaginateOptions, type ListJobsClient, type PaginateOptions, type ResolvedPaginateOptions } from './options.js';
import { abortedListing, listPages } from './paginate-pages.js';

/**
 * Lists every job of the account exactly once, newest first, across as many pages as
 * it takes. Options are checked now; requests start on the first `next()`.
 *
 * @example
 * for await (const job of paginateListJobs(client)) {
 *   console.log(job.JobId, job.JobType, job.CreationDate.toISOString());
 * }
 */
export function paginateListJobs(client: ListJobsClient, options?: PaginateOptions): AsyncGenerator<Job, void, undefined> {
	return jobs(client, resolvePaginateOptions(client, options));
}

async function* jobs(client: ListJobsClient, options: ResolvedPaginateOptions): AsyncGenerator<Job, void, undefined> {
	const { signal } = options;
	let resumeMarker = options.startingMarker;
	let pagesRead = 0;
	let jobsYielded = 0;
	try {
		for await (const page of listPages(client, options)) {
			for (const job of page.jobs) {
				// Once aborted, not even the page in hand yields another job.
				if (signal?.aborted) throw abortedListing(signal);
				// Counted before the yield: once yielded, the consumer has it, whatever comes next.
				resumeMarker = job.JobId;
				jobsYielded++;
				yield job;
			}
			pagesRead++;
		}
	} catch (error) {
		// The page paginator knows pages; here the facts are exact to the job.
		throw withResumeFacts(error, { resumeMarker, pagesRead, jobsYielded });
	}
}
