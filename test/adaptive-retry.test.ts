import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Emulator } from '../src/emulator/index.js';
import { paginateListJobs } from '../src/pagination/paginate-jobs.js';
import type { ImportExportClientOptions } from '../src/protocol/client-options.js';
import { ImportExportClient } from '../src/protocol/client.js';
import type { RetryMode } from '../src/transport/retry-mode.js';
import { emulator } from './helpers.js';

afterEach(() => {
	vi.unstubAllEnvs();
});

const RATE = 5;
const ROUND_TRIP_MS = 20;

/**
 * One clock for the emulator's rate limit and the client: it moves by the client's waits
 * (backoff and send tokens) and by a fixed round trip per request, never by the wall clock,
 * so every figure below is the same on any machine.
 */
function simulatedTime() {
	const time = {
		ms: Date.UTC(2026, 0, 1),
		now: () => new Date(time.ms),
		waits: [] as number[],
		sleep: async (ms: number, signal?: AbortSignal) => {
			signal?.throwIfAborted();
			time.waits.push(ms);
			time.ms += ms;
		},
		fetch: (async (input, init) => {
			time.ms += ROUND_TRIP_MS;
			return fetch(input, init);
		}) as typeof fetch,
	};
	return time;
}

async function rateLimited(
	time: ReturnType<typeof simulatedTime>,
	jobCount: number,
): Promise<Emulator> {
	return emulator({ jobCount, now: time.now, rateLimit: { requestsPerSecond: RATE, burst: RATE } });
}

function clientOptions(
	server: Emulator,
	time: ReturnType<typeof simulatedTime>,
	mode: RetryMode | undefined,
	maxAttempts?: number,
): ImportExportClientOptions {
	return {
		endpoint: server.endpoint,
		credentials: server.credentials,
		fetch: time.fetch,
		now: time.now,
		retry: {
			...(mode === undefined ? {} : { mode }),
			...(maxAttempts === undefined ? {} : { maxAttempts }),
			random: () => 0.5,
			sleep: time.sleep,
		},
	};
}

function client(
	server: Emulator,
	time: ReturnType<typeof simulatedTime>,
	mode: RetryMode | undefined,
	maxAttempts?: number,
): ImportExportClient {
	return new ImportExportClient(clientOptions(server, time, mode, maxAttempts));
}

interface Run {
	jobs: number;
	failed: boolean;
	requests: number;
	throttled: number;
	seconds: number;
}

async function list(
	server: Emulator,
	time: ReturnType<typeof simulatedTime>,
	c: ImportExportClient,
	pageSize: number,
): Promise<Run> {
	const started = time.ms;
	let jobs = 0;
	let failed = false;
	try {
		// One request at a time, so that the order of events is the same on every run.
		for await (const _ of paginateListJobs(c, { pageSize, prefetch: 0 })) jobs++;
	} catch {
		failed = true;
	}
	return {
		jobs,
		failed,
		requests: server.counters.requests,
		throttled: server.counters.rateLimited,
		seconds: (time.ms - started) / 1000,
	};
}

