import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectOutput, startCli } from './cli-run.js';
import { emulator } from './helpers.js';

// Issue: on a loaded machine the CLI printed a stack trace without --debug. Whatever the timing,
// an error that escapes every handler (an exception thrown in a callback, a rejection nobody
// awaited) must end the CLI the way any failure does: exit 1 and one line, the stack only with --debug.
const PRELOAD = pathToFileURL(
	new URL('./fixtures/cli/escape-on-second-fetch.mjs', import.meta.url).pathname,
).href;
const STACK_LINE = /^\s+at /m;

async function listWithEscape(
	escape: 'exception' | 'rejection',
	extra: string[] = [],
): Promise<{ code: number | null; stderr: string; requests: number }> {
	const server = await emulator({ jobCount: 30 });
	const env = {
		AWS_ACCESS_KEY_ID: server.credentials.accessKeyId,
		AWS_SECRET_ACCESS_KEY: server.credentials.secretAccessKey,
		AWS_ENDPOINT_URL_IMPORTEXPORT: server.endpoint,
		NODE_OPTIONS: `--import ${PRELOAD}`,
		ESCAPE: escape,
	};
	const { code, stderr } = await collectOutput(
		startCli(['list', '--page-size', '10', ...extra], env),
	);
	return { code, stderr, requests: server.counters.requests };
}

describe('the CLI never prints a stack without --debug', () => {
	it.each(['exception', 'rejection'] as const)(
		'an uncaught %s: exit 1, one line, no stack',
		async (escape) => {
			const { code, stderr, requests } = await listWithEscape(escape);
			// The preload did act: it fires on the second request only.
			expect(requests).toBeGreaterThanOrEqual(2);
			expect(code).toBe(1);
			expect(stderr).not.toMatch(STACK_LINE);
			expect(stderr.split('\n').filter((line) => line !== '')).toEqual([
				'importexport-jobs: unexpected Error: escaped on purpose at a line that looks like a stack',
			]);
		},
	);

	it('with --debug the stack follows the line', async () => {
		const { code, stderr } = await listWithEscape('exception', ['--debug']);
		expect(code).toBe(1);
		// --debug also traces each attempt: the report is the first line that is not part of the trace.
		const lines = stderr
			.split('\n')
			.filter((line) => !line.startsWith('importexport-jobs: [debug]'));
		expect(lines[0]).toBe(
			'importexport-jobs: unexpected Error: escaped on purpose at a line that looks like a stack',
		);
		expect(stderr).toMatch(/^\s+at .*escape-on-second-fetch\.mjs/m);
	});
});
