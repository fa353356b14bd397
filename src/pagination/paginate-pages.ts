import type { ListJobsResponse } from '../protocol/client.js';
import { peekNextPage } from '../protocol/peek.js';
import { AbortError } from '../transport/errors.js';
import { linkedAbort } from '../transport/linked-abort.js';
import { NO_OBSERVER, observeListing, type ListingObserver } from '../observe/listing.js';
import { PaginationError, PaginationLoopError, withResumeFacts } from './errors.js';
import { resolvePaginateOptions, type JobPage, type ListJobsClient, type PaginateOptions, type ResolvedPaginateOptions } from './options.js';

/**
 * Lists an account's jobs page by page, following `Marker` / `IsTruncated`.
 * Options are checked now; requests start on the first `next()`.
 *
 * @example
 * for await (const page of paginateListJobPages(client, { pageSize: 500 })) {
 *   console.log(page.pageIndex, page.jobs.length);
 * }
 */
export function paginateListJobPages(client: ListJobsClient, options?: PaginateOptions): AsyncGenerator<JobPage, void, undefined> {
	return listPages(client, resolvePaginateOptions(client, options));
}

export function abortedListing(signal: AbortSignal): AbortError {
	return new AbortError('ListJobs listing aborted.', { operation: 'ListJobs', cause: signal.reason });
}

/** One request of the listing, and the one sent early for the page after it. */
interface PageRequest {
	marker: string | undefined;
	index: number;
	maxJobs: number;
	/** Jobs yielded before this page: exact once the page before it has been parsed. */
	counted: number;
	signal: AbortSignal;
	response: Promise<ListJobsResponse>;
	/** Settles once the request has been handed to fetch (or has ended). */
	dispatched: Promise<void>;
	cancel: () => void;
	early: PageRequest | undefined;
}

