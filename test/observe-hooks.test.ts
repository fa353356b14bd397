import { describe, expect, it } from 'vitest';
import {
	ImportExportClient,
	paginateListJobPages,
	type RequestEvent,
	type ResponseEvent,
} from '../src/index.js';
import type { Fault } from '../src/emulator/index.js';
import { caught, clientFor, emulator, HANG_TIMEOUT_MS, until } from './helpers.js';
import { loopbackServer } from './loopback-server.js';

/** Every attempt sent got exactly one onResponse, for the same call and attempt, after its onRequest. */
function expectOneResponsePerRequest(
	log: Array<['request', RequestEvent] | ['response', ResponseEvent]>,
): void {
	const open = new Map<string, number>();
	const answered = new Set<string>();
	log.forEach(([kind, event], index) => {
		const key = `${event.marker ?? '^'}#${event.attempt}`;
		if (kind === 'request') {
			expect(open.has(key) || answered.has(key), `${key} sent twice`).toBe(false);
			open.set(key, index);
		} else {
			expect(open.has(key), `${key} answered without being sent, or twice`).toBe(true);
			open.delete(key);
			answered.add(key);
		}
	});
	expect([...open.keys()], 'attempts sent with no onResponse').toEqual([]);
}

function recording() {
	const log: Array<['request', RequestEvent] | ['response', ResponseEvent]> = [];
	const responses = () =>
		log
			.filter((entry): entry is ['response', ResponseEvent] => entry[0] === 'response')
			.map(([, e]) => e);
	return {
		log,
		responses,
		onRequest: (e: RequestEvent) => log.push(['request', e]),
		onResponse: (e: ResponseEvent) => log.push(['response', e]),
	};
}

