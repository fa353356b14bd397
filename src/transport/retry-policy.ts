import type { RetryKind } from './errors.js';
import type { RetryMode } from './retry-mode.js';

// AWS SDK "standard" retry mode: botocore and smithy-typescript agree on these. Typed to take
// `undefined` (a response with no code), which no list holds.
const THROTTLING_CODES: ReadonlySet<string | undefined> = new Set([
	'Throttling',
	'ThrottlingException',
	'ThrottledException',
	'RequestThrottledException',
	'TooManyRequestsException',
	'ProvisionedThroughputExceededException',
	'TransactionInProgressException',
	'RequestLimitExceeded',
	'BandwidthLimitExceeded',
	'LimitExceededException',
	'RequestThrottled',
	'SlowDown',
	'PriorRequestNotComplete',
	'EC2ThrottledException',
]);
const TRANSIENT_CODES: ReadonlySet<string | undefined> = new Set([
	'RequestTimeout',
	'RequestTimeoutException',
]);
const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([500, 502, 503, 504]);

/** Classifies an HTTP error response; `undefined` means permanent (never retried). */
export function classifyResponse(
	statusCode: number,
	code: string | undefined,
): RetryKind | undefined {
	if (statusCode === 429 || THROTTLING_CODES.has(code)) return 'throttling';
	if (TRANSIENT_STATUSES.has(statusCode) || TRANSIENT_CODES.has(code)) return 'transient';
	return undefined;
}

export interface RetryOptions {
	/**
	 * `standard`, or `adaptive`: standard plus the AWS SDKs' client side rate limiter (CUBIC),
	 * shared by every call of the client, which slows down on throttling and speeds up on success.
	 * @default AWS_RETRY_MODE, else (Node) the profile's retry_mode, else 'standard'
	 * @example retry: { mode: 'adaptive' }
	 */
	mode?: RetryMode | undefined;
	/**
	 * Attempts per request, the first one included. `1` turns retries off.
	 * @default 3
	 */
	maxAttempts?: number | undefined;
	/**
	 * Base delay of the full-jitter backoff for transient errors, in milliseconds.
	 * @default 100
	 */
	baseDelayMs?: number | undefined;
	/**
	 * Base delay for throttling errors, in milliseconds.
	 * @default 500
	 */
	throttlingBaseDelayMs?: number | undefined;
	/**
	 * Upper bound of any single wait, `Retry-After` included, in milliseconds.
	 * @default 20000
	 */
	maxDelayMs?: number | undefined;
	/**
	 * Capacity of the retry quota shared by every call of one client: a retry costs 5
	 * (a timeout 10), a success refunds. When it runs dry, failures are not retried, so
	 * a failing service is not hammered. `Infinity` disables the quota.
	 * @default 500
	 */
	quota?: number | undefined;
	/**
	 * Source of randomness for the jitter, returning a number in [0, 1).
	 * @default Math.random
	 */
	random?: (() => number) | undefined;
	/**
	 * Waits between attempts (and, in adaptive mode, for a send token). Must reject with `signal.reason` when the signal aborts.
	 * @default a setTimeout-based sleep
	 */
	sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
	/**
	 * Called before each retry, after the delay is chosen and before it is waited.
	 * @example onRetry: ({ attempt, delayMs, error }) => console.warn(`retry ${attempt} in ${delayMs} ms: ${error.message}`)
	 */
	onRetry?: ((event: RetryEvent) => void) | undefined;
}

export interface RetryEvent {
	/** The attempt that failed, starting at 1. */
	attempt: number;
	/** How long the retry layer waits before the next attempt. */
	delayMs: number;
	error: Error & { retryKind?: RetryKind | undefined };
}

// `mode` is read by the client alone: the retry loop itself is the same in both modes.
export type ResolvedRetryOptions = {
	[K in Exclude<keyof RetryOptions, 'onRetry' | 'mode'>]-?: NonNullable<RetryOptions[K]>;
} & Pick<RetryOptions, 'onRetry' | 'mode'>;

const RETRY_COST = 5;
const TIMEOUT_RETRY_COST = 10;
const NO_RETRY_INCREMENT = 1;

/** AWS standard-mode retry quota (a token bucket), shared by all calls of one client. */
export class RetryQuota {
	#available: number;
	readonly #capacity: number;

	constructor(capacity: number) {
		this.#capacity = capacity;
		this.#available = capacity;
	}

	get available(): number {
		return this.#available;
	}

	/** Takes the cost of one retry; the cost taken, or `undefined` when the bucket cannot pay for it. */
	acquire(kind: RetryKind): number | undefined {
		const cost = kind === 'timeout' ? TIMEOUT_RETRY_COST : RETRY_COST;
		if (cost > this.#available) return undefined;
		this.#available -= cost;
		return cost;
	}

	/** A successful call gives back what its last retry cost, or 1 when it needed none. */
	release(lastRetryCost: number | undefined): void {
		this.#available = Math.min(
			this.#capacity,
			this.#available + (lastRetryCost ?? NO_RETRY_INCREMENT),
		);
	}
}

/** Full-jitter exponential backoff: `random() * min(base * 2^retry, cap)`. */
export function backoffDelay(
	retry: number,
	kind: RetryKind,
	options: ResolvedRetryOptions,
): number {
	const base = kind === 'throttling' ? options.throttlingBaseDelayMs : options.baseDelayMs;
	return Math.floor(options.random() * Math.min(base * 2 ** retry, options.maxDelayMs));
}

/**
 * Parses `Retry-After` (delay-seconds or an HTTP date) into milliseconds.
 * `now` is the client's clock, so HTTP dates are measured against the injected time.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
	if (value === null || value === undefined) return undefined;
	const trimmed = value.trim();
	if (/^\d+(?:\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
	// An HTTP date names its day and month; Date.parse would also take stray numbers.
	const date = /[a-z]{3}/i.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - now);
}
