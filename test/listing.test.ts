// Issue 14: the lifecycle every way of consuming a listing shares (openListing), stated on a
// generator of its own: started on the first next(), its abort linked to the caller's signal
// and unlinked once over, return() and throw() before the first next() send nothing.
import { describe, expect, it } from 'vitest';
import { openListing } from '../src/pagination/listing.js';

/** A parent signal that counts the listeners it holds. */
function countedSignal(): { controller: AbortController; listeners: () => number } {
	const controller = new AbortController();
	let count = 0;
	const { signal } = controller;
	const add = signal.addEventListener.bind(signal);
	const remove = signal.removeEventListener.bind(signal);
	signal.addEventListener = ((...args: Parameters<typeof add>) => {
		count++;
		add(...args);
	}) as typeof add;
	signal.removeEventListener = ((...args: Parameters<typeof remove>) => {
		count--;
		remove(...args);
	}) as typeof remove;
	return { controller, listeners: () => count };
}

describe('openListing', () => {
	it('starts the generator on the first next(), not before', async () => {
		let started = 0;
		const listing = openListing(undefined, async function* () {
			started++;
			yield 1;
		});
		expect(started).toBe(0);
		expect(await listing.next()).toEqual({ done: false, value: 1 });
		expect(started).toBe(1);
		expect(await listing.next()).toEqual({ done: true, value: undefined });
		expect(started).toBe(1);
	});

	it('holds a listener on the caller’s signal only while the listing runs', async () => {
		const { controller, listeners } = countedSignal();
		const listing = openListing(controller.signal, async function* () {
			yield 1;
			yield 2;
		});
		expect(listeners()).toBe(0);
		await listing.next();
		expect(listeners()).toBe(1);
		await listing.next();
		expect(listeners()).toBe(1);
		await listing.next();
		expect(listeners()).toBe(0);
	});

	it('a listing that fails lets go of the caller’s signal too, and rejects with its error', async () => {
		const { controller, listeners } = countedSignal();
		const failure = new Error('broken page');
		const listing = openListing(controller.signal, async function* () {
			yield 1;
			throw failure;
		});
		await listing.next();
		await expect(listing.next()).rejects.toBe(failure);
		expect(listeners()).toBe(0);
	});

	it('the caller’s abort reaches the generator’s signal, with its reason', async () => {
		const controller = new AbortController();
		let inner: AbortSignal | undefined;
		const listing = openListing(controller.signal, async function* (signal) {
			inner = signal;
			yield 1;
		});
		await listing.next();
		const reason = new Error('stop');
		controller.abort(reason);
		expect(inner?.aborted).toBe(true);
		expect(inner?.reason).toBe(reason);
	});

	it('return() aborts the generator’s signal before the generator sees it', async () => {
		let inner: AbortSignal | undefined;
		let abortedAtFinally: boolean | undefined;
		const listing = openListing(undefined, async function* (signal) {
			inner = signal;
			try {
				yield 1;
				yield 2;
			} finally {
				abortedAtFinally = signal.aborted;
			}
		});
		await listing.next();
		expect(inner?.aborted).toBe(false);
		expect(await listing.return(undefined)).toEqual({ done: true, value: undefined });
		expect(abortedAtFinally).toBe(true);
		expect(await listing.next()).toEqual({ done: true, value: undefined });
	});

	it('throw() aborts the generator’s signal and rejects with the error thrown in', async () => {
		let abortedAtCatch: boolean | undefined;
		const listing = openListing(undefined, async function* (signal) {
			try {
				yield 1;
			} catch (error) {
				abortedAtCatch = signal.aborted;
				throw error;
			}
		});
		await listing.next();
		const thrown = new Error('consumer gave up');
		await expect(listing.throw(thrown)).rejects.toBe(thrown);
		expect(abortedAtCatch).toBe(true);
	});

	it('return() before the first next() ends it without starting it, and keeps it ended', async () => {
		let started = 0;
		const listing = openListing(undefined, async function* () {
			started++;
			yield 1;
		});
		expect(await listing.return(undefined)).toEqual({ done: true, value: undefined });
		expect(await listing.next()).toEqual({ done: true, value: undefined });
		expect(started).toBe(0);
	});

	it('throw() before the first next() rejects with that error and keeps it ended', async () => {
		let started = 0;
		const listing = openListing(undefined, async function* () {
			started++;
			yield 1;
		});
		const thrown = new Error('never mind');
		await expect(listing.throw(thrown)).rejects.toBe(thrown);
		expect(await listing.next()).toEqual({ done: true, value: undefined });
		expect(started).toBe(0);
	});

	it('is its own async iterator, and `await using` closes it', async () => {
		let closed = false;
		const listing = openListing(undefined, async function* () {
			try {
				yield 1;
				yield 2;
			} finally {
				closed = true;
			}
		});
		expect(listing[Symbol.asyncIterator]()).toBe(listing);
		const dispose = (Symbol as { asyncDispose?: symbol }).asyncDispose;
		if (dispose === undefined) return;
		await listing.next();
		const disposer = (listing as unknown as Record<symbol, () => Promise<unknown>>)[dispose]!;
		expect(await disposer.call(listing)).toBeUndefined();
		expect(closed).toBe(true);
	});
});
