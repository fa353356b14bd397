import type { ListJobsResponse } from '../protocol/client.js';
import type { AttemptSink } from '../protocol/attempt-events.js';
import { exchangeOf } from '../protocol/list-jobs-exchange.js';
import type { ListJobsInput } from '../protocol/schemas.js';
import { linkedAbort } from '../transport/linked-abort.js';
import type { ListJobsClient } from './options.js';

/** One request of the listing, and the one sent early for the page after it. */
export interface PageRequest {
	/** The marker sent; `undefined` for the first page of an account. */
	marker: string | undefined;
	index: number;
	maxJobs: number;
	signal: AbortSignal;
	/** The parsed page. */
	response: Promise<ListJobsResponse>;
	cancel: () => void;
	/** Settles once this request is on the wire, has ended, or is held up by its credentials (see onTheWire). */
	onTheWire: () => Promise<void>;
	/** The request for the next page, sent before this one was parsed. */
	early: PageRequest | undefined;
}

export interface PageRequestInput {
	marker: string | undefined;
	index: number;
	maxJobs: number;
	apiVersion: string | undefined;
}

/** Between the body and the parse; may return a wait (the early request going on the wire). */
export type BeforeParse = (page: PageRequest, body: string) => Promise<void> | undefined;

// How long a page waits for the next request's credentials before it is parsed anyway: a slow
// provider (STS, IMDS) must not hold back the page in hand. Once the credentials are in, it
// waits for the signing, which is CPU work and quick.
const CREDENTIALS_WAIT_MS = 10;

// The stages of a request, in order.
const ORDER = { credentials: 0, signing: 1, sent: 2, ended: 3 } as const;
type Stage = keyof typeof ORDER;

/**
 * Sends one page request. The record exists before anything is sent, so every callback sees it.
 * A client with the internal two-step method gets `beforeParse` between its body and its parse;
 * any other `ListJobsClient` is called through `listJobs(input, { signal })` alone.
 */
export function startPageRequest(
	client: ListJobsClient,
	input: PageRequestInput,
	parent: AbortSignal,
	beforeParse: BeforeParse,
	observe?: AttemptSink,
): PageRequest {
	const own = linkedAbort(parent);
	let stage: Stage = 'credentials';
	const waiters = new Set<() => void>();
	const advance = (to: Stage): void => {
		// Forward only: a retry's second attempt does not take a sent request back to signing.
		// Stryker disable next-line EqualityOperator: a second attempt's onSend announces 'sent' again; the waiters woken have all settled.
		if (ORDER[to] <= ORDER[stage]) return;
		stage = to;
		for (const waiter of waiters) waiter();
	};
	const page: PageRequest = {
		marker: input.marker,
		index: input.index,
		maxJobs: input.maxJobs,
		signal: own.signal,
		cancel: () => own.abort(),
		early: undefined,
		// Set just below: the record is complete before anything is sent.
		response: undefined as unknown as Promise<ListJobsResponse>,
		onTheWire: () =>
			new Promise<void>((resolve) => {
				const check = (): void => {
					if (stage === 'ended') resolve();
					// One macrotask more: fetch writes the socket after it is handed the request.
					else if (stage === 'sent') setTimeout(resolve, 0);
					else return;
					waiters.delete(check);
					clearTimeout(timer);
				};
				const timer = setTimeout(() => {
					if (stage === 'credentials') {
						waiters.delete(check);
						resolve();
					}
				}, CREDENTIALS_WAIT_MS);
				waiters.add(check);
				check();
			}),
	};
	const listJobsInput: ListJobsInput = {
		MaxJobs: input.maxJobs,
		...(input.marker === undefined ? {} : { Marker: input.marker }),
		...(input.apiVersion === undefined ? {} : { APIVersion: input.apiVersion }),
	};
	const send = async (): Promise<ListJobsResponse> => {
		const twoStep = exchangeOf(client);
		if (twoStep === undefined) return client.listJobs(listJobsInput, { signal: own.signal });
		const exchange = await twoStep(listJobsInput, {
			signal: own.signal,
			onCredentials: () => advance('signing'),
			onSend: () => advance('sent'),
			observe,
		});
		await beforeParse(page, exchange.body);
		return exchange.parse();
	};
	page.response = send();
	page.response.then(own.unlink, own.unlink).finally(() => advance('ended'));
	// A prefetched page may be dropped (break, abort, a wrong guess) before anyone awaits it.
	page.response.catch(() => {});
	return page;
}
