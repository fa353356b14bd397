import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, cliEnvironment, collectOutput } from './cli-run.js';
import { emulator } from './helpers.js';

// A module loader hook that prints every module the CLI loads, one `LOADED <url>` per line on stderr.
const dir = mkdtempSync(join(tmpdir(), 'importexport-jobs-startup-'));
writeFileSync(join(dir, 'hook.mjs'), 'export async function load(url, context, next) {\n\tprocess.stderr.write(`LOADED ${url}\\n`);\n\treturn next(url, context);\n}\n');
writeFileSync(join(dir, 'register.mjs'), "import { register } from 'node:module';\nregister('./hook.mjs', import.meta.url);\n");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function loadedBy(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; loaded: string[] }> {
	const child = spawn(process.execPath, ['--import', join(dir, 'register.mjs'), CLI, ...args], { env: cliEnvironment(env) });
	const { code, stderr } = await collectOutput(child);
	return { code, loaded: [...stderr.matchAll(/^LOADED (\S+)$/gm)].map((match) => match[1]!) };
}

describe('cold start: a command loads only what it uses', () => {
	it('list loads neither the emulator, nor the other commands, nor the AWS SDK', async () => {
		const server = await emulator({ jobCount: 10 });
		const { code, loaded } = await loadedBy(['list', '--endpoint', server.endpoint], { AWS_ACCESS_KEY_ID: server.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: server.credentials.secretAccessKey });
		expect(code).toBe(0);
		expect(loaded.some((url) => url.endsWith('/dist/cli/list.js'))).toBe(true);
		expect(loaded.filter((url) => /\/dist\/(emulator\/|cli\/(serve|demo)[.-])|node_modules\/(@aws-sdk|@smithy|aws-sdk)\/|^node:crypto$/.test(url))).toEqual([]);
	});

	it('a usage error or --help loads no library code at all', async () => {
		for (const args of [['list', '--max-items', '-1'], ['serve', '--help'], ['list', '--bogus']]) {
			const { code, loaded } = await loadedBy(args);
			expect(code === 0 || code === 2).toBe(true);
			expect(loaded.filter((url) => /\/dist\/(index|protocol|transport|pagination|emulator)|node_modules\//.test(url))).toEqual([]);
		}
	});
});
