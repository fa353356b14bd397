// Issue 14: when the early request for the next page must NOT go out. Each case is pinned by the
// calls the paginator makes (recorded as it makes them), never by time.
import { describe, expect, it } from 'vitest';
import {
	AbortError,
	PaginationLoopError,
	paginateListJobPages,
	type CallOptions,
	type ListJobsInput,
} from '../src/index.js';
import { exchangeOf, registerExchange } from '../src/protocol/list-jobs-exchange.js';
import { caught, clientFor, drain, emulator } from './helpers.js';
import type { EmulatorJob } from '../src/emulator/index.js';
import { recordingClient } from './recording-client.js';

describe('the early request is not sent', () => {
	it('for a body that ends on a marker already sent: the looping server is not asked for it again, not even early', async () => {
		const server = await emulator({ jobCount: 30 });
		// The second page ends on the marker that asked for it.
		server.injectFault(2, { kind: 'repeat-marker' });
		const recorded = recordingClient(clientFor(server).client);
		const error = await caught(() =>
			drain(paginateListJobPages(recorded.client, { pageSize: 10 })),
		);
		await recorded.quiet();
		expect(error).toBeInstanceOf(PaginationLoopError);
		expect((error as PaginationLoopError).repeatedMarker).toBe(server.jobs[9]!.JobId);
		// Page 0, then page 1 (sent early); nothing with the repeated marker a second time.
		expect(recorded.calls.map((call) => call.marker)).toEqual([undefined, server.jobs[9]!.JobId]);
	});

	it('once the listing is aborted as a body comes in: no request for the next page is started', async () => {
		const server = await emulator({ jobCount: 30 });
		const { client } = clientFor(server);
		const exchange = exchangeOf(client)!;
		const controller = new AbortController();
		const asked: Array<string | undefined> = [];
		const racing = {
			listJobs: (input: ListJobsInput, options: CallOptions) => client.listJobs(input, options),
		};
		// The abort lands between the body and its parse: the page in hand is read, not yet parsed.
		registerExchange(racing, racing.listJobs, async (input, hooks) => {
			asked.push(input.Marker);
			const step = await exchange(input, hooks);
			controller.abort(new Error('shutting down'));
			return step;
		});
		const error = await caught(() =>
			drain(paginateListJobPages(racing, { pageSize: 10, signal: controller.signal })),
		);
		expect(error).toBeInstanceOf(AbortError);
		expect((error as AbortError).jobsYielded).toBe(0);
		expect(asked).toEqual([undefined]);
	});

	it('from the body of a wrong guess held while the consumer was behind: the page asked for properly sends its own', async () => {
		const server = await emulator({ jobCount: 50 });
		const all = server.jobs;
		const member = (job: EmulatorJob): string =>
			`<member><JobId>${job.JobId}</JobId><CreationDate>${job.CreationDate.toISOString()}</CreationDate><IsCanceled>${job.IsCanceled}</IsCanceled><JobType>${job.JobType}</JobType></member>`;
		// An unknown element after <Jobs> with a JobId in it: the early guess follows it, the parser ignores it.
		const body = `<ListJobsResponse><ListJobsResult><Jobs>${all.slice(0, 10).map(member).join('')}</Jobs><IsTruncated>true</IsTruncated><Audit><JobId>${all[25]!.JobId}</JobId></Audit></ListJobsResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></ListJobsResponse>`;
		server.injectFault(1, { kind: 'raw', status: 200, body });
		const { client } = clientFor(server);
		const exchange = exchangeOf(client)!;
		const asked: Array<string | undefined> = [];
		const traced = {
			listJobs: (input: ListJobsInput, options: CallOptions) => client.listJobs(input, options),
		};
		registerExchange(traced, traced.listJobs, (input, hooks) => {
			asked.push(input.Marker);
			if (input.Marker !== all[25]!.JobId) return exchange(input, hooks);
			// The wrong guess is never reported sent: page 0 waits for it to end, so its body (a
			// truncated page ending on job 35) comes in while the consumer is two pages behind.
			hooks.onCredentials?.();
			return exchange(input, { signal: hooks.signal });
		});
		const pages = await drain(paginateListJobPages(traced, { pageSize: 10 }));
		expect(pages.flatMap((page) => page.jobs.map((job) => job.JobId))).toEqual(
			all.map((job) => job.JobId),
		);
		expect(asked).toEqual([undefined, ...[25, 9, 19, 29, 39].map((k) => all[k]!.JobId)]);
		// Page 1, asked for again after the wrong guess, keeps its place in the listing.
		expect(pages.map((page) => page.pageIndex)).toEqual([0, 1, 2, 3, 4]);
	});
});
