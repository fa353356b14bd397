import type { Job } from '../protocol/schemas.js';
import { paginateListJobs } from '../pagination/paginate-jobs.js';
import { resolvePaginateOptions, type ListJobsClient, type PaginateOptions } from '../pagination/options.js';
import { linkedAbort, type LinkedAbort } from '../transport/linked-abort.js';

/**
 * Every job as a web `ReadableStream`, pulled on demand. Cancelling the stream ends the
 * listing and aborts the request in flight. Runs wherever web streams do.
 *
 * @example
 * await jobsWebStream(client).pipeThrough(ndjsonWebTransform()).pipeTo(writable);
 */
export function jobsWebStream(client: ListJobsClient, options: PaginateOptions = {}): ReadableStream<Job> {
	resolvePaginateOptions(client, options);
	// Started on the first read, so a stream never read holds no listener on the caller's signal.
	let listing: { link: LinkedAbort; jobs: AsyncGenerator<Job, void, undefined> } | undefined;
	const start = (): NonNullable<typeof listing> => {
		const link = linkedAbort(options.signal);
		listing = { link, jobs: paginateListJobs(client, { ...options, signal: link.signal }) };
		return listing;
	};
	return new ReadableStream<Job>(
		{
			async pull(controller) {
				const { link, jobs } = listing ?? start();
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
				if (listing === undefined) return;
				listing.link.abort();
				listing.link.unlink();
				await listing.jobs.return(undefined).catch(() => {});
			},
		},
		// Pull only when read: the paginator's prefetch is the one read-ahead.
		{ highWaterMark: 0 },
	);
}
