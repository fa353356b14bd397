import type { Job } from '../protocol/schemas.js';
import { paginateListJobPages } from '../pagination/paginate-pages.js';
import {
	checkPaginateOptions,
	PAGINATE_KEYS,
	type JobPage,
	type ListJobsClient,
	type PaginateOptions,
	type StopPoint,
} from '../pagination/options.js';
import { checkInteger, isObject, optionError, type OptionKeys } from '../transport/option-check.js';
import type { ImportExportError } from '../transport/errors.js';
import { setErrorFacts, toImportExportError } from '../transport/error-state.js';
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
	/**
	 * With `stopAtJobId` or `since`: `'reached'`, or `'not-found'` when the account ended
	 * before the point (every job collected). Absent without them, or when `limit` came first.
	 */
	stopPoint?: StopPoint | undefined;
}

/**
 * How `collectJobs` rejects: the error, with the jobs collected before it, in order.
 * `resumeMarker` is the last of them (or the starting marker), so
 * `[...error.jobs, ...(await collectJobs(client, { startingMarker: error.resumeMarker })).jobs]`
 * holds every job exactly once.
 */
export interface CollectJobsError extends ImportExportError {
	readonly jobs: Job[];
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
export async function collectJobs(
	source: JobSource,
	options: CollectOptions = {},
): Promise<CollectedJobs> {
	if (!isObject(source)) throw optionError('source', 'a client or an iterable of jobs', source);
	const { limit, paginate } = resolveCollectOptions(options);
	// Checked before anything is collected: a wrong option or source is a TypeError as it is.
	const listing = isClient(source)
		? paginateListJobPages(
				source,
				limit === 0 ? { ...paginate, pageSize: 1, maxItems: 1 } : { ...paginate, maxItems: limit },
			)
		: iterableOf(source);
	const jobs: Job[] = [];
	try {
		return await collect(listing, limit, paginate.startingMarker, jobs);
	} catch (error) {
		throw withCollected(error, jobs);
	}
}

const { maxItems: _replacedByLimit, ...PAGINATE_BUT_MAX_ITEMS } = PAGINATE_KEYS;
const COLLECT_KEYS = {
	...PAGINATE_BUT_MAX_ITEMS,
	limit: true,
} as const satisfies OptionKeys<CollectOptions>;

/** Checks the options (the paginate ones included) and applies the default `limit`. */
function resolveCollectOptions(options: CollectOptions): {
	limit: number;
	paginate: Omit<PaginateOptions, 'maxItems'>;
} {
	checkPaginateOptions('collectJobs', options, COLLECT_KEYS);
	const { limit = 100_000, ...paginate } = options;
	checkInteger('limit', limit, 0, Infinity, { infinity: true });
	return { limit, paginate };
}

function iterableOf(source: object): { jobs: AsyncIterable<Job> | Iterable<Job> } {
	if (!(Symbol.asyncIterator in source) && !(Symbol.iterator in source)) {
		throw optionError('source', 'a client or an iterable of jobs', source);
	}
	return { jobs: source as AsyncIterable<Job> | Iterable<Job> };
}

async function collect(
	listing: AsyncIterable<JobPage> | { jobs: AsyncIterable<Job> | Iterable<Job> },
	limit: number,
	startingMarker: string | undefined,
	jobs: Job[],
): Promise<CollectedJobs> {
	let truncated = false;
	if (Symbol.asyncIterator in listing) {
		if (limit === 0) {
			// Nothing to collect, but `truncated` must still say whether jobs exist: one job's worth of asking.
			for await (const page of listing) truncated = page.jobs.length > 0;
			return { jobs, truncated, resumeMarker: truncated ? startingMarker : undefined };
		}
		let receipt: ListingReceipt | undefined;
		let stopPoint: StopPoint | undefined;
		for await (const page of listing) {
			for (const job of page.jobs) jobs.push(job);
			// The paginator stops at `limit`; a page that still had a next marker means more jobs exist.
			truncated = page.nextMarker !== undefined;
			receipt = page.receipt;
			stopPoint = page.stopPoint;
		}
		// Stryker disable next-line OptionalChaining: equivalent: `truncated` means the last page had a nextMarker, which is its own last JobId, so a last job always exists.
		const resumeMarker = truncated ? (jobs[jobs.length - 1]?.JobId ?? startingMarker) : undefined;
		return {
			jobs,
			truncated,
			resumeMarker,
			...(stopPoint === undefined ? {} : { stopPoint }),
			...(receipt === undefined ? {} : { receipt }),
		};
	}
	for await (const job of listing.jobs) {
		// One item past the limit tells whether there were more; the loop's exit closes the source.
		if (jobs.length >= limit) {
			truncated = true;
			break;
		}
		jobs.push(job);
	}
	return { jobs, truncated, resumeMarker: truncated ? jobs[jobs.length - 1]?.JobId : undefined };
}

function withCollected(error: unknown, jobs: Job[]): CollectJobsError {
	const failure = toImportExportError(error, 'ListJobs');
	// A paginator has stamped exact facts already; an iterable of another kind has not.
	if (failure.resumeMarker === undefined && failure.jobsYielded === undefined) {
		setErrorFacts(failure, { resumeMarker: jobs.at(-1)?.JobId, jobsYielded: jobs.length });
	}
	// Not enumerable: logging the error does not print every job.
	Object.defineProperty(failure, 'jobs', { value: jobs, enumerable: false, configurable: true });
	return failure as CollectJobsError;
}
