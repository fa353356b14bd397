// Issue 12, throughput: a consumer that falls two pages behind the wire must not leave a round
// trip exposed once it takes the next page. Pinned by the order of events, never by time.
import { describe, expect, it } from 'vitest';
import {
	paginateListJobPages,
	paginateListJobs,
	type CallOptions,
	type ListJobsInput,
} from '../src/index.js';
import { exchangeOf, registerExchange } from '../src/protocol/list-jobs-exchange.js';
import type { ImportExportClient } from '../src/protocol/client.js';
import { clientFor, emulator, until } from './helpers.js';

/** The real client, with each step of each request recorded as `request k`, `sent k`, `body k`, `parsed k` (k: the page, by Marker). */
function traced(
	client: ImportExportClient,
	pageOf: (marker: string | undefined) => number,
	events: string[],
) {
	const exchange = exchangeOf(client)!;
	const recorded = {
		listJobs: (input: ListJobsInput, options: CallOptions) => client.listJobs(input, options),
	};
	registerExchange(recorded, recorded.listJobs, async (input, hooks) => {
		const k = pageOf(input.Marker);
		// The paginator asked for page k (signing comes next; then `sent`).
		events.push(`request ${k}`);
		const step = await exchange(input, {
			...hooks,
			onSend: () => (events.push(`sent ${k}`), hooks.onSend?.()),
		});
		events.push(`body ${k}`);
		return {
			body: step.body,
			parse: () => {
				const page = step.parse();
				events.push(`parsed ${k}`);
				return page;
			},
		};
	});
	return recorded;
}

describe('the next request after a consumer that fell behind', () => {
	it('goes out as soon as the consumer takes one more page, not a page later (was: after the next page was asked for)', async () => {
		const server = await emulator({ jobCount: 50 });
		const markers = new Map<string | undefined, number>([
			[undefined, 0],
			...[1, 2, 3, 4].map((k) => [server.jobs[k * 10 - 1]!.JobId, k] as const),
		]);
		const events: string[] = [];
		const client = traced(clientFor(server).client, (marker) => markers.get(marker)!, events);
		const pages = paginateListJobPages(client, { pageSize: 10 });
		const first = await pages.next();
		events.push(`yielded ${first.value!.pageIndex}`);
		// The consumer holds page 0 while pages 1 and 2 come in: it is two pages behind.
		await until(() => events.includes('parsed 2'));
		expect(events).not.toContain('request 3');
		const second = await pages.next();
		events.push(`yielded ${second.value!.pageIndex}`);
		// Page 2's body is in hand: request 3 starts before page 1 reaches the consumer, and is on the wire before page 3 is parsed.
		expect(events.indexOf('request 3'), events.join(', ')).toBeGreaterThan(-1);
		expect(events.indexOf('request 3'), events.join(', ')).toBeLessThan(
			events.indexOf('yielded 1'),
		);
		await until(() => events.includes('parsed 3'));
		expect(events.indexOf('sent 3')).toBeLessThan(events.indexOf('parsed 3'));
		const jobs = [...first.value!.jobs, ...second.value!.jobs];
		for await (const page of pages) jobs.push(...page.jobs);
		expect(jobs.map((job) => job.JobId)).toEqual(server.jobs.map((job) => job.JobId));
		expect(server.counters.requests).toBe(5);
	});

	it('still holds at most two pages beyond the consumer’s own, and lists every job once', async () => {
		const server = await emulator({ jobCount: 60 });
		const markers = new Map<string | undefined, number>([
			[undefined, 0],
			...[1, 2, 3, 4, 5].map((k) => [server.jobs[k * 10 - 1]!.JobId, k] as const),
		]);
		const events: string[] = [];
		const client = traced(clientFor(server).client, (marker) => markers.get(marker)!, events);
		const jobs = paginateListJobs(client, { pageSize: 10 });
		const ids: string[] = [];
		for (let k = 0; k < 6; k++) {
			// Each time the consumer takes page k's first job, it waits for page k + 2 to be parsed.
			const first = await jobs.next();
			ids.push(first.value!.JobId);
			if (k + 2 < 6) await until(() => events.includes(`parsed ${k + 2}`));
			// Never a request for a page more than two beyond the one in the consumer's hands.
			expect(
				events
					.filter((event) => event.startsWith('request '))
					.map((event) => Number(event.slice(8))),
			).toEqual(Array.from({ length: Math.min(6, k + 3) }, (_, i) => i));
			for (let i = 1; i < 10; i++) ids.push((await jobs.next()).value!.JobId);
		}
		expect((await jobs.next()).done).toBe(true);
		expect(ids).toEqual(server.jobs.map((job) => job.JobId));
		expect(server.counters.requests).toBe(6);
	});
});
