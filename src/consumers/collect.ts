import type { Job } from '../protocol/schemas.js';
import { paginateListJobPages } from '../pagination/paginate-pages.js';
import type { ListJobsClient, PaginateOptions } from '../pagination/options.js';
import type { ListingReceipt } from '../observe/receipt.js';

export interface CollectOptions extends Omit<PaginateOptions, 'maxItems'> {
	/**
	 * Most jobs collected; past it the result says `truncated` and where to resume.
	 * @default 100000
	 */
	limit?: number | undefined;
}

export interface CollectedJobs {
	jobs: Job[];
	/** More jobs exist beyond `limit`. */
	truncated: boolean;
	/** When truncated: pass as `startingMarker` to collect the rest. */
	resumeMarker: string | undefined;
	/** With the `receipt` option and a client: what the listing did. A failed listing's error carries it as `error.receipt`. */
	receipt?: ListingReceipt | undefined;
}

export type JobSource = ListJobsClient | AsyncIterable<Job> | Iterable<Job>;

function isClient(source: JobSource): source is ListJobsClient {
	return typeof (source as Partial<ListJobsClient>).listJobs === 'function';
}

/**
 * Collects jobs into an array, never more than `limit`: from a client (with the
 * paginate options) or from any iterable of jobs.
 *
 * @example
 * const { jobs, truncated, resumeMarker } = await collectJobs(client, { limit: 5000 });
 */
export async function collectJobs(source: JobSource, options: CollectOptions = {}): Promise<CollectedJobs> {
	if (source === null || typeof source !== 'object') throw new TypeError('Expected `source` to be a client or an iterable of jobs.');
	const { limit = 100_000, ...paginate } = options;
	if (!(Number.isInteger(limit) && limit >= 0) && limit !== Infinity) {
		throw new TypeError(`Expected \`limit\` to be an integer >= 0, got ${String(limit)}.`);
	}
	if (isClient(source)) {
		const jobs: Job[] = [];
		let truncated = false;
		if (limit === 0) {
			// Nothing to collect, but `truncated` must still say whether jobs exist: one job's worth of asking.
			for await (const page of paginateListJobPages(source, { ...paginate, pageSize: 1, maxItems: 1 })) truncated = page.jobs.length > 0;
			return { jobs, truncated, resumeMarker: truncated ? paginate.startingMarker : undefined };
		}
		let receipt: ListingReceipt | undefined;
		for await (const page of paginateListJobPages(source, { ...paginate, maxItems: limit })) {
			for (const job of page.jobs) jobs.push(job);
			// The paginator stops at `limit`; a page that still had a next marker means more jobs exist.
			truncated = page.nextMarker !== undefined;
			receipt = page.receipt;
		}
		const resumeMarker = truncated ? jobs[jobs.length - 1]?.JobId ?? paginate.startingMarker : undefined;
		return receipt === undefined ? { jobs, truncated, resumeMarker } : { jobs, truncated, resumeMarker, receipt };
	}
	if (!(Symbol.asyncIterator in source) && !(Symbol.iterator in source)) {
		throw new TypeError('Expected `source` to be a client or an iterable of jobs.');
	}
	const jobs: Job[] = [];
	let truncated = false;
	for await (const job of source) {
		// One item past the limit tells whether there were more; the loop's exit closes the source.
		if (jobs.length >= limit) {
			truncated = true;
			break;
		}
		jobs.push(job);
	}
	return { jobs, truncated, resumeMarker: truncated ? jobs[jobs.length - 1]?.JobId : undefined };
}
