import type { Job } from '../protocol/schemas.js';
import { paginateListJobs } from '../pagination/paginate-jobs.js';
import type { ListJobsClient, PaginateOptions } from '../pagination/options.js';
import { linkedAbort } from '../transport/linked-abort.js';

/**
 * Every job as a web `ReadableStream`, pulled on demand. Cancelling the stream ends the
 * listing and aborts the request in flight. Runs wherever web streams do.
 *
 * @example
 * await jobsWebStream(client).pipeThrough(ndjsonWebTransform()).pipeTo(writable);
 */
export function jobsWebStream(client: ListJobsClient, options: PaginateOptions = {}): ReadableStream<Job> {
	const link = linkedAbort(options.signal);
	const jobs = paginateListJobs(client, { ...options, signal: link.signal });
	return new ReadableStream<Job>(
		{
			async pull(controller) {
				try {
					const next = await jobs.next();
					if (next.done) {
						link.unlink();
						controller.close();
					} else {
						controller.enqueue(next.value);
					}
				} catch (error) {
					link.unlink();
					throw error;
				}
			},
			async cancel() {
				link.abort();
				link.unlink();
				await jobs.return(undefined).catch(() => {});
			},
		},
		// Pull only when read: the paginator's prefetch is the one read-ahead.
		{ highWaterMark: 0 },
	);
}
