import { describe, expect, it } from 'vitest';
import {
	RetryQuota,
	backoffDelay,
	classifyResponse,
	parseRetryAfter,
	type ResolvedRetryOptions,
} from '../src/transport/retry-policy.js';

// The standard retry mode's rules, each as botocore and smithy-typescript state them: which
// codes are throttling, how long to wait, what the quota charges.

const resolved = (overrides: Partial<ResolvedRetryOptions> = {}): ResolvedRetryOptions => ({
	maxAttempts: 3,
	baseDelayMs: 100,
	throttlingBaseDelayMs: 500,
	maxDelayMs: 20_000,
	quota: 500,
	random: () => 0.5,
	sleep: async () => {},
	...overrides,
});

describe('classifyResponse: the AWS SDKs’ lists, every entry', () => {
	it.each([
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
	])('%s is throttling, even on a 200 or a 500', (code) => {
		expect(classifyResponse(200, code)).toBe('throttling');
		expect(classifyResponse(500, code)).toBe('throttling');
	});

	it('a code is matched exactly: case and prefixes count', () => {
		expect(classifyResponse(400, 'throttling')).toBeUndefined();
		expect(classifyResponse(400, 'ThrottlingExceptionX')).toBeUndefined();
		expect(classifyResponse(400, 'requesttimeout')).toBeUndefined();
		expect(classifyResponse(400, '')).toBeUndefined();
	});

	it('a transient code or status is transient whatever the other says', () => {
		expect(classifyResponse(403, 'RequestTimeout')).toBe('transient');
		expect(classifyResponse(502, 'AccessDenied')).toBe('transient');
		// Neither 429 nor a throttling code: a 503 is transient, not throttling.
		expect(classifyResponse(503, 'ServiceUnavailable')).toBe('transient');
	});

	it('only 500, 502, 503 and 504 are transient statuses', () => {
		for (const status of [400, 401, 403, 404, 408, 499, 501, 505, 599])
			expect(classifyResponse(status, undefined), `HTTP ${status}`).toBeUndefined();
	});
});

describe('backoffDelay', () => {
	it('doubles per retry from the base, and rounds down', () => {
		const half = resolved({ random: () => 0.5 });
		expect([0, 1, 2, 3].map((retry) => backoffDelay(retry, 'transient', half))).toEqual([
			50, 100, 200, 400,
		]);
		expect(backoffDelay(0, 'transient', resolved({ random: () => 0.999 }))).toBe(99);
	});

	it('uses the transient base for timeouts, the throttling base only for throttling', () => {
		expect(backoffDelay(0, 'timeout', resolved())).toBe(50);
		expect(backoffDelay(0, 'throttling', resolved())).toBe(250);
	});

	it('draws at most maxDelayMs, whatever the retry', () => {
		const capped = resolved({ maxDelayMs: 300, random: () => 0.999 });
		expect(backoffDelay(10, 'throttling', capped)).toBe(299);
		expect(backoffDelay(1, 'transient', capped)).toBe(199);
	});
});

describe('RetryQuota', () => {
	it('pays a retry when exactly its cost is left, not when one token short', () => {
		const quota = new RetryQuota(14);
		expect(quota.acquire('timeout')).toBe(10);
		expect(quota.acquire('transient')).toBeUndefined();
		expect(quota.available).toBe(4);
		expect(quota.acquire('timeout')).toBeUndefined();
		quota.release(undefined);
		expect(quota.acquire('throttling')).toBe(5);
		expect(quota.available).toBe(0);
	});

	it('starts full, and a refund never lifts it past its capacity', () => {
		const quota = new RetryQuota(7);
		expect(quota.available).toBe(7);
		quota.release(5);
		expect(quota.available).toBe(7);
		quota.acquire('transient');
		quota.release(10);
		expect(quota.available).toBe(7);
	});
});

describe('parseRetryAfter', () => {
	const now = Date.parse('2026-11-29T00:00:00Z');

	it('reads whole and fractional seconds, rounded to the millisecond', () => {
		expect(parseRetryAfter('0', now)).toBe(0);
		expect(parseRetryAfter('120', now)).toBe(120_000);
		expect(parseRetryAfter('1.0005', now)).toBe(1001);
		expect(parseRetryAfter('\t3\n', now)).toBe(3000);
	});

	it('refuses a number with anything around it, or in another notation', () => {
		for (const value of ['2s', 'x2', '1.', '.5', '1e3', '+1', '0x10', '1 2', '', '   '])
			expect(parseRetryAfter(value, now), JSON.stringify(value)).toBeUndefined();
	});

	it('reads an HTTP date in any letter case, in the future or already past', () => {
		expect(parseRetryAfter('SUN, 29 NOV 2026 00:00:05 GMT', now)).toBe(5000);
		expect(parseRetryAfter('Sun, 29 Nov 2026 00:00:00 GMT', now)).toBe(0);
		expect(parseRetryAfter('Fri, 27 Nov 2026 00:00:00 GMT', now)).toBe(0);
	});

	it('needs a named day or month: bare numbers Date.parse would take are not dates', () => {
		expect(parseRetryAfter('2026-11-30', now)).toBeUndefined();
		expect(parseRetryAfter('12/01/2026', now)).toBeUndefined();
		expect(parseRetryAfter('Sun, 99 Foo 2026', now)).toBeUndefined();
	});
});
