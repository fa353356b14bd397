import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/cli/args.js';
import { parseDemoArgs } from '../src/cli/demo-args.js';
import { parseListArgs } from '../src/cli/list-args.js';
import { list } from '../src/cli/list.js';
import { Output } from '../src/cli/output.js';
import { createProgress } from '../src/cli/progress.js';
import { SERVE_LOG_ENTRIES, parseServeArgs } from '../src/cli/serve-args.js';
import { ListingStats } from '../src/cli/stats.js';
import { DEMO_CREDENTIALS, startEmulator, type Emulator } from '../src/emulator/index.js';
import { ImportExportClient, ServiceError, VERSION } from '../src/index.js';
import { CLI, cliEnvironment, collectOutput, startCli, type CliResult } from './cli-run.js';
import { caught, emulator, until } from './helpers.js';

const SECRET = `cli-test-secret-${randomUUID()}`;
const CREDENTIALS = { accessKeyId: 'AKIACLITEST000000000', secretAccessKey: SECRET };
const STACK_LINE = /^\s+at /m;

type Result = CliResult;

function envFor(target: Emulator, overrides: Record<string, string> = {}): Record<string, string> {
	return {
		AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
		AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
		AWS_ENDPOINT_URL_IMPORTEXPORT: target.endpoint,
		...overrides,
	};
}

const start = startCli;

/** Everything any run of the CLI printed: the last test checks that no secret is in it. */
const everything: Result[] = [];

async function finished(child: ChildProcessWithoutNullStreams): Promise<Result> {
	const result = await collectOutput(child);
	everything.push(result);
	return result;
}

function run(args: readonly string[], env: Record<string, string> = {}): Promise<Result> {
	return finished(start(args, env));
}

/** A server with CREDENTIALS as its only key, closed after the test. */
function account(options: Parameters<typeof emulator>[0] = {}): Promise<Emulator> {
	return emulator({ credentials: CREDENTIALS, ...options });
}

const lines = (text: string): string[] => text.split('\n').filter((line) => line !== '');
const wire = (jobs: ReadonlyArray<Emulator['jobs'][number]>) =>
	jobs.map((job) => ({
		JobId: job.JobId,
		CreationDate: job.CreationDate.toISOString(),
		IsCanceled: job.IsCanceled,
		JobType: job.JobType,
	}));
const parseNdjson = (stdout: string): unknown[] =>
	lines(stdout).map((line) => JSON.parse(line) as unknown);
const jobIds = (stdout: string): string[] =>
	parseNdjson(stdout).map((job) => (job as { JobId: string }).JobId);

