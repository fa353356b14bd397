import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
	collectJobs,
	paginateListJobPages,
	paginateListJobs,
	type JobPage,
	type ListingReceipt,
} from '../src/index.js';
import type { ImportExportError } from '../src/index.js';
import { caught, clientFor, emulator } from './helpers.js';

/** The digest as README defines it, computed independently. */
function digestOf(jobIds: readonly string[]): string {
	let link = '';
	for (let at = 0; at < jobIds.length || at === 0; at += 1000) {
		link = createHash('sha256')
			.update(
				link +
					jobIds
						.slice(at, at + 1000)
						.map((id) => `${id}\n`)
						.join(''),
				'utf8',
			)
			.digest('hex');
		if (jobIds.length === 0) break;
	}
	return `sha256:${link}`;
}

async function pagesOf(iterable: AsyncIterable<JobPage>): Promise<JobPage[]> {
	const pages: JobPage[] = [];
	for await (const page of iterable) pages.push(page);
	return pages;
}

describe('listing receipt', () => {
	it('is on the final page only, and says what the listing did: pages, jobs, requests, retries by cause, failed request ids, digest', async () => {
		const server = await emulator({ jobCount: 12 });
		server.injectFault(2, { kind: 'throttling' });
		server.injectFault(4, { kind: 'reset-before-response' });
		const { client } = clientFor(server);
		const seen: Array<ListingReceipt | undefined> = [];
		const pages = await pagesOf(
			paginateListJobPages(client, {
				pageSize: 5,
				receipt: true,
				onPage: (page) => seen.push(page.receipt),
			}),
		);
		expect(pages.map((p) => p.receipt === undefined)).toEqual([true, true, false]);
		expect(seen.map((r) => r === undefined)).toEqual([true, true, false]);
		const receipt = pages[2]!.receipt!;
		const ids = server.jobs.map((j) => j.JobId);
		expect(receipt).toEqual({
			version: 1,
			operation: 'ListJobs',
			startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			wallTimeMs: expect.any(Number),
			complete: true,
			startMarker: null,
			pages: 3,
			jobs: 12,
			firstJobId: ids[0],
			lastJobId: ids[11],
			resumeMarker: null,
			requests: server.counters.requests,
			retries: { throttling: 1, transient: 1 },
			failedRequestIds: [expect.stringMatching(/^[0-9a-f-]{36}$/)],
			jobIdsDigest: digestOf(ids),
		});
		expect(receipt.requests).toBe(5);
		expect(JSON.parse(JSON.stringify(receipt))).toEqual(receipt);
	});

	it('has the same digest whatever the page size, over more than one block of 1000 JobIds', async () => {
		const server = await emulator({ jobCount: 2345 });
		const ids = server.jobs.map((j) => j.JobId);
		const digests: Array<string | null> = [];
		for (const pageSize of [1000, 999, 400]) {
			const { client } = clientFor(server);
			const pages = await pagesOf(paginateListJobPages(client, { pageSize, receipt: true }));
			digests.push(pages.at(-1)!.receipt!.jobIdsDigest);
		}
		expect(digests).toEqual([digestOf(ids), digestOf(ids), digestOf(ids)]);
		// And differs when a job is missing or the order changes.
		expect(digestOf(ids.slice(1))).not.toBe(digestOf(ids));
		expect(digestOf([ids[1]!, ids[0]!, ...ids.slice(2)])).not.toBe(digestOf(ids));
	});

	it('of an empty account, and of a listing from a starting marker cut by maxItems', async () => {
		const empty = await emulator({ jobCount: 0 });
		const pages = await pagesOf(paginateListJobPages(clientFor(empty).client, { receipt: true }));
		expect(pages[0]!.receipt).toMatchObject({
			pages: 1,
			jobs: 0,
			firstJobId: null,
			lastJobId: null,
			jobIdsDigest: `sha256:${createHash('sha256').update('').digest('hex')}`,
		});

		const server = await emulator({ jobCount: 20 });
		const ids = server.jobs.map((j) => j.JobId);
		const cut = await pagesOf(
			paginateListJobPages(clientFor(server).client, {
				startingMarker: ids[2],
				maxItems: 7,
				pageSize: 5,
				receipt: true,
			}),
		);
		expect(cut.at(-1)!.receipt).toMatchObject({
			complete: true,
			startMarker: ids[2],
			jobs: 7,
			firstJobId: ids[3],
			lastJobId: ids[9],
			resumeMarker: ids[9],
			jobIdsDigest: digestOf(ids.slice(3, 10)),
		});
	});

	it('rides on the error of a failed listing, with the request ids of the failures and where to resume', async () => {
		const server = await emulator({ jobCount: 12 });
		server.injectFault(2, [{ kind: 'internal-failure' }, { kind: 'internal-failure' }]);
		const { client } = clientFor(server, { retry: { maxAttempts: 2 } });
		const error = (await caught(async () => {
			for await (const _job of paginateListJobs(client, {
				pageSize: 5,
				prefetch: 0,
				receipt: true,
			})) {
				// drain
			}
		})) as ImportExportError;
		expect(error.receipt).toMatchObject({
			complete: false,
			pages: 1,
			jobs: 5,
			requests: 3,
			retries: { transient: 1 },
			resumeMarker: server.jobs[4]!.JobId,
			error: { name: 'ServiceError', message: error.message },
		});
		expect(error.receipt!.failedRequestIds).toHaveLength(2);
		expect(error.receipt!.jobIdsDigest).toBe(digestOf(server.jobs.slice(0, 5).map((j) => j.JobId)));
	});

	it('from collectJobs: on the result, and on the error', async () => {
		const server = await emulator({ jobCount: 12 });
		const { client } = clientFor(server);
		const all = await collectJobs(client, { receipt: true, pageSize: 5 });
		expect(all.receipt).toMatchObject({
			jobs: 12,
			pages: 3,
			complete: true,
			resumeMarker: null,
			jobIdsDigest: digestOf(all.jobs.map((j) => j.JobId)),
		});
		const some = await collectJobs(client, { receipt: true, limit: 6, pageSize: 5 });
		expect(some.receipt).toMatchObject({ jobs: 6, resumeMarker: some.resumeMarker });
		expect(await collectJobs(client, { limit: 6 })).not.toHaveProperty('receipt');

		server.injectFault(server.counters.requests + 1, { kind: 'schema-violation' });
		const error = (await caught(() =>
			collectJobs(client, { receipt: true, pageSize: 5, prefetch: 0 }),
		)) as ImportExportError;
		expect(error.receipt).toMatchObject({
			complete: false,
			pages: 0,
			jobs: 0,
			requests: 1,
			error: { name: 'ResponseValidationError' },
		});
	});

	it('is not made unless asked for, and the option is checked', async () => {
		const server = await emulator({ jobCount: 3 });
		const { client } = clientFor(server);
		const pages = await pagesOf(paginateListJobPages(client));
		expect(pages[0]).not.toHaveProperty('receipt');
		expect(() => paginateListJobPages(client, { receipt: 'yes' as never })).toThrow(/`receipt`/);
	});
});
