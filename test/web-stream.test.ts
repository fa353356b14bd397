import { describe, expect, it } from 'vitest';
import { jobsWebStream } from '../src/index.js';
import { clientFor, emulator } from './helpers.js';
import { recordingClient } from './recording-client.js';

// jobsWebStream pulls only when read: a stream never read sends nothing, and a reader that
// stops reading stops the listing (no job is taken from the paginator ahead of a read).

describe('jobsWebStream pulls only what is read', () => {
	it('sends nothing until the first read, then nothing beyond the page that read needed', async () => {
		const server = await emulator({ jobCount: 30 });
		const recorded = recordingClient(clientFor(server).client);
		// Without prefetch, each request is made because a job of its page was asked for.
		const reader = jobsWebStream(recorded.client, { pageSize: 10, prefetch: 0 }).getReader();
		await recorded.quiet();
		expect(recorded.calls).toHaveLength(0);
		const read: string[] = [];
		for (let index = 0; index < 10; index++) {
			const next = await reader.read();
			if (!next.done) read.push(next.value.JobId);
		}
		expect(read).toEqual(server.jobs.slice(0, 10).map((job) => job.JobId));
		await recorded.quiet();
		// The first page's ten jobs were read; the eleventh, on the next page, was not asked for.
		expect(recorded.calls.map((call) => call.marker)).toEqual([undefined]);
		await reader.cancel();
		expect(server.counters.requests).toBe(1);
	});
});
