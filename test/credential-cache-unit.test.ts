import { afterEach, describe, expect, it, vi } from 'vitest';
import {
	cacheCredentials,
	credentialProvider,
	REFRESH_AHEAD_MS,
} from '../src/transport/credential-cache.js';
import { CredentialsError, type Credentials } from '../src/transport/credentials.js';
import { caught } from './helpers.js';

// The credentials cache on its own, on a clock the test moves: when a provider is asked
// again, and how its failures read.

afterEach(() => {
	vi.unstubAllEnvs();
});

const START = Date.parse('2026-11-30T12:00:00Z');
const MINUTE = 60_000;

function clock() {
	const time = { ms: START, now: () => time.ms };
	return time;
}

/** A provider that records its calls and gives credentials expiring `lifeMs` after the clock. */
function counting(time: { ms: number }, lifeMs: number | undefined) {
	const calls: unknown[] = [];
	const provider = async (options?: unknown): Promise<Credentials> => {
		calls.push(options);
		return {
			accessKeyId: `AKID${calls.length}`,
			secretAccessKey: 'secret',
			...(lifeMs === undefined ? {} : { expiration: new Date(time.ms + lifeMs) }),
		};
	};
	return { calls, provider };
}

describe('when the provider is asked again', () => {
	it('keeps credentials without an expiration for good', async () => {
		const time = clock();
		const { calls, provider } = counting(time, undefined);
		const get = cacheCredentials(provider, { timeoutMs: 1000, now: time.now });
		await get();
		time.ms += 10 * 365 * 24 * 60 * MINUTE;
		expect((await get()).accessKeyId).toBe('AKID1');
		expect(calls).toEqual([undefined]);
	});

	it('asks again exactly five minutes before expiry, with forceRefresh', async () => {
		expect(REFRESH_AHEAD_MS).toBe(5 * MINUTE);
		const time = clock();
		const { calls, provider } = counting(time, 60 * MINUTE);
		const get = cacheCredentials(provider, { timeoutMs: 1000, now: time.now });
		await get();
		time.ms = START + 55 * MINUTE - 1;
		expect((await get()).accessKeyId).toBe('AKID1');
		time.ms = START + 55 * MINUTE;
		expect((await get()).accessKeyId).toBe('AKID2');
		expect(calls).toEqual([undefined, { forceRefresh: true }]);
	});

	it('asks again halfway through the life of credentials that live under ten minutes', async () => {
		const time = clock();
		const { calls, provider } = counting(time, 6 * MINUTE);
		const get = cacheCredentials(provider, { timeoutMs: 1000, now: time.now });
		await get();
		time.ms = START + 3 * MINUTE - 1;
		await get();
		expect(calls).toHaveLength(1);
		time.ms = START + 3 * MINUTE;
		expect((await get()).accessKeyId).toBe('AKID2');
	});

	it('measures the life from when the provider was asked, not when it answered', async () => {
		const time = clock();
		let calls = 0;
		const get = cacheCredentials(
			async () => {
				calls++;
				const expiration = new Date(time.ms + 4 * MINUTE);
				// The answer takes two minutes of the clock.
				time.ms += 2 * MINUTE;
				return { accessKeyId: `AKID${calls}`, secretAccessKey: 's', expiration };
			},
			{ timeoutMs: 1000, now: time.now },
		);
		await get();
		// Asked at START with 4 min left: due at START + 2 min, which is now.
		await get();
		expect(calls).toBe(2);
	});

	it('asks on every request for credentials that have already expired, and fails when that fails', async () => {
		const time = clock();
		let fail = false;
		let calls = 0;
		const get = cacheCredentials(
			async () => {
				calls++;
				if (fail) throw new Error('gone');
				return { accessKeyId: 'A', secretAccessKey: 's', expiration: new Date(START - MINUTE) };
			},
			{ timeoutMs: 1000, now: time.now },
		);
		await get();
		await get();
		expect(calls).toBe(2);
		fail = true;
		expect(await caught(() => get())).toBeInstanceOf(CredentialsError);
	});

	it('falls back on what it holds only until that expires', async () => {
		const time = clock();
		let fail = false;
		const get = cacheCredentials(
			async () => {
				if (fail) throw new Error('sts down');
				return {
					accessKeyId: 'HELD',
					secretAccessKey: 's',
					expiration: new Date(START + 60 * MINUTE),
				};
			},
			{ timeoutMs: 1000, now: time.now },
		);
		await get();
		fail = true;
		time.ms = START + 60 * MINUTE - 1;
		expect((await get()).accessKeyId).toBe('HELD');
		time.ms = START + 60 * MINUTE;
		expect((await get().catch((error: unknown) => error)) as Error).toBeInstanceOf(
			CredentialsError,
		);
	});

	it('makes one call for requests that wait together, and a fresh one after it failed', async () => {
		const time = clock();
		let calls = 0;
		let release!: () => void;
		const gate = new Promise<void>((resolve) => (release = resolve));
		const get = cacheCredentials(
			async () => {
				calls++;
				if (calls === 1) {
					await gate;
					throw new Error('first call fails');
				}
				return { accessKeyId: 'A', secretAccessKey: 's' };
			},
			{ timeoutMs: 60_000, now: time.now },
		);
		const waiting = [get(), get(), get()].map((p) => p.catch((error: unknown) => error));
		release();
		const results = await Promise.all(waiting);
		expect(results.every((result) => result instanceof CredentialsError)).toBe(true);
		expect(calls).toBe(1);
		expect((await get()).accessKeyId).toBe('A');
		expect(calls).toBe(2);
	});
});

