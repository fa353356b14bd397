import { Readable, Transform } from 'node:stream';
import type { Job } from '../protocol/schemas.js';
import { jobToNdjson } from '../consumers/ndjson.js';
import { linkedAbort, type LinkedAbort } from '../transport/linked-abort.js';
import { paginateListJobs } from '../pagination/paginate-jobs.js';
import { resolvePaginateOptions, type ListJobsClient, type PaginateOptions } from '../pagination/options.js';

export interface JobsReadableOptions extends PaginateOptions {
	/**
	 * Jobs buffered in the stream before it stops pulling from the paginator.
	 * @default 1000
	 */
	highWaterMark?: number | undefined;
}

/**
 * Every job as an object-mode `Readable` with backpressure: a paused consumer stops the
 * fetching (beyond the one prefetched page); errors arrive as stream errors, carrying
 * `resumeMarker`; destroying the stream aborts the request in flight.
 *
 * @example
 * await pipeline(jobsReadable(client), toNdjson(), createWriteStream('jobs.ndjson'));
 */
export function jobsReadable(client: ListJobsClient, options: JobsReadableOptions = {}): Readable {
	const { highWaterMark = 1000, ...paginate } = options;
	if (!(Number.isInteger(highWaterMark) && highWaterMark >= 1)) throw new TypeError(`Expected \`highWaterMark\` to be a positive integer, got ${String(highWaterMark)}.`);
	resolvePaginateOptions(client, paginate);
	// Started on the first read, so a stream never read holds no listener on the caller's signal.
	let listing: { link: LinkedAbort; jobs: AsyncGenerator<Job, void, undefined> } | undefined;
	let reading = false;
	return new Readable({
		objectMode: true,
		highWaterMark,
		read() {
			if (reading) return;
			reading = true;
			if (listing === undefined) {
				const started = linkedAbort(paginate.signal);
				listing = { link: started, jobs: paginateListJobs(client, { ...paginate, signal: started.signal }) };
			}
			const { link, jobs } = listing;
			// Push until the buffer is full; the next read() resumes.
			const pump = async (): Promise<void> => {
				try {
					for (;;) {
						const next = await jobs.next();
						if (next.done) {
							link.unlink();
							this.push(null);
							return;
						}
						if (!this.push(next.value)) return;
					}
				} catch (error) {
					link.unlink();
					this.destroy(error as Error);
				} finally {
					reading = false;
				}
			};
			void pump();
		},
		destroy(error, callback) {
			if (listing === undefined) {
				callback(error);
				return;
			}
			listing.link.abort();
			listing.link.unlink();
			listing.jobs.return(undefined).then(
				() => callback(error),
				() => callback(error),
			);
		},
	});
}

/** An object-to-text `Transform`: one job in, one NDJSON line out. */
export function toNdjson(): Transform {
	return new Transform({
		writableObjectMode: true,
		readableObjectMode: false,
		transform(job: Job, _encoding, callback) {
			callback(null, jobToNdjson(job));
		},
	});
}
