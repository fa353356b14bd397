import type { Job } from '../protocol/schemas.js';
import { openJobs } from '../pagination/paginate-jobs.js';
import {
	resolvePaginateOptions,
	type ListJobsClient,
	type PaginateOptions,
} from '../pagination/options.js';

/**
 * Every job as a web `ReadableStream`, pulled on demand. Cancelling the stream ends the
 * listing and aborts the request in flight. Runs wherever web streams do.
 *
 * @example
 * await jobsWebStream(client).pipeThrough(ndjsonWebTransform()).pipeTo(writable);
 */
export function jobsWebStream(
	client: ListJobsClient,
	options: PaginateOptions = {},
): ReadableStream<Job> {
	// Checked once, now; the listing starts on the first read (see openListing).
	const jobs = openJobs(client, resolvePaginateOptions(client, options));
	return new ReadableStream<Job>(
		{
			async pull(controller) {
				const next = await jobs.next();
				if (next.done) controller.close();
				else controller.enqueue(next.value);
			},
			async cancel() {
				await jobs.return(undefined).catch(() => {});
			},
		},
		// Pull only when read: the paginator's prefetch is the one read-ahead, and a job enqueued
		// is a job a reader asked for, so an error never strands jobs in the stream's queue.
		{ highWaterMark: 0 },
	);
}