describe('how a failed provider reads', () => {
	it('names a named provider, and calls an anonymous one "the credentials provider"', async () => {
		const time = clock();
		async function fromVault(): Promise<Credentials> {
			throw new Error('sealed');
		}
		const named = cacheCredentials(fromVault, { timeoutMs: 1000, now: time.now });
		expect((await caught(() => named())).message).toBe('fromVault failed: sealed');
		const options = {
			credentials: async (): Promise<Credentials> => {
				throw new Error('nope');
			},
		};
		const inline = cacheCredentials(options.credentials, { timeoutMs: 1000, now: time.now });
		expect((await caught(() => inline())).message).toBe('the credentials provider failed: nope');
		const anonymous = cacheCredentials(
			[
				async (): Promise<Credentials> => {
					throw new Error('nope');
				},
			][0]!,
			{ timeoutMs: 1000, now: time.now },
		);
		expect((await caught(() => anonymous())).message).toBe('the credentials provider failed: nope');
	});

	it('wraps a provider that throws at once, keeping the cause', async () => {
		const time = clock();
		const thrown = new Error('synchronous');
		function broken(): Credentials {
			throw thrown;
		}
		const error = await caught(() =>
			cacheCredentials(broken, { timeoutMs: 1000, now: time.now })(),
		);
		expect(error).toBeInstanceOf(CredentialsError);
		expect(error.message).toBe('broken failed: synchronous');
		expect(error.cause).toBe(thrown);
		expect((error as CredentialsError).retryKind).toBeUndefined();
	});

	it('cuts a provider message longer than 300 characters', async () => {
		const time = clock();
		const say = (message: string) =>
			cacheCredentials(
				async function chatty(): Promise<Credentials> {
					throw new Error(message);
				},
				{ timeoutMs: 1000, now: time.now },
			);
		const exact = 'e'.repeat(300);
		expect((await caught(() => say(exact)())).message).toBe(`chatty failed: ${exact}`);
		const long = `${'l'.repeat(300)}TAIL`;
		expect((await caught(() => say(long)())).message).toBe(`chatty failed: ${'l'.repeat(300)}…`);
	});

	it('lets a CredentialsError speak for itself', async () => {
		const time = clock();
		const own = new CredentialsError('SSO session expired: run aws sso login.');
		const get = cacheCredentials(
			async () => {
				throw own;
			},
			{ timeoutMs: 1000, now: time.now },
		);
		expect(await caught(() => get())).toBe(own);
	});

	it('fails a provider that never answers after timeoutMs, as a retryable timeout', async () => {
		const time = clock();
		const get = cacheCredentials(
			function stuck(): Promise<Credentials> {
				return new Promise(() => {});
			},
			{ timeoutMs: 20, now: time.now },
		);
		const error = (await caught(() => get())) as CredentialsError;
		expect(error).toBeInstanceOf(CredentialsError);
		expect(error.retryKind).toBe('timeout');
		expect(error.message).toBe(
			'No credentials from stuck within 20 ms (credentialsTimeoutMs); retried as a timeout.',
		);
	});

	it('refuses unusable credentials from a provider without quoting them', async () => {
		const time = clock();
		const get = cacheCredentials(async () => ({ accessKeyId: 'A', secretAccessKey: ' s' }), {
			timeoutMs: 1000,
			now: time.now,
		});
		const error = await caught(() => get());
		expect(error).toBeInstanceOf(CredentialsError);
		expect(error.message).toMatch(
			/^Invalid credentials: `secretAccessKey` starts with white space/,
		);
	});
});

describe('credentialProvider', () => {
	it('checks static credentials at once, and gives the same checked copy to every request', async () => {
		const time = { timeoutMs: 1000, now: () => START };
		expect(() => credentialProvider({ accessKeyId: 'A', secretAccessKey: '' }, time)).toThrow(
			CredentialsError,
		);
		const given = { accessKeyId: 'A', secretAccessKey: 's', sessionToken: '' };
		const get = credentialProvider(given, time);
		const first = await get();
		expect(first).toEqual({
			accessKeyId: 'A',
			secretAccessKey: 's',
			sessionToken: undefined,
			expiration: undefined,
		});
		expect(first).not.toBe(given);
		expect(await get()).toBe(first);
	});

	it('reads the environment on the first request, not before, then keeps it', async () => {
		const time = { timeoutMs: 1000, now: () => START };
		vi.stubEnv('AWS_ACCESS_KEY_ID', '');
		vi.stubEnv('AWS_SECRET_ACCESS_KEY', '');
		const get = credentialProvider(undefined, time);
		vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDLATE');
		vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'late-secret');
		expect((await get()).accessKeyId).toBe('AKIDLATE');
		vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDCHANGED');
		expect((await get()).accessKeyId).toBe('AKIDLATE');
	});

	it('sends a provider through the cache', async () => {
		let calls = 0;
		const get = credentialProvider(
			async () => {
				calls++;
				return { accessKeyId: 'P', secretAccessKey: 's' };
			},
			{ timeoutMs: 1000, now: () => START },
		);
		await get();
		await get();
		expect(calls).toBe(1);
	});
});
