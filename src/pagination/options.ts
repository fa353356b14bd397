import {
	checkFunction,
	checkInteger,
	checkKnownKeys,
	checkOneOf,
	checkThat,
	isObject,
	optionError,
	type OptionKeys,
} from '../transport/option-check.js';
import type { CallOptions, ListJobsResponse } from '../protocol/client.js';
import type { ListJobsInput } from '../protocol/schemas.js';
import type { Job } from '../protocol/schemas.js';
import type { ListingReceipt } from '../observe/receipt.js';

/**
 * What the paginators need of a client: `ImportExportClient`, or anything shaped like it.
 * Any such client is called as `listJobs(input, { signal })`; with `prefetch: 1` its next
 * page is asked for as soon as a page is parsed (`ImportExportClient` asks even before).
 */
export interface ListJobsClient {
	listJobs(input: ListJobsInput, options: CallOptions): Promise<ListJobsResponse>;
}

/** One page of a listing, as `paginateListJobPages` yields it. */
export interface JobPage {
	/** The jobs of this page, newest first (cut short when `maxItems` ends the listing mid-page). */
	jobs: Job[];
	/** What the service said: more jobs follow this page. */
	isTruncated: boolean;
	/** The marker sent to get this page; `undefined` for the first page of an account. */
	marker: string | undefined;
	/** The marker to continue after this page; `undefined` when the listing is complete. */
	nextMarker: string | undefined;
	/** 0-based position of this page in the listing. */
	pageIndex: number;
	requestId: string | undefined;
	/** Attempts the request for this page took, the first included. */
	attempts: number;
	/** On the page that ends the listing, with the `receipt` option: what the whole listing did. */
	receipt?: ListingReceipt | undefined;
	/**
	 * Only on the last page of a listing with `stopAtJobId` or `since`: `'reached'` when the
	 * listing stopped at that point, `'not-found'` when the account ended before it (every job
	 * was listed). Absent when `maxItems` ended the listing first.
	 */
	stopPoint?: StopPoint | undefined;
}

/** Where a listing with `stopAtJobId` or `since` ended; see `JobPage.stopPoint`. */
export type StopPoint = 'reached' | 'not-found';

export interface PaginateOptions {
	/**
	 * Jobs per request (`MaxJobs`), 1 to 1000. The maximum means the fewest round trips.
	 * @default 1000
	 */
	pageSize?: number | undefined;
	/**
	 * Continue after this JobId, e.g. an error's `resumeMarker`.
	 * @example startingMarker: error.resumeMarker
	 */
	startingMarker?: string | undefined;
	/**
	 * Stop after exactly this many jobs, mid-page if need be.
	 * @default Infinity
	 */
	maxItems?: number | undefined;
	/**
	 * Safety cap on requests: reaching it with more pages to go is a PaginationError.
	 * @default 100000
	 */
	maxPages?: number | undefined;
	/** Ends the listing: the in-flight request is aborted and no further job is yielded. */
	signal?: AbortSignal | undefined;
	/**
	 * Read-ahead. With 1, the next request goes out as soon as a page's body arrives,
	 * before it is parsed: while you work on one page, the next is parsed and the one
	 * after is on the wire. Marker pagination allows one request in flight, never more;
	 * a paused consumer holds at most two pages beyond its own. With 0, a page is asked
	 * for only when you ask for it.
	 * @default 1
	 */
	prefetch?: 0 | 1 | undefined;
	/**
	 * Only what is newer than this JobId (e.g. the newest one seen last time): the listing
	 * stops at it, without it, and asks for no page beyond the one holding it. Never reached,
	 * every job is listed and the last page says `stopPoint: 'not-found'`. Trusts the order
	 * (newest first), which is then checked: a job newer than the one before it is an `OrderError`.
	 * @example stopAtJobId: state.newestJobId
	 */
	stopAtJobId?: string | undefined;
	/**
	 * Only jobs created strictly after this time: the listing stops at the first job created at
	 * or before it, and asks for no page beyond. Checked for order as `stopAtJobId` is.
	 * @example since: new Date('2024-01-31T00:00:00Z')
	 */
	since?: Date | undefined;
	/** Sent as `APIVersion` (the version of the client tool). */
	apiVersion?: string | undefined;
	/**
	 * Called with each page before its jobs are yielded, e.g. for progress.
	 * @example onPage: (page) => console.error(`page ${page.pageIndex}: ${page.jobs.length} jobs`)
	 */
	onPage?: ((page: JobPage) => void) | undefined;
	/**
	 * Hand back a receipt of the listing (pages, jobs, requests, retries, a digest of the JobIds):
	 * on the final page as `page.receipt` (so also in `onPage`), or on the error as `error.receipt`.
	 * @default false
	 * @example receipt: true
	 */
	receipt?: boolean | undefined;
}

