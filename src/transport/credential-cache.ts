import {
	check,
	CredentialsError,
	fromEnvironment,
	type CredentialProvider,
	type CredentialProviderOptions,
	type Credentials,
} from './credentials.js';
import { describeError } from './errors.js';

/** Refresh this long before `expiration`, as the AWS SDKs do. */
export const REFRESH_AHEAD_MS = 5 * 60_000;

export interface CredentialCacheOptions {
	/** Longest wait for one call of the provider, in milliseconds. */
	timeoutMs: number;
	/** The clock expirations are measured against, in epoch milliseconds. */
	now: () => number;
}

/** What every request awaits: credentials fit to sign with, from the cache when they are still good. */
export type CachedCredentials = () => Promise<Credentials>;

/**
 * Normalises the `credentials` option. Static credentials are checked at once and read
 * once; the environment is read on the first request (so a client built before the
 * variables are set still works) and then kept; a provider goes through the cache.
 */
export function credentialProvider(
	option: Credentials | CredentialProvider | undefined,
	options: CredentialCacheOptions,
): CachedCredentials {
	if (typeof option === 'function') return cacheCredentials(option, options);
	// The environment is read at once and fails with its own CredentialsError: never named here.
	if (option === undefined) return cacheCredentials(fromEnvironment, options);
	const fixed = Promise.resolve(check(option));
	return () => fixed;
}

/**
 * Calls `provider` once and keeps what it gives until shortly before its `expiration`
 * (credentials without one are kept for good). One call at a time however many requests
 * wait; each call is bounded by `timeoutMs`, after which it counts as failed (retried as a
 * timeout by the retry layer) and the next request starts a fresh call.
 */
export function cacheCredentials(
	provider: CredentialProvider,
	options: CredentialCacheOptions,
	name = describeProvider(provider),
): CachedCredentials {
	let current: { credentials: Credentials; refreshAt: number; expiresAt: number } | undefined;
	let flight: Promise<Credentials> | undefined;

	const refresh = async (): Promise<Credentials> => {
		const obtained = options.now();
		// An SDK provider memoizes by the wall clock: once due by ours, make it fetch anew.
		const ask = provider as (
			options?: CredentialProviderOptions,
		) => Credentials | Promise<Credentials>;
		const result = await bounded(
			Promise.resolve().then(() => ask(current === undefined ? undefined : { forceRefresh: true })),
			name,
			options.timeoutMs,
		);
		const credentials = check(result);
		current = {
			credentials,
			refreshAt: refreshTime(credentials, obtained),
			expiresAt: credentials.expiration?.getTime() ?? Infinity,
		};
		return credentials;
	};

	return () => {
		const held = current;
		const now = options.now();
		if (held !== undefined && now < held.refreshAt) return Promise.resolve(held.credentials);
		flight ??= refresh().finally(() => {
			flight = undefined;
		});
		// Refreshing ahead of expiry is advice: while what is held still works, a failed or
		// stuck refresh does not stop the listing (the next request tries again).
		if (held !== undefined && now < held.expiresAt) return flight.catch(() => held.credentials);
		return flight;
	};
}

/**
 * Five minutes ahead of expiry; for credentials that live shorter than ten minutes, halfway
 * through what was left, so that short-lived ones are not fetched again for every request.
 */
function refreshTime(credentials: Credentials, obtained: number): number {
	const expires = credentials.expiration?.getTime();
	if (expires === undefined) return Infinity;
	return expires - Math.min(REFRESH_AHEAD_MS, Math.max(0, (expires - obtained) / 2));
}

function bounded<T>(call: Promise<T>, name: string, timeoutMs: number): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		const timer = setTimeout(() => {
			reject(
				new CredentialsError(
					`No credentials from ${name} within ${timeoutMs} ms (credentialsTimeoutMs); retried as a timeout.`,
					{ retryKind: 'timeout' },
				),
			);
		}, timeoutMs);
		call.then(
			(value) => {
				clearTimeout(timer);
				resolve(value);
			},
			(error: unknown) => {
				clearTimeout(timer);
				// A source that already says what failed (the Node chain, the environment) speaks for itself.
				reject(
					error instanceof CredentialsError
						? error
						: new CredentialsError(`${name} failed: ${brief(describeError(error))}`, {
								cause: error,
							}),
				);
			},
		);
	});
}

// A named function says which source it is (the Node entry names its chain); an inline
// `credentials: async () => …` is named after the option, which says nothing more.
function describeProvider(provider: CredentialProvider): string {
	return provider.name === '' || provider.name === 'credentials'
		? 'the credentials provider'
		: provider.name;
}

// A provider's message is meant to say why; a long one is cut so that it cannot drown the rest.
function brief(message: string): string {
	return message.length > 300 ? `${message.slice(0, 300)}…` : message;
}
