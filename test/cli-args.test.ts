import { describe, expect, it } from 'vitest';
import { parseListArgs } from '../src/cli/list-args.js';
import { parseServeArgs } from '../src/cli/serve-args.js';
import { ImportExportClient, ImportExportError, NetworkError } from '../src/index.js';
import { collectOutput, startCli } from './cli-run.js';

const run = (args: readonly string[], env: Record<string, string> = {}) =>
	collectOutput(startCli(args, env));

describe('command-line edges', () => {
	// Node's parseArgs took "-1" for a flag and answered "argument is ambiguous".
	it.each([
		[() => parseListArgs(['--max-items', '-1']), '--max-items must be an integer >= 0, got "-1".'],
		[
			() => parseListArgs(['--page-size', '-5']),
			'--page-size must be an integer from 1 to 1000, got "-5".',
		],
		[
			() => parseServeArgs(['--jobs', '-5']),
			'--jobs must be an integer from 0 to 10000000, got "-5".',
		],
		[
			() => parseServeArgs(['--throttle-rate', '-.5']),
			'--throttle-rate must be a number from 0 to 1, got "-.5".',
		],
	])('a negative value gets the flag’s own message (%#)', (parse, message) => {
		expect(parse).toThrow(message);
	});

	it('a flag after a string flag is still a flag, not its value', () => {
		expect(() => parseListArgs(['--endpoint', '--format', 'json'])).toThrow(/--endpoint/);
	});

	it('a usage error is one line and where to find the usage, from the built CLI', async () => {
		const [list, serve] = await Promise.all([
			run(['list', '--max-items', '-1']),
			run(['serve', '--jobs', '-5']),
		]);
		expect(list).toEqual({
			code: 2,
			stdout: '',
			stderr:
				'importexport-jobs list: --max-items must be an integer >= 0, got "-1".\nRun importexport-jobs list --help for usage.\n',
		});
		expect(serve).toEqual({
			code: 2,
			stdout: '',
			stderr:
				'importexport-jobs serve: --jobs must be an integer from 0 to 10000000, got "-5".\nRun importexport-jobs serve --help for usage.\n',
		});
	});
});

describe('a port fetch refuses ("bad port")', () => {
	it('fails at once, not retried: no retry can open it', async () => {
		const retries: unknown[] = [];
		// Port 1 is on the Fetch standard's blocked list: fetch refuses it without connecting anywhere.
		const client = new ImportExportClient({
			endpoint: 'http://127.0.0.1:1',
			credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
			retry: { maxAttempts: 3, onRetry: (event) => retries.push(event) },
		});
		const error = await client.listJobs().catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(ImportExportError);
		expect(error).not.toBeInstanceOf(NetworkError);
		expect((error as ImportExportError).retryKind).toBeUndefined();
		expect((error as Error).message).toMatch(/"bad port"/);
		expect(retries).toEqual([]);
	});

	it('the CLI says so in one line, after one attempt', async () => {
		const result = await run(['list', '--endpoint', 'http://127.0.0.1:1'], {
			AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
			AWS_SECRET_ACCESS_KEY: 'secret',
		});
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(
			/^importexport-jobs list: ImportExportError: .*"bad port".*; 0 jobs listed\n$/,
		);
		expect(result.stderr).not.toMatch(/attempts/);
	});
});