export interface ResolvedPaginateOptions {
	pageSize: number;
	startingMarker: string | undefined;
	maxItems: number;
	maxPages: number;
	signal: AbortSignal | undefined;
	prefetch: 0 | 1;
	apiVersion: string | undefined;
	onPage: ((page: JobPage) => void) | undefined;
	receipt: boolean;
	stopAtJobId: string | undefined;
	since: Date | undefined;
}

/** Every paginate option: a new one is one line here (the compiler insists) and one check below. */
export const PAGINATE_KEYS = {
	pageSize: true,
	startingMarker: true,
	maxItems: true,
	maxPages: true,
	signal: true,
	prefetch: true,
	apiVersion: true,
	onPage: true,
	receipt: true,
	stopAtJobId: true,
	since: true,
} as const satisfies OptionKeys<PaginateOptions>;

/** Checks the paginate options at call time and applies the defaults, without touching the caller's object. */
export function resolvePaginateOptions(
	client: unknown,
	options: PaginateOptions = {},
): ResolvedPaginateOptions {
	if (typeof (client as Partial<ListJobsClient> | null)?.listJobs !== 'function') {
		throw optionError('client', 'an ImportExportClient (an object with a listJobs method)', client);
	}
	checkPaginateOptions('paginate', options, PAGINATE_KEYS);
	return {
		pageSize: options.pageSize ?? 1000,
		startingMarker: options.startingMarker,
		maxItems: options.maxItems ?? Infinity,
		maxPages: options.maxPages ?? 100_000,
		signal: options.signal,
		prefetch: options.prefetch ?? 1,
		apiVersion: options.apiVersion,
		onPage: options.onPage,
		receipt: options.receipt ?? false,
		stopAtJobId: options.stopAtJobId,
		// A copy: a caller's Date changed later does not move the stop point.
		since: options.since === undefined ? undefined : new Date(options.since.getTime()),
	};
}

/**
 * Checks the keys against `keys` (named `what` in the message), then the value of each paginate
 * option: the option sets built on these (collect, streams, export) check theirs the same way.
 */
export function checkPaginateOptions<T extends PaginateOptions>(
	what: string,
	options: T,
	keys: OptionKeys<T>,
): void {
	checkKnownKeys(what, options, keys);
	checkInteger('pageSize', options.pageSize, 1, 1000);
	checkInteger('maxItems', options.maxItems, 0, Infinity, { infinity: true });
	checkInteger('maxPages', options.maxPages, 1, Infinity, { infinity: true });
	checkOneOf('prefetch', options.prefetch, [0, 1]);
	checkThat(
		'startingMarker',
		options.startingMarker,
		typeof options.startingMarker === 'string' && options.startingMarker !== '',
		'a non-empty string (a JobId)',
	);
	checkThat('apiVersion', options.apiVersion, typeof options.apiVersion === 'string', 'a string');
	checkFunction('onPage', options.onPage);
	checkThat('receipt', options.receipt, typeof options.receipt === 'boolean', 'a boolean');
	checkThat(
		'stopAtJobId',
		options.stopAtJobId,
		typeof options.stopAtJobId === 'string' && options.stopAtJobId !== '',
		'a non-empty string (a JobId)',
	);
	const { since } = options;
	checkThat(
		'since',
		since,
		since instanceof Date && !Number.isNaN(since.getTime()),
		'a valid Date',
	);
	const { signal } = options;
	checkThat('signal', signal, isObject(signal) && 'aborted' in signal, 'an AbortSignal');
}
