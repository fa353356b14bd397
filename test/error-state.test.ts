// Issue 15, item 4: an error's facts are set in one place, pagesRead means one thing in both
// paginators, and anything thrown that is not ours is wrapped in one place, with one wording.
import { describe, expect, it } from 'vitest';
import {
	AbortError,
	ImportExportError,
	paginateListJobPages,
	paginateListJobs,
	type JobPage,
} from '../src/index.js';
import { caught, clientFor, emulator } from './helpers.js';

async function failure(
	iterable: AsyncIterable<unknown>,
	onItem: (count: number) => void = () => {},
): Promise<ImportExportError> {
	let count = 0;
	const error = await caught(async () => {
		for await (const _item of iterable) {
			onItem(++count);
		}
	});
	if (!(error instanceof ImportExportError))
		throw new Error(`expected an ImportExportError, got ${String(error)}`);
	return error;
}

describe('error state', () => {
	it('wraps what is not ours with one wording, in the client and in both paginators', async () => {
		const server = await emulator({ jobCount: 30 });
		const boom = new Error('boom');
		const onPage = (page: JobPage): void => {
			if (page.pageIndex === 1) throw boom;
		};
		const { client } = clientFor(server);
		for (const list of [paginateListJobs, paginateListJobPages] as const) {
			const error = await failure(list(client, { pageSize: 10, onPage }));
			expect(error.message, list.name).toBe('ListJobs failed: boom');
			expect(error.cause, list.name).toBe(boom);
			expect(error.resumeMarker, list.name).toBe(server.jobs[9]!.JobId);
		}
		// Its own emulator: an early request of the runs above must not take the fault.
		const throttling = await emulator({
			jobCount: 1,
			faults: { byRequest: { 1: { kind: 'throttling' } } },
		});
		const hooked = clientFor(throttling, {
			retry: {
				onRetry: () => {
					throw boom;
				},
			},
		}).client;
		const error = await caught(() => hooked.listJobs({}));
		expect(error.message).toBe('ListJobs failed: boom');
		expect((error as ImportExportError).cause).toBe(boom);
	});

	it('pagesRead counts the pages handed over in full, the same in both paginators', async () => {
		const server = await emulator({ jobCount: 50 });
		const { client } = clientFor(server);
		for (const list of [paginateListJobs, paginateListJobPages] as const) {
			server.reset();
			server.injectFault(3, { kind: 'malformed-xml' });
			const error = await failure(list(client, { pageSize: 10, prefetch: 0 }));
			expect([error.pagesRead, error.jobsYielded, error.resumeMarker], list.name).toEqual([
				2,
				20,
				server.jobs[19]!.JobId,
			]);
		}
		// Mid-page, a page is not read until its last job is handed over.
		const controller = new AbortController();
		const error = await failure(
			paginateListJobs(client, { pageSize: 10, signal: controller.signal }),
			(count) => {
				if (count === 15) controller.abort();
			},
		);
		expect(error).toBeInstanceOf(AbortError);
		expect([error.pagesRead, error.jobsYielded, error.resumeMarker]).toEqual([
			1,
			15,
			server.jobs[14]!.JobId,
		]);
	});

	it('the retry layer gives the attempts; a paginator adds the resume facts to the same error', async () => {
		const server = await emulator({ jobCount: 30 });
		server.injectFault(2, [
			{ kind: 'internal-failure' },
			{ kind: 'internal-failure' },
			{ kind: 'internal-failure' },
		]);
		const error = await failure(
			paginateListJobs(clientFor(server).client, { pageSize: 10, prefetch: 0 }),
		);
		expect(error.attempts).toBe(3);
		expect([error.pagesRead, error.jobsYielded, error.resumeMarker]).toEqual([
			1,
			10,
			server.jobs[9]!.JobId,
		]);
	});
});
