import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { jobsReadable, toNdjson } from '../src/node/index.js';
import type { Job } from '../src/index.js';
import { clientFor, emulator, until } from './helpers.js';
import { recordingClient } from './recording-client.js';

describe('jobsReadable', () => {
	it('streams every job through toNdjson in a pipeline', async () => {
		const server = await emulator({ jobCount: 2500 });
		let text = '';
		await pipeline(
			jobsReadable(clientFor(server).client),
			toNdjson(),
			new Writable({
				write(chunk: Buffer, _encoding, callback) {
					text += chunk.toString();
					callback();
				},
			}),
		);
		const lines = text.trimEnd().split('\n');
		expect(lines).toHaveLength(2500);
		expect(lines.map((line) => (JSON.parse(line) as { JobId: string }).JobId)).toEqual(
			server.jobs.map((job) => job.JobId),
		);
		expect((JSON.parse(lines[0]!) as { CreationDate: string }).CreationDate).toBe(
			server.jobs[0]!.CreationDate.toISOString(),
		);
	});

	it('applies backpressure: a paused consumer stops fetching beyond the prefetched page', async () => {
		const server = await emulator({ jobCount: 1000 });
		const recorded = recordingClient(clientFor(server).client);
		const stream = jobsReadable(recorded.client, { pageSize: 10, highWaterMark: 5 });
		const first: Job = await new Promise((resolve) =>
			stream.once('data', (job: Job) => {
				stream.pause();
				resolve(job);
			}),
		);
		expect(first.JobId).toBe(server.jobs[0]!.JobId);
		// The buffer is full, so the stream has stopped pulling; then every request asked for is over.
		await until(() => stream.readableLength >= stream.readableHighWaterMark);
		await recorded.quiet();
		// Page 0 in hand, page 1 prefetched (and page 2 on its body, at most): nothing more is asked for.
		expect(recorded.calls.length).toBeGreaterThanOrEqual(2);
		expect(recorded.calls.length).toBeLessThanOrEqual(3);
		expect(server.counters.requests).toBe(recorded.calls.length);
		stream.destroy();
	});

	it('forwards errors as stream errors with the resume marker', async () => {
		const server = await emulator({ jobCount: 30 });
		server.injectFault(3, { kind: 'repeat-marker' });
		const seen: string[] = [];
		const error = await new Promise<Error>((resolve) => {
			const stream = jobsReadable(clientFor(server).client, { pageSize: 10 });
			stream.on('data', (job: Job) => seen.push(job.JobId));
			stream.on('error', resolve);
		});
		expect(error.name).toBe('PaginationLoopError');
		expect(seen).toHaveLength(20);
		expect((error as Error & { resumeMarker?: string }).resumeMarker).toBe(seen.at(-1));
	});

	it('checks its options when created, and sends nothing for a stream never read', async () => {
		const server = await emulator({ jobCount: 5 });
		const { client } = clientFor(server);
		expect(() => jobsReadable(client, { highWaterMark: 0 })).toThrow(/highWaterMark/);
		expect(() => jobsReadable(client, { pageSize: 0 })).toThrow(/pageSize/);
		expect(() => jobsReadable(client, { signal: 'stop' as never })).toThrow(/signal/);
		const recorded = recordingClient(client);
		const stream = jobsReadable(recorded.client);
		stream.destroy();
		await new Promise((resolve) => stream.once('close', resolve));
		// Nothing asked of the client, so nothing that could reach the server later.
		expect(recorded.calls).toEqual([]);
		expect(server.counters.requests).toBe(0);
	});

	it('destroy aborts the listing and the request in flight', async () => {
		const server = await emulator({ jobCount: 30 });
		server.injectFault(2, { kind: 'latency', ms: 2000 });
		const stream = jobsReadable(clientFor(server).client, { pageSize: 10, highWaterMark: 1 });
		await new Promise((resolve) => stream.once('data', resolve));
		await until(() => server.counters.requests === 2);
		stream.destroy();
		await until(() => server.requests[1]?.aborted === true);
	});
});
