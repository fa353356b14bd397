import { Cubic, SendRateMeter } from './cubic.js';
import { SendTokenBucket, type BucketClock } from './send-token-bucket.js';

/** Adaptive retry mode's view of the send rate, for tests and traces. */
export interface RateLimiterState {
	/** False until the first throttle: until then attempts go out unhindered. */
	enabled: boolean;
	/** Tokens per second the bucket refills at. */
	fillRate: number;
	/** Requests per second, as measured. */
	measuredRate: number;
}

/**
 * The client side rate limiter of the AWS SDKs' adaptive retry mode: every attempt first
 * takes a token; every response moves the fill rate along CUBIC, down to `beta` times the
 * measured rate on a throttle, back up on success (never above twice the measured rate).
 * Dormant until the first throttle. One per client, shared by all its calls.
 */
export class AdaptiveRateLimiter {
	static readonly MAX_RATE_SCALE = 2;
	#enabled = false;
	readonly #clock: BucketClock;
	readonly #cubic: Cubic;
	readonly #meter: SendRateMeter;
	readonly #bucket: SendTokenBucket;

	constructor(clock: BucketClock) {
		this.#clock = clock;
		const start = clock.now() / 1000;
		this.#cubic = new Cubic(start);
		this.#meter = new SendRateMeter(start);
		this.#bucket = new SendTokenBucket(clock);
		// The SDKs start the bucket at 1 token per second until CUBIC speaks.
		this.#bucket.setRate(1);
	}

	get state(): RateLimiterState {
		return {
			enabled: this.#enabled,
			fillRate: this.#bucket.fillRate,
			measuredRate: this.#meter.rate,
		};
	}

	/** Waits for a send token (at once while dormant). */
	async acquire(signal?: AbortSignal): Promise<void> {
		if (this.#enabled) await this.#bucket.acquire(signal);
	}

	/** Records the outcome of an attempt that got a response or failed: `throttled` or not. */
	record(throttled: boolean): void {
		const time = this.#clock.now() / 1000;
		const measured = this.#meter.record(time);
		let rate: number;
		if (throttled) {
			rate = this.#cubic.throttle(
				this.#enabled ? Math.min(measured, this.#bucket.fillRate) : measured,
				time,
			);
			this.#enabled = true;
		} else {
			rate = this.#cubic.success(time);
		}
		this.#bucket.setRate(Math.min(rate, AdaptiveRateLimiter.MAX_RATE_SCALE * measured));
	}
}
