import { describe, expect, it } from 'vitest';
import { RequestRateLimit } from '../src/emulator/rate-limit.js';
import { Cubic, SendRateMeter } from '../src/transport/cubic.js';
import { AdaptiveRateLimiter } from '../src/transport/rate-limiter.js';
import { MIN_FILL_RATE, SendTokenBucket } from '../src/transport/send-token-bucket.js';

/** A clock that moves only when slept on: time in ms, every wait recorded. */
function fakeTime(startMs = 1_000_000) {
	const clock = {
		ms: startMs,
		waits: [] as number[],
		now: () => clock.ms,
		sleep: async (ms: number, signal?: AbortSignal) => {
			signal?.throwIfAborted();
			clock.waits.push(ms);
			clock.ms += ms;
		},
	};
	return clock;
}

// Computed with botocore's formulas (retries/throttling.py CubicCalculator, adaptive.py RateClocker and
// ClientRateLimiter, bucket.py max_rate) in Python, starting at t = 1000 s:
// [time (s), throttled, measured rate, fill rate after the response].
const BOTOCORE_TRACE: Array<[number, boolean, number, number]> = [
	[1000.4, false, 0.0, 0.5],
	[1000.5, false, 8.0, 0.5],
	[1001.0, false, 9.6, 0.5],
	[1001.1, false, 9.6, 0.5324000000000331],
	[1001.4, false, 9.6, 1.0975999999999464],
	[1001.5, false, 9.92, 1.35],
	[1001.9, false, 9.92, 2.7435999999999017],
	[1002.0, false, 9.984, 3.2],
	[1002.05, true, 9.984, 6.9887999999999995],
	[1002.5, false, 5.1968000000000005, 8.616675307792232],
	[1003.0, false, 2.63936, 5.27872],
	[1003.5, false, 2.127872, 4.255744],
	[1004.0, true, 2.0255744, 1.41790208],
	[1004.5, false, 2.0051148800000003, 1.9159408370398794],
	[1006.0, false, 0.9343563093333334, 1.8687126186666667],
	[1008.0, false, 0.5868712618666667, 1.1737425237333334],
];
/** The trace's full event list: ten requests a second for two seconds, then the rows above. */
function botocoreEvents(): Array<[number, boolean]> {
	const sends: Array<[number, boolean]> = [];
	for (let i = 1; i <= 20; i++) sends.push([1000 + 0.1 * i, false]);
	return [
		...sends,
		...BOTOCORE_TRACE.filter(([time]) => time > 1002).map(
			([time, throttled]): [number, boolean] => [time, throttled],
		),
	];
}

describe('CUBIC', () => {
	it('falls to beta (0.7) times the rate on a throttle', () => {
		const cubic = new Cubic(0);
		expect(cubic.throttle(10, 5)).toBeCloseTo(7, 12);
	});

	it('climbs back to W_max at K = cbrt(W_max (1 - beta) / C) after the throttle, and past it beyond', () => {
		const cubic = new Cubic(0);
		cubic.throttle(5, 100);
		// K(5) = cbrt(5 * 0.3 / 0.4) = 1.5536162529769293
		expect(cubic.success(100 + 1.5536162529769293)).toBeCloseTo(5, 12);
		// 0.4 * (3 - K)^3 + 5, as botocore computes it.
		expect(cubic.success(103)).toBeCloseTo(6.21034892929983, 12);
		// Below W_max before K: 0.4 * (0 - K)^3 + 5 = 3.5, beta times W_max.
		expect(cubic.success(100)).toBeCloseTo(3.5, 12);
	});

	it('starts from W_max 0: a success t seconds in is 0.4 t^3', () => {
		expect(new Cubic(10).success(12)).toBeCloseTo(0.4 * 8, 12);
	});
});

describe('SendRateMeter', () => {
	it('measures in half-second buckets, smoothed 0.8 / 0.2, as botocore does', () => {
		const meter = new SendRateMeter(1000);
		const measured = botocoreEvents().map(([time]) => meter.record(time));
		for (const [time, , expected] of BOTOCORE_TRACE) {
			const index = botocoreEvents().findIndex(([t]) => t === time);
			expect(measured[index], `at ${time}`).toBeCloseTo(expected, 9);
		}
	});
});

