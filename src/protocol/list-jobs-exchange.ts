import type { ListJobsInput } from './schemas.js';
import type { ListJobsResponse } from './client.js';
import type { AttemptSink } from './attempt-events.js';

/**
 * The client's internal two-step ListJobs: the first step sends the request (retrying) and
 * reads the body; the second parses and validates it. The paginator puts the next request on
 * the wire between the two. Kept in a registry, off the public surface: a hand-written
 * `ListJobsClient`, a subclass or a wrapper that has its own `listJobs` is called through
 * `listJobs(input, { signal })` alone.
 */
export type ExchangeListJobs = (
	input: ListJobsInput,
	hooks: ExchangeHooks,
) => Promise<ListJobsExchange>;

export interface ExchangeHooks {
	signal?: AbortSignal | undefined;
	/** The attempt has its credentials; what is left before `fetch` is signing (CPU work, no I/O). */
	onCredentials?: (() => void) | undefined;
	/** The attempt's signed request is handed to `fetch`. */
	onSend?: (() => void) | undefined;
	/** A listing's own watcher of this call's attempts (tracing, receipt), beside the client's hooks and logger. */
	observe?: AttemptSink | undefined;
}

/** A response whose body is read and not yet parsed. */
export interface ListJobsExchange {
	/** The raw 2xx body. */
	body: string;
	/** Parses and validates the body; refuses (AbortError) when the signal aborted since the body was read. */
	parse(): ListJobsResponse;
}

interface Registered {
	listJobs: unknown;
	exchange: ExchangeListJobs;
}

const registry = new WeakMap<object, Registered>();

/** Called by the client's constructor: `listJobs` is the method the exchange stands for. */
export function registerExchange(
	client: object,
	listJobs: unknown,
	exchange: ExchangeListJobs,
): void {
	registry.set(client, { listJobs, exchange });
}

/** The two-step method, when `client` is a registered client whose `listJobs` is still the one it stands for. */
export function exchangeOf(client: { listJobs: unknown }): ExchangeListJobs | undefined {
	const registered = registry.get(client);
	return registered !== undefined && registered.listJobs === client.listJobs
		? registered.exchange
		: undefined;
}
