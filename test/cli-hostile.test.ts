import { describe, expect, it } from 'vitest';
import type { Fault } from '../src/emulator/index.js';
import { collectOutput, startCli, type CliResult } from './cli-run.js';
import { emulator, HANG_TIMEOUT_MS } from './helpers.js';
import { faultAtMarker } from './marker-faults.js';

// The built CLI against hostile or broken answers: each must end in a non-zero exit and
// one clear stderr line, no stack, no secret, and no job printed twice.
const SECRET = 'hostile-cli-SECRET-9f8e7d6c5b4a';
const TOKEN = 'hostile-cli-TOKEN-0a1b2c3d4e5f';
const CREDENTIALS = {
	accessKeyId: 'ASIAHOSTILECLI000001',
	secretAccessKey: SECRET,
	sessionToken: TOKEN,
};

function runList(endpoint: string, args: string[]): Promise<CliResult> {
	const env = {
		AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
		AWS_SECRET_ACCESS_KEY: SECRET,
		AWS_SESSION_TOKEN: TOKEN,
		AWS_ENDPOINT_URL_IMPORTEXPORT: endpoint,
	};
	// Two attempts: a retried fault is retried once, then reported; a third attempt would only add
	// a real backoff wait (and for a hang, another timeout) to the same outcome.
	return collectOutput(
		startCli(['list', '--page-size', '10', '--max-attempts', '2', ...args], env),
	);
}

const cases: Array<[string, Fault, RegExp]> = [
	['malformed XML', { kind: 'malformed-xml' }, /ResponseParseError/],
	['a body cut short', { kind: 'reset-mid-body' }, /NetworkError/],
	['an empty 200', { kind: 'raw', status: 200, body: '' }, /ResponseParseError/],
	['an HTML 502 from a proxy', { kind: 'bad-gateway' }, /ServiceError.*502/],
	[
		'a DOCTYPE',
		{
			kind: 'raw',
			status: 200,
			body: '<!DOCTYPE r [<!ENTITY a "a">]><ListJobsResponse>&a;</ListJobsResponse>',
		},
		/ResponseParseError/,
	],
	[
		'a page that breaks the schema',
		{ kind: 'schema-violation', field: 'JobType' },
		/ResponseValidationError.*JobType/,
	],
	['IsTruncated with an empty page', { kind: 'truncated-empty-page' }, /PaginationError/],
	['a repeated marker', { kind: 'repeat-marker' }, /PaginationLoopError/],
	['a server that never answers', { kind: 'hang' }, /TimeoutError/],
	[
		'a refused signature',
		{
			kind: 'error',
			status: 403,
			code: 'SignatureDoesNotMatch',
			message: 'The request signature we calculated does not match',
		},
		/SignatureDoesNotMatch.*403/,
	],
];

describe('the CLI against hostile responses', () => {
	it.each(cases)(
		'%s: exit 1, one line naming it with the resume marker, page 1 printed once',
		async (_name, fault, named) => {
			// Page 2's requests, and only they, get the fault: a retry of page 1 on a slow machine cannot take it.
			const {
				endpoint,
				clean: server,
				faulty,
			} = await faultAtMarker(
				{ jobCount: 30, credentials: CREDENTIALS },
				(jobs) => jobs[9]!.JobId,
				fault,
			);
			// Only a server that never answers needs the timeout to act; the rest keep the default (30 s).
			const { code, stdout, stderr } = await runList(
				endpoint,
				fault.kind === 'hang' ? ['--timeout-ms', String(HANG_TIMEOUT_MS)] : [],
			);
			expect(code).toBe(1);
			expect(faulty.counters.faultsServed).toBeGreaterThan(0);
			expect(
				server.requests.filter((entry) => entry.params['Marker'] === server.jobs[9]!.JobId),
			).toEqual([]);
			const errorLines = stderr
				.split('\n')
				.filter((line) => line !== '' && !/: done,|jobs in/.test(line));
			expect(errorLines).toHaveLength(1);
			expect(errorLines[0]).toMatch(named);
			expect(errorLines[0]).toContain(`resume with --starting-marker=${server.jobs[9]!.JobId}`);
			expect(stderr).not.toMatch(/^\s+at /m);
			const ids = stdout
				.split('\n')
				.filter((line) => line !== '')
				.map((line) => (JSON.parse(line) as { JobId: string }).JobId);
			expect(ids).toEqual(server.jobs.slice(0, 10).map((job) => job.JobId));
			expect(`${stdout}${stderr}`).not.toContain(SECRET);
			expect(`${stdout}${stderr}`).not.toContain(TOKEN);
		},
	);

	it('an unknown marker: exit 1, one line, nothing printed', async () => {
		const server = await emulator({ jobCount: 30, credentials: CREDENTIALS });
		const { code, stdout, stderr } = await runList(server.endpoint, ['--starting-marker', 'NOPE9']);
		expect(code).toBe(1);
		expect(stdout).toBe('');
		expect(stderr.trim().split('\n')).toHaveLength(1);
		expect(stderr).toMatch(/InvalidParameterException/);
	});
});
