import { describe, expect, it } from 'vitest';
import { ImportExportError, type RetryKind } from '../src/transport/errors.js';
import { withRetries } from '../src/transport/retry.js';
import {
	RetryQuota,
	type ResolvedRetryOptions,
	type RetryEvent,
} from '../src/transport/retry-policy.js';
import { caught } from './helpers.js';

// The retry loop on its own (transport/retry.ts): which failures it retries, how long it
// waits, what it charges and refunds, and what the error it gives up with says.

function recorder(overrides: Partial<ResolvedRetryOptions> = {}) {
	const waits: Array<[number, AbortSignal | undefined]> = [];
	const events: RetryEvent[] = [];
	const options: ResolvedRetryOptions = {
		maxAttempts: 3,
		baseDelayMs: 100,
		throttlingBaseDelayMs: 500,
		maxDelayMs: 20_000,
		quota: 500,
		random: () => 0.5,
		sleep: async (ms, signal) => {
			waits.push([ms, signal]);
		},
		onRetry: (event) => events.push(event),
		...overrides,
	};
	return { options, waits, events };
}

function failing(kind: RetryKind | undefined, extra: { retryAfterMs?: number } = {}) {
	return Object.assign(
		new ImportExportError(`failed (${kind ?? 'permanent'})`, { retryKind: kind }),
		extra,
	);
}

/** An attempt function that fails with `failures` in turn, then answers `value`. */
function script<T>(failures: Error[], value: T) {
	const seen: number[] = [];
	return {
		seen,
		attempt: async (attemptNumber: number): Promise<T> => {
			seen.push(attemptNumber);
			const failure = failures[attemptNumber - 1];
			if (failure !== undefined) throw failure;
			return value;
		},
	};
}

