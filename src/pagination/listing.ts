import { linkedAbort, type LinkedAbort } from '../transport/linked-abort.js';

/**
 * The lifecycle every way of consuming a listing shares (the paginators, the web stream,
 * the Node stream):
 * - started on the first `next()`, so a listing never read sends nothing and holds no
 *   listener on the caller's signal;
 * - its own abort, linked to the caller's signal and unlinked once the listing ends;
 * - `return()` and `throw()` abort the request in flight before they reach the generator.
 *   A generator queues them behind a pending `next()`, which would otherwise wait for the
 *   whole request (a silent server: the full timeout, every retry); aborted, that `next()`
 *   rejects with an AbortError and `return()` settles as soon as it does.
 */
export function openListing<T>(
	parent: AbortSignal | undefined,
	start: (signal: AbortSignal) => AsyncGenerator<T, void, undefined>,
): AsyncGenerator<T, void, undefined> {
	let started: { link: LinkedAbort; generator: AsyncGenerator<T, void, undefined> } | undefined;
	let closedEarly = false;
	const settle = (
		link: LinkedAbort,
		result: Promise<IteratorResult<T, void>>,
	): Promise<IteratorResult<T, void>> =>
		result.then(
			(value) => {
				if (value.done === true) link.unlink();
				return value;
			},
			(error: unknown) => {
				link.unlink();
				throw error;
			},
		);
	const listing: AsyncGenerator<T, void, undefined> = {
		next() {
			if (started === undefined) {
				if (closedEarly) return Promise.resolve({ done: true, value: undefined });
				const link = linkedAbort(parent);
				started = { link, generator: start(link.signal) };
			}
			return settle(started.link, started.generator.next());
		},
		return(value) {
			if (started === undefined) {
				closedEarly = true;
				return Promise.resolve({ done: true, value: undefined });
			}
			started.link.abort();
			return settle(started.link, started.generator.return(value));
		},
		throw(error) {
			if (started === undefined) {
				closedEarly = true;
				return Promise.reject(error);
			}
			started.link.abort();
			return settle(started.link, started.generator.throw(error));
		},
		[Symbol.asyncIterator]() {
			return listing;
		},
	};
	// `await using` (explicit resource management) where the runtime has it.
	const asyncDispose = (Symbol as { asyncDispose?: symbol }).asyncDispose;
	// Stryker disable next-line ConditionalExpression: every Node this package supports has Symbol.asyncDispose; the guard is for other runtimes.
	if (asyncDispose !== undefined)
		Object.defineProperty(listing, asyncDispose, {
			value: () => listing.return(undefined).then(() => undefined),
		});
	return listing;
}
