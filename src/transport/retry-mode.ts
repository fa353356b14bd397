import { readEnv } from './credentials.js';
import { checkOneOf, expectedError } from './option-check.js';

/** `standard`: AWS standard retries. `adaptive`: the same, plus a client side rate limiter that backs off on throttling. */
export type RetryMode = 'standard' | 'adaptive';

const MODES: readonly string[] = ['standard', 'adaptive'];

/**
 * The retry mode: the option, else `AWS_RETRY_MODE`, else `standard`. The AWS CLI's
 * `legacy` has no counterpart here and runs as `standard`.
 */
export function resolveRetryMode(option: unknown): RetryMode {
	if (option !== undefined) {
		checkOneOf('retry.mode', option, MODES);
		return option as RetryMode;
	}
	const env = readEnv('AWS_RETRY_MODE');
	if (env === undefined || env === 'legacy') return 'standard';
	if (!MODES.includes(env))
		throw expectedError('AWS_RETRY_MODE', "'standard', 'adaptive' or 'legacy'", env);
	return env as RetryMode;
}