describe('importexport-jobs list', () => {
	it('writes ndjson in the service’s order, one request per page of --page-size, and only a summary on a non-TTY stderr', async () => {
		const server = await account({ jobCount: 250 });
		const result = await run(['list', '--page-size', '100'], envFor(server));
		expect(result.code).toBe(0);
		expect(parseNdjson(result.stdout)).toEqual(wire(server.jobs));
		// Keys in wire order, as documented.
		expect(Object.keys(parseNdjson(result.stdout)[0] as object)).toEqual([
			'JobId',
			'CreationDate',
			'IsCanceled',
			'JobType',
		]);
		expect(server.requests.map((request) => request.params['MaxJobs'])).toEqual([
			'100',
			'100',
			'100',
		]);
		expect(lines(result.stderr)).toHaveLength(1);
		expect(result.stderr).toMatch(
			/^importexport-jobs list: done, 250 jobs in 3 pages, no retries, [\d.]+ s, [\d,]+ jobs\/s\n$/,
		);
		expect(result.stderr).not.toContain('\r');
	});

	it('streams a JSON array (and `[]` for no jobs)', async () => {
		const server = await account({ jobCount: 120 });
		const [all, none] = await Promise.all([
			run(['list', '--format', 'json', '--page-size', '50'], envFor(server)),
			run(['list', '--format', 'json', '--max-items', '0'], envFor(server)),
		]);
		expect(all.code).toBe(0);
		expect(JSON.parse(all.stdout)).toEqual(wire(server.jobs));
		expect(none.code).toBe(0);
		expect(JSON.parse(none.stdout)).toEqual([]);
	});

	it('writes a table: a header, then one aligned row per job', async () => {
		const server = await account({ jobCount: 40 });
		const result = await run(['list', '--format', 'table', '--page-size', '15'], envFor(server));
		expect(result.code).toBe(0);
		const [header, ...rows] = lines(result.stdout);
		expect(header).toMatch(/^JOB ID\s+CREATED \(UTC\)\s+TYPE\s+CANCELED$/);
		expect(rows).toHaveLength(40);
		rows.forEach((row, i) => {
			const job = server.jobs[i]!;
			const date = job.CreationDate.toISOString().slice(0, 19).replace('T', ' ');
			expect(row.split(/\s+/)).toEqual([
				job.JobId,
				...date.split(' '),
				job.JobType,
				job.IsCanceled ? 'yes' : 'no',
			]);
			// Fixed column widths: the date always starts at the same column.
			expect(row.indexOf(date)).toBe(header!.indexOf('CREATED'));
		});
	});

	it('--max-items stops mid-page and asks for no more than it needs', async () => {
		const server = await account({ jobCount: 50 });
		const result = await run(['list', '--max-items', '7', '--page-size', '5'], envFor(server));
		expect(result.code).toBe(0);
		expect(jobIds(result.stdout)).toEqual(server.jobs.slice(0, 7).map((job) => job.JobId));
		expect(server.requests.map((request) => request.params['MaxJobs'])).toEqual(['5', '2']);
	});

	it('--starting-marker continues after that job', async () => {
		const server = await account({ jobCount: 30 });
		const marker = server.jobs[9]!.JobId;
		const result = await run(['list', '--starting-marker', marker], envFor(server));
		expect(result.code).toBe(0);
		expect(jobIds(result.stdout)).toEqual(server.jobs.slice(10).map((job) => job.JobId));
		expect(server.requests[0]?.params['Marker']).toBe(marker);
	});

	it('takes the endpoint from --endpoint, else AWS_ENDPOINT_URL_IMPORTEXPORT, else AWS_ENDPOINT_URL', async () => {
		const server = await account({ jobCount: 3 });
		// A port that refuses connections: a listing sent there fails at once.
		const gone = await startEmulator();
		await gone.close();
		const dead = gone.endpoint;
		const cases: Array<[string[], Record<string, string>]> = [
			[
				['--endpoint', server.endpoint],
				{ AWS_ENDPOINT_URL_IMPORTEXPORT: dead, AWS_ENDPOINT_URL: dead },
			],
			[[], { AWS_ENDPOINT_URL_IMPORTEXPORT: server.endpoint, AWS_ENDPOINT_URL: dead }],
			[[], { AWS_ENDPOINT_URL_IMPORTEXPORT: '', AWS_ENDPOINT_URL: server.endpoint }],
		];
		const [refused, ...results] = await Promise.all([
			run(['list', '--max-attempts', '1', '--endpoint', dead], envFor(server)),
			...cases.map(([flags, env]) =>
				run(['list', '--max-attempts', '1', ...flags], envFor(server, env)),
			),
		]);
		for (const result of results) {
			expect(result.stderr).toMatch(/done, 3 jobs/);
			expect(result.code).toBe(0);
		}
		expect(refused.code).toBe(1);
		expect(refused.stderr).toMatch(
			/^importexport-jobs list: NetworkError: .*ECONNREFUSED.*; 0 jobs listed\n$/,
		);
	});

	it('exits 1 with one line naming the error, code, status and request id when the service refuses the marker', async () => {
		const server = await account({ jobCount: 10 });
		const result = await run(['list', '--starting-marker', 'NOSUCHJOB'], envFor(server));
		expect(result.code).toBe(1);
		expect(result.stdout).toBe('');
		expect(lines(result.stderr)).toHaveLength(1);
		expect(result.stderr).toMatch(
			/^importexport-jobs list: InvalidParameterException: .*NOSUCHJOB.* \(code InvalidParameterException, HTTP 400, request id [\w-]+\); 0 jobs listed\n$/,
		);
		// Resuming from a marker the service refused would only fail again.
		expect(result.stderr).not.toContain('resume with');
	});

	it('exits 1 with a CredentialsError line, before any request, when the AWS credential chain finds nothing', async () => {
		const server = await account();
		// cliEnvironment() points the shared files at nothing and turns instance metadata off.
		const result = await run(['list'], { AWS_ENDPOINT_URL_IMPORTEXPORT: server.endpoint });
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(
			/^importexport-jobs list: CredentialsError: No AWS credentials from the AWS credential chain \(profile "default"; tried fromEnv, .*remoteProvider\): Could not load credentials from any providers; 0 jobs listed\n$/,
		);
		expect(server.counters.requests).toBe(0);
	});

	it('reports a mid-listing failure with the marker to resume from, and resuming lists the rest exactly once', async () => {
		const server = await account({ jobCount: 50 });
		// Requests 1 and 2 serve pages 0 and 1; every attempt at page 2 fails.
		server.injectFault(3, [
			{ kind: 'internal-failure' },
			{ kind: 'internal-failure' },
			{ kind: 'internal-failure' },
		]);
		const failed = await run(['list', '--page-size', '10'], envFor(server));
		expect(failed.code).toBe(1);
		const listed = jobIds(failed.stdout);
		expect(listed).toEqual(server.jobs.slice(0, 20).map((job) => job.JobId));
		expect(lines(failed.stderr)).toHaveLength(1);
		expect(failed.stderr).not.toMatch(STACK_LINE);
		const line = failed.stderr.trimEnd();
		expect(line).toMatch(/^importexport-jobs list: ServiceError: /);
		expect(line).toContain('code InternalFailure');
		expect(line).toContain('HTTP 500');
		expect(line).toMatch(/request id [\w-]+/);
		expect(line).toContain('3 attempts');
		expect(line).toContain('20 jobs listed');
		expect(line.endsWith(`; resume with --starting-marker=${listed.at(-1)}`)).toBe(true);

		const marker = /--starting-marker=(\S+)$/.exec(line)![1]!;
		const resumed = await run(
			['list', '--page-size', '10', '--starting-marker', marker],
			envFor(server),
		);
		expect(resumed.code).toBe(0);
		const union = [...listed, ...jobIds(resumed.stdout)];
		expect(new Set(union).size).toBe(union.length);
		expect(union).toEqual(server.jobs.map((job) => job.JobId));
	});

	it('--timeout-ms bounds each attempt and --max-attempts the retries', async () => {
		const server = await account({ jobCount: 5 });
		server.failNext({ kind: 'hang' }, 2);
		// Both attempts hang, so the bound only has to be long enough for each request to reach the
		// server on a loaded machine (200 ms was not, at a load of 30 on 2 cores).
		const result = await run(
			['list', '--timeout-ms', '1500', '--max-attempts', '2'],
			envFor(server),
		);
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(
			/^importexport-jobs list: TimeoutError: .*timed out after 1500 ms.*\(2 attempts\); 0 jobs listed\n$/,
		);
		expect(server.counters.requests).toBe(2);
	});

	it('prints the stack only with --debug', async () => {
		const server = await account({ jobCount: 20 });
		server.injectFault(1, { kind: 'internal-failure' });
		const quiet = await run(['list', '--max-attempts', '1'], envFor(server));
		expect(quiet.code).toBe(1);
		expect(quiet.stderr).not.toMatch(STACK_LINE);
		server.injectFault(2, { kind: 'internal-failure' });
		const debug = await run(['list', '--max-attempts', '1', '--debug'], envFor(server));
		expect(debug.code).toBe(1);
		// The wire trace of --debug comes first (test/cli-debug.test.ts); then the failure and its stack.
		const [first, ...rest] = lines(debug.stderr).filter(
			(line) => !line.startsWith('importexport-jobs: [debug] '),
		);
		expect(first).toMatch(
			/^importexport-jobs list: ServiceError: .*code InternalFailure, HTTP 500/,
		);
		expect(rest[0]).toMatch(/^ServiceError: ListJobs failed with HTTP 500 InternalFailure/);
		expect(debug.stderr).toMatch(STACK_LINE);
	});

	it('stops on SIGINT with exit 130 and the marker of the last job written', async () => {
		const server = await account({ jobCount: 200, latencyMs: 50 });
		// Page 3 never comes: the listing is surely still running when the signal lands.
		server.injectFault(3, { kind: 'hang' });
		const child = start(['list', '--page-size', '10'], envFor(server));
		const result = finished(child);
		let seen = '';
		child.stdout.on('data', (chunk: string) => (seen += chunk));
		await until(() => lines(seen).length >= 20);
		child.kill('SIGINT');
		const { code, stdout, stderr } = await result;
		expect(code).toBe(130);
		const listed = jobIds(stdout);
		expect(listed).toEqual(server.jobs.slice(0, 20).map((job) => job.JobId));
		expect(lines(stderr)).toHaveLength(1);
		expect(stderr).toMatch(/^importexport-jobs list: AbortError: /);
		expect(stderr.trimEnd().endsWith(`resume with --starting-marker=${listed.at(-1)}`)).toBe(true);
	});

	it('exits 143 promptly on one SIGTERM even when the reader has stopped reading (stdout full)', async () => {
		const server = await account({ jobCount: 20_000 });
		// stdout is never read: the pipe fills and the CLI waits for 'drain'.
		const child = start(['list', '--page-size', '1000'], envFor(server));
		child.stdout.pause();
		let stderr = '';
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
		try {
			await until(() => server.counters.jobsServed >= 3000);
			// Our end of the pipe holds all it takes and reads no more: what the CLI writes now fills the pipe.
			await until(() => child.stdout.readableLength >= child.stdout.readableHighWaterMark);
			child.kill('SIGTERM');
			// A CLI still waiting for 'drain' would never exit: the test's timeout is the safety net.
			expect(await exited).toBe(143);
		} finally {
			child.kill('SIGKILL');
			child.stdout.resume();
		}
		everything.push({ code: 143, stdout: '', stderr });
		expect(lines(stderr)).toHaveLength(1);
		// Resume after the last job stdout took, not the last one listed.
		expect(stderr).toMatch(
			/^importexport-jobs list: AbortError: .*; [\d,]+ jobs listed(, [\d,]+ written)?; resume with --starting-marker=\S+\n$/,
		);
	});

	it('on a stdout write error (EIO) says how many jobs were written and the marker to resume from', async () => {
		const server = await account({ jobCount: 60 });
		let taken = '';
		const stdout = new Writable({
			write(chunk: Buffer, _encoding, callback) {
				if (taken.length > 0) {
					callback(Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' }));
					return;
				}
				taken += chunk.toString();
				callback();
			},
		});
		let stderr = '';
		const sink = new Writable({
			write(chunk: Buffer, _encoding, callback) {
				stderr += chunk.toString();
				callback();
			},
		});
		const args = {
			...parseListArgs(['--page-size', '20']),
			client: { endpoint: server.endpoint, credentials: CREDENTIALS },
		};
		expect(await list(args, { stdout, stderr: sink })).toBe(1);
		const written = jobIds(taken);
		expect(written.length).toBeGreaterThan(0);
		expect(written).toEqual(server.jobs.slice(0, written.length).map((job) => job.JobId));
		expect(stderr).toBe(
			`importexport-jobs list: Error: EIO: i/o error, write (code EIO); ${written.length} jobs written; resume with --starting-marker=${written.at(-1)}\n`,
		);
	});

	it('exits 0 quietly when the reader closes the pipe (`| head`)', async () => {
		const server = await account({ jobCount: 5000 });
		const child = start(['list'], envFor(server));
		const result = finished(child);
		// Far more than a pipe buffer is on its way: the next write meets a closed pipe.
		child.stdout.once('data', () => child.stdout.destroy());
		const { code, stderr } = await result;
		expect(code).toBe(0);
		expect(stderr).toBe('');
	});
});

const hasScript = spawnSync('script', ['--version']).status === 0;

describe('list on a terminal', () => {
	it.skipIf(!hasScript)(
		'draws no progress line into the rows when stdout and stderr are the same terminal',
		async () => {
			const server = await account({ jobCount: 100 });
			// `script` gives the CLI one pseudo-terminal for stdout and stderr, as an interactive shell does.
			const command = `'${process.execPath}' '${CLI}' list --format table --page-size 10 --max-items 30`;
			const child = spawn('script', ['-qec', command, '/dev/null'], {
				env: cliEnvironment(envFor(server)),
			});
			let screen = '';
			child.stdout.setEncoding('utf8').on('data', (chunk: string) => (screen += chunk));
			const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
			expect(status).toBe(0);
			// What the terminal shows on each line: the text after the last carriage return, escapes removed.
			const shown = screen
				.split('\n')
				.map((line) => line.replace(/\r$/, ''))
				.map((line) =>
					line.slice(line.lastIndexOf('\r') + 1).replace(/\u001b\[[0-9;]*[A-Za-z]/g, ''),
				);
			const rows = server.jobs
				.slice(0, 30)
				.map(
					(job) => shown.find((line) => line.includes(`${job.JobId} `)) ?? `(${job.JobId} missing)`,
				);
			expect(rows.filter((row, i) => !row.startsWith(server.jobs[i]!.JobId))).toEqual([]);
			expect(screen).not.toContain('listing:');
		},
	);
});

describe('command line', () => {
	it('exits 2 with one line and where to find the usage on a bad flag, a bad value or an unknown command', async () => {
		const cases: Array<[string[], RegExp]> = [
			[
				['list', '--page-size', '1001'],
				/^importexport-jobs list: --page-size must be an integer from 1 to 1000, got "1001"\.\nRun importexport-jobs list --help for usage\.\n$/,
			],
			[
				['list', '--bogus'],
				/^importexport-jobs list: Unknown option '--bogus'.*\nRun importexport-jobs list --help for usage\.\n$/,
			],
			[
				['serve', '--throttle-rate', '1.5'],
				/^importexport-jobs serve: --throttle-rate must be a number from 0 to 1, got "1.5"\.\nRun importexport-jobs serve --help for usage\.\n$/,
			],
			[
				['demo', 'extra'],
				/^importexport-jobs demo: .*positional.*\nRun importexport-jobs demo --help for usage\.\n$/,
			],
			[
				['frobnicate'],
				/^importexport-jobs: unknown command "frobnicate"\.\nRun importexport-jobs --help for usage\.\n$/,
			],
			[
				[],
				/^importexport-jobs: a command is needed\.\nRun importexport-jobs --help for usage\.\n$/,
			],
		];
		const results = await Promise.all(cases.map(([args]) => run(args)));
		results.forEach((result, i) => {
			const [args, message] = cases[i]!;
			expect({ args, code: result.code, stdout: result.stdout }).toEqual({
				args,
				code: 2,
				stdout: '',
			});
			expect(result.stderr).toMatch(message);
			expect(result.stderr).not.toMatch(STACK_LINE);
		});
	});

	it.each([
		[['--page-size', '0'], /--page-size must be an integer from 1 to 1000, got "0"/],
		[['--page-size', '1e3'], /--page-size/],
		[['--page-size', ' 7'], /--page-size/],
		[['--max-items', '-1'], /--max-items/],
		[['--max-items', '2.5'], /--max-items must be an integer >= 0, got "2.5"/],
		[['--format', 'xml'], /--format must be one of ndjson, json, table, csv, got "xml"/],
		[['--endpoint', 'not a url'], /--endpoint must be an absolute http\(s\) URL/],
		[['--endpoint', 'ftp://example.com'], /--endpoint must be an absolute http\(s\) URL/],
		[['--starting-marker', ''], /--starting-marker must not be empty/],
		[['--max-attempts', '0'], /--max-attempts must be an integer from 1 to 100/],
		[['--timeout-ms', '0'], /--timeout-ms must be an integer >= 1/],
		[['--page-size'], /--page-size/],
	])('list %j is a usage error naming the flag', (argv, message) => {
		expect(() => parseListArgs(argv)).toThrow(UsageError);
		expect(() => parseListArgs(argv)).toThrow(message);
	});

	it.each([
		[['--port', '70000'], /--port must be an integer from 0 to 65535/],
		[['--jobs', '-5'], /--jobs/],
		[['--latency-ms', 'slow'], /--latency-ms/],
		[['--access-key-id', 'AKID'], /--access-key-id and --secret-access-key go together/],
		[['--secret-access-key', 'S'], /--access-key-id and --secret-access-key go together/],
	])('serve %j is a usage error naming the flag', (argv, message) => {
		expect(() => parseServeArgs(argv)).toThrow(message);
	});

	it('demo checks its flags too, and has realistic defaults', () => {
		expect(() => parseDemoArgs(['--throttle-rate', '-0.1'])).toThrow(/--throttle-rate/);
		expect(() => parseDemoArgs(['--jobs', 'many'])).toThrow(/--jobs/);
		expect(parseDemoArgs([])).toEqual({
			jobs: 25_000,
			seed: 1,
			throttleRate: 0.05,
			pageSize: 500,
			debug: false,
		});
	});

	it('passes the library only the options given, so its defaults and environment lookup apply', () => {
		expect(parseListArgs([])).toEqual({ format: 'ndjson', debug: false, client: {}, paginate: {} });
		expect(
			parseListArgs([
				'--endpoint',
				'http://127.0.0.1:1',
				'--max-attempts',
				'1',
				'--timeout-ms',
				'50',
				'--page-size',
				'7',
				'--max-items',
				'0',
				'--starting-marker',
				'00042',
			]),
		).toEqual({
			format: 'ndjson',
			debug: false,
			client: { endpoint: 'http://127.0.0.1:1', timeoutMs: 50, retry: { maxAttempts: 1 } },
			// A JobId is never a number: 00042 stays as given.
			paginate: { pageSize: 7, maxItems: 0, startingMarker: '00042' },
		});
	});

	it('prints help for every command, and the version', async () => {
		const [top, list, serve, demo, version] = await Promise.all([
			run(['--help']),
			run(['list', '--help']),
			run(['serve', '-h']),
			run(['demo', '--help']),
			run(['--version']),
		]);
		expect(top).toMatchObject({ code: 0, stderr: '' });
		expect(top.stdout).toMatch(/^Usage: importexport-jobs <command>/);
		expect(top.stdout).toMatch(
			/130 interrupted \(SIGINT\),\s+143 terminated \(SIGTERM\); serve exits 0 when stopped by SIGINT or SIGTERM/,
		);
		expect(list).toMatchObject({ code: 0, stderr: '' });
		expect(list.stdout).toMatch(/^Usage: importexport-jobs list .*\n[^]*--starting-marker ID/);
		expect(serve.stdout).toMatch(/^Usage: importexport-jobs serve/);
		expect(serve.stdout).toMatch(/A secret on the command\s+line is visible to other local users/);
		expect(demo.stdout).toMatch(/^Usage: importexport-jobs demo/);
		expect(version).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
	});
});

describe('progress', () => {
	/** A terminal-like stream that records what is drawn. */
	function terminal(isTTY: boolean): { stream: Writable & { isTTY: boolean }; written: string[] } {
		const written: string[] = [];
		const stream = Object.assign(
			new Writable({
				write(chunk: Buffer, _encoding, callback) {
					written.push(chunk.toString());
					callback();
				},
			}),
			{ isTTY },
		);
		return { stream, written };
	}

	it('redraws one line on a TTY, at most every 100 ms, and draws nothing elsewhere', () => {
		let now = 0;
		const stats = new ListingStats(() => now);
		const tty = terminal(true);
		const progress = createProgress(tty.stream, stats, {
			stdout: terminal(false).stream,
			now: () => now,
		});
		stats.pages = 3;
		stats.jobs = 3000;
		now = 1500;
		progress.update();
		progress.update();
		expect(tty.written).toEqual(['\r\u001b[2Klisting: 3 pages, 3,000 jobs, 2,000 jobs/s']);
		stats.onRetry({
			attempt: 1,
			delayMs: 412,
			error: new ServiceError({
				operation: 'ListJobs',
				code: 'Throttling',
				message: 'Rate exceeded',
				type: 'Sender',
				statusCode: 400,
				requestId: 'r',
				retryKind: 'throttling',
				retryAfterMs: undefined,
			}),
		});
		now = 1600;
		progress.update();
		expect(tty.written[1]).toContain('1 retry (last: Throttling, waited 412 ms)');
		progress.clear();
		expect(tty.written[2]).toBe('\r\u001b[2K');

		const pipe = terminal(false);
		const none = createProgress(pipe.stream, stats, { now: () => now });
		none.update();
		none.clear();
		expect(pipe.written).toEqual([]);
	});

	it('draws nothing when stdout is the same kind of terminal: the line would land in the rows', () => {
		const stats = new ListingStats(() => 0);
		const screen = terminal(true);
		const progress = createProgress(screen.stream, stats, {
			stdout: terminal(true).stream,
			now: () => 1000,
		});
		stats.pages = 1;
		progress.update();
		progress.clear();
		expect(screen.written).toEqual([]);
	});

	it('list counts jobs as they are written: the first line drawn is never "1 page, 0 jobs"', async () => {
		const server = await account({ jobCount: 30, latencyMs: 120 });
		const drawn = terminal(true);
		const rows = terminal(false);
		const args = {
			...parseListArgs(['--page-size', '10']),
			client: { endpoint: server.endpoint, credentials: CREDENTIALS },
		};
		expect(await list(args, { stdout: rows.stream, stderr: drawn.stream })).toBe(0);
		const lines = drawn.written.filter((text) => text.includes('listing:'));
		expect(lines.length).toBeGreaterThan(0);
		for (const line of lines) expect(line).not.toMatch(/ 0 jobs/);
		expect(lines[0]).toMatch(/listing: 1 page, [1-9][\d,]* jobs?, /);
	});

	it('names retries by kind and by what the service said', () => {
		const stats = new ListingStats(() => 0);
		const error = (code: string, statusCode: number) =>
			new ServiceError({
				operation: 'ListJobs',
				code,
				message: '',
				type: undefined,
				statusCode,
				requestId: undefined,
				retryKind: 'throttling',
				retryAfterMs: undefined,
			});
		for (const e of [error('Throttling', 400), error('Throttling', 400), error('429', 429)])
			stats.onRetry({ attempt: 1, delayMs: 10, error: e });
		expect(stats.describeRetries()).toBe('3 retries (3 throttled: 2 Throttling, 1 HTTP 429)');
	});
});

describe('output', () => {
	/** A stream whose reader never reads: every write stays pending. */
	function stuck(): Writable {
		return new Writable({ highWaterMark: 4, write: () => {} });
	}

	it('stops waiting for drain once the signal aborts, and flush then gives up after graceMs with the reason', async () => {
		const controller = new AbortController();
		const out = new Output<string>(stuck(), { signal: controller.signal, graceMs: 50 });
		await out.write('first line\n', 'a');
		// Flushed when the loop goes idle: more than the stream's high-water mark, so it asks for 'drain'.
		await new Promise((resolve) => setImmediate(resolve));
		const waiting = out.write('second line\n', 'b');
		const events: string[] = [];
		void waiting.then(() => events.push('write settled'));
		// Every callback and promise job has run: a write that did not wait for 'drain' has settled by now.
		await new Promise((resolve) => setImmediate(resolve));
		events.push('abort');
		controller.abort(new Error('Interrupted by SIGTERM.'));
		await waiting;
		expect(events).toEqual(['abort', 'write settled']);
		// The stream never drains: only graceMs can end the flush (a hang is the test's timeout).
		await expect(out.flush()).rejects.toThrow('Interrupted by SIGTERM.');
		expect(out.written).toEqual({ count: 0, last: undefined });
	});

	it('counts the marked writes the stream confirmed', async () => {
		const taken: string[] = [];
		const out = new Output<string>(
			new Writable({
				write: (chunk: Buffer, _encoding, callback) => {
					taken.push(chunk.toString());
					callback();
				},
			}),
		);
		await out.write('[');
		await out.write('a', 'A');
		await out.write('b', 'B');
		await out.flush();
		expect(taken.join('')).toBe('[ab');
		expect(out.written).toEqual({ count: 2, last: 'B' });
	});
});

/** Starts `serve` with `args`; resolves once it has printed its endpoint. */
async function serving(
	args: readonly string[],
): Promise<{ endpoint: string; stop: (signal: NodeJS.Signals) => Promise<Result> }> {
	const child = start(['serve', ...args]);
	const result = finished(child);
	let seen = '';
	child.stdout.on('data', (chunk: string) => (seen += chunk));
	await until(() => seen.includes('\n'));
	const first = seen.split('\n')[0]!;
	expect(first).toMatch(/^endpoint: http:\/\/127\.0\.0\.1:\d+$/);
	return {
		endpoint: first.slice('endpoint: '.length),
		stop: (signal) => {
			child.kill(signal);
			return result;
		},
	};
}

describe('importexport-jobs serve', () => {
	it.each(['SIGTERM', 'SIGINT'] as const)(
		'prints the endpoint first, serves signed ListJobs with the demo credentials, and exits 0 on %s',
		async (signal) => {
			const { endpoint, stop } = await serving(['--jobs', '25', '--port', '0']);
			const client = new ImportExportClient({ endpoint, credentials: DEMO_CREDENTIALS });
			const page = await client.listJobs({ MaxJobs: 10 });
			expect(page.Jobs).toHaveLength(10);
			expect(page.IsTruncated).toBe(true);

			const { code, stdout, stderr } = await stop(signal);
			expect(code).toBe(0);
			expect(stdout).toBe(`endpoint: ${endpoint}\n`);
			expect(stderr).toContain(`export AWS_ACCESS_KEY_ID=${DEMO_CREDENTIALS.accessKeyId}`);
			expect(stderr).toContain(`export AWS_SECRET_ACCESS_KEY=${DEMO_CREDENTIALS.secretAccessKey}`);
			expect(stderr).toContain(`export AWS_ENDPOINT_URL_IMPORTEXPORT=${endpoint}`);
			expect(stderr).toContain(`stopped by ${signal} after 1 request (10 jobs served)`);
		},
	);

	it('accepts the keys given and refuses others, printing the key id and endpoint to export but never the secret', async () => {
		const { endpoint, stop } = await serving([
			'--jobs',
			'5',
			'--access-key-id',
			CREDENTIALS.accessKeyId,
			'--secret-access-key',
			SECRET,
		]);
		const page = await new ImportExportClient({
			endpoint,
			credentials: CREDENTIALS,
			retry: { maxAttempts: 1 },
		}).listJobs();
		expect(page.Jobs).toHaveLength(5);
		const demo = new ImportExportClient({
			endpoint,
			credentials: DEMO_CREDENTIALS,
			retry: { maxAttempts: 1 },
		});
		expect(await caught(() => demo.listJobs())).toMatchObject({
			code: 'InvalidClientTokenId',
			statusCode: 403,
		});

		const { code, stderr } = await stop('SIGTERM');
		expect(code).toBe(0);
		expect(stderr).toContain(`  export AWS_ACCESS_KEY_ID=${CREDENTIALS.accessKeyId}\n`);
		expect(stderr).toContain(`  export AWS_ENDPOINT_URL_IMPORTEXPORT=${endpoint}\n`);
		expect(stderr).not.toContain('AWS_SECRET_ACCESS_KEY=');
		expect(stderr).not.toContain(SECRET);
		expect(stderr).not.toContain(DEMO_CREDENTIALS.secretAccessKey);
		expect(stderr).toContain('stopped by SIGTERM after 2 requests (5 jobs served)');
	});

	it('throttles every request at --throttle-rate 1, each with one of the three throttling answers', async () => {
		const { endpoint, stop } = await serving(['--jobs', '5', '--throttle-rate', '1']);
		const client = new ImportExportClient({
			endpoint,
			credentials: DEMO_CREDENTIALS,
			retry: { maxAttempts: 1 },
		});
		const errors = await Promise.all(
			Array.from({ length: 8 }, () => caught(() => client.listJobs())),
		);
		for (const error of errors) {
			expect(error).toBeInstanceOf(ServiceError);
			expect((error as ServiceError).retryKind).toBe('throttling');
			expect(['Throttling', 'SlowDown', '429']).toContain((error as ServiceError).code);
		}
		const { code, stderr } = await stop('SIGINT');
		expect(code).toBe(0);
		expect(stderr).toContain('100.0% of requests throttled');
		expect(stderr).toContain('stopped by SIGINT after 8 requests (0 jobs served)');
	});
});

describe('serve: request log', () => {
	it('keeps the log of a long-running serve bounded: the latest 1,000 requests, every one counted', async () => {
		const options = parseServeArgs(['--jobs', '1']).emulator;
		expect(options.maxLogEntries).toBe(SERVE_LOG_ENTRIES);
		const server = await emulator(options);
		const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
		const url = new URL(server.endpoint);
		const one = (): Promise<void> =>
			new Promise((resolve, reject) => {
				const request = http.request(
					{ host: url.hostname, port: url.port, method: 'POST', path: '/', agent },
					(response) => {
						response.resume();
						response.on('end', resolve);
					},
				);
				request.on('error', reject);
				request.end('Action=ListJobs&Version=2010-06-01');
			});
		try {
			for (let sent = 0; sent < 1100; sent += 100)
				await Promise.all(Array.from({ length: 100 }, one));
		} finally {
			agent.destroy();
		}
		expect(server.counters.requests).toBe(1100);
		const log = server.requests;
		expect(log).toHaveLength(SERVE_LOG_ENTRIES);
		expect(log[0]?.number).toBe(1100 - SERVE_LOG_ENTRIES + 1);
	});
});

describe('importexport-jobs demo', () => {
	it('lists an emulated account end to end and reports it', async () => {
		const result = await run(['demo', '--jobs', '600', '--page-size', '100', '--seed', '7']);
		expect(result.code).toBe(0);
		expect(result.stderr).toBe('');
		const out = result.stdout;
		expect(out).toContain(
			'Listed 600 of 600 jobs, each exactly once, newest first (checked against the emulator).',
		);
		expect(out).toMatch(
			/jobs\s+[\d,]+ (Import|Export), [\d,]+ (Import|Export), [\d,]+ canceled \([\d.]+%\)/,
		);
		expect(out).toMatch(/created\s+\d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d/);
		expect(out).toMatch(/requests\s+6 pages, (no retries|\d+ retr(y|ies) \(\d+ throttled: .+\))/);
		expect(out).toMatch(/elapsed\s+[\d.]+ s, [\d,]+ jobs\/s/);
		const table = out.slice(out.indexOf('The 10 newest jobs:'));
		expect(
			lines(table)
				.slice(1, 12)
				.filter((line) => /^[0-9A-Z]{5} +\d{4}-/.test(line)),
		).toHaveLength(10);
		// `importexport-jobs` is not on PATH from a checkout, and `npm run cli -- serve` would outlive a SIGTERM to npm.
		expect(out).toContain('  npx importexport-jobs serve ');
		expect(out).not.toContain('npm run');
	});
});

describe('importexport-jobs demo on SIGINT', () => {
	it('stops the listing and the emulator, exits 130, and offers no flag it does not take', async () => {
		const child = start(['demo', '--jobs', '200000']);
		const result = finished(child);
		let seen = '';
		child.stdout.on('data', (chunk: string) => (seen += chunk));
		await until(() => seen.includes('Listing every job'));
		child.kill('SIGINT');
		const { code, stderr } = await result;
		expect(code).toBe(130);
		expect(stderr).toMatch(/^importexport-jobs demo: AbortError: .*; [\d,]+ jobs? listed\n$/);
	});
});

describe('secrets', () => {
	it('no run of the CLI printed the secret key, nor a wrong one it was given (its own runs, and every run in this file)', async () => {
		const server = await account({ jobCount: 5 });
		server.failNext({ kind: 'internal-failure' }, 1);
		const failed = await run(['list', '--debug', '--max-attempts', '1'], envFor(server));
		expect(failed.code).toBe(1);
		expect(failed.stderr).toMatch(STACK_LINE);
		const wrong = `wrong-secret-${randomUUID()}`;
		// Every format, a refused key with --debug, and serve with the keys given: run here, so this test stands alone.
		const [refused, ...listings] = await Promise.all([
			run(['list', '--debug'], envFor(server, { AWS_SECRET_ACCESS_KEY: wrong })),
			...['ndjson', 'json', 'table'].map((format) =>
				run(['list', '--format', format], envFor(server)),
			),
		]);
		expect(refused.code).toBe(1);
		expect(refused.stderr).toMatch(
			/^importexport-jobs list: ServiceError: .*\(code SignatureDoesNotMatch, HTTP 403, request id [\w-]+\)/m,
		);
		for (const listing of listings) expect(listing.stderr).toMatch(/done, 5 jobs/);
		const { stop } = await serving([
			'--jobs',
			'1',
			'--access-key-id',
			CREDENTIALS.accessKeyId,
			'--secret-access-key',
			SECRET,
		]);
		expect((await stop('SIGTERM')).code).toBe(0);

		expect(everything.length).toBeGreaterThanOrEqual(6);
		for (const { stdout, stderr } of everything) {
			for (const secret of [SECRET, wrong]) {
				expect(stdout).not.toContain(secret);
				expect(stderr).not.toContain(secret);
			}
		}
	});
});
