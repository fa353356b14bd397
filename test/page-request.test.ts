// Issue 14: one page request of a listing (startPageRequest), stated directly: what a client is
// asked, and when the page in hand may be parsed while the next request goes on the wire
// (onTheWire). The client here is a stand-in whose every step the test takes by hand; the
// timers are Vitest's fake ones, so the credentials wait is a step too, not a clock.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ListJobsResponse } from '../src/protocol/client.js';
import {
	registerExchange,
	type ExchangeHooks,
	type ListJobsExchange,
} from '../src/protocol/list-jobs-exchange.js';
import type { ListJobsInput } from '../src/protocol/schemas.js';
import { startPageRequest, type BeforeParse } from '../src/pagination/page-request.js';

const RESPONSE: ListJobsResponse = {
	Jobs: [],
	IsTruncated: false,
	RequestId: 'r',
	$metadata: { attempts: 1 },
} as unknown as ListJobsResponse;

/** A client with the two-step exchange, each step taken by the test. */
function steppedClient() {
	const calls: Array<{
		input: ListJobsInput;
		hooks: ExchangeHooks;
		body: (text: string) => void;
		fail: (error: Error) => void;
	}> = [];
	let parsed = 0;
	const client = { listJobs: () => Promise.reject(new Error('the two-step exchange is used')) };
	registerExchange(
		client,
		client.listJobs,
		(input, hooks) =>
			new Promise<ListJobsExchange>((resolve, reject) => {
				calls.push({
					input,
					hooks,
					body: (text) =>
						resolve({
							body: text,
							parse: () => {
								parsed++;
								return RESPONSE;
							},
						}),
					fail: reject,
				});
			}),
	);
	return { client, calls, parsed: () => parsed };
}

const input = { marker: 'M', index: 1, maxJobs: 10, apiVersion: undefined };
const noWait: BeforeParse = () => undefined;

/** Lets every queued promise callback run (microtasks only: no timer fires). */
async function flush(): Promise<void> {
	for (let i = 0; i < 10; i++) await Promise.resolve();
}

/** Calls onTheWire and tracks whether it has settled. */
function watch(onTheWire: () => Promise<void>): () => boolean {
	let settled = false;
	void onTheWire().then(() => {
		settled = true;
	});
	return () => settled;
}

describe('onTheWire: when the page in hand may be parsed', () => {
	beforeEach(() => {
		vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
	});
	afterEach(() => {
		vi.useRealTimers();
	});

	it('once the request is handed to fetch, one macrotask later (fetch writes the socket after it)', async () => {
		const { client, calls } = steppedClient();
		const page = startPageRequest(client, input, new AbortController().signal, noWait);
		const onWire = watch(page.onTheWire);
		calls[0]!.hooks.onCredentials?.();
		calls[0]!.hooks.onSend?.();
		await flush();
		expect(onWire()).toBe(false);
		await vi.advanceTimersByTimeAsync(0);
		expect(onWire()).toBe(true);
	});

	it('not before: while it is being signed, however long that takes', async () => {
		const { client, calls } = steppedClient();
		const page = startPageRequest(client, input, new AbortController().signal, noWait);
		const onWire = watch(page.onTheWire);
		calls[0]!.hooks.onCredentials?.();
		await vi.advanceTimersByTimeAsync(60_000);
		expect(onWire()).toBe(false);
		calls[0]!.hooks.onSend?.();
		await vi.advanceTimersByTimeAsync(0);
		expect(onWire()).toBe(true);
	});

	it('a request still waiting for its credentials holds the page back only briefly', async () => {
		const { client } = steppedClient();
		const page = startPageRequest(client, input, new AbortController().signal, noWait);
		const onWire = watch(page.onTheWire);
		await flush();
		expect(onWire()).toBe(false);
		await vi.advanceTimersByTimeAsync(10);
		expect(onWire()).toBe(true);
	});

	it('a request that has ended (here: failed before it was sent) holds nothing back', async () => {
		const { client, calls } = steppedClient();
		const page = startPageRequest(client, input, new AbortController().signal, noWait);
		calls[0]!.fail(new Error('no credentials'));
		await expect(page.response).rejects.toThrow('no credentials');
		const onWire = watch(page.onTheWire);
		await flush();
		expect(onWire()).toBe(true);
	});

	it('a retry does not take a sent request back: asked after the second attempt got its credentials, it is on the wire', async () => {
		const { client, calls } = steppedClient();
		const page = startPageRequest(client, input, new AbortController().signal, noWait);
		const { hooks } = calls[0]!;
		hooks.onCredentials?.();
		hooks.onSend?.();
		// The first attempt failed; the second has its credentials and is being signed.
		hooks.onCredentials?.();
		const onWire = watch(page.onTheWire);
		await vi.advanceTimersByTimeAsync(0);
		expect(onWire()).toBe(true);
	});
});

describe('startPageRequest', () => {
	it('parses the body only once what beforeParse returned has settled, and hands it the record and the body', async () => {
		const { client, calls, parsed } = steppedClient();
		let open = (): void => {};
		const gate = new Promise<void>((resolve) => {
			open = resolve;
		});
		const seen: Array<[unknown, string]> = [];
		const page = startPageRequest(client, input, new AbortController().signal, (record, body) => {
			seen.push([record, body]);
			return gate;
		});
		calls[0]!.body('<ListJobsResponse/>');
		await flush();
		expect(seen).toEqual([[page, '<ListJobsResponse/>']]);
		expect(parsed()).toBe(0);
		open();
		expect(await page.response).toBe(RESPONSE);
		expect(parsed()).toBe(1);
	});

	it('asks the exchange with its own signal, which follows the parent and cancel()', () => {
		const { client, calls } = steppedClient();
		const parent = new AbortController();
		const page = startPageRequest(client, input, parent.signal, noWait);
		const cancelled = startPageRequest(client, input, parent.signal, noWait);
		expect(calls.map((call) => call.hooks.signal)).toEqual([page.signal, cancelled.signal]);
		cancelled.cancel();
		expect([page.signal.aborted, cancelled.signal.aborted]).toEqual([false, true]);
		parent.abort();
		expect(page.signal.aborted).toBe(true);
	});

	it('a plain client is asked listJobs(input, { signal }), with Marker and APIVersion only when there are some', async () => {
		const asked: Array<[ListJobsInput, { signal?: AbortSignal | undefined }]> = [];
		const plain = {
			listJobs: (listInput: ListJobsInput, options: { signal?: AbortSignal | undefined }) => {
				asked.push([listInput, options]);
				return Promise.resolve(RESPONSE);
			},
		};
		const parent = new AbortController().signal;
		const first = startPageRequest(
			plain,
			{ marker: undefined, index: 0, maxJobs: 5, apiVersion: undefined },
			parent,
			noWait,
		);
		const next = startPageRequest(
			plain,
			{ marker: 'M', index: 1, maxJobs: 7, apiVersion: '2.0' },
			parent,
			noWait,
		);
		expect(await first.response).toBe(RESPONSE);
		expect(await next.response).toBe(RESPONSE);
		expect(asked.map(([listInput]) => listInput)).toStrictEqual([
			{ MaxJobs: 5 },
			{ MaxJobs: 7, Marker: 'M', APIVersion: '2.0' },
		]);
		expect(asked.map(([, options]) => options)).toStrictEqual([
			{ signal: first.signal },
			{ signal: next.signal },
		]);
		expect([first.marker, first.index, first.maxJobs]).toEqual([undefined, 0, 5]);
		expect([next.marker, next.index, next.maxJobs, next.early]).toEqual(['M', 1, 7, undefined]);
	});
});