describe('withRetries', () => {
	it('retries what may be retried, numbering attempts from 1, and says how long it waited', async () => {
		const { options, waits, events } = recorder();
		const run = script([failing('transient'), failing('throttling')], 'page');
		const quota = new RetryQuota(500);
		const result = await withRetries(run.attempt, options, quota, undefined);
		expect(result).toEqual({ value: 'page', attempts: 3, totalDelayMs: 50 + 500 });
		expect(run.seen).toEqual([1, 2, 3]);
		expect(waits.map(([ms]) => ms)).toEqual([50, 500]);
		expect(events.map((e) => [e.attempt, e.delayMs, e.error.message])).toEqual([
			[1, 50, 'failed (transient)'],
			[2, 500, 'failed (throttling)'],
		]);
	});

	it('answers at once, with one attempt and no wait, when the first succeeds', async () => {
		const { options, waits } = recorder();
		const result = await withRetries(async () => 7, options, new RetryQuota(10), undefined);
		expect(result).toEqual({ value: 7, attempts: 1, totalDelayMs: 0 });
		expect(waits).toEqual([]);
	});

	it('never retries a failure without a retry kind, and counts its one attempt', async () => {
		const { options, waits } = recorder();
		const permanent = failing(undefined);
		const error = await caught(() =>
			withRetries(script([permanent], 0).attempt, options, new RetryQuota(500), undefined),
		);
		expect(error).toBe(permanent);
		expect((error as ImportExportError).attempts).toBe(1);
		expect(waits).toEqual([]);
	});

	it('gives up after maxAttempts with the last failure and the count', async () => {
		const { options } = recorder({ maxAttempts: 2 });
		const last = failing('transient');
		const run = script([failing('transient'), last, failing('transient')], 'never');
		const error = await caught(() =>
			withRetries(run.attempt, options, new RetryQuota(500), undefined),
		);
		expect(error).toBe(last);
		expect((error as ImportExportError).attempts).toBe(2);
		expect(run.seen).toEqual([1, 2]);
	});

	it('keeps an attempt count the failure already carries', async () => {
		const { options } = recorder({ maxAttempts: 1 });
		const counted = failing('transient');
		(counted as { attempts: number }).attempts = 9;
		const error = await caught(() =>
			withRetries(script([counted], 0).attempt, options, new RetryQuota(500), undefined),
		);
		expect((error as ImportExportError).attempts).toBe(9);
	});

	it('passes a foreign error through untouched', async () => {
		const { options } = recorder();
		const foreign = new RangeError('not ours');
		const error = await caught(() =>
			withRetries(script([foreign], 0).attempt, options, new RetryQuota(500), undefined),
		);
		expect(error).toBe(foreign);
		expect('attempts' in error).toBe(false);
	});

	it('waits as long as Retry-After asks when that is longer than the backoff, within maxDelayMs', async () => {
		const { options, waits } = recorder({ maxDelayMs: 4000 });
		const run = script(
			[
				failing('throttling', { retryAfterMs: 3000 }),
				failing('throttling', { retryAfterMs: 10 }),
				failing('throttling', { retryAfterMs: 60_000 }),
			],
			'ok',
		);
		const result = await withRetries(
			run.attempt,
			{ ...options, maxAttempts: 4 },
			new RetryQuota(500),
			undefined,
		);
		// 3000 over a 250 backoff; the 500 backoff over a 10 ms Retry-After; 60 s cut to 4 s.
		expect(waits.map(([ms]) => ms)).toEqual([3000, 500, 4000]);
		expect(result.totalDelayMs).toBe(7500);
	});

	it('charges the quota per retry, a timeout double, and refunds the last retry’s cost on success', async () => {
		const { options } = recorder();
		const quota = new RetryQuota(100);
		await withRetries(
			script([failing('timeout'), failing('transient')], 1).attempt,
			options,
			quota,
			undefined,
		);
		// 10 + 5 charged, the last retry's 5 refunded.
		expect(quota.available).toBe(90);
		await withRetries(script([failing('timeout')], 1).attempt, options, quota, undefined);
		expect(quota.available).toBe(90);
	});

	it('refunds 1 for a success that needed no retry, up to the capacity', async () => {
		const { options } = recorder();
		const quota = new RetryQuota(100);
		await caught(() =>
			withRetries(
				script([failing('transient'), failing(undefined)], 1).attempt,
				options,
				quota,
				undefined,
			),
		);
		expect(quota.available).toBe(95);
		await withRetries(async () => 1, options, quota, undefined);
		expect(quota.available).toBe(96);
	});

	it('stops retrying when the quota cannot pay, without waiting', async () => {
		const { options, waits } = recorder({ maxAttempts: 5 });
		const quota = new RetryQuota(9);
		const run = script([failing('transient'), failing('timeout'), failing('transient')], 'never');
		const error = await caught(() => withRetries(run.attempt, options, quota, undefined));
		expect((error as ImportExportError).attempts).toBe(2);
		expect(waits.map(([ms]) => ms)).toEqual([50]);
		expect(quota.available).toBe(4);
	});

	it('hands the caller’s signal to the wait, and stops when it aborts', async () => {
		const controller = new AbortController();
		const { options, waits } = recorder({
			sleep: async (ms, signal) => {
				waits.push([ms, signal]);
				controller.abort(new Error('stop'));
			},
		});
		const run = script([failing('transient'), failing('transient')], 'never');
		const error = await caught(() =>
			withRetries(run.attempt, options, new RetryQuota(500), controller.signal),
		);
		expect(waits[0]?.[1]).toBe(controller.signal);
		expect(run.seen).toEqual([1]);
		expect(error.message).toBe('stop');
	});

	it('retries without onRetry', async () => {
		const { options } = recorder();
		const { onRetry: _ignored, ...quiet } = options;
		const result = await withRetries(
			script([failing('transient')], 'x').attempt,
			quiet,
			new RetryQuota(500),
			undefined,
		);
		expect(result.attempts).toBe(2);
	});
});