describe('onRequest / onResponse: exactly one onResponse for every attempt sent', () => {
	const outcomes: Array<
		[string, Fault[], Array<[number | undefined, string | undefined, string]>]
	> = [
		['success', [], [[200, undefined, 'success']]],
		[
			'throttled, then retried',
			[{ kind: 'throttling' }],
			[
				[400, 'ServiceError', 'retry'],
				[200, undefined, 'success'],
			],
		],
		[
			'HTTP 429, then retried',
			[{ kind: 'too-many-requests' }],
			[
				[429, 'ServiceError', 'retry'],
				[200, undefined, 'success'],
			],
		],
		[
			'a network reset, then retried',
			[{ kind: 'reset-before-response' }],
			[
				[undefined, 'NetworkError', 'retry'],
				[200, undefined, 'success'],
			],
		],
		[
			'a body cut short, then retried',
			[{ kind: 'reset-mid-body' }],
			[
				[undefined, 'NetworkError', 'retry'],
				[200, undefined, 'success'],
			],
		],
		[
			'a timeout, then retried',
			[{ kind: 'hang' }],
			[
				[undefined, 'TimeoutError', 'retry'],
				[200, undefined, 'success'],
			],
		],
		[
			'failures to the last attempt',
			[{ kind: 'internal-failure' }, { kind: 'bad-gateway' }, { kind: 'internal-failure' }],
			[
				[500, 'ServiceError', 'retry'],
				[502, 'ServiceError', 'retry'],
				[500, 'ServiceError', 'fail'],
			],
		],
	];

	it.each(outcomes)('%s', async (_name, faults, expected) => {
		const server = await emulator({ jobCount: 3 });
		if (faults.length > 0) server.injectFault(1, faults);
		const hooks = recording();
		const { client } = clientFor(server, {
			onRequest: hooks.onRequest,
			onResponse: hooks.onResponse,
			// Only a hang needs the attempt timeout to end it; any shorter bound turns a slow answer
			// on a loaded machine into a timeout the table does not expect.
			timeoutMs: faults.some((fault) => fault.kind === 'hang') ? HANG_TIMEOUT_MS : 60_000,
			retry: { maxAttempts: 3 },
		});
		await client.listJobs({ MaxJobs: 3 }).catch(() => {});
		expectOneResponsePerRequest(hooks.log);
		expect(hooks.responses().map((e) => [e.status, e.error?.name, e.decision.action])).toEqual(
			expected,
		);
		expect(hooks.log.filter(([kind]) => kind === 'request')).toHaveLength(server.counters.requests);
	});

	it('an abort while the request is on the wire', async () => {
		const server = await emulator({ jobCount: 3 });
		server.injectFault(1, { kind: 'hang' });
		const hooks = recording();
		const { client } = clientFor(server, {
			onRequest: hooks.onRequest,
			onResponse: hooks.onResponse,
		});
		const controller = new AbortController();
		const call = client.listJobs({}, { signal: controller.signal });
		await until(() => server.counters.requests === 1);
		controller.abort();
		expect((await caught(() => call)).name).toBe('AbortError');
		expectOneResponsePerRequest(hooks.log);
		expect(hooks.responses().map((e) => [e.status, e.error?.name, e.decision.action])).toEqual([
			[undefined, 'AbortError', 'fail'],
		]);
	});

	it('an abort during the backoff wait after a throttled attempt', async () => {
		const server = await emulator({ jobCount: 3 });
		server.injectFault(1, { kind: 'throttling' });
		const hooks = recording();
		const controller = new AbortController();
		const { client } = clientFor(server, {
			onRequest: hooks.onRequest,
			onResponse: hooks.onResponse,
			retry: {
				sleep: async (_ms, signal) => {
					controller.abort();
					signal?.throwIfAborted();
				},
			},
		});
		expect((await caught(() => client.listJobs({}, { signal: controller.signal }))).name).toBe(
			'AbortError',
		);
		expectOneResponsePerRequest(hooks.log);
		expect(hooks.responses().map((e) => [e.status, e.decision.action])).toEqual([[400, 'retry']]);
	});

	it('a whole listing with prefetch, faults on several pages', async () => {
		const server = await emulator({ jobCount: 25 });
		server.injectFault(2, { kind: 'throttling' });
		server.injectFault(4, [{ kind: 'reset-before-response' }, { kind: 'hang' }]);
		const hooks = recording();
		const { client } = clientFor(server, {
			onRequest: hooks.onRequest,
			onResponse: hooks.onResponse,
			timeoutMs: HANG_TIMEOUT_MS,
		});
		let jobs = 0;
		for await (const page of paginateListJobPages(client, { pageSize: 5 }))
			jobs += page.jobs.length;
		expect(jobs).toBe(25);
		expectOneResponsePerRequest(hooks.log);
		expect(hooks.responses()).toHaveLength(server.counters.requests);
		expect(hooks.responses().filter((e) => e.decision.action === 'retry')).toHaveLength(3);
	});

	it('are public options, checked like every option', () => {
		const target = {
			endpoint: 'http://127.0.0.1:1',
			credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
		} as never;
		expect(() => clientFor(target, { onRequest: 1 as never })).toThrow(/`onRequest`/);
		expect(() => clientFor(target, { onResponse: 'yes' as never })).toThrow(/`onResponse`/);
	});

	// Regression: a failed attempt's requestId was taken from the error before the error was scrubbed.
	it('never hand a secret echoed as the request id to onResponse', async () => {
		const TOKEN = 'TOKENq8Wf3Lz7Rt2Yp9Mx4Kc6Vb1Nh5Gj0Sd8Ae3Ui7Oy2Tr6Ew9Qa4Zs1Xc5Dv';
		const server = await loopbackServer((request, response) => {
			const token = String(request.headers['x-amz-security-token']);
			response.writeHead(500, { 'content-type': 'text/xml', 'x-amzn-requestid': token });
			response.end(
				`<ErrorResponse><Error><Code>InternalFailure</Code><Message>m</Message></Error><RequestId>${token}</RequestId></ErrorResponse>`,
			);
		});
		const responses: ResponseEvent[] = [];
		const client = new ImportExportClient({
			endpoint: server.endpoint,
			credentials: {
				accessKeyId: 'ASIAREDACTCHECK00001',
				secretAccessKey: 'SECRETk7Qm2vX9pL4rT8wZ1nB6cY3hJ5dF0gA2sE',
				sessionToken: TOKEN,
			},
			onResponse: (e) => responses.push(e),
			retry: { maxAttempts: 1 },
		});
		await caught(() => client.listJobs());
		expect(responses).toHaveLength(1);
		expect(responses[0]!.requestId).toBe('[REDACTED]');
	});
});
