import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseServeArgs } from '../src/cli/serve-args.js';
import { UsageError } from '../src/cli/args.js';
import { DEMO_CREDENTIALS } from '../src/emulator/index.js';
import { ImportExportClient } from '../src/protocol/client.js';
import { collectOutput, startCli, type CliResult } from './cli-run.js';
import { emulator, until } from './helpers.js';

// `npm test` builds first: these run the built CLI.
const SECRET = `cli-debug-secret-${randomUUID()}`;
const TOKEN = `cli-debug-token-${randomUUID()}`;
const CREDENTIALS = {
	accessKeyId: 'AKIACLIDEBUG00000000',
	secretAccessKey: SECRET,
	sessionToken: TOKEN,
};

function envFor(
	endpoint: string,
	credentials: {
		accessKeyId: string;
		secretAccessKey: string;
		sessionToken?: string;
	} = CREDENTIALS,
): Record<string, string> {
	return {
		AWS_ACCESS_KEY_ID: credentials.accessKeyId,
		AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
		...(credentials.sessionToken === undefined
			? {}
			: { AWS_SESSION_TOKEN: credentials.sessionToken }),
		AWS_ENDPOINT_URL_IMPORTEXPORT: endpoint,
	};
}

function debugLines(stderr: string): string[] {
	return stderr.split('\n').filter((line) => line.startsWith('importexport-jobs: [debug] '));
}

function expectNoSecret(result: CliResult): void {
	const all = result.stdout + result.stderr;
	for (const secret of [SECRET, TOKEN, DEMO_CREDENTIALS.secretAccessKey])
		expect(all).not.toContain(secret);
	expect(all).not.toMatch(/Signature=|AWS4-HMAC-SHA256|authorization|x-amz-security-token/i);
}

describe('importexport-jobs list --debug', () => {
	it('traces every attempt on stderr: method, URL, status, request id, duration and retry decision, nothing secret', async () => {
		const server = await emulator({ jobCount: 25, credentials: CREDENTIALS });
		server.injectFault(2, { kind: 'throttling' });
		const result = await collectOutput(
			startCli(['list', '--debug', '--page-size', '10'], envFor(server.endpoint)),
		);
		expect(result.code, result.stderr).toBe(0);
		const trace = debugLines(result.stderr);
		const url = `${server.endpoint}/`;
		const ids = server.requests.map((request) => request.headers['x-amzn-requestid']);
		expect(ids).toHaveLength(4);
		// Three pages, the second once throttled: four attempts, a line as each is sent and one as it ends.
		expect(trace).toHaveLength(8);
		expect(trace[0]).toBe(
			`importexport-jobs: [debug] > ListJobs attempt 1: POST ${url} (first page)`,
		);
		expect(trace[1]).toMatch(
			/^importexport-jobs: \[debug\] < ListJobs attempt 1: HTTP 200, request id [0-9a-f-]{36}, \d+\.\d ms, \d+ bytes; done$/,
		);
		expect(trace[2]).toBe(
			`importexport-jobs: [debug] > ListJobs attempt 1: POST ${url} (marker ${JSON.stringify(server.jobs[9]!.JobId)})`,
		);
		expect(trace[3]).toMatch(
			/^importexport-jobs: \[debug\] < ListJobs attempt 1: HTTP 400 Throttling, request id [0-9a-f-]{36}, \d+\.\d ms, \d+ bytes; retry in \d+ ms$/,
		);
		expect(trace[4]).toContain('> ListJobs attempt 2: POST');
		expect(trace[5]).toMatch(/< ListJobs attempt 2: HTTP 200, .*; done$/);
		expectNoSecret(result);
	});

	it('says when it gives up, and traces a connection that failed with no status', async () => {
		const server = await emulator({ jobCount: 5, credentials: CREDENTIALS });
		server.injectFault(1, [{ kind: 'reset-before-response' }, { kind: 'internal-failure' }]);
		const result = await collectOutput(
			startCli(['list', '--debug', '--max-attempts', '2'], envFor(server.endpoint)),
		);
		expect(result.code).toBe(1);
		const trace = debugLines(result.stderr);
		expect(trace[1]).toMatch(/< ListJobs attempt 1: NetworkError: .*; retry in \d+ ms$/);
		expect(trace[3]).toMatch(
			/< ListJobs attempt 2: HTTP 500 InternalFailure, request id .*; no retry: fails$/,
		);
		expectNoSecret(result);
	});

	it('prints no trace without --debug', async () => {
		const server = await emulator({ jobCount: 5, credentials: CREDENTIALS });
		const result = await collectOutput(startCli(['list'], envFor(server.endpoint)));
		expect(result.code).toBe(0);
		expect(debugLines(result.stderr)).toEqual([]);
	});
});

