import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { downstreamSettled } from '../src/node/downstream.js';
import { toNdjson } from '../src/node/index.js';
import type { Job } from '../src/index.js';

// What a held-back listing error waits for: every stage downstream has processed what it was
// given. Each test releases the stage from inside the check itself (a counting getter), so the
// order of events proves the wait without any clock.

const job: Job = {
	JobId: 'ABCDE',
	CreationDate: new Date('2024-01-01T00:00:00Z'),
	IsCanceled: false,
	JobType: 'Export',
};

/** Calls `release` the `nth` time `property` of `stream` is read. */
function onNthRead(stream: object, property: string, nth: number, release: () => void): void {
	let reads = 0;
	const proto = Object.getPrototypeOf(stream) as object;
	const getter = (): unknown => {
		if (++reads === nth) release();
		return Reflect.get(proto, property, stream);
	};
	Object.defineProperty(stream, property, { get: getter, configurable: true });
}

/** A Writable that holds its writes until `release()`, and takes them at once from then on. */
function heldWritable(): { writable: Writable; release: () => void } {
	const held: Array<() => void> = [];
	let released = false;
	const writable = new Writable({
		objectMode: true,
		write(_chunk, _encoding, callback) {
			if (released) callback();
			else held.push(() => callback());
		},
	});
	const release = () => {
		released = true;
		for (const done of held.splice(0)) done();
	};
	return { writable, release };
}

describe('downstreamSettled', { timeout: 20_000 }, () => {
	it('waits until a stage has processed its buffered writes', async () => {
		const { writable, release } = heldWritable();
		writable.write(job);
		writable.write(job);
		const events: string[] = [];
		onNthRead(writable, 'writableLength', 3, () => {
			events.push('released');
			release();
		});
		await downstreamSettled([writable]).then(() => events.push('settled'));
		expect(events).toEqual(['released', 'settled']);
		expect(writable.writableLength).toBe(0);
	});

	it('waits until a transform has handed on what its readable side holds', async () => {
		const transform = toNdjson();
		transform.write(job);
		await new Promise((resolve) => setImmediate(resolve));
		expect(transform.readableLength).toBeGreaterThan(0);
		const events: string[] = [];
		onNthRead(transform, 'readableLength', 3, () => {
			events.push('read');
			transform.read();
		});
		await downstreamSettled([transform]).then(() => events.push('settled'));
		expect(events).toEqual(['read', 'settled']);
	});

	it('follows our own stages to the one after them', async () => {
		const transform = toNdjson();
		const { writable, release } = heldWritable();
		transform.pipe(writable);
		transform.write(job);
		await new Promise((resolve) => setImmediate(resolve));
		expect(writable.writableLength).toBeGreaterThan(0);
		const events: string[] = [];
		onNthRead(writable, 'writableLength', 3, () => {
			events.push('released');
			release();
		});
		await downstreamSettled([transform]).then(() => events.push('settled'));
		expect(events).toEqual(['released', 'settled']);
	});

	it('a destroyed stage, or one already finished, holds nothing back', async () => {
		const { writable } = heldWritable();
		writable.write(job);
		writable.destroy();
		await downstreamSettled([writable]);

		const transform = toNdjson();
		transform.end(job);
		await new Promise((resolve) => transform.once('finish', resolve));
		// Nobody reads what it holds: it would never empty.
		expect(transform.readableLength).toBeGreaterThan(0);
		await downstreamSettled([transform]);
	});
});
