import { afterEach } from 'vitest';
import {
	startEmulator,
	type Emulator,
	type EmulatorJob,
	type EmulatorOptions,
} from '../src/emulator/index.js';
import type { Logger } from '../src/index.js';
import type { ImportExportError } from '../src/transport/errors.js';
import { ImportExportClient } from '../src/protocol/client.js';
import type { ImportExportClientOptions } from '../src/protocol/client-options.js';
import type { RetryEvent } from '../src/transport/retry-policy.js';

const running = new Set<Emulator>();

afterEach(async () => {
	await Promise.all([...running].map((emulator) => emulator.close()));
	running.clear();
});

/** Starts an emulator on a loopback port, closed after the test. */
export async function emulator(options: EmulatorOptions = {}): Promise<Emulator> {
	const started = await startEmulator(options);
	running.add(started);
	return started;
}

export interface TestClient {
	client: ImportExportClient;
	/** Delays the retry layer chose, in order. */
	delays: number[];
	retries: RetryEvent[];
}

/**
 * A client for the emulator whose backoff waits are recorded, not slept: retries are
 * deterministic and instant. Pass `retry.sleep` to wait for real.
 */
export function clientFor(target: Emulator, options: ImportExportClientOptions = {}): TestClient {
	const delays: number[] = [];
	const retries: RetryEvent[] = [];
	const client = new ImportExportClient({
		endpoint: target.endpoint,
		credentials: target.credentials,
		...options,
		retry: {
			random: () => 0.5,
			sleep: async (ms, signal) => {
				signal?.throwIfAborted();
				delays.push(ms);
			},
			onRetry: (event) => retries.push(event),
			...options.retry,
		},
	});
	return { client, delays, retries };
}

/** Runs `fn` and returns what it threw; fails the test when it does not throw. */
export async function caught(fn: () => unknown): Promise<Error> {
	try {
		await fn();
	} catch (error) {
		if (error instanceof Error) return error;
		throw new Error(`threw a non-Error: ${String(error)}`);
	}
	throw new Error('expected a throw, got none');
}

/**
 * The attempt timeout of a test whose server never answers: what ends the hang. Long enough that
 * an answered attempt on a busy 2-core machine is not cut short (300 ms was not, at a load of 30),
 * which would add a retry the test does not expect.
 */
export const HANG_TIMEOUT_MS = 2_000;

/**
 * Waits until `predicate` holds, polling; for conditions a socket settles asynchronously.
 * `timeoutMs` is a safety net for a condition that never comes, not a measure of speed.
 */
export async function until(predicate: () => boolean, timeoutMs = 60_000): Promise<void> {
	const started = Date.now();
	while (!predicate()) {
		if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}

/** A fault that serves `jobs` as the page (truncated unless said otherwise). */
export const pageFault = (jobs: EmulatorJob[], isTruncated = true) => ({
	kind: 'page' as const,
	jobs,
	isTruncated,
});

/** The JobIds a listing yielded before it failed, and its error; fails the test when it does not fail. */
export async function listUntilError(
	iterable: AsyncIterable<{ JobId: string }>,
): Promise<{ ids: string[]; error: ImportExportError }> {
	const ids: string[] = [];
	try {
		for await (const job of iterable) ids.push(job.JobId);
	} catch (error) {
		return { ids, error: error as ImportExportError };
	}
	throw new Error('expected the listing to fail');
}

export type LogLine = [level: string, text: string];

/** A logger that keeps what it is told, one line per call, its arguments joined as console does. */
export function recordingLogger(): {
	logger: Required<Logger>;
	lines: LogLine[];
	/** The lines logged at `level`, in order. */
	at: (level: string) => string[];
} {
	const lines: LogLine[] = [];
	const record =
		(level: string) =>
		(...content: unknown[]) =>
			lines.push([level, content.map(String).join(' ')]);
	return {
		logger: {
			debug: record('debug'),
			info: record('info'),
			warn: record('warn'),
			error: record('error'),
		},
		lines,
		at: (level) => lines.filter(([l]) => l === level).map(([, text]) => text),
	};
}

/** Reads `iterable` to its end; what it yielded, in order. */
export async function drain<T>(iterable: AsyncIterable<T>): Promise<T[]> {
	const out: T[] = [];
	for await (const item of iterable) out.push(item);
	return out;
}
