import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { collectOutput, startCli, type CliResult } from './cli-run.js';
import { emulator } from './helpers.js';

// The built CLI (`npm run build` first) against a server whose text is hostile: nothing it
// sends may reach stderr raw, and the resume hint must be a command that is safe to paste.
const credentials = {
	accessKeyId: 'AKIDCLIESCAPING00001',
	secretAccessKey: 'cli-escaping-secret-00000000000000000000',
};

function runList(endpoint: string, args: string[]): Promise<CliResult> {
	const env = {
		AWS_ACCESS_KEY_ID: credentials.accessKeyId,
		AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
		AWS_ENDPOINT_URL_IMPORTEXPORT: endpoint,
	};
	return collectOutput(startCli(['list', ...args], env));
}

// Anything that could drive a terminal or break a line.
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/;

function stderrLines(stderr: string): string[] {
	expect(stderr.endsWith('\n')).toBe(true);
	return stderr.slice(0, -1).split('\n');
}

/** What bash makes of `word`: the argument a person pasting it would pass. */
function asShellReads(word: string): string {
	const result = spawnSync('bash', ['-c', `printf '%s' ${word}`], { encoding: 'utf8' });
	expect(result.status).toBe(0);
	return result.stdout;
}

describe('the CLI escapes server text on stderr', () => {
	it('the error code of a retried response cannot forge a line or drive the terminal in the done summary', async () => {
		const forged = 'SlowDown\u001b[31m\u0007\nimportexport-jobs list: done, 0 jobs';
		const server = await emulator({ jobCount: 3, credentials });
		server.failNext({ kind: 'error', status: 503, code: forged, message: 'busy' });
		const { code, stdout, stderr } = await runList(server.endpoint, ['--max-attempts', '3']);
		expect(code).toBe(0);
		expect(stdout.trim().split('\n')).toHaveLength(3);
		const lines = stderrLines(stderr);
		expect(lines).toHaveLength(1);
		expect(lines[0]).toMatch(
			/^importexport-jobs list: done, 3 jobs in 1 page, 1 retry \(1 transient: 1 SlowDown\\x1b\[31m\\x07\\nimportexport-jobs list: done, 0 jobs\)/,
		);
		expect(stderr.slice(0, -1)).not.toMatch(RAW_CONTROL);
	});

	it('a service message with escapes and line breaks stays one escaped line', async () => {
		const server = await emulator({ jobCount: 3, credentials });
		server.failNext({
			kind: 'error',
			status: 400,
			code: 'InvalidParameterException',
			message: 'bad\u001b]0;pwned\u0007 value\r\nimportexport-jobs list: done',
		});
		const { code, stderr } = await runList(server.endpoint, []);
		expect(code).toBe(1);
		const lines = stderrLines(stderr);
		expect(lines).toHaveLength(1);
		expect(lines[0]).toContain('bad\\x1b]0;pwned\\x07 value\\nimportexport-jobs list: done');
		expect(stderr.slice(0, -1)).not.toMatch(RAW_CONTROL);
	});

	it('--debug escapes the messages in the stacks too', async () => {
		const server = await emulator({ jobCount: 3, credentials });
		server.failNext({
			kind: 'error',
			status: 400,
			code: 'InvalidParameterException',
			message: 'bad\u001b[2J\nforged line',
		});
		const { code, stderr } = await runList(server.endpoint, ['--debug']);
		expect(code).toBe(1);
		expect(stderr).not.toMatch(RAW_CONTROL);
		expect(stderr).not.toMatch(/^forged line/m);
	});
});

describe('the resume hint is a command safe to paste', () => {
	const hostile: Array<[string, string, RegExp]> = [
		['a JobId that is a flag', '-h', /--starting-marker=-h$/],
		[
			'a JobId with a space and a shell command',
			'A B; touch /tmp/x',
			/--starting-marker='A B; touch \/tmp\/x'$/,
		],
		['a JobId with a quote', "it's", /--starting-marker='it'\\''s'$/],
		[
			'a JobId with a line break',
			'AB\nimportexport-jobs list: done',
			/--starting-marker=\$'AB\\nimportexport-jobs list: done'$/,
		],
		['a JobId with ESC and BEL', 'X\u001b[2J\u0007Y', /--starting-marker=\$'X\\x1b\[2J\\x07Y'$/],
	];

	it.each(hostile)(
		'%s: quoted, escaped, on one line, and it resumes after that job',
		async (_name, jobId, hint) => {
			const jobs = [
				{
					JobId: jobId,
					CreationDate: new Date('2020-01-02T00:00:00Z'),
					IsCanceled: false,
					JobType: 'Import' as const,
				},
				{
					JobId: 'NEXT1',
					CreationDate: new Date('2020-01-01T00:00:00Z'),
					IsCanceled: false,
					JobType: 'Export' as const,
				},
			];
			const server = await emulator({ jobs, credentials });
			server.injectFault(2, {
				kind: 'error',
				status: 400,
				code: 'InvalidParameterException',
				message: 'page 2 refused',
			});
			const failed = await runList(server.endpoint, ['--page-size', '1']);
			expect(failed.code).toBe(1);
			const lines = stderrLines(failed.stderr);
			expect(lines).toHaveLength(1);
			expect(lines[0]).toMatch(hint);
			expect(lines[0]).not.toMatch(RAW_CONTROL);
			// Pasted into bash, the flag carries the JobId exactly.
			const argument = asShellReads(/ resume with (--starting-marker=.*)$/.exec(lines[0]!)![1]!);
			expect(argument).toBe(`--starting-marker=${jobId}`);
			// And run, it lists what follows that job: no help text, no usage error.
			const resumed = await runList(server.endpoint, ['--page-size', '1', argument]);
			expect(resumed.code).toBe(0);
			expect(
				resumed.stdout
					.trim()
					.split('\n')
					.map((line) => (JSON.parse(line) as { JobId: string }).JobId),
			).toEqual(['NEXT1']);
			// Two runs of the CLI: a wide safety net for a loaded machine, not a speed check.
		},
		90_000,
	);
});

describe('credentials that are not valid header values, through the CLI', () => {
	const token = 'cli-TOKEN-4e7a1c9b3d5f8a2e6c0b7d1f3a5e9c2b';
	const secret = 'cli-SECRET-8b2d6f0a4c7e1b3d5f9a2c6e8b0d4f7a';
	it.each([
		[
			'AWS_ACCESS_KEY_ID',
			{ AWS_ACCESS_KEY_ID: 'AKIDCLINEWLINE000001\n' },
			/`accessKeyId` ends with a line break/,
		],
		[
			'AWS_SESSION_TOKEN',
			{ AWS_SESSION_TOKEN: `${token.slice(0, 20)}\n${token.slice(20)}` },
			/`sessionToken` has a line break at character 21/,
		],
	])(
		'%s with a line break: one line naming the field, no secret, with or without --debug',
		async (_name, change, problem) => {
			const server = await emulator({ jobCount: 3, credentials });
			for (const debug of [[], ['--debug']]) {
				const env = {
					AWS_ACCESS_KEY_ID: 'AKIDCLINEWLINE000001',
					AWS_SECRET_ACCESS_KEY: secret,
					AWS_SESSION_TOKEN: token,
					AWS_ENDPOINT_URL_IMPORTEXPORT: server.endpoint,
					...change,
				};
				const { code, stdout, stderr } = await collectOutput(startCli(['list', ...debug], env));
				expect(code).toBe(1);
				expect(stdout).toBe('');
				expect(stderr.split('\n')[0]).toMatch(/^importexport-jobs list: CredentialsError: /);
				expect(stderr).toMatch(problem);
				for (const hidden of [secret, token.slice(0, 20), token.slice(20)])
					expect(stderr).not.toContain(hidden);
				expect(stderr).not.toMatch(/Signature=|AWS4-HMAC-SHA256 Credential/);
			}
			expect(server.requests).toHaveLength(0);
		},
	);
});