describe('adaptive retry mode against a rate-limited emulator', () => {
	it(
		'lists everything close to the allowed rate, with few throttles where standard mode gets many',
		// Simulated time: 300 real requests, whose real duration only a loaded machine decides.
		{ timeout: 240_000 },
		async () => {
			const pages = 150;
			const pageSize = 10;
			const idealSeconds = pages / RATE;

			const standardTime = simulatedTime();
			const standardServer = await rateLimited(standardTime, pages * pageSize);
			const standard = await list(
				standardServer,
				standardTime,
				client(standardServer, standardTime, 'standard'),
				pageSize,
			);

			const adaptiveTime = simulatedTime();
			const adaptiveServer = await rateLimited(adaptiveTime, pages * pageSize);
			const adaptive = await list(
				adaptiveServer,
				adaptiveTime,
				client(adaptiveServer, adaptiveTime, 'adaptive'),
				pageSize,
			);

			// Standard mode sends as fast as it can: the service throttles a large share of it.
			expect(standard.jobs).toBe(pages * pageSize);
			expect(standard.throttled / standard.requests).toBeGreaterThan(0.3);
			// Adaptive mode finishes, few of its requests throttled, near the ideal time.
			expect(adaptive).toMatchObject({ failed: false, jobs: pages * pageSize });
			expect(adaptive.throttled / adaptive.requests).toBeLessThanOrEqual(0.1);
			expect(adaptive.seconds).toBeLessThanOrEqual(idealSeconds * 1.2);
			expect(adaptive.requests).toBe(pages + adaptive.throttled);
		},
	);

	it('is chosen by AWS_RETRY_MODE=adaptive when the option is not given', async () => {
		vi.stubEnv('AWS_RETRY_MODE', 'adaptive');
		const byEnv = simulatedTime();
		const server = await rateLimited(byEnv, 300);
		const run = await list(server, byEnv, client(server, byEnv, undefined), 10);

		vi.stubEnv('AWS_RETRY_MODE', 'standard');
		const byOption = simulatedTime();
		const other = await rateLimited(byOption, 300);
		const same = await list(other, byOption, client(other, byOption, 'adaptive'), 10);

		expect(run).toEqual(same);
		expect(run.failed).toBe(false);
	});

	it('is chosen by options a subclass loads (as a profile’s retry_mode = adaptive is read), over the constructor’s standard', async () => {
		const loaded = simulatedTime();
		const server = await rateLimited(loaded, 300);
		class ProfileClient extends ImportExportClient {
			protected override loadOptions(): Promise<ImportExportClientOptions> {
				return Promise.resolve(clientOptions(server, loaded, 'adaptive'));
			}
		}
		const run = await list(
			server,
			loaded,
			new ProfileClient(clientOptions(server, loaded, 'standard')),
			10,
		);

		const byOption = simulatedTime();
		const other = await rateLimited(byOption, 300);
		const same = await list(other, byOption, client(other, byOption, 'adaptive'), 10);
		const standardTime = simulatedTime();
		const third = await rateLimited(standardTime, 300);
		const standard = await list(third, standardTime, client(third, standardTime, 'standard'), 10);

		expect(run).toEqual(same);
		expect(run).not.toEqual(standard);
	});

	it('shares one limiter between the calls of a client: once it has learnt the rate, a new call waits its turn', async () => {
		const time = simulatedTime();
		const server = await rateLimited(time, 200);
		const shared = client(server, time, 'adaptive');
		await list(server, time, shared, 10);
		expect(server.counters.rateLimited).toBeGreaterThan(0);

		const waitsBefore = time.waits.length;
		const response = await shared.listJobs({ MaxJobs: 10 });
		// No retry, yet a wait: the send token of the client's limiter.
		expect(response.$metadata.attempts).toBe(1);
		expect(time.waits.length).toBeGreaterThan(waitsBefore);

		// A fresh client, once the emulator's bucket is full again, sends at once.
		time.ms += 60_000;
		const fresh = client(server, time, 'adaptive');
		const freshWaits = time.waits.length;
		await fresh.listJobs({ MaxJobs: 10 });
		expect(time.waits.length).toBe(freshWaits);
	});

	it('refuses a retry mode it does not know, naming where it came from', () => {
		expect(() => new ImportExportClient({ retry: { mode: 'fast' as RetryMode } })).toThrow(
			/`retry\.mode`/,
		);
		vi.stubEnv('AWS_RETRY_MODE', 'fast');
		expect(() => new ImportExportClient()).toThrow(/AWS_RETRY_MODE/);
		// The AWS CLI's `legacy` runs as standard.
		vi.stubEnv('AWS_RETRY_MODE', 'legacy');
		expect(
			() => new ImportExportClient({ credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }),
		).not.toThrow();
	});
});
