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
	const follow = (): void => controller.abort(parent?.reason);
	if (parent?.aborted) follow();
	else parent?.addEventListener('abort', follow, { once: true });
	return {
		signal: controller.signal,
		abort: () => controller.abort(),
		unlink: () => parent?.removeEventListener('abort', follow),
	};
}
