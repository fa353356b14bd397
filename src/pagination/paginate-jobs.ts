import type { Job } from '../protocol/schemas.js';
import { withResumeFacts } from './errors.js';
import { openListing } from './listing.js';
import {
	resolvePaginateOptions,
	type ListJobsClient,
	type PaginateOptions,
	type ResolvedPaginateOptions,
} from './options.js';
import { abortedListing, listPages, type ListingOptions } from './paginate-pages.js';

/**
 * Lists every job of the account exactly once, newest first, across as many pages as
 * it takes. Options are checked now; requests start on the first `next()`.
 *
 * @example
 * for await (const job of paginateListJobs(client)) {
 *   console.log(job.JobId, job.JobType, job.CreationDate.toISOString());
 * }
 */
export function paginateListJobs(
	client: ListJobsClient,
	options?: PaginateOptions,
): AsyncGenerator<Job, void, undefined> {
	return openJobs(client, resolvePaginateOptions(client, options));
}

/** `paginateListJobs` for options already checked: the stream adapters check theirs once, when created. */
export function openJobs(
	client: ListJobsClient,
	options: ResolvedPaginateOptions,
): AsyncGenerator<Job, void, undefined> {
	return openListing(options.signal, (signal) => jobs(client, { ...options, signal }));
}

async function* jobs(
	client: ListJobsClient,
	options: ListingOptions,
): AsyncGenerator<Job, void, undefined> {
	const { signal } = options;
	let resumeMarker = options.startingMarker;
	let pagesRead = 0;
	let jobsYielded = 0;
	try {
		for await (const page of listPages(client, options)) {
			const last = page.jobs.length - 1;
			for (const [index, job] of page.jobs.entries()) {
				// Once aborted, not even the page in hand yields another job.
				if (signal.aborted) throw abortedListing(signal);
				// Counted before the yield: once yielded, the consumer has it, whatever comes next.
				resumeMarker = job.JobId;
				jobsYielded++;
				// A page is read once its last job is handed over, as in the page paginator.
				if (index === last) pagesRead++;
				yield job;
			}
			// A page with no job is always the last (a truncated one is refused): nothing can fail
			// after it, so it needs no count.
		}
	} catch (error) {
		// The page paginator knows pages; here the facts are exact to the job.
		throw withResumeFacts(error, { resumeMarker, pagesRead, jobsYielded });
	}
}
