export interface LinkedAbort {
	/** Aborted by `abort()` or when the parent signal aborts. */
	signal: AbortSignal;
	abort: () => void;
	/** Stops listening to the parent; call when the listing is over. */
	unlink: () => void;
}

/**
 * A signal owned by one part of a listing (one request, one stream) that also follows
 * its parent's. Streams need their own: an async generator's `return()` waits behind a
 * pending `next()`, so only an abort reaches the socket at once.
 */
export function linkedAbort(parent: AbortSignal | undefined): LinkedAbort {
	const controller = new AbortController();
	const abort = (): void => controller.abort();
	if (parent === undefined) return { signal: controller.signal, abort, unlink: () => {} };
	// No `{ once: true }`: the parent aborts once, and unlink() removes the listener either way.
	const follow = (): void => controller.abort(parent.reason);
	if (parent.aborted) follow();
	else parent.addEventListener('abort', follow);
	return {
		signal: controller.signal,
		abort,
		unlink: () => parent.removeEventListener('abort', follow),
	};
}

const reasonOf = (signal: AbortSignal): unknown => signal.reason;

/**
 * Settles as `promise` does, or rejects with `onAbort(signal)` (by default the signal's reason)
 * as soon as `signal` aborts:
 * for waits that cannot take a signal themselves (a credentials provider, a fetch that
 * ignores its signal). The promise left behind is kept from becoming an unhandled rejection.
 */
export function abortable<T>(
	promise: Promise<T>,
	signal: AbortSignal | undefined,
	onAbort: (signal: AbortSignal) => unknown = reasonOf,
): Promise<T> {
	if (signal === undefined) return promise;
	if (signal.aborted) {
		promise.catch(() => {});
		return Promise.reject(onAbort(signal));
	}
	return new Promise<T>((resolve, reject) => {
		const abort = (): void => {
			promise.catch(() => {});
			reject(onAbort(signal));
		};
		// Removed when the promise settles; the signal aborts at most once, so no `{ once: true }`.
		signal.addEventListener('abort', abort);
		promise.then(
			(value) => {
				signal.removeEventListener('abort', abort);
				resolve(value);
			},
			(error: unknown) => {
				signal.removeEventListener('abort', abort);
				reject(error);
			},
		);
	});
}