describe('AdaptiveRateLimiter', () => {
	it('moves the fill rate exactly as botocore does over a trace of successes and throttles', () => {
		const time = fakeTime(1000 * 1000);
		const limiter = new AdaptiveRateLimiter(time);
		const fills = new Map<number, number>();
		for (const [seconds, throttled] of botocoreEvents()) {
			time.ms = seconds * 1000;
			limiter.record(throttled);
			fills.set(seconds, limiter.state.fillRate);
		}
		for (const [seconds, , , fill] of BOTOCORE_TRACE)
			expect(fills.get(seconds), `at ${seconds}`).toBeCloseTo(fill, 8);
	});

	it('lets every attempt through unhindered until the first throttle', async () => {
		const time = fakeTime();
		const limiter = new AdaptiveRateLimiter(time);
		for (let i = 0; i < 50; i++) {
			await limiter.acquire();
			limiter.record(false);
		}
		expect(time.waits).toEqual([]);
		expect(limiter.state.enabled).toBe(false);
	});

	it('after a throttle, spaces attempts at the fill rate', async () => {
		const time = fakeTime();
		const limiter = new AdaptiveRateLimiter(time);
		limiter.record(true);
		expect(limiter.state).toMatchObject({ enabled: true, fillRate: MIN_FILL_RATE });
		const started = time.ms;
		for (let i = 0; i < 3; i++) await limiter.acquire();
		// An empty bucket at 0.5 tokens/s: one token every 2 s.
		expect(time.ms - started).toBe(6000);
	});
});

describe('SendTokenBucket', () => {
	it('serves waiters in order, one token each', async () => {
		const time = fakeTime();
		const bucket = new SendTokenBucket(time);
		bucket.setRate(4);
		const order: number[] = [];
		await Promise.all([1, 2, 3].map((n) => bucket.acquire().then(() => order.push(n))));
		expect(order).toEqual([1, 2, 3]);
		// Three tokens at 4 per second from empty: 750 ms.
		expect(time.waits.reduce((a, b) => a + b, 0)).toBe(750);
	});

	it('rejects a waiter whose signal aborts, and serves the next', async () => {
		const time = fakeTime();
		const bucket = new SendTokenBucket(time);
		const controller = new AbortController();
		controller.abort(new Error('stop'));
		await expect(bucket.acquire(controller.signal)).rejects.toThrow('stop');
		await bucket.acquire();
		expect(bucket.capacity).toBeLessThan(1);
	});

	it('never fills slower than 0.5 tokens per second, and holds at most max(rate, 1) tokens', () => {
		const time = fakeTime();
		const bucket = new SendTokenBucket(time);
		bucket.setRate(0.01);
		expect(bucket.fillRate).toBe(MIN_FILL_RATE);
		time.ms += 60_000;
		expect(bucket.capacity).toBe(1);
		bucket.setRate(8);
		time.ms += 60_000;
		expect(bucket.capacity).toBe(8);
	});
});

describe('emulator RequestRateLimit', () => {
	it('lets a burst through, then refuses until the rate refills a token', () => {
		let now = 0;
		const limit = new RequestRateLimit({ requestsPerSecond: 5, burst: 3 }, () => now);
		expect([limit.take(), limit.take(), limit.take(), limit.take()]).toEqual([
			true,
			true,
			true,
			false,
		]);
		now += 199;
		expect(limit.take()).toBe(false);
		now += 1;
		expect(limit.take()).toBe(true);
		// A long quiet spell refills up to the burst, no further.
		now += 60_000;
		expect(Array.from({ length: 4 }, () => limit.take())).toEqual([true, true, true, false]);
	});

	it('defaults the burst to the rate', () => {
		const now = 0;
		const limit = new RequestRateLimit({ requestsPerSecond: 2 }, () => now);
		expect([limit.take(), limit.take(), limit.take()]).toEqual([true, true, false]);
	});
});