/** The page generator itself, for options already checked. */
export async function* listPages(client: ListJobsClient, options: ResolvedPaginateOptions): AsyncGenerator<JobPage, void, undefined> {
	const { signal, maxItems, maxPages } = options;
	// One signal for the whole listing: `finally` aborts whatever is still in flight
	// (a prefetched page after `break`), and the caller's signal is forwarded to it.
	const listing = linkedAbort(signal);
	// Markers sent and confirmed by a parsed page: any of them coming back is a loop.
	const sent = new Set<string>();
	let resumeMarker = options.startingMarker;
	let pagesRead = 0;
	let jobsYielded = 0;
	// Tracing, logging, the receipt: no-ops unless one of them is on.
	let observer: ListingObserver = NO_OBSERVER;

	const request = (marker: string | undefined, index: number, counted: number): PageRequest => {
		const own = linkedAbort(listing.signal);
		const maxJobs = Math.min(options.pageSize, maxItems - counted);
		let markDispatched = (): void => {};
		const dispatched = new Promise<void>((resolve) => {
			markDispatched = resolve;
		});
		// The hooks run later, once the request is under way: `page` is assigned by then.
		let page: PageRequest;
		const response = client.listJobs(
			{
				MaxJobs: maxJobs,
				...(marker === undefined ? {} : { Marker: marker }),
				...(options.apiVersion === undefined ? {} : { APIVersion: options.apiVersion }),
			},
			{ signal: own.signal, onRawBody: (body) => sendEarly(page, body), onSend: markDispatched, observe: observer.callSink() },
		);
		page = { marker, index, maxJobs, counted, response, dispatched, signal: own.signal, cancel: own.abort, early: undefined };
		response.then(own.unlink, own.unlink).finally(markDispatched);
		// A prefetched page may be dropped (break, abort, a wrong guess) before anyone awaits it.
		response.catch(() => {});
		return page;
	};

	// The next request goes out as soon as this body is in, before it is parsed and validated,
	// provided the consumer is at most one page behind: one request in flight, never more.
	// Parsing waits, briefly, until it is on the wire: signing is asynchronous, and a long
	// synchronous parse would otherwise hold it back. Only when the next page is surely a
	// full one: then its MaxJobs does not depend on how many jobs this page really holds.
	const sendEarly = (page: PageRequest, body: string): Promise<void> | undefined => {
		if (options.prefetch !== 1 || page.signal.aborted || pagesRead < page.index) return undefined;
		if (page.index + 1 >= maxPages || maxItems - (page.counted + page.maxJobs) < options.pageSize) return undefined;
		const guess = peekNextPage(body);
		if (guess?.lastJobId === undefined || !guess.isTruncated || sent.has(guess.lastJobId)) return undefined;
		const early = request(guess.lastJobId, page.index + 1, page.counted + page.maxJobs);
		page.early = early;
		return onTheWire(early.dispatched);
	};

	try {
		if (signal?.aborted) throw abortedListing(signal);
		if (maxItems === 0) return;
		observer = await observeListing(client, options);
		if (options.startingMarker !== undefined) sent.add(options.startingMarker);
		let current: PageRequest | undefined = request(options.startingMarker, 0, 0);
		while (current !== undefined) {
			const response = await current.response;
			if (signal?.aborted) throw abortedListing(signal);
			const pageIndex = current.index;
			const all = response.Jobs;
			if (response.IsTruncated && all.length === 0) {
				throw new PaginationError(
					`ListJobs page ${pageIndex} says more jobs follow (IsTruncated) but holds none, so there is no marker to continue from${describeRequest(response)}.`,
					{ pageIndex, requestId: response.RequestId },
				);
			}
			const remaining = maxItems - jobsYielded;
			const jobs = all.length > remaining ? all.slice(0, remaining) : all;
			const last = jobs[jobs.length - 1]?.JobId;
			const more = response.IsTruncated || jobs.length < all.length;
			const done = !more || jobsYielded + jobs.length >= maxItems;
			if (!done && last !== undefined && sent.has(last)) {
				// Checked before any job of the page is yielded: following it would repeat jobs.
				throw new PaginationLoopError(
					`ListJobs page ${pageIndex} ends on JobId ${JSON.stringify(last)}, a marker already sent, so following it would list the same jobs again${describeRequest(response)}.`,
					{ pageIndex, repeatedMarker: last, requestId: response.RequestId },
				);
			}
			let next: PageRequest | undefined = current.early;
			if (next !== undefined && (done || next.marker !== last || next.maxJobs !== Math.min(options.pageSize, maxItems - (jobsYielded + jobs.length)))) {
				// The early guess was wrong (or the listing ends here): drop it, ask properly.
				next.cancel();
				next = undefined;
			}
			if (next !== undefined) next.counted = jobsYielded + jobs.length;
			if (last !== undefined && !done) sent.add(last);
			if (next === undefined && !done && options.prefetch === 1 && pageIndex + 1 < maxPages && !signal?.aborted) {
				next = request(last, pageIndex + 1, jobsYielded + jobs.length);
			}

			const page: JobPage = {
				jobs,
				isTruncated: response.IsTruncated,
				marker: current.marker,
				nextMarker: more ? last : undefined,
				pageIndex,
				requestId: response.RequestId,
				attempts: response.$metadata.attempts,
			};
			observer.page(page);
			if (done) await observer.done(page);
			options.onPage?.(page);
			pagesRead++;
			jobsYielded += jobs.length;
			if (last !== undefined) resumeMarker = last;
			yield page;
			if (done) return;
			if (signal?.aborted) throw abortedListing(signal);
			if (next === undefined) {
				if (pageIndex + 1 >= maxPages) {
					throw new PaginationError(
						`ListJobs listing stopped after maxPages (${maxPages}) pages with more jobs to go; raise maxPages, or resume with startingMarker ${JSON.stringify(last)}.`,
						{ pageIndex, requestId: response.RequestId },
					);
				}
				next = request(last, pageIndex + 1, jobsYielded);
			}
			current = next;
		}
	} catch (error) {
		const failure = withResumeFacts(error, { resumeMarker, pagesRead, jobsYielded });
		await observer.fail(failure);
		throw failure;
	} finally {
		observer.close();
		listing.unlink();
		listing.abort();
	}
}

// Long enough for signing and the socket write (a millisecond or two once warm); short enough
// that a slow credentials refresh for the next page never holds back the page in hand.
const EARLY_SEND_WAIT_MS = 10;

/** Settles once the early request is on the wire (handed to fetch, plus one macrotask), or after a short wait. */
function onTheWire(dispatched: Promise<void>): Promise<void> {
	return new Promise<void>((resolve) => {
		const timer = setTimeout(resolve, EARLY_SEND_WAIT_MS);
		dispatched.then(() =>
			setTimeout(() => {
				clearTimeout(timer);
				resolve();
			}, 0),
		);
	});
}

function describeRequest(response: ListJobsResponse): string {
	return response.RequestId === undefined ? '' : ` (request id ${response.RequestId})`;
}
