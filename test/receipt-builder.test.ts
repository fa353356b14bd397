// The receipt's parts on their own: the JobId digest's blocks, and what the builder makes of
// attempts and pages the listings in test/receipt.test.ts do not produce.
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ResponseEvent } from '../src/protocol/attempt-events.js';
import { DIGEST_BLOCK, JobIdDigest, ReceiptBuilder } from '../src/observe/receipt.js';
import { paginateListJobPages } from '../src/index.js';
import { clientFor, emulator } from './helpers.js';

afterEach(() => {
	vi.unstubAllGlobals();
});

/** README's definition, block by block, with node:crypto. */
function digestOf(jobIds: readonly string[]): string {
	let link = '';
	let at = 0;
	do {
		const block = jobIds.slice(at, at + DIGEST_BLOCK);
		link = createHash('sha256')
			.update(link + block.map((id) => `${id}\n`).join(''))
			.digest('hex');
		at += DIGEST_BLOCK;
	} while (at < jobIds.length);
	return `sha256:${link}`;
}

const ids = (count: number, prefix = 'JOB'): string[] =>
	Array.from({ length: count }, (_, i) => `${prefix}${i}`);

function attempt(overrides: Partial<ResponseEvent>): ResponseEvent {
	return {
		operation: 'ListJobs',
		method: 'POST',
		url: 'https://importexport.amazonaws.com/',
		attempt: 1,
		marker: undefined,
		status: 500,
		requestId: 'request-1',
		durationMs: 1,
		bytes: 0,
		error: new Error('boom'),
		decision: { action: 'retry', delayMs: 10 },
		clockOffsetMs: 0,
		...overrides,
	};
}

const finished = { complete: true, resumeMarker: undefined } as const;

describe('JobIdDigest', () => {
	it('of exactly one block of 1000 JobIds is that block’s hash, no empty block after it', async () => {
		const digest = new JobIdDigest();
		const thousand = ids(DIGEST_BLOCK);
		digest.add(thousand.slice(0, 400));
		digest.add(thousand.slice(400));
		expect(await digest.digest()).toBe(digestOf(thousand));
	});

	it('of no JobIds is the hash of nothing, and of 1001 is two links', async () => {
		expect(await new JobIdDigest().digest()).toBe(
			`sha256:${createHash('sha256').update('').digest('hex')}`,
		);
		const digest = new JobIdDigest();
		digest.add(ids(DIGEST_BLOCK + 1));
		expect(await digest.digest()).toBe(digestOf(ids(DIGEST_BLOCK + 1)));
	});

	it('is null without WebCrypto, and hashing a full block then fails nothing', async () => {
		vi.stubGlobal('crypto', undefined);
		const digest = new JobIdDigest();
		digest.add(ids(DIGEST_BLOCK * 2 + 1));
		expect(await digest.digest()).toBeNull();
		const builder = new ReceiptBuilder(undefined);
		builder.page(ids(3));
		expect((await builder.build(finished)).jobIdsDigest).toBeNull();
	});
});

describe('ReceiptBuilder', () => {
	it('counts a retry whose error names no kind as `other`, and keeps its request id', async () => {
		const builder = new ReceiptBuilder(undefined);
		builder.response(attempt({ error: new Error('boom') }));
		builder.response(
			attempt({ error: Object.assign(new Error('slow'), { retryKind: 'throttling' }) }),
		);
		builder.response(
			attempt({ error: Object.assign(new Error('slow'), { retryKind: 'throttling' }) }),
		);
		const receipt = await builder.build(finished);
		expect(receipt.retries).toEqual({ other: 1, throttling: 2 });
		expect(receipt.failedRequestIds).toEqual(['request-1', 'request-1', 'request-1']);
	});

	it('keeps the request id of a failure it does not retry, but not of a success or of a failure without one', async () => {
		const builder = new ReceiptBuilder(undefined);
		builder.response(
			attempt({ requestId: 'succeeded', error: undefined, decision: { action: 'success' } }),
		);
		builder.response(attempt({ requestId: undefined, status: undefined }));
		builder.response(attempt({ requestId: 'gave-up', decision: { action: 'fail' } }));
		const receipt = await builder.build({
			complete: false,
			resumeMarker: 'JOB7',
			error: new Error('x'),
		});
		expect(receipt.failedRequestIds).toEqual(['gave-up']);
		expect(receipt.retries).toEqual({ other: 1 });
		expect(receipt.resumeMarker).toBe('JOB7');
	});

	it('the first and last JobIds over pages, an empty page between them', async () => {
		const builder = new ReceiptBuilder('JOB0');
		builder.page(['A', 'B']);
		builder.page([]);
		builder.page(['C']);
		builder.page([]);
		expect(await builder.build(finished)).toMatchObject({
			startMarker: 'JOB0',
			pages: 4,
			jobs: 3,
			firstJobId: 'A',
			lastJobId: 'C',
			resumeMarker: null,
			jobIdsDigest: digestOf(['A', 'B', 'C']),
		});
	});

	it('a thrown value that is not an Error, as an Error with its text', async () => {
		const receipt = await new ReceiptBuilder(undefined).build({
			complete: false,
			resumeMarker: undefined,
			error: 'socket hang up',
		});
		expect(receipt.error).toEqual({ name: 'Error', message: 'socket hang up' });
		expect(receipt).not.toHaveProperty('error.stack');
	});

	it('when the listing started, and for how long, to the microsecond', async () => {
		const before = Date.now();
		const started = performance.now();
		const builder = new ReceiptBuilder(undefined);
		await new Promise((resolve) => setImmediate(resolve));
		const receipt = await builder.build(finished);
		const elapsed = performance.now() - started;
		const startedAt = Date.parse(receipt.startedAt);
		expect(startedAt).toBeGreaterThanOrEqual(before);
		expect(startedAt).toBeLessThanOrEqual(Date.now());
		expect(receipt.wallTimeMs).toBeGreaterThanOrEqual(0);
		expect(receipt.wallTimeMs).toBeLessThanOrEqual(elapsed + 0.001);
		expect(String(receipt.wallTimeMs)).toMatch(/^\d+(\.\d{1,3})?$/);
	});

	it('counts a retry after a clock correction as `clock-skew`', async () => {
		const server = await emulator({ jobCount: 3, clockOffsetMs: 30 * 60_000 });
		const { client } = clientFor(server);
		const pages = [];
		for await (const page of paginateListJobPages(client, { receipt: true })) pages.push(page);
		expect(pages.at(-1)!.receipt).toMatchObject({
			requests: 2,
			retries: { 'clock-skew': 1 },
			failedRequestIds: [expect.any(String)],
		});
	});
});
