/**
 * CUBIC congestion control as the AWS SDKs' adaptive retry mode applies it to a send rate
 * (botocore `CubicCalculator`, smithy-typescript `DefaultRateLimiter`). Rates are in requests
 * per second, times in seconds.
 */
export const CUBIC_BETA = 0.7;
export const CUBIC_SCALE = 0.4;

export class Cubic {
	/** W_max: the rate at the last throttle, which the curve climbs back to. */
	#maxRate: number;
	#lastThrottle: number;
	/** K: seconds after a throttle at which the curve is back at W_max. */
	#zeroPoint: number;

	constructor(startTime: number, startMaxRate = 0) {
		this.#maxRate = startMaxRate;
		this.#lastThrottle = startTime;
		this.#zeroPoint = zeroPoint(startMaxRate);
	}

	/** A success at `time`: `C (t - K)^3 + W_max`, flat near W_max, steep away from it. */
	success(time: number): number {
		return CUBIC_SCALE * (time - this.#lastThrottle - this.#zeroPoint) ** 3 + this.#maxRate;
	}

	/** A throttle at `time` while sending at `rate`: the rate to fall back to, `beta * rate`. */
	throttle(rate: number, time: number): number {
		this.#maxRate = rate;
		this.#zeroPoint = zeroPoint(rate);
		this.#lastThrottle = time;
		return rate * CUBIC_BETA;
	}
}

/** K = cbrt(W_max (1 - beta) / C). */
function zeroPoint(maxRate: number): number {
	return Math.cbrt((maxRate * (1 - CUBIC_BETA)) / CUBIC_SCALE);
}

/**
 * The measured send rate: requests counted in half-second buckets, smoothed
 * (`0.8 * latest + 0.2 * previous`), as botocore's `RateClocker` measures it.
 */
export class SendRateMeter {
	static readonly SMOOTHING = 0.8;
	#rate = 0;
	#count = 0;
	#lastBucket: number;

	constructor(startTime: number) {
		this.#lastBucket = Math.floor(startTime);
	}

	get rate(): number {
		return this.#rate;
	}

	/** Counts one request at `time`; the measured rate. */
	record(time: number): number {
		const bucket = Math.floor(time * 2) / 2;
		this.#count++;
		if (bucket > this.#lastBucket) {
			const current = this.#count / (bucket - this.#lastBucket);
			this.#rate = current * SendRateMeter.SMOOTHING + this.#rate * (1 - SendRateMeter.SMOOTHING);
			this.#count = 0;
			this.#lastBucket = bucket;
		}
		return this.#rate;
	}
}
