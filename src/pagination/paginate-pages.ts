import type { ListJobsResponse } from '../protocol/client.js';
import { AbortError } from '../transport/errors.js';
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

/** The page generator itself, for options already checked. */
export async function* listPages(client: ListJobsClient, options: ResolvedPaginateOptions): AsyncGenerator<JobPage, void, undefined> {
	const { signal, maxItems, maxPages } = options;
	// One controller for the whole listing: `finally` aborts whatever is still in flight
	// (a prefetched page after `break`), and the caller's signal is forwarded to it.
	const controller = new AbortController();
	const forwardAbort = (): void => controller.abort(signal?.reason);
	signal?.addEventListener('abort', forwardAbort, { once: true });

	const sent = new Set<string>();
	let resumeMarker = options.startingMarker;
	let pagesReceived = 0;
	let pagesRead = 0;
	let jobsYielded = 0;
	let pending: Promise<ListJobsResponse> | undefined;
	let pendingMarker: string | undefined;

	// `counted`: jobs yielded once the pages before this request are consumed.
	const request = (marker: string | undefined, counted: number): void => {
		if (marker !== undefined) sent.add(marker);
		const remaining = maxItems - counted;
		pendingMarker = marker;
		pending = client.listJobs(
			{
				MaxJobs: Math.min(options.pageSize, remaining),
				...(marker === undefined ? {} : { Marker: marker }),
				...(options.apiVersion === undefined ? {} : { APIVersion: options.apiVersion }),
			},
			{ signal: controller.signal },
		);
		// A prefetched page may be dropped (break, abort) before anyone awaits it.
		pending.catch(() => {});
	};

	try {
		if (signal?.aborted) throw abortedListing(signal);
		if (maxItems === 0) return;
		request(options.startingMarker, 0);
		while (pending !== undefined) {
			const marker = pendingMarker;
			const response = await pending;
			pending = undefined;
			if (signal?.aborted) throw abortedListing(signal);
			const pageIndex = pagesReceived++;
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
			if (!done && options.prefetch === 1 && pagesReceived < maxPages && !signal?.aborted) request(last, jobsYielded + jobs.length);

			const page: JobPage = {
				jobs,
				isTruncated: response.IsTruncated,
				marker,
				nextMarker: more ? last : undefined,
				pageIndex,
				requestId: response.RequestId,
				attempts: response.$metadata.attempts,
			};
			options.onPage?.(page);
			pagesRead++;
			jobsYielded += jobs.length;
			if (last !== undefined) resumeMarker = last;
			yield page;
			if (done) return;
			if (signal?.aborted) throw abortedListing(signal);
			if (pending === undefined) {
				if (pagesReceived >= maxPages) {
					throw new PaginationError(
						`ListJobs listing stopped after maxPages (${maxPages}) pages with more jobs to go; raise maxPages, or resume with startingMarker ${JSON.stringify(last)}.`,
						{ pageIndex },
					);
				}
				request(last, jobsYielded);
			}
		}
	} catch (error) {
		throw withResumeFacts(error, { resumeMarker, pagesRead, jobsYielded });
	} finally {
		signal?.removeEventListener('abort', forwardAbort);
		controller.abort();
	}
}

function describeRequest(response: ListJobsResponse): string {
	return response.RequestId === undefined ? '' : ` (request id ${response.RequestId})`;
}
