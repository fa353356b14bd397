/** Lowest fill rate, in tokens per second, whatever CUBIC asks: a throttled client still sends. */
export const MIN_FILL_RATE = 0.5;
const MIN_CAPACITY = 1;

export interface BucketClock {
	/** Milliseconds, from any origin. */
	now: () => number;
	/** Waits `ms`; rejects with `signal.reason` when the signal aborts. */
	sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * The client side token bucket of adaptive retry mode: one token per attempt, refilled at
 * the rate CUBIC sets. Waiters are served in order, one at a time, so that no call jumps
 * the queue and none is starved.
 */
export class SendTokenBucket {
	#fillRate = MIN_FILL_RATE;
	#maxCapacity = MIN_CAPACITY;
	#capacity = 0;
	#last: number | undefined;
	#queue: Promise<void> = Promise.resolve();
	readonly #clock: BucketClock;

	constructor(clock: BucketClock) {
		this.#clock = clock;
	}

	/** Tokens per second. */
	get fillRate(): number {
		return this.#fillRate;
	}

	get capacity(): number {
		this.#refill();
		return this.#capacity;
	}

	/** Sets the fill rate (at least MIN_FILL_RATE); the bucket holds at most max(rate, 1) tokens. */
	setRate(rate: number): void {
		this.#refill();
		this.#fillRate = Math.max(rate, MIN_FILL_RATE);
		this.#maxCapacity = Math.max(rate, MIN_CAPACITY);
		this.#capacity = Math.min(this.#capacity, this.#maxCapacity);
	}

	/** Takes one token, waiting for it in turn. */
	acquire(signal?: AbortSignal): Promise<void> {
		const turn = this.#queue.then(() => this.#take(signal));
		this.#queue = turn.catch(() => {});
		return turn;
	}

	async #take(signal: AbortSignal | undefined): Promise<void> {
		for (;;) {
			signal?.throwIfAborted();
			this.#refill();
			if (this.#capacity >= 1) {
				this.#capacity -= 1;
				return;
			}
			// Rounded up, so that the refill after the wait covers the token.
			await this.#clock.sleep(Math.ceil(((1 - this.#capacity) / this.#fillRate) * 1000), signal);
		}
	}

	#refill(): void {
		const now = this.#clock.now() / 1000;
		if (this.#last !== undefined)
			this.#capacity = Math.min(
				this.#maxCapacity,
				this.#capacity + (now - this.#last) * this.#fillRate,
			);
		this.#last = now;
	}
}
