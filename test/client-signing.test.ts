import { describe, expect, it } from 'vitest';
import { ImportExportClient } from '../src/protocol/client.js';
import { amzDate } from '../src/protocol/client.js';
import { VERSION } from '../src/version.js';
import { clientFor, emulator } from './helpers.js';

describe('signing and the headers every attempt carries', () => {
	it('signs anew when the secret or the session token changes under the same key id', async () => {
		let clock = Date.parse('2026-03-01T12:00:00Z');
		const accessKeyId = 'ASIAROTATING00000001';
		const steps = [
			{ accessKeyId, secretAccessKey: 'first-secret-0001', sessionToken: 'token-one' },
			{ accessKeyId, secretAccessKey: 'second-secret-002', sessionToken: 'token-one' },
			{ accessKeyId, secretAccessKey: 'second-secret-002', sessionToken: 'token-two' },
			{ accessKeyId, secretAccessKey: 'second-secret-002' },
		];
		let served = steps[0]!;
		const server = await emulator({ jobCount: 1, credentials: served, now: () => new Date(clock) });
		const { client } = clientFor(server, {
			now: () => new Date(clock),
			// Valid for an hour from when they are handed out: fetched again 5 minutes before.
			credentials: () => ({ ...served, expiration: new Date(clock + 3_600_000) }),
			retry: { maxAttempts: 1 },
		});
		const statuses: number[] = [];
		for (const step of steps) {
			server.rotateCredentials(step);
			served = step;
			clock += 56 * 60_000;
			statuses.push((await client.listJobs()).$metadata.httpStatusCode);
		}
		expect(statuses).toEqual([200, 200, 200, 200]);
		expect(server.requests.map((request) => request.status)).toEqual([200, 200, 200, 200]);
	});

	it('sends the library and the caller in User-Agent, and the attempt out of maxAttempts', async () => {
		const server = await emulator({ jobCount: 1 });
		server.injectFault(1, { kind: 'throttling' });
		const seen: Request[] = [];
		const { client } = clientFor(server, {
			userAgent: 'my-app/1.2',
			retry: { maxAttempts: 5 },
			fetch: async (input, init) => {
				seen.push(new Request(input, init));
				return fetch(input, init);
			},
		});
		await client.listJobs();
		expect(seen.map((request) => request.headers.get('user-agent'))).toEqual([
			`importexport-jobs/${VERSION} my-app/1.2`,
			`importexport-jobs/${VERSION} my-app/1.2`,
		]);
		expect(seen.map((request) => request.headers.get('amz-sdk-request'))).toEqual([
			'attempt=1; max=5',
			'attempt=2; max=5',
		]);
	});

	it('writes X-Amz-Date as SigV4 wants it', () => {
		expect(amzDate(new Date('2026-03-01T02:03:04.567Z'))).toBe('20260301T020304Z');
	});

	it('names the endpoint it sends to, normalised', () => {
		const client = new ImportExportClient({
			endpoint: 'http://127.0.0.1:1',
			credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
		});
		expect(client.endpoint).toBe('http://127.0.0.1:1/');
	});
});
