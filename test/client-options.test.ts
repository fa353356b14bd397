import { describe, expect, it, vi } from 'vitest';
import {
	DEFAULT_ENDPOINT,
	DEFAULT_MAX_RESPONSE_BYTES,
	resolveClientOptions,
	type ImportExportClientOptions,
} from '../src/protocol/client-options.js';
import type { ResponseEvent } from '../src/protocol/attempt-events.js';
import { sleep } from '../src/transport/sleep.js';
import { awsHome } from './aws-env.js';
import { loopbackServer } from './loopback-server.js';

const credentials = { accessKeyId: 'AKID', secretAccessKey: 'not-a-secret' };
const MAX_TIMER_MS = 2_147_483_647;

function resolve(options: ImportExportClientOptions) {
	return resolveClientOptions({ credentials, ...options });
}

describe('resolveClientOptions: defaults, applied once', () => {
	it('fills in the AWS standard retry policy, the timeouts and the default endpoint', async () => {
		await awsHome();
		const resolved = resolveClientOptions();
		expect(resolved.retry).toEqual({
			mode: 'standard',
			maxAttempts: 3,
			baseDelayMs: 100,
			throttlingBaseDelayMs: 500,
			maxDelayMs: 20_000,
			quota: 500,
			random: Math.random,
			sleep,
		});
		expect(resolved).toMatchObject({
			timeoutMs: 30_000,
			maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
			userAgent: undefined,
			sink: undefined,
			logger: undefined,
		});
		expect(DEFAULT_MAX_RESPONSE_BYTES).toBe(4 * 1024 * 1024);
		expect(resolved.endpoint.href).toBe(`${DEFAULT_ENDPOINT}/`);
		expect(Math.abs(resolved.now().getTime() - Date.now())).toBeLessThan(60_000);
	});

	it('keeps what was given', () => {
		const random = () => 0.25;
		const wait = async () => {};
		const now = () => new Date(0);
		const resolved = resolve({
			timeoutMs: 5,
			maxResponseBytes: 10,
			userAgent: 'my-app/1.2',
			now,
			retry: {
				mode: 'adaptive',
				maxAttempts: 7,
				baseDelayMs: 1,
				throttlingBaseDelayMs: 2,
				maxDelayMs: 3,
				quota: 4,
				random,
				sleep: wait,
			},
		});
		expect(resolved.retry).toEqual({
			mode: 'adaptive',
			maxAttempts: 7,
			baseDelayMs: 1,
			throttlingBaseDelayMs: 2,
			maxDelayMs: 3,
			quota: 4,
			random,
			sleep: wait,
		});
		expect(resolved).toMatchObject({ timeoutMs: 5, maxResponseBytes: 10, userAgent: 'my-app/1.2' });
		expect(resolved.now).toBe(now);
	});

	it('bounds a credentials call by timeoutMs unless credentialsTimeoutMs is given', async () => {
		const hanging = () => new Promise<never>(() => {});
		await expect(resolve({ credentials: hanging, timeoutMs: 20 }).credentials()).rejects.toThrow(
			/within 20 ms/,
		);
		await expect(
			resolve({ credentials: hanging, timeoutMs: 60_000, credentialsTimeoutMs: 25 }).credentials(),
		).rejects.toThrow(/within 25 ms/);
	});

	it('judges the expiry of credentials by the injected clock', async () => {
		const T = Date.parse('2020-01-01T00:00:00Z');
		let calls = 0;
		const provider = () => {
			calls++;
			return { ...credentials, expiration: new Date(T + 3_600_000) };
		};
		const resolved = resolve({ credentials: provider, now: () => new Date(T) });
		await resolved.credentials();
		await resolved.credentials();
		// By the real clock they expired long ago and would be fetched for every request.
		expect(calls).toBe(1);
	});
});

