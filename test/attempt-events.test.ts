import { describe, expect, it } from 'vitest';
import type { RequestEvent, ResponseEvent } from '../src/protocol/attempt-events.js';
import { clientFor, emulator } from './helpers.js';

describe('per-attempt hooks (onRequest / onResponse)', () => {
	it('report each attempt as it is sent and as it ends, with the retry decision', async () => {
		const server = await emulator({ jobCount: 5 });
		server.injectFault(1, [{ kind: 'throttling' }, { kind: 'reset-before-response' }]);
		const requests: RequestEvent[] = [];
		const responses: ResponseEvent[] = [];
		const { client, delays } = clientFor(server, {
			onRequest: (e) => requests.push(e),
			onResponse: (e) => responses.push(e),
			retry: { maxAttempts: 3 },
		});
		await client.listJobs({ MaxJobs: 5 });

		const url = `${server.endpoint}/`;
		expect(requests).toEqual(
			[1, 2, 3].map((attempt) => ({
				operation: 'ListJobs',
				method: 'POST',
				url,
				attempt,
				marker: undefined,
			})),
		);
		expect(responses.map((e) => [e.attempt, e.status, e.error?.name, e.decision])).toEqual([
			[1, 400, 'ServiceError', { action: 'retry', delayMs: delays[0] }],
			[2, undefined, 'NetworkError', { action: 'retry', delayMs: delays[1] }],
			[3, 200, undefined, { action: 'success' }],
		]);
		expect(responses[0]!.requestId).toMatch(/^[0-9a-f-]{36}$/);
		expect(responses[1]!.requestId).toBeUndefined();
		expect(responses[2]!.bytes).toBeGreaterThan(0);
		expect(responses.every((e) => e.durationMs >= 0 && e.clockOffsetMs === 0)).toBe(true);
	});

	it('say when the retry layer gives up', async () => {
		const server = await emulator({ jobCount: 5 });
		server.injectFault(1, { kind: 'internal-failure' });
		const responses: ResponseEvent[] = [];
		const { client } = clientFor(server, {
			onResponse: (e) => responses.push(e),
			retry: { maxAttempts: 1 },
		});
		await expect(client.listJobs()).rejects.toMatchObject({ code: 'InternalFailure' });
		expect(responses.map((e) => [e.status, e.decision])).toEqual([[500, { action: 'fail' }]]);
	});

	it('are checked like every option', () => {
		expect(() =>
			clientFor(
				{
					endpoint: 'http://127.0.0.1:1',
					credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
				} as never,
				{ onResponse: 'yes' as never },
			),
		).toThrow(/`onResponse`/);
	});
});
