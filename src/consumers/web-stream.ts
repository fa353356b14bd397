import type { Job } from '../protocol/schemas.js';
import { paginateListJobs } from '../pagination/paginate-jobs.js';
import type { ListJobsClient, PaginateOptions } from '../pagination/options.js';

/**
 * Every job as a web `ReadableStream`, pulled on demand. Cancelling the stream ends the
 * listing and aborts the request in flight. Runs wherever web streams do.
 *
 * @example
 * await jobsWebStream(client).pipeThrough(ndjsonWebTransform()).pipeTo(writable);
 */
export function jobsWebStream(client: ListJobsClient, options?: PaginateOptions): ReadableStream<Job> {
	const jobs = paginateListJobs(client, options);
	return new ReadableStream<Job>(
		{
			async pull(controller) {
				const next = await jobs.next();
				if (next.done) controller.close();
				else controller.enqueue(next.value);
			},
			async cancel() {
				await jobs.return(undefined);
			},
		},
		// Pull only when read: the paginator's prefetch is the one read-ahead.
		{ highWaterMark: 0 },
	);
}
