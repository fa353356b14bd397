import { describe, expect, it } from 'vitest';
import {
	collectJobs,
	jobToNdjson,
	jobsWebStream,
	ndjsonWebTransform,
	paginateListJobs,
	type Job,
} from '../src/index.js';
import { clientFor, emulator, until } from './helpers.js';

describe('collectJobs', () => {
	it('collects every job from a client when under the limit', async () => {
		const server = await emulator({ jobCount: 42 });
		const result = await collectJobs(clientFor(server).client, { pageSize: 10 });
		expect(result.jobs.map((job) => job.JobId)).toEqual(server.jobs.map((job) => job.JobId));
		expect(result.truncated).toBe(false);
		expect(result.resumeMarker).toBeUndefined();
	});

	it('stops at the limit, says so, and the resume marker collects the rest', async () => {
		const server = await emulator({ jobCount: 42 });
		const { client } = clientFor(server);
		const first = await collectJobs(client, { pageSize: 10, limit: 25 });
		expect(first.jobs).toHaveLength(25);
		expect(first.truncated).toBe(true);
		expect(first.resumeMarker).toBe(server.jobs[24]!.JobId);
		const rest = await collectJobs(client, { pageSize: 10, startingMarker: first.resumeMarker! });
		expect([...first.jobs, ...rest.jobs].map((job) => job.JobId)).toEqual(
			server.jobs.map((job) => job.JobId),
		);
	});

	it('is not truncated when the limit equals the account size', async () => {
		const server = await emulator({ jobCount: 20 });
		const result = await collectJobs(clientFor(server).client, { pageSize: 7, limit: 20 });
		expect(result).toMatchObject({ truncated: false, resumeMarker: undefined });
		expect(result.jobs).toHaveLength(20);
	});

	it('is truncated when the limit ends on a page boundary with more to come', async () => {
		const server = await emulator({ jobCount: 21 });
		const result = await collectJobs(clientFor(server).client, { pageSize: 10, limit: 20 });
		expect(result.truncated).toBe(true);
		expect(server.counters.requests).toBe(2);
	});

	it('collects from any iterable, closing it at the limit', async () => {
		const server = await emulator({ jobCount: 30 });
		const iterable = paginateListJobs(clientFor(server).client, { pageSize: 10 });
		const result = await collectJobs(iterable, { limit: 5 });
		expect(result.jobs.map((job) => job.JobId)).toEqual(
			server.jobs.slice(0, 5).map((job) => job.JobId),
		);
		expect(result).toMatchObject({ truncated: true, resumeMarker: server.jobs[4]!.JobId });
		expect((await iterable.next()).done).toBe(true);

		const plain = await collectJobs(server.jobs.slice(0, 3) as Job[]);
		expect(plain.jobs).toHaveLength(3);
		expect(plain.truncated).toBe(false);
	});

	it('refuses a bad limit or source with a TypeError', async () => {
		await expect(collectJobs([], { limit: -1 })).rejects.toThrow(/limit/);
		await expect(collectJobs(42 as never)).rejects.toThrow(TypeError);
	});
});

describe('jobsWebStream', () => {
	it('streams every job in order', async () => {
		const server = await emulator({ jobCount: 23 });
		const seen: string[] = [];
		for await (const job of jobsWebStream(clientFor(server).client, {
			pageSize: 10,
		}) as unknown as AsyncIterable<Job>)
			seen.push(job.JobId);
		expect(seen).toEqual(server.jobs.map((job) => job.JobId));
	});

	it('pipes through the NDJSON transform', async () => {
		const server = await emulator({ jobCount: 3 });
		const text = await new Response(
			jobsWebStream(clientFor(server).client)
				.pipeThrough(ndjsonWebTransform())
				.pipeThrough(new TextEncoderStream()),
		).text();
		const lines = text
			.trimEnd()
			.split('\n')
			.map((line) => JSON.parse(line) as { JobId: string });
		expect(lines.map((line) => line.JobId)).toEqual(server.jobs.map((job) => job.JobId));
	});

	it('cancel ends the listing and aborts the request in flight', async () => {
		const server = await emulator({ jobCount: 30 });
		server.injectFault(2, { kind: 'latency', ms: 2000 });
		const reader = jobsWebStream(clientFor(server).client, { pageSize: 10 }).getReader();
		await reader.read();
		await until(() => server.counters.requests === 2);
		await reader.cancel();
		await until(() => server.requests[1]?.aborted === true);
		expect(server.counters.requests).toBe(2);
	});

	it('errors the stream with the typed error', async () => {
		const server = await emulator({ jobCount: 30 });
		server.injectFault(2, { kind: 'truncated-empty-page' });
		const reader = jobsWebStream(clientFor(server).client, { pageSize: 10 }).getReader();
		let error: unknown;
		try {
			for (;;) if ((await reader.read()).done) break;
		} catch (caught) {
			error = caught;
		}
		expect(error).toMatchObject({ name: 'PaginationError', resumeMarker: server.jobs[9]!.JobId });
	});
});

describe('jobToNdjson', () => {
	it('writes wire-order keys and an ISO date, one line', () => {
		const line = jobToNdjson({
			JobId: '00042',
			CreationDate: new Date('2010-03-28T20:27:35Z'),
			IsCanceled: true,
			JobType: 'Export',
		});
		expect(line).toBe(
			'{"JobId":"00042","CreationDate":"2010-03-28T20:27:35.000Z","IsCanceled":true,"JobType":"Export"}\n',
		);
	});
	it('escapes ids safely', () => {
		const line = jobToNdjson({
			JobId: 'a"b\nc',
			CreationDate: new Date(0),
			IsCanceled: false,
			JobType: 'Import',
		});
		expect((JSON.parse(line) as { JobId: string }).JobId).toBe('a"b\nc');
		expect(line.split('\n')).toHaveLength(2);
	});
});
