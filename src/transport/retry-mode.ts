import { readEnv } from './credentials.js';

/** `standard`: AWS standard retries. `adaptive`: the same, plus a client side rate limiter that backs off on throttling. */
export type RetryMode = 'standard' | 'adaptive';

const MODES: readonly string[] = ['standard', 'adaptive'];

/**
 * The retry mode: the option, else `AWS_RETRY_MODE`, else `standard`. The AWS CLI's
 * `legacy` has no counterpart here and runs as `standard`.
 */
export function resolveRetryMode(option: unknown): RetryMode {
	if (option !== undefined) {
		if (typeof option !== 'string' || !MODES.includes(option)) throw new TypeError(`Expected \`retry.mode\` to be 'standard' or 'adaptive', got ${JSON.stringify(option)}.`);
		return option as RetryMode;
	}
	const env = readEnv('AWS_RETRY_MODE');
	if (env === undefined || env === 'legacy') return 'standard';
	if (!MODES.includes(env)) throw new TypeError(`Expected AWS_RETRY_MODE to be standard, adaptive or legacy, got ${JSON.stringify(env)}.`);
	return env as RetryMode;
}
