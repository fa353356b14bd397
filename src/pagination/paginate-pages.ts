import type { ListJobsResponse } from '../protocol/client.js';
import { mayHoldStopPoint, type StopAt } from '../protocol/peek-stop.js';
import { peekNextPage } from '../protocol/peek.js';
import { AbortError } from '../transport/errors.js';
import { toImportExportError } from '../transport/error-state.js';
import { linkedAbort } from '../transport/linked-abort.js';
import { NO_OBSERVER, observeListing, type ListingObserver } from '../observe/listing.js';
import { DuplicateCheck } from './duplicates.js';
import {
	DuplicateJobError,
	PaginationError,
	PaginationLoopError,
	withResumeFacts,
	type ResumeFacts,
} from './errors.js';
import { openListing } from './listing.js';
import {
	resolvePaginateOptions,
	type JobPage,
	type ListJobsClient,
	type PaginateOptions,
	type ResolvedPaginateOptions,
} from './options.js';
import { startPageRequest, type PageRequest } from './page-request.js';
import { OrderCheck, findStopPoint } from './stop-point.js';

/**
 * Lists an account's jobs page by page, following `Marker` / `IsTruncated`.
 * Options are checked now; requests start on the first `next()`.
 *
 * @example
 * for await (const page of paginateListJobPages(client, { pageSize: 500 })) {
 *   console.log(page.pageIndex, page.jobs.length);
 * }
 */
export function paginateListJobPages(
	client: ListJobsClient,
	options?: PaginateOptions,
): AsyncGenerator<JobPage, void, undefined> {
	const resolved = resolvePaginateOptions(client, options);
	return openListing(resolved.signal, (signal) => pages(client, { ...resolved, signal }));
}

export function abortedListing(signal: AbortSignal): AbortError {
	return new AbortError('ListJobs listing aborted.', {
		operation: 'ListJobs',
		cause: signal.reason,
	});
}

/** The public page paginator: the pages, with the resume facts of what was handed over. */
async function* pages(
	client: ListJobsClient,
	options: ListingOptions,
): AsyncGenerator<JobPage, void, undefined> {
	const facts: ResumeFacts = { resumeMarker: options.startingMarker, pagesRead: 0, jobsYielded: 0 };
	try {
		for await (const page of listPages(client, options)) {
			// Counted before the yield: once yielded, the consumer has it, whatever comes next.
			facts.pagesRead++;
			facts.jobsYielded += page.jobs.length;
			facts.resumeMarker = page.jobs.at(-1)?.JobId ?? facts.resumeMarker;
			yield page;
		}
	} catch (error) {
		throw withResumeFacts(error, facts);
	}
}

/** Checked options with the listing's own signal (openListing's), which is always there. */
export type ListingOptions = ResolvedPaginateOptions & { signal: AbortSignal };

