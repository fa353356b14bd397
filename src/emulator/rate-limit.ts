import { senderError, type ApiError } from './errors.js';

export interface RateLimitOptions {
	/** Requests per second the bucket refills at. */
	requestsPerSecond: number;
	/**
	 * Requests that may arrive at once after a quiet spell: the bucket's size.
	 * @default requestsPerSecond, at least 1
	 */
	burst?: number;
}

/** AWS's answer to a request over an API's rate: `Throttling`, HTTP 400. */
export const rateExceeded = (): ApiError => senderError(400, 'Throttling', 'Rate exceeded');

/**
 * The account's request rate, as AWS limits an API: a token bucket that starts full, refills
 * at `requestsPerSecond` up to `burst`, and refuses a request when empty. The clock is the
 * emulator's, so tests can drive it.
 */
export class RequestRateLimit {
	readonly #rate: number;
	readonly #burst: number;
	readonly #now: () => number;
	#tokens: number;
	#last: number;

	constructor(options: RateLimitOptions, now: () => number) {
		this.#rate = options.requestsPerSecond;
		this.#burst = options.burst ?? Math.max(1, options.requestsPerSecond);
		this.#now = now;
		this.#tokens = this.#burst;
		this.#last = now();
	}

	/** Takes a token for one request; false when the bucket is empty (throttle it). */
	take(): boolean {
		const now = this.#now();
		// A clock that steps back (an injected one) refills nothing rather than draining.
		this.#tokens = Math.min(
			this.#burst,
			this.#tokens + (Math.max(0, now - this.#last) / 1000) * this.#rate,
		);
		this.#last = now;
		if (this.#tokens < 1) return false;
		this.#tokens -= 1;
		return true;
	}
}

/** Checks `rateLimit`; a TypeError naming the field otherwise. */
export function checkRateLimit(value: unknown): void {
	if (value === undefined) return;
	if (value === null || typeof value !== 'object')
		throw new TypeError(
			'startEmulator: `rateLimit` must be an object { requestsPerSecond, burst? }.',
		);
	const { requestsPerSecond, burst } = value as Record<string, unknown>;
	if (
		typeof requestsPerSecond !== 'number' ||
		!(requestsPerSecond > 0) ||
		!Number.isFinite(requestsPerSecond)
	) {
		throw new TypeError(
			`startEmulator: \`rateLimit.requestsPerSecond\` must be a positive number, got ${String(requestsPerSecond)}.`,
		);
	}
	if (
		burst !== undefined &&
		(typeof burst !== 'number' || !(burst >= 1) || !Number.isFinite(burst))
	) {
		throw new TypeError(
			// eslint-disable-next-line @typescript-eslint/no-base-to-string -- any value a caller passed
			`startEmulator: \`rateLimit.burst\` must be a number >= 1, got ${String(burst)}.`,
		);
	}
}