describe('importexport-jobs serve --clock-offset-ms and --rate-limit', () => {
	it('serves with a clock 30 minutes ahead: list corrects its clock, with one extra request, as its trace shows', async () => {
		const child = startCli(['serve', '--jobs', '30', '--clock-offset-ms', String(30 * 60_000)]);
		const output = collectOutput(child);
		let seen = '';
		child.stdout.on('data', (chunk: string) => (seen += chunk));
		await until(() => seen.includes('\n'), 10_000);
		const endpoint = seen.split('\n')[0]!.slice('endpoint: '.length);
		const result = await collectOutput(
			startCli(['list', '--debug', '--page-size', '10'], envFor(endpoint, DEMO_CREDENTIALS)),
		);
		child.kill('SIGTERM');
		const served = await output;

		expect(result.code, result.stderr).toBe(0);
		expect(result.stdout.trim().split('\n')).toHaveLength(30);
		const trace = debugLines(result.stderr);
		expect(trace[1]).toMatch(/< ListJobs attempt 1: HTTP 400 RequestExpired, .*; retry in \d+ ms$/);
		expect(trace[3]).toMatch(
			/< ListJobs attempt 2: HTTP 200, .*, clock offset 1[78]\d{5} ms; done$/,
		);
		expect(served.stderr).toContain('clock 1,800,000 ms off');
		expect(served.stderr).toContain('stopped by SIGTERM after 4 requests (30 jobs served)');
		expectNoSecret(result);
	});

	it('parses the flags into the emulator options, and refuses bad values', () => {
		const args = parseServeArgs(['--rate-limit', '2.5', '--clock-offset-ms=-90000']);
		expect(args.emulator).toMatchObject({
			rateLimit: { requestsPerSecond: 2.5 },
			clockOffsetMs: -90_000,
		});
		expect(() => parseServeArgs(['--rate-limit', '0'])).toThrow(UsageError);
		expect(() => parseServeArgs(['--rate-limit', 'fast'])).toThrow(/--rate-limit must be a number/);
		expect(() => parseServeArgs(['--clock-offset-ms', '1e6'])).toThrow(
			/--clock-offset-ms must be an integer/,
		);
	});

	it('throttles by rate: a burst passes, the next request gets Throttling (HTTP 400)', async () => {
		const child = startCli(['serve', '--jobs', '5', '--rate-limit', '2']);
		const output = collectOutput(child);
		let seen = '';
		child.stdout.on('data', (chunk: string) => (seen += chunk));
		await until(() => seen.includes('\n'), 10_000);
		const endpoint = seen.split('\n')[0]!.slice('endpoint: '.length);
		const client = new ImportExportClient({
			endpoint,
			credentials: DEMO_CREDENTIALS,
			retry: { maxAttempts: 1 },
		});
		// Sent together: ten requests would need four seconds to pass a bucket of two refilled at 2/s.
		const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => client.listJobs()));
		child.kill('SIGTERM');
		const served = await output;
		const refused = outcomes
			.filter((o) => o.status === 'rejected')
			.map((o) => o.reason as { code?: string; statusCode?: number });
		expect(outcomes.filter((o) => o.status === 'fulfilled').length).toBeGreaterThanOrEqual(2);
		expect(refused.length).toBeGreaterThanOrEqual(1);
		expect(refused.every((e) => e.code === 'Throttling' && e.statusCode === 400)).toBe(true);
		expect(served.stderr).toContain('rate limit 2 requests/s');
	});
});
