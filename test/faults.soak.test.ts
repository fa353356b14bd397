import { describe, expect, it } from 'vitest';
import { clientFor, emulator } from './helpers.js';
import { expectExactly, listWithResumes } from './fault-schedules.js';

// Not in the default suite: `npm run test:soak`.
describe('soak: 100,000 jobs at 30% faults', () => {
	it.each([1000, 250])(
		'lists every job exactly once with pages of %i',
		async (pageSize) => {
			const server = await emulator({
				jobCount: 100_000,
				seed: 7,
				faults: {
					rate: 0.3,
					kinds: [
						'throttling',
						'slow-down',
						'too-many-requests',
						'internal-failure',
						'bad-gateway',
						'reset-before-response',
						'reset-mid-body',
					],
				},
			});
			const { client } = clientFor(server);
			const outcome = await listWithResumes(client, pageSize, 10_000);
			expectExactly(server, outcome.jobs);
			expect(outcome.maxAttemptsSeen).toBeLessThanOrEqual(3);
			expect(server.counters.faultsServed).toBeGreaterThan(0.2 * server.counters.requests);
		},
		600_000,
	);
});
