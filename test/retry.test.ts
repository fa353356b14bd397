import { describe, expect, it } from 'vitest';
import { AbortError, NetworkError, ServiceError, TimeoutError } from '../src/index.js';
import { caught, clientFor, emulator, until } from './helpers.js';

describe('retries', () => {
	it.each([
		[{ kind: 'throttling' as const }, 'Throttling', 500],
		[{ kind: 'too-many-requests' as const }, '429', 500],
		[{ kind: 'slow-down' as const, retryAfterSeconds: 0 }, 'SlowDown', 500],
		[{ kind: 'internal-failure' as const }, 'InternalFailure', 100],
		[{ kind: 'bad-gateway' as const }, '502', 100],
		[{ kind: 'error' as const, status: 504, code: 'GatewayTimeout' }, 'GatewayTimeout', 100],
		[{ kind: 'error' as const, status: 400, code: 'RequestTimeout' }, 'RequestTimeout', 100],
	])('retries %j with the right base delay, then succeeds', async (fault, code, base) => {
		const server = await emulator({ jobCount: 5 });
		server.failNext(fault, 2);
		const { client, delays, retries } = clientFor(server);
		const result = await client.listJobs();
		expect(result.Jobs).toHaveLength(5);
		expect(result.$metadata.attempts).toBe(3);
		expect(server.counters.requests).toBe(3);
		// random() = 0.5: full jitter gives half of base * 2^retry.
		expect(delays).toEqual([base / 2, base]);
		expect(retries.map((retry) => [retry.attempt, (retry.error as ServiceError).code])).toEqual([
			[1, code],
			[2, code],
		]);
		expect(result.$metadata.totalRetryDelayMs).toBe(base / 2 + base);
	});

	it.each([[{ kind: 'reset-before-response' as const }], [{ kind: 'reset-mid-body' as const }]])(
		'retries a connection %j as a network error',
		async (fault) => {
			const server = await emulator({ jobCount: 2000 });
			server.failNext(fault);
			const { client, retries } = clientFor(server);
			const result = await client.listJobs();
			expect(result.Jobs).toHaveLength(1000);
			expect(retries).toHaveLength(1);
			expect(retries[0]!.error).toBeInstanceOf(NetworkError);
		},
	);

	it('gives up after maxAttempts with the last error and the attempt count', async () => {
		const server = await emulator({ jobCount: 1 });
		server.failNext({ kind: 'internal-failure' }, 5);
		const { client } = clientFor(server);
		const error = (await caught(() => client.listJobs())) as ServiceError;
		expect(error).toBeInstanceOf(ServiceError);
		expect(error.code).toBe('InternalFailure');
		expect(error.retryable).toBe(true);
		expect(error.attempts).toBe(3);
		expect(server.counters.requests).toBe(3);
	});

	it('never retries a permanent error', async () => {
		const server = await emulator({ jobCount: 1 });
		const { client, retries } = clientFor(server);
		const error = (await caught(() => client.listJobs({ Marker: 'XXXXX' }))) as ServiceError;
		expect(error.code).toBe('InvalidParameterException');
		expect(error.attempts).toBe(1);
		expect(retries).toHaveLength(0);
		expect(server.counters.requests).toBe(1);
	});

	it('honours Retry-After on 503, within the cap', async () => {
		const server = await emulator({ jobCount: 1 });
		server.failNext({ kind: 'slow-down', retryAfterSeconds: 3 });
		const { client, delays } = clientFor(server);
		await client.listJobs();
		expect(delays).toEqual([3000]);

		server.failNext({ kind: 'slow-down', retryAfterSeconds: 3600 });
		await client.listJobs();
		expect(delays[1]).toBe(20_000);
	});

	it('times out an attempt that never answers, retries it, and reports a TimeoutError', async () => {
		const server = await emulator({ jobCount: 1 });
		server.failNext({ kind: 'hang' }, 2);
		const { client, retries } = clientFor(server, { timeoutMs: 150, retry: { maxAttempts: 2 } });
		// Only the timeout can end an attempt the server never answers: a hang here is the test's own timeout.
		const error = (await caught(() => client.listJobs())) as TimeoutError;
		expect(error).toBeInstanceOf(TimeoutError);
		expect(error.timeoutMs).toBe(150);
		expect(error.message).toContain('150 ms');
		expect(retries).toHaveLength(1);
		expect(error.attempts).toBe(2);
		expect(server.requests.map((entry) => entry.fault)).toEqual(['hang', 'hang']);
	});

	it('stops retrying when the shared quota runs dry', async () => {
		const server = await emulator({ jobCount: 1 });
		const { client } = clientFor(server, { retry: { quota: 10, maxAttempts: 5 } });
		server.failNext({ kind: 'internal-failure' }, 10);
		const error = (await caught(() => client.listJobs())) as ServiceError;
		// 10 tokens pay for two retries of 5: three attempts, then the quota refuses.
		expect(error.attempts).toBe(3);
		expect(client.retryQuotaAvailable).toBe(0);
		server.reset();
		await client.listJobs();
		expect(client.retryQuotaAvailable).toBe(1);
	});

	it('ends a backoff wait at once when the signal aborts', async () => {
		const server = await emulator({ jobCount: 1 });
		server.failNext({ kind: 'throttling' }, 5);
		// The real sleep, for the longest wait a timer can hold (24 days): only the abort can end it.
		const longest = 2_147_483_647;
		let waiting = (): void => {};
		const retried = new Promise<void>((resolve) => {
			waiting = resolve;
		});
		const { client } = clientFor(server, {
			retry: {
				sleep: undefined as never,
				random: () => 0.999,
				throttlingBaseDelayMs: longest,
				maxDelayMs: longest,
				onRetry: () => waiting(),
			},
		});
		const controller = new AbortController();
		const pending = client.listJobs({}, { signal: controller.signal });
		// onRetry runs right before the wait starts: once it has, the client is sleeping.
		await retried;
		controller.abort(new Error('user cancelled'));
		const error = await caught(() => pending);
		expect(error).toBeInstanceOf(AbortError);
		expect((error.cause as Error).message).toBe('user cancelled');
		expect(server.counters.requests).toBe(1);
	});

	it('aborts a request in flight', async () => {
		const server = await emulator({ jobCount: 1 });
		server.failNext({ kind: 'hang' });
		const { client } = clientFor(server);
		const controller = new AbortController();
		const pending = client.listJobs({}, { signal: controller.signal });
		await until(() => server.counters.requests === 1);
		controller.abort();
		expect(await caught(() => pending)).toBeInstanceOf(AbortError);
		await until(() => server.requests[0]?.aborted === true);
	});
});