describe('resolveClientOptions: the endpoint', () => {
	it('takes the option, else AWS_ENDPOINT_URL_IMPORTEXPORT, else AWS_ENDPOINT_URL', async () => {
		await awsHome();
		vi.stubEnv('AWS_ENDPOINT_URL', 'http://127.0.0.1:3/');
		expect(resolve({}).endpoint.href).toBe('http://127.0.0.1:3/');
		vi.stubEnv('AWS_ENDPOINT_URL_IMPORTEXPORT', 'http://127.0.0.1:2/');
		expect(resolve({}).endpoint.href).toBe('http://127.0.0.1:2/');
		expect(resolve({ endpoint: new URL('http://127.0.0.1:1') }).endpoint.href).toBe(
			'http://127.0.0.1:1/',
		);
	});

	it('AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true (any case) turns the variables off, not the option', async () => {
		await awsHome();
		vi.stubEnv('AWS_ENDPOINT_URL_IMPORTEXPORT', 'http://127.0.0.1:2/');
		vi.stubEnv('AWS_ENDPOINT_URL', 'http://127.0.0.1:3/');
		vi.stubEnv('AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', 'TRUE');
		expect(resolve({}).endpoint.href).toBe(`${DEFAULT_ENDPOINT}/`);
		expect(resolve({ endpoint: 'http://127.0.0.1:1' }).endpoint.href).toBe('http://127.0.0.1:1/');
		vi.stubEnv('AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', 'false');
		expect(resolve({}).endpoint.href).toBe('http://127.0.0.1:2/');
	});

	it('names the source of a wrong endpoint, and never echoes a password', async () => {
		await awsHome();
		expect(() => resolve({ endpoint: 'not a url' })).toThrow(
			'Expected `endpoint` to be an absolute http(s) URL, got "not a url".',
		);
		vi.stubEnv('AWS_ENDPOINT_URL_IMPORTEXPORT', 'ftp://host/');
		expect(() => resolve({})).toThrow(
			'Expected AWS_ENDPOINT_URL_IMPORTEXPORT to be an http(s) URL, got "ftp://host/".',
		);
		vi.stubEnv('AWS_ENDPOINT_URL_IMPORTEXPORT', undefined);
		vi.stubEnv('AWS_ENDPOINT_URL', 'https://user@host/');
		expect(() => resolve({})).toThrow(
			'Expected AWS_ENDPOINT_URL to be a URL without a user name or password.',
		);
		expect(() => resolve({ endpoint: 'https://:hunter2@host/' })).toThrow(
			'Expected `endpoint` to be a URL without a user name or password.',
		);
		expect(() => resolve({ endpoint: 'https://host/' })).not.toThrow();
	});
});

describe('resolveClientOptions: every option is checked, bounds included', () => {
	it.each([
		['timeoutMs', { timeoutMs: 0 }],
		['timeoutMs', { timeoutMs: MAX_TIMER_MS + 1 }],
		['credentialsTimeoutMs', { credentialsTimeoutMs: 0 }],
		['credentialsTimeoutMs', { credentialsTimeoutMs: MAX_TIMER_MS + 1 }],
		['maxResponseBytes', { maxResponseBytes: 0 }],
		['retry.maxAttempts', { retry: { maxAttempts: 101 } }],
		['retry.baseDelayMs', { retry: { baseDelayMs: -1 } }],
		['retry.baseDelayMs', { retry: { baseDelayMs: MAX_TIMER_MS + 1 } }],
		['retry.throttlingBaseDelayMs', { retry: { throttlingBaseDelayMs: -1 } }],
		['retry.throttlingBaseDelayMs', { retry: { throttlingBaseDelayMs: MAX_TIMER_MS + 1 } }],
		['retry.maxDelayMs', { retry: { maxDelayMs: -1 } }],
		['retry.maxDelayMs', { retry: { maxDelayMs: MAX_TIMER_MS + 1 } }],
		['retry.quota', { retry: { quota: -1 } }],
		['now', { now: 'now' }],
		['retry.random', { retry: { random: 0.5 } }],
		['retry.sleep', { retry: { sleep: 10 } }],
		['retry.onRetry', { retry: { onRetry: true } }],
		['onRequest', { onRequest: {} }],
		['onResponse', { onResponse: [] }],
		['userAgent', { userAgent: 'a\rb' }],
		['userAgent', { userAgent: 42 }],
	])('refuses a wrong `%s` (%j)', (name, options) => {
		expect(() => resolve(options as ImportExportClientOptions)).toThrow(
			expect.objectContaining({
				name: 'TypeError',
				message: expect.stringContaining(`\`${name}\``),
			}),
		);
	});

	it('takes the bounds themselves', () => {
		expect(() =>
			resolve({
				timeoutMs: MAX_TIMER_MS,
				credentialsTimeoutMs: MAX_TIMER_MS,
				maxResponseBytes: 1,
				retry: {
					maxAttempts: 100,
					baseDelayMs: MAX_TIMER_MS,
					throttlingBaseDelayMs: MAX_TIMER_MS,
					maxDelayMs: MAX_TIMER_MS,
					quota: 0,
				},
			}),
		).not.toThrow();
		expect(() =>
			resolve({
				timeoutMs: 0.5,
				credentialsTimeoutMs: 0.5,
				retry: { maxAttempts: 1, baseDelayMs: 0, throttlingBaseDelayMs: 0, maxDelayMs: 0 },
			}),
		).not.toThrow();
	});

	it('refuses unknown keys, in the options and in `retry`, and a `retry` that is not an object', () => {
		expect(() => resolve({ retries: 3 } as never)).toThrow(
			/Unknown ImportExportClient option `retries`/,
		);
		expect(() => resolve({ retry: { attempts: 3 } } as never)).toThrow(
			/Unknown retry option `attempts`/,
		);
		expect(() => resolve({ retry: null } as never)).toThrow(/retry options to be an object/);
	});

	it('refuses a logger without the AWS SDK shape', () => {
		expect(() => resolve({ logger: 'console' as never })).toThrow(TypeError);
	});
});