/** The page generator itself, for options already checked; its errors carry no resume facts (its callers add theirs). */
export async function* listPages(
	client: ListJobsClient,
	options: ListingOptions,
): AsyncGenerator<JobPage, void, undefined> {
	const { signal, maxItems, maxPages, pageSize } = options;
	// One signal for the whole listing: `finally` aborts whatever is still in flight
	// (a prefetched page after `break`), and the caller's signal is forwarded to it.
	const listing = linkedAbort(signal);
	// Markers sent and confirmed by a parsed page: any of them coming back is a loop.
	const sent = new Set<string | undefined>();
	const duplicates = new DuplicateCheck(options.startingMarker);
	let pagesOut = 0;
	let jobsOut = 0;
	let lastOut = options.startingMarker;
	// Tracing, logging, the receipt: no-ops unless one of them is on.
	let observer: ListingObserver = NO_OBSERVER;
	// `stopAtJobId` / `since`: stop at a known point, trusting (and so checking) the order.
	const stop: StopAt | undefined =
		options.stopAtJobId === undefined && options.since === undefined
			? undefined
			: { jobId: options.stopAtJobId, since: options.since };
	const order = stop === undefined ? undefined : new OrderCheck();
	// A body that came in too early to send its next request (see sendEarly).
	let held: { page: PageRequest; body: string } | undefined;

	// A function, so each call reads the signal afresh (an abort can land at any await or callback).
	const stopIfAborted = (): void => {
		if (signal.aborted) throw abortedListing(signal);
	};

	const request = (marker: string | undefined, index: number, maxJobs: number): PageRequest =>
		startPageRequest(
			client,
			{ marker, index, maxJobs, apiVersion: options.apiVersion },
			listing.signal,
			sendEarly,
			observer.callSink(),
		);

	// The next request goes out as soon as this body is in, before it is parsed and validated,
	// provided the consumer is at most one page behind (so the counts below are exact): one
	// request in flight, never more. Only when the next page is surely a full one: then its
	// MaxJobs does not depend on how many jobs this page really holds.
	const sendEarly = (page: PageRequest, body: string): Promise<void> | undefined => {
		if (options.prefetch !== 1 || page.signal.aborted) return undefined;
		if (pagesOut < page.index) {
			// The consumer is two pages behind: this body's request waits until it takes one more.
			held = { page, body };
			return undefined;
		}
		if (page.index + 1 >= maxPages || maxItems - (jobsOut + page.maxJobs) < pageSize)
			return undefined;
		const guess = peekNextPage(body);
		if (guess?.lastJobId === undefined || !guess.isTruncated || sent.has(guess.lastJobId))
			return undefined;
		// The listing may end on this page: nothing beyond it is asked for.
		if (stop !== undefined && mayHoldStopPoint(body, stop)) return undefined;
		page.early = request(guess.lastJobId, page.index + 1, pageSize);
		// Parsing waits until it is on the wire: signing is asynchronous, and a long synchronous
		// parse would otherwise hold it back.
		return page.early.onTheWire();
	};

	try {
		stopIfAborted();
		if (maxItems === 0) return;
		observer = await observeListing(client, options);
		// Without one, `undefined` goes in: no marker read is ever checked against it.
		sent.add(options.startingMarker);
		let current = request(options.startingMarker, 0, Math.min(pageSize, maxItems));
		// Every way out is a return or a throw: the next request is always made before the loop goes on.
		for (;;) {
			const response = await current.response;
			stopIfAborted();
			const pageIndex = current.index;
			const all = response.Jobs;
			if (response.IsTruncated && all.length === 0) {
				throw new PaginationError(
					`ListJobs page ${pageIndex} says more jobs follow (IsTruncated) but holds none, so there is no marker to continue from${describeRequest(response)}.`,
					{ pageIndex, requestId: response.RequestId },
				);
			}
			const remaining = maxItems - jobsOut;
			const stopIndex = stop === undefined ? -1 : findStopPoint(all, stop);
			// Reached unless maxItems ends the listing before it.
			const reached = stopIndex !== -1 && stopIndex <= remaining;
			// A server may send more than MaxJobs: maxItems cuts the page (slice copes with Infinity).
			const jobs = all.slice(0, reached ? stopIndex : remaining);
			const last = jobs[jobs.length - 1]?.JobId;
			const more = !reached && (response.IsTruncated || jobs.length < all.length);
			const done = !more || jobsOut + jobs.length >= maxItems;
			// Both checked before any job of the page is yielded.
			if (!done && last !== undefined && sent.has(last)) {
				throw new PaginationLoopError(
					`ListJobs page ${pageIndex} ends on JobId ${JSON.stringify(last)}, a marker already sent, so following it would list the same jobs again${describeRequest(response)}.`,
					{ pageIndex, repeatedMarker: last, requestId: response.RequestId },
				);
			}
			const duplicate = duplicates.find(jobs);
			if (duplicate !== undefined) {
				throw new DuplicateJobError(
					`ListJobs page ${pageIndex} lists JobId ${JSON.stringify(duplicate.jobId)} a second time (already on ${duplicate.where}): the service sent overlapping pages, so none of this page was yielded${describeRequest(response)}.`,
					{ pageIndex, jobId: duplicate.jobId, requestId: response.RequestId },
				);
			}
			order?.check(all, pageIndex, response.RequestId);
			duplicates.advance();
			let next: PageRequest | undefined = current.early;
			if (next !== undefined && (done || next.marker !== last)) {
				// The early guess was wrong (or the listing ends here): drop it, ask properly.
				next.cancel();
				next = undefined;
			}
			// Once done nothing reads it, and only the last page can be empty (last undefined).
			sent.add(last);
			const nextMaxJobs = Math.min(pageSize, maxItems - (jobsOut + jobs.length));
			// No abort check here: nothing since the one after the response could have aborted.
			if (next === undefined && !done && options.prefetch === 1 && pageIndex + 1 < maxPages) {
				next = request(last, pageIndex + 1, nextMaxJobs);
			}

			const page: JobPage = {
				jobs,
				isTruncated: response.IsTruncated,
				marker: current.marker,
				nextMarker: more ? last : undefined,
				pageIndex,
				requestId: response.RequestId,
				attempts: response.$metadata.attempts,
				...(stop === undefined || more ? {} : { stopPoint: reached ? 'reached' : 'not-found' }),
			};
			observer.page(page);
			if (done) await observer.done(page);
			options.onPage?.(page);
			// `onPage` may have aborted: then not even this page is handed over.
			stopIfAborted();
			pagesOut++;
			jobsOut += jobs.length;
			lastOut = last ?? lastOut;
			// The consumer took one more page: a held body's request goes out now, not a page later,
			// so a round trip is never left exposed (a paused consumer still holds two pages at most).
			// (A body is held only where sendEarly sent nothing: `next` has no early request yet.)
			if (held !== undefined && held.page === next) void sendEarly(next, held.body);
			held = undefined;
			yield page;
			if (done) return;
			stopIfAborted();
			if (next === undefined) {
				if (pageIndex + 1 >= maxPages) {
					throw new PaginationError(
						`ListJobs listing stopped after maxPages (${maxPages}) pages with more jobs to go; raise maxPages, or resume with startingMarker ${JSON.stringify(last)}.`,
						{ pageIndex, requestId: response.RequestId },
					);
				}
				next = request(last, pageIndex + 1, nextMaxJobs);
			}
			current = next;
		}
	} catch (error) {
		const failure = toImportExportError(error, 'ListJobs');
		await observer.fail(failure, lastOut);
		throw failure;
	} finally {
		observer.close();
		listing.unlink();
		listing.abort();
	}
}

function describeRequest(response: ListJobsResponse): string {
	return response.RequestId === undefined ? '' : ` (request id ${response.RequestId})`;
}
