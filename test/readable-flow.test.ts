import { describe, expect, it } from 'vitest';
import { jobsReadable, toNdjson } from '../src/node/index.js';
import type { Job } from '../src/index.js';
import { clientFor, emulator } from './helpers.js';

// jobsReadable resumes after every pause its own backpressure makes, and toNdjson() emits
// bytes (Buffers) as a text stage does, whatever reads them.

describe('jobsReadable under its own backpressure', () => {
	it('with a buffer smaller than a page: stops and resumes until every job is read', async () => {
		const server = await emulator({ jobCount: 30 });
		const seen: string[] = [];
		const stream = jobsReadable(clientFor(server).client, { pageSize: 10, highWaterMark: 2 });
		for await (const job of stream as AsyncIterable<Job>) seen.push(job.JobId);
		expect(seen).toEqual(server.jobs.map((job) => job.JobId));
	});
});

describe('toNdjson', () => {
	it('emits each line as bytes (a Buffer), not as an object', async () => {
		const transform = toNdjson();
		const job: Job = {
			JobId: 'ABCDE',
			CreationDate: new Date('2024-01-01T00:00:00Z'),
			IsCanceled: false,
			JobType: 'Export',
		};
		transform.end(job);
		const chunks: unknown[] = [];
		for await (const chunk of transform) chunks.push(chunk);
		expect(chunks).toHaveLength(1);
		expect(Buffer.isBuffer(chunks[0])).toBe(true);
		expect(String(chunks[0])).toBe(
			'{"JobId":"ABCDE","CreationDate":"2024-01-01T00:00:00.000Z","IsCanceled":false,"JobType":"Export"}\n',
		);
		expect(transform.readableObjectMode).toBe(false);
	});
});
