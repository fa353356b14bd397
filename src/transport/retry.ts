import pRetry from 'p-retry';
import { ImportExportError, type RetryKind } from './errors.js';
import { setErrorFacts } from './error-state.js';
import { backoffDelay, type ResolvedRetryOptions, type RetryQuota } from './retry-policy.js';

interface Retryable {
	retryKind?: RetryKind | undefined;
	retryAfterMs?: number | undefined;
	attempts?: number | undefined;
}

export interface RetryResult<T> {
	value: T;
	attempts: number;
	/** Time spent waiting between attempts, in milliseconds. */
	totalDelayMs: number;
}

/**
 * Runs `attempt` under the client's retry policy, with p-retry as the only retry layer.
 * p-retry counts attempts and honours the signal; the delay (full jitter, Retry-After,
 * the shared quota) is chosen here, so p-retry's own backoff is set to zero.
 */
export async function withRetries<T>(
	attempt: (attemptNumber: number) => Promise<T>,
	options: ResolvedRetryOptions,
	quota: RetryQuota,
	signal: AbortSignal | undefined,
): Promise<RetryResult<T>> {
	let attempts = 0;
	let totalDelayMs = 0;
	let lastRetryCost: number | undefined;
	try {
		const value = await pRetry(
			(attemptNumber) => {
				attempts = attemptNumber;
				return attempt(attemptNumber);
			},
			{
				retries: options.maxAttempts - 1,
				minTimeout: 0,
				maxTimeout: 0,
				...(signal === undefined ? {} : { signal }),
				shouldRetry: async ({ error, attemptNumber }) => {
					const failure = error as Error & Retryable;
					const kind = failure.retryKind;
					if (kind === undefined) return false;
					const cost = quota.acquire(kind);
					if (cost === undefined) return false;
					lastRetryCost = cost;
					const backoff = backoffDelay(attemptNumber - 1, kind, options);
					const delayMs = Math.min(
						Math.max(backoff, failure.retryAfterMs ?? 0),
						options.maxDelayMs,
					);
					totalDelayMs += delayMs;
					options.onRetry?.({ attempt: attemptNumber, delayMs, error: failure });
					await options.sleep(delayMs, signal);
					return true;
				},
			},
		);
		quota.release(lastRetryCost);
		return { value, attempts, totalDelayMs };
	} catch (error) {
		if (error instanceof ImportExportError && error.attempts === undefined)
			setErrorFacts(error, { attempts });
		throw error;
	}
}
