import { describe, expect, it } from 'vitest';
import {
	RetryQuota,
	backoffDelay,
	classifyResponse,
	parseRetryAfter,
	type ResolvedRetryOptions,
} from '../src/transport/retry-policy.js';

const options = (random: () => number): ResolvedRetryOptions => ({
	maxAttempts: 3,
	baseDelayMs: 100,
	throttlingBaseDelayMs: 500,
	maxDelayMs: 20_000,
	quota: 500,
	random,
	sleep: async () => {},
});

describe('classifyResponse', () => {
	it.each([
		'Throttling',
		'ThrottlingException',
		'SlowDown',
		'RequestLimitExceeded',
		'TooManyRequestsException',
		'PriorRequestNotComplete',
		'EC2ThrottledException',
	])('treats %s as throttling whatever the status', (code) => {
		expect(classifyResponse(400, code)).toBe('throttling');
		expect(classifyResponse(503, code)).toBe('throttling');
	});
	it('treats HTTP 429 as throttling even with no code', () =>
		expect(classifyResponse(429, undefined)).toBe('throttling'));
	it.each([500, 502, 503, 504])('treats HTTP %i as transient', (status) =>
		expect(classifyResponse(status, undefined)).toBe('transient'),
	);
	it('treats RequestTimeout codes as transient', () => {
		expect(classifyResponse(400, 'RequestTimeout')).toBe('transient');
		expect(classifyResponse(400, 'RequestTimeoutException')).toBe('transient');
	});
	it.each([
		[400, 'InvalidParameterException'],
		[403, 'SignatureDoesNotMatch'],
		[403, 'InvalidClientTokenId'],
		[400, 'InvalidVersionException'],
		[404, undefined],
		[501, undefined],
	])('treats HTTP %i %s as permanent', (status, code) =>
		expect(classifyResponse(status, code)).toBeUndefined(),
	);
});

describe('backoffDelay', () => {
	it('is full jitter over base * 2^retry', () => {
		expect(
			backoffDelay(
				0,
				'transient',
				options(() => 0.5),
			),
		).toBe(50);
		expect(
			backoffDelay(
				1,
				'transient',
				options(() => 0.5),
			),
		).toBe(100);
		expect(
			backoffDelay(
				2,
				'transient',
				options(() => 0.999),
			),
		).toBe(399);
		expect(
			backoffDelay(
				0,
				'transient',
				options(() => 0),
			),
		).toBe(0);
	});
	it('uses the throttling base for throttling', () =>
		expect(
			backoffDelay(
				1,
				'throttling',
				options(() => 0.5),
			),
		).toBe(500));
	it('never exceeds the 20 s cap', () =>
		expect(
			backoffDelay(
				30,
				'throttling',
				options(() => 0.9999),
			),
		).toBeLessThan(20_000));
});

describe('RetryQuota', () => {
	it('charges 5 a retry, 10 a timeout retry, and refuses when dry', () => {
		const quota = new RetryQuota(15);
		expect(quota.acquire('transient')).toBe(5);
		expect(quota.acquire('timeout')).toBe(10);
		expect(quota.available).toBe(0);
		expect(quota.acquire('throttling')).toBeUndefined();
	});
	it('refunds the last retry cost on success, or 1, never above capacity', () => {
		const quota = new RetryQuota(20);
		quota.acquire('timeout');
		quota.release(10);
		expect(quota.available).toBe(20);
		quota.acquire('transient');
		quota.release(undefined);
		expect(quota.available).toBe(16);
		quota.release(undefined);
		quota.release(undefined);
		quota.release(undefined);
		quota.release(undefined);
		expect(quota.available).toBe(20);
	});
});

describe('parseRetryAfter', () => {
	const now = Date.parse('2026-11-29T00:00:00Z');
	it('reads delay-seconds', () => {
		expect(parseRetryAfter('2', now)).toBe(2000);
		expect(parseRetryAfter(' 0.5 ', now)).toBe(500);
	});
	it('reads an HTTP date against the given clock', () => {
		expect(parseRetryAfter('Sun, 29 Nov 2026 00:00:03 GMT', now)).toBe(3000);
		expect(parseRetryAfter('Sat, 28 Nov 2026 00:00:00 GMT', now)).toBe(0);
	});
	it('ignores what it cannot read', () => {
		expect(parseRetryAfter('soon', now)).toBeUndefined();
		expect(parseRetryAfter(null, now)).toBeUndefined();
		expect(parseRetryAfter('-1', now)).toBeUndefined();
	});
});
