import { afterEach, describe, expect, it, vi } from 'vitest';
import {
	AbortError,
	CredentialsError,
	ImportExportClient,
	paginateListJobs,
	type Credentials,
} from '../src/index.js';
import { caught, clientFor, emulator } from './helpers.js';

// Issue 9 item 7 and issue 10 "Credentials": a provider is called once, again only shortly
// before its credentials expire, one call at a time, and never waited on without bound.

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
	let resolve!: (value: T) => void;
	const promise = new Promise<T>((r) => (resolve = r));
	return { promise, resolve };
}

afterEach(() => {
	vi.unstubAllEnvs();
});

describe('the credentials cache', () => {
	it('calls a provider once for a whole listing, however slow it is (not once per page)', async () => {
		const server = await emulator({ jobCount: 5 });
		let calls = 0;
		const gate = deferred<undefined>();
		const { client } = clientFor(server, {
			credentials: async () => {
				calls++;
				await gate.promise;
				return server.credentials;
			},
		});
		const listing = (async () => {
			const ids = [];
			for await (const job of paginateListJobs(client, { pageSize: 1 })) ids.push(job.JobId);
			return ids;
		})();
		gate.resolve(undefined);
		expect(await listing).toHaveLength(5);
		expect(calls).toBe(1);
		expect(server.counters.listJobsServed).toBe(5);
	});

	it('makes one call however many requests wait for it (single flight)', async () => {
		const server = await emulator({ jobCount: 3 });
		let calls = 0;
		const gate = deferred<Credentials>();
		const { client } = clientFor(server, {
			credentials: () => {
				calls++;
				return gate.promise;
			},
		});
		const pages = Array.from({ length: 10 }, () => client.listJobs());
		gate.resolve(server.credentials);
		const results = await Promise.all(pages);
		expect(results.every((page) => page.Jobs.length === 3)).toBe(true);
		expect(calls).toBe(1);
	});

	it('refreshes five minutes ahead of expiration, not before, and passes forceRefresh', async () => {
		let clock = Date.parse('2026-11-30T12:00:00Z');
		const server = await emulator({ jobCount: 1, now: () => new Date(clock) });
		const asked: unknown[] = [];
		const { client } = clientFor(server, {
			now: () => new Date(clock),
			credentials: async (options) => {
				asked.push(options);
				return { ...server.credentials, expiration: new Date(Date.parse('2026-11-30T12:30:00Z')) };
			},
		});
		await client.listJobs();
		clock = Date.parse('2026-11-30T12:24:59Z');
		await client.listJobs();
		expect(asked).toEqual([undefined]);
		clock = Date.parse('2026-11-30T12:25:00Z');
		await client.listJobs();
		expect(asked).toEqual([undefined, { forceRefresh: true }]);
	});

	it('keeps using credentials that still work when their refresh ahead of expiry fails, and refreshes later', async () => {
		let clock = Date.parse('2026-11-30T12:00:00Z');
		const server = await emulator({ jobCount: 1, now: () => new Date(clock) });
		let calls = 0;
		const { client } = clientFor(server, {
			now: () => new Date(clock),
			credentials: async () => {
				calls++;
				if (calls === 2) throw new Error('sts unavailable');
				return { ...server.credentials, expiration: new Date(clock + 30 * 60_000) };
			},
		});
		await client.listJobs();
		clock += 26 * 60_000;
		expect((await client.listJobs()).Jobs).toHaveLength(1);
		expect((await client.listJobs()).Jobs).toHaveLength(1);
		expect(calls).toBe(3);
		// Past the expiry of what it holds, a failing provider fails the call.
		clock += 60 * 60_000;
		calls = 1;
		expect(await caught(() => client.listJobs())).toBeInstanceOf(CredentialsError);
	});

	it('keeps short-lived credentials for half of what they had left, not one call per request', async () => {
		let clock = Date.parse('2026-11-30T12:00:00Z');
		const server = await emulator({ jobCount: 1, now: () => new Date(clock) });
		let calls = 0;
		const { client } = clientFor(server, {
			now: () => new Date(clock),
			credentials: async () => {
				calls++;
				return { ...server.credentials, expiration: new Date(clock + 4 * 60_000) };
			},
		});
		await client.listJobs();
		clock += 60_000;
		await client.listJobs();
		expect(calls).toBe(1);
		clock += 60_000;
		await client.listJobs();
		expect(calls).toBe(2);
	});

	it('fails a provider that never settles after credentialsTimeoutMs, retries it as a timeout, and lists with the next call', async () => {
		const server = await emulator({ jobCount: 2 });
		let calls = 0;
		const { client, retries } = clientFor(server, {
			credentialsTimeoutMs: 50,
			credentials: () => {
				calls++;
				return calls === 1 ? new Promise<Credentials>(() => {}) : server.credentials;
			},
		});
		const page = await client.listJobs();
		expect(page.Jobs).toHaveLength(2);
		expect(page.$metadata.attempts).toBe(2);
		expect(retries[0]?.error).toBeInstanceOf(CredentialsError);
		expect(retries[0]?.error.retryKind).toBe('timeout');
		expect(server.counters.requests).toBe(1);
	});

	it('bounds the wait by timeoutMs when credentialsTimeoutMs is not given, and never hangs the listing', async () => {
		const server = await emulator({ jobCount: 1 });
		const client = new ImportExportClient({
			endpoint: server.endpoint,
			timeoutMs: 80,
			retry: { maxAttempts: 1 },
			credentials: () => new Promise<Credentials>(() => {}),
		});
		const error = await caught(async () => {
			for await (const _ of paginateListJobs(client));
		});
		expect(error).toBeInstanceOf(CredentialsError);
		expect(error.message).toBe(
			'No credentials from the credentials provider within 80 ms (credentialsTimeoutMs); retried as a timeout.',
		);
		expect(server.counters.requests).toBe(0);
	});

	it('says which provider failed and why, and does not retry that', async () => {
		const server = await emulator({ jobCount: 1 });
		async function fromVault(): Promise<Credentials> {
			throw new Error('vault sealed');
		}
		const { client } = clientFor(server, { credentials: fromVault });
		const error = await caught(() => client.listJobs());
		expect(error).toBeInstanceOf(CredentialsError);
		expect(error.message).toBe('fromVault failed: vault sealed');
		expect((error as CredentialsError).attempts).toBe(1);
		expect(server.counters.requests).toBe(0);
	});

	it('never quotes what a provider gave when it is unusable', async () => {
		const server = await emulator({ jobCount: 1 });
		const { client } = clientFor(server, {
			credentials: async () => ({
				accessKeyId: 'AKIDVISIBLE',
				secretAccessKey: '',
				sessionToken: 'token-never-shown',
			}),
		});
		const error = await caught(() => client.listJobs());
		expect(error).toBeInstanceOf(CredentialsError);
		expect(error.message).toBe(
			'Invalid credentials: `secretAccessKey` must be a non-empty string.',
		);
		// eslint-disable-next-line @typescript-eslint/no-misused-spread -- the own fields are what a log shows
		expect(JSON.stringify({ ...error, message: error.message })).not.toContain('token-never-shown');
	});

	it('an abort ends the wait for a provider at once', async () => {
		const server = await emulator({ jobCount: 1 });
		const controller = new AbortController();
		let called!: () => void;
		const asked = new Promise<void>((resolve) => (called = resolve));
		const { client } = clientFor(server, {
			credentials: () => {
				called();
				return new Promise<Credentials>(() => {});
			},
		});
		const pending = client.listJobs({}, { signal: controller.signal });
		await asked;
		controller.abort();
		expect(await caught(() => pending)).toBeInstanceOf(AbortError);
	});

	it('reads static credentials and the environment once', async () => {
		const server = await emulator({ jobCount: 1 });
		const given = { ...server.credentials };
		const { client } = clientFor(server, { credentials: given });
		given.secretAccessKey = 'changed-after-construction';
		await client.listJobs();
		vi.stubEnv('AWS_ACCESS_KEY_ID', server.credentials.accessKeyId);
		vi.stubEnv('AWS_SECRET_ACCESS_KEY', server.credentials.secretAccessKey);
		vi.stubEnv('AWS_SESSION_TOKEN', '');
		const fromEnv = new ImportExportClient({ endpoint: server.endpoint });
		await fromEnv.listJobs();
		vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'changed-after-the-first-request');
		await fromEnv.listJobs();
		expect(server.counters.signaturesRefused).toBe(0);
	});

	it('checks credentialsTimeoutMs', () => {
		expect(
			() =>
				new ImportExportClient({
					credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
					credentialsTimeoutMs: 0,
				}),
		).toThrow(/`credentialsTimeoutMs`/);
	});
});