describe('resolveClientOptions: fetch', () => {
	it('says so when the runtime has no fetch and none is given', () => {
		const original = globalThis.fetch;
		// A runtime without fetch: only the option can supply one.
		Reflect.deleteProperty(globalThis, 'fetch');
		try {
			expect(() => resolve({})).toThrow(
				'No `fetch` in this runtime: pass one as the `fetch` option.',
			);
			const given = (async () => new Response('')) as typeof fetch;
			expect(resolve({ fetch: given }).fetch).toBe(given);
		} finally {
			globalThis.fetch = original;
		}
	});

	it('calls the global fetch with what it was given when no fetch is passed', async () => {
		const server = await loopbackServer((_, response) => response.end('ok'));
		const response = await resolve({}).fetch(server.endpoint, { method: 'POST', body: 'x=1' });
		expect(await response.text()).toBe('ok');
		expect(server.requests).toMatchObject([{ method: 'POST', body: 'x=1' }]);
	});
});

describe('resolveClientOptions: hooks', () => {
	it('has no sink without a hook or a logger', () => {
		expect(resolve({}).sink).toBeUndefined();
	});

	it('calls onResponse with the event alone, and has no onResponse when only onRequest is given', () => {
		const calls: unknown[][] = [];
		const sink = resolve({ onResponse: (...args: unknown[]) => calls.push(args) }).sink!;
		const event = { attempt: 1 } as ResponseEvent;
		sink.onResponse?.(event, (text) => text);
		expect(calls).toEqual([[event]]);
		const onRequest = () => {};
		const requestOnly = resolve({ onRequest }).sink!;
		expect(requestOnly.onRequest).toBe(onRequest);
		expect(requestOnly.onResponse).toBeUndefined();
	});

	it('sends attempts to the hooks and to the logger', () => {
		const logged: unknown[] = [];
		const requests: unknown[] = [];
		const logger = { debug: (...args: unknown[]) => logged.push(args) };
		const sink = resolve({ logger, onRequest: (event) => requests.push(event) }).sink!;
		expect(resolve({ logger }).logger).toBe(logger);
		const event = {
			operation: 'ListJobs',
			method: 'POST',
			url: 'http://127.0.0.1:1/',
			attempt: 1,
			marker: undefined,
		};
		sink.onRequest?.(event);
		sink.onResponse?.(
			{
				...event,
				status: 200,
				requestId: 'r',
				durationMs: 1,
				bytes: 2,
				error: undefined,
				decision: { action: 'success' },
				clockOffsetMs: 0,
			},
			(text) => text,
		);
		expect(requests).toEqual([event]);
		expect(logged.length).toBeGreaterThan(0);
	});
});
