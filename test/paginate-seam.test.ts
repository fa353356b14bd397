// Issue 15, item 1: the early request rides on the client's internal two-step exchange, not on
// hooks in the public CallOptions; any object with `listJobs(input, { signal })` still lists.
import { describe, expect, it } from 'vitest';
import {
	AbortError,
	paginateListJobPages,
	paginateListJobs,
	type CallOptions,
	type ListJobsInput,
	type ListJobsResponse,
} from '../src/index.js';
import { exchangeOf, registerExchange } from '../src/protocol/list-jobs-exchange.js';
import { caught, clientFor, emulator } from './helpers.js';

async function drainIds(iterable: AsyncIterable<{ JobId: string }>): Promise<string[]> {
	const out: string[] = [];
	for await (const job of iterable) out.push(job.JobId);
	return out;
}

describe('the early-request seam', () => {
	it('sends request k+1 before page k is parsed, for every page of the listing', async () => {
		const server = await emulator({ jobCount: 40 });
		const pageOf = new Map<string | undefined, number>([
			[undefined, 0],
			...[1, 2, 3].map((k) => [server.jobs[k * 10 - 1]!.JobId, k] as const),
		]);
		const events: string[] = [];
		const received = [0, 1, 2, 3].map(() => {
			let resolve = (): void => {};
			const promise = new Promise<void>((done) => {
				resolve = done;
			});
			return { promise, resolve };
		});
		const { client } = clientFor(server, {
			fetch: async (input, init) => {
				const k = pageOf.get(new URLSearchParams(init?.body as string).get('Marker') ?? undefined)!;
				events.push(`sent ${k}`);
				const response = await fetch(input, init);
				// Page k's body arrives once page k - 1 is in the consumer's hands: the consumer
				// is never more than a page behind, whatever the machine's speed.
				if (k > 0) await received[k - 1]!.promise;
				return response;
			},
		});
		// The real client's exchange, with its parse step recorded.
		const exchange = exchangeOf(client)!;
		const recorded = {
			listJobs: (input: ListJobsInput, options: CallOptions) => client.listJobs(input, options),
		};
		registerExchange(recorded, recorded.listJobs, async (input, hooks) => {
			const step = await exchange(input, hooks);
			return {
				body: step.body,
				parse: () => {
					const page = step.parse();
					events.push(`parsed ${pageOf.get(input.Marker)!}`);
					return page;
				},
			};
		});
		const jobs: string[] = [];
		for await (const page of paginateListJobPages(recorded, { pageSize: 10 })) {
			jobs.push(...page.jobs.map((job) => job.JobId));
			received[page.pageIndex]!.resolve();
		}
		expect(jobs).toEqual(server.jobs.map((job) => job.JobId));
		for (const k of [0, 1, 2])
			expect(events.indexOf(`sent ${k + 1}`), events.join(', ')).toBeLessThan(
				events.indexOf(`parsed ${k}`),
			);
		expect(server.counters.requests).toBe(4);
	});

	it('a plain ListJobsClient with only listJobs(input, { signal }) lists every job with the default options', async () => {
		const server = await emulator({ jobCount: 2345 });
		const { client } = clientFor(server);
		const optionKeys = new Set<string>();
		const plain = {
			listJobs: (
				input: ListJobsInput,
				options: { signal?: AbortSignal | undefined },
			): Promise<ListJobsResponse> => {
				for (const key of Object.keys(options)) optionKeys.add(key);
				return client.listJobs(input, { signal: options.signal });
			},
		};
		expect(await drainIds(paginateListJobs(plain))).toEqual(server.jobs.map((job) => job.JobId));
		expect([...optionKeys]).toEqual(['signal']);
	});

	it('a hand-written client that calls what it is given before its first await still lists (was: "Cannot read properties of undefined")', async () => {
		const server = await emulator({ jobCount: 30 });
		const { client } = clientFor(server);
		const eager = {
			listJobs: (input: ListJobsInput, options: CallOptions): Promise<ListJobsResponse> => {
				// The page record must exist before the client is called.
				for (const value of Object.values(options))
					if (typeof value === 'function')
						(value as (body: string) => unknown)('<ListJobsResponse/>');
				return client.listJobs(input, { signal: options.signal });
			},
		};
		expect(await drainIds(paginateListJobs(eager, { pageSize: 10 }))).toEqual(
			server.jobs.map((job) => job.JobId),
		);
	});

	it('a wrapper around a real client (Object.create, own listJobs) is called through its own listJobs', async () => {
		const server = await emulator({ jobCount: 30 });
		const { client } = clientFor(server);
		const asked: Array<string | undefined> = [];
		const wrapper: typeof client = Object.assign(Object.create(client) as typeof client, {
			listJobs: (input: ListJobsInput, options: CallOptions) => {
				asked.push(input.Marker);
				return client.listJobs(input, options);
			},
		});
		expect(await drainIds(paginateListJobs(wrapper, { pageSize: 10 }))).toEqual(
			server.jobs.map((job) => job.JobId),
		);
		expect(asked).toEqual([undefined, server.jobs[9]!.JobId, server.jobs[19]!.JobId]);
	});

	it('checks the signal right before parsing: a body read before an abort is not parsed', async () => {
		const server = await emulator({ jobCount: 5 });
		const { client } = clientFor(server);
		const controller = new AbortController();
		const step = await exchangeOf(client)!({}, { signal: controller.signal });
		expect(step.body).toContain('<ListJobsResponse');
		controller.abort();
		expect(await caught(() => step.parse())).toBeInstanceOf(AbortError);
	});

	it('the public CallOptions carries only the signal', () => {
		// @ts-expect-error the early-request hooks are internal now
		const hooks: CallOptions = { signal: undefined, onRawBody: () => {} };
		// @ts-expect-error the early-request hooks are internal now
		const send: CallOptions = { onSend: () => {} };
		expect([hooks, send]).toHaveLength(2);
	});
});
