import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Fault } from '../src/emulator/index.js';
import { clientFor, emulator } from './helpers.js';
import { expectExactly, listWithResumes, transientFault } from './fault-schedules.js';

describe('listing under random fault schedules (property)', () => {
	it('yields exactly the emulator’s jobs, in order, with attempts within the policy, resuming when retries run out', async () => {
		let faultsServed = 0;
		await fc.assert(
			fc.asyncProperty(
				fc
					.record({
						count: fc.integer({ min: 0, max: 5000 }),
						pageSize: fc.integer({ min: 1, max: 1000 }),
						rate: fc.double({ min: 0, max: 0.3, noNaN: true }),
						// One draw per request: [chance, fault]; the fault is served when chance < rate.
						schedule: fc.array(
							fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), transientFault),
							{ maxLength: 120 },
						),
						seed: fc.integer(),
					})
					.filter(({ count, pageSize }) => count / pageSize <= 60),
				async ({ count, pageSize, rate, schedule, seed }) => {
					const byRequest = Object.fromEntries(
						schedule.flatMap(([chance, fault], index) =>
							chance < rate ? [[index + 1, fault]] : [],
						),
					);
					const server = await emulator({ jobCount: count, seed, faults: { byRequest } });
					try {
						const { client } = clientFor(server);
						const outcome = await listWithResumes(client, pageSize);
						expectExactly(server, outcome.jobs);
						expect(outcome.maxAttemptsSeen).toBeLessThanOrEqual(3);
						// Every request is either a first attempt of a page or a retry the policy allowed.
						expect(server.counters.requests).toBeLessThanOrEqual(
							3 * (Math.max(1, Math.ceil(count / pageSize)) + outcome.resumes),
						);
						faultsServed += server.counters.faultsServed;
					} finally {
						await server.close();
					}
				},
			),
			{ numRuns: 30 },
		);
		// The schedules did hit the listings: the property is not vacuous.
		expect(faultsServed).toBeGreaterThan(20);
	});

	it('completes the set exactly through resumes when every page fails more often than retries allow', async () => {
		// Requests 2, 3, 4 fail: page 2 exhausts its three attempts; so does the resumed page later.
		const failing = { kind: 'internal-failure' as const };
		const server = await emulator({
			jobCount: 2500,
			faults: { byRequest: { 2: [failing, failing, failing], 8: [failing, failing, failing] } },
		});
		const { client } = clientFor(server);
		const outcome = await listWithResumes(client, 500);
		expectExactly(server, outcome.jobs);
		expect(outcome.resumes).toBe(2);
	});
});

describe('every transient fault kind, once, through the paginator', () => {
	const kinds: Array<[string, Fault]> = [
		['throttling (400 Throttling)', { kind: 'throttling' }],
		['503 SlowDown with Retry-After', { kind: 'slow-down', retryAfterSeconds: 1 }],
		['429 with an empty body', { kind: 'too-many-requests' }],
		['500 InternalFailure', { kind: 'internal-failure' }],
		['502 with an HTML body', { kind: 'bad-gateway' }],
		['a reset before the response', { kind: 'reset-before-response' }],
		['a reset in the middle of the body', { kind: 'reset-mid-body' }],
		['latency', { kind: 'latency', ms: 30 }],
	];

	it.each(kinds)(
		'%s on page 2: every job exactly once, the page retried on its own',
		async (_name, fault) => {
			const server = await emulator({ jobCount: 35 });
			server.injectFault(2, fault);
			const { client, delays } = clientFor(server);
			const outcome = await listWithResumes(client, 10, 0);
			expectExactly(server, outcome.jobs);
			expect(server.counters.faultsServed).toBe(1);
			expect(delays).toHaveLength(fault.kind === 'latency' ? 0 : 1);
			if (fault.kind === 'slow-down') expect(delays[0]).toBe(1000);
		},
	);
});
