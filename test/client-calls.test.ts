import { describe, expect, it } from 'vitest';
import type { RequestEvent, ResponseEvent } from '../src/protocol/attempt-events.js';
import { exchangeOf } from '../src/protocol/list-jobs-exchange.js';
import { AbortError, ImportExportError } from '../src/transport/errors.js';
import { caught, clientFor, emulator } from './helpers.js';

describe('one listJobs call', () => {
	it('reports its attempts to the client hooks first, then to a listing’s own watcher', async () => {
		const server = await emulator({ jobCount: 2 });
		server.injectFault(1, { kind: 'throttling' });
		const seen: string[] = [];
		const { client } = clientFor(server, {
			onRequest: (event) => seen.push(`hooks request ${event.attempt}`),
			onResponse: (event) => seen.push(`hooks response ${event.attempt} ${event.decision.action}`),
		});
		const watcher = {
			onRequest: (event: RequestEvent) => seen.push(`watcher request ${event.attempt}`),
			onResponse: (event: ResponseEvent) =>
				seen.push(`watcher response ${event.attempt} ${event.decision.action}`),
		};
		const step = await exchangeOf(client)!({}, { observe: watcher });
		expect(step.parse().Jobs).toHaveLength(2);
		expect(seen).toEqual([
			'hooks request 1',
			'watcher request 1',
			'hooks response 1 retry',
			'watcher response 1 retry',
			'hooks request 2',
			'watcher request 2',
			'hooks response 2 success',
			'watcher response 2 success',
		]);
	});

	it('tells a listing’s watcher alone when the client has no hooks', async () => {
		const server = await emulator({ jobCount: 1 });
		const { client } = clientFor(server);
		const seen: number[] = [];
		await exchangeOf(client)!({}, { observe: { onResponse: (event) => seen.push(event.status!) } });
		expect(seen).toEqual([200]);
	});

	it('calls onCredentials, then onSend, for every attempt', async () => {
		const server = await emulator({ jobCount: 1 });
		server.injectFault(1, { kind: 'throttling' });
		const { client } = clientFor(server);
		const seen: string[] = [];
		await exchangeOf(client)!(
			{},
			{ onCredentials: () => seen.push('credentials'), onSend: () => seen.push('send') },
		);
		expect(seen).toEqual(['credentials', 'send', 'credentials', 'send']);
	});

	it('fills $metadata: status, request id, attempts, retry wait and clock', async () => {
		const server = await emulator({ jobCount: 1 });
		server.injectFault(1, { kind: 'throttling' });
		const { client, delays } = clientFor(server);
		const { $metadata } = await client.listJobs();
		expect($metadata).toEqual({
			httpStatusCode: 200,
			requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
			attempts: 2,
			totalRetryDelayMs: delays[0],
			clockSkewCorrected: false,
			clockOffsetMs: 0,
		});
		expect(delays[0]).toBeGreaterThan(0);
	});

	it('an abort while the credentials are being fetched ends the call at once, with the reason as cause', async () => {
		const server = await emulator({ jobCount: 1 });
		let asked: () => void = () => {};
		const askedFor = new Promise<void>((resolve) => (asked = resolve));
		const { client } = clientFor(server, {
			credentials: () => {
				asked();
				return new Promise<never>(() => {});
			},
		});
		const controller = new AbortController();
		const call = client.listJobs({}, { signal: controller.signal });
		await askedFor;
		const reason = new Error('user stop');
		controller.abort(reason);
		const error = await caught(() => call);
		expect(error).toBeInstanceOf(AbortError);
		expect(error).toMatchObject({
			message: 'ListJobs aborted.',
			operation: 'ListJobs',
			cause: reason,
		});
		expect(server.counters.requests).toBe(0);
	});

	it('an abort between the exchange and the parse stops the parse', async () => {
		const server = await emulator({ jobCount: 1 });
		const { client } = clientFor(server);
		const controller = new AbortController();
		const step = await exchangeOf(client)!({}, { signal: controller.signal });
		expect(step.body).toContain('<ListJobsResponse');
		controller.abort();
		expect(() => step.parse()).toThrow(AbortError);
	});

	it('keeps a failure of the caller’s own hook typed, with the original as cause', async () => {
		const server = await emulator({ jobCount: 1 });
		server.injectFault(1, { kind: 'throttling' });
		const broken = new TypeError('hook broke');
		const { client } = clientFor(server, {
			retry: {
				onRetry: () => {
					throw broken;
				},
			},
		});
		const error = await caught(() => client.listJobs());
		expect(error).toBeInstanceOf(ImportExportError);
		expect(error).toMatchObject({ operation: 'ListJobs', cause: broken });
		expect(error.message).toBe('ListJobs failed: hook broke');
	});

	it('a malformed page fails the parse with an ImportExportError, after one request', async () => {
		const server = await emulator({ jobCount: 1 });
		server.injectFault(1, { kind: 'raw', status: 200, body: 'not xml' });
		const { client } = clientFor(server);
		const error = await caught(() => client.listJobs());
		expect(error).toMatchObject({ name: 'ResponseParseError', operation: 'ListJobs' });
		expect(server.counters.requests).toBe(1);
	});
});
