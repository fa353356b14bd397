import { Readable, Transform } from 'node:stream';
import type { Job } from '../protocol/schemas.js';
import { jobToNdjson } from '../consumers/ndjson.js';
import { linkedAbort } from '../transport/linked-abort.js';
import { paginateListJobs } from '../pagination/paginate-jobs.js';
import type { ListJobsClient, PaginateOptions } from '../pagination/options.js';

export interface JobsReadableOptions extends PaginateOptions {
	/**
	 * Jobs buffered in the stream before it stops pulling from the paginator.
	 * @default 1000
	 */
	highWaterMark?: number;
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
	const link = linkedAbort(paginate.signal);
	const jobs = paginateListJobs(client, { ...paginate, signal: link.signal });
	let reading = false;
	return new Readable({
		objectMode: true,
		highWaterMark,
		read() {
			if (reading) return;
			reading = true;
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
			link.abort();
			link.unlink();
			jobs.return(undefined).then(
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
