import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AdaptiveRateLimiter } from '../src/transport/rate-limiter.js';
import { SendTokenBucket } from '../src/transport/send-token-bucket.js';

// Adaptive retry mode held to botocore's own classes: the figures in the fixture are what
// botocore 1.43 (ClientRateLimiter, CubicCalculator, RateClocker, TokenBucket) computes on a
// clock that moves only when told; test/fixtures/adaptive/botocore-trace.py wrote them.

interface LimiterRow {
	ms: number;
	throttled: boolean;
	measuredRate: number;
	fillRate: number;
	enabled: boolean;
}
interface BucketRow {
	op: 'capacity' | 'acquire' | 'setRate';
	ms: number | null;
	rate: number | null;
	waitsMs: number[];
	after: number;
	capacity: number;
	fillRate: number;
}
const trace = JSON.parse(
	readFileSync(new URL('./fixtures/adaptive/botocore-trace.json', import.meta.url), 'utf8'),
) as {
	limiter: { start: number; rows: LimiterRow[] };
	bucket: { start: number; rows: BucketRow[] };
};

/** Milliseconds that move only when set or slept on; every wait recorded. */
function fakeTime(startMs: number) {
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

describe('AdaptiveRateLimiter against botocore', () => {
	it('covers the cases that matter: dormant, a first throttle, and throttles with either floor', () => {
		const rows = trace.limiter.rows;
		expect(rows.some((row) => !row.enabled)).toBe(true);
		const throttles = rows.filter((row) => row.throttled);
		expect(throttles.length).toBeGreaterThanOrEqual(3);
		// One later throttle falls from the fill rate (measured higher), one from the measured rate.
		expect(throttles.some((row) => row.fillRate < 0.7 * row.measuredRate - 1e-9)).toBe(true);
		expect(throttles.some((row) => Math.abs(row.fillRate - 0.7 * row.measuredRate) < 1e-9)).toBe(
			true,
		);
	});

	it('measures the rate and moves the fill rate exactly as botocore, response by response', () => {
		const time = fakeTime(trace.limiter.start);
		const limiter = new AdaptiveRateLimiter(time);
		expect(limiter.state).toEqual({ enabled: false, fillRate: 1, measuredRate: 0 });
		for (const row of trace.limiter.rows) {
			time.ms = row.ms;
			limiter.record(row.throttled);
			const state = limiter.state;
			expect(state.measuredRate, `measured at ${row.ms}`).toBeCloseTo(row.measuredRate, 9);
			expect(state.fillRate, `fill at ${row.ms}`).toBeCloseTo(row.fillRate, 9);
			expect(state.enabled, `enabled at ${row.ms}`).toBe(row.enabled);
		}
	});
});

describe('SendTokenBucket against botocore', () => {
	it('fills, caps, takes and waits exactly as botocore’s TokenBucket', async () => {
		const time = fakeTime(trace.bucket.start);
		const bucket = new SendTokenBucket(time);
		// botocore builds its bucket with max_rate=1.
		bucket.setRate(1);
		for (const [index, row] of trace.bucket.rows.entries()) {
			const where = `step ${index} (${row.op})`;
			if (row.ms !== null) time.ms = row.ms;
			time.waits.length = 0;
			if (row.op === 'setRate') bucket.setRate(row.rate!);
			if (row.op === 'acquire') await bucket.acquire();
			expect(time.waits, where).toEqual(row.waitsMs);
			expect(time.ms, where).toBe(row.after);
			expect(bucket.capacity, where).toBeCloseTo(row.capacity, 9);
			expect(bucket.fillRate, where).toBeCloseTo(row.fillRate, 12);
		}
	});
});
