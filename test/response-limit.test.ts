// Issue 9, item 8: the default maxResponseBytes is sized to the largest real page with a wide
// margin (a full page of 1,000 jobs is about 150 KB), not 16 MiB that takes seconds to parse.
import { describe, expect, it } from 'vitest';
import { ResponseTooLargeError, collectJobs } from '../src/index.js';
import { caught, clientFor, emulator } from './helpers.js';

describe('the default maxResponseBytes', () => {
	it('refuses a 5 MiB body with the default options, before parsing it', async () => {
		const server = await emulator({ jobCount: 1 });
		const filler = 'x'.repeat(5 * 1024 * 1024);
		server.injectFault(1, {
			kind: 'raw',
			status: 200,
			body: `<ListJobsResponse><!--${filler}--></ListJobsResponse>`,
			headers: { 'content-type': 'text/xml' },
		});
		const error = await caught(() => clientFor(server).client.listJobs({}));
		expect(error).toBeInstanceOf(ResponseTooLargeError);
		expect((error as ResponseTooLargeError).limitBytes).toBe(4 * 1024 * 1024);
	});

	it('reads a full page of 1,000 jobs many times over', async () => {
		const server = await emulator({ jobCount: 1000 });
		const { jobs } = await collectJobs(clientFor(server).client, { pageSize: 1000 });
		expect(jobs).toHaveLength(1000);
	});
});
