import { Readable, Transform } from 'node:stream';
import type { Job } from '../protocol/schemas.js';
import { jobToNdjson } from '../consumers/ndjson.js';
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
 * `resumeMarker`; destroying the stream aborts the listing.
 *
 * @example
 * await pipeline(jobsReadable(client), toNdjson(), createWriteStream('jobs.ndjson'));
 */
export function jobsReadable(client: ListJobsClient, options: JobsReadableOptions = {}): Readable {
	const { highWaterMark = 1000, ...paginate } = options;
	return Readable.from(paginateListJobs(client, paginate), { objectMode: true, highWaterMark });
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
