import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, cliEnvironment, collectOutput } from './cli-run.js';
import { emulator } from './helpers.js';

// A module loader hook that prints every module the CLI loads, one `LOADED <url>` per line on stderr.
const dir = mkdtempSync(join(tmpdir(), 'importexport-jobs-startup-'));
writeFileSync(
	join(dir, 'hook.mjs'),
	'export async function load(url, context, next) {\n\tprocess.stderr.write(`LOADED ${url}\\n`);\n\treturn next(url, context);\n}\n',
);
writeFileSync(
	join(dir, 'register.mjs'),
	"import { register } from 'node:module';\nregister('./hook.mjs', import.meta.url);\n",
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function loadedBy(
	args: string[],
	env: Record<string, string> = {},
): Promise<{ code: number | null; loaded: string[] }> {
	const child = spawn(process.execPath, ['--import', join(dir, 'register.mjs'), CLI, ...args], {
		env: cliEnvironment(env),
	});
	const { code, stderr } = await collectOutput(child);
	return { code, loaded: [...stderr.matchAll(/^LOADED (\S+)$/gm)].map((match) => match[1]!) };
}

// The CLI is bundled into chunks (dist/cli): what a command loaded is told by what those files hold.
const EMULATOR_CODE = 'AKIAEMULATOR'; // the emulator's demo access key id
const LIBRARY_CODE = 'IngestionService'; // the client's signing scope

function holding(urls: readonly string[], text: string): string[] {
	return urls.filter(
		(url) => url.startsWith('file:') && readFileSync(fileURLToPath(url), 'utf8').includes(text),
	);
}

describe('cold start: a command loads only what it uses', () => {
	it('the markers are in the build, so the checks below can see them', () => {
		const files = readdirSync(dirname(CLI))
			.map((name) => pathToFileURL(join(dirname(CLI), name)).href)
			.filter((url) => url.endsWith('.js'));
		expect(holding(files, EMULATOR_CODE)).not.toEqual([]);
		expect(holding(files, LIBRARY_CODE)).not.toEqual([]);
	});

	it('list loads neither the emulator nor the AWS SDK, and no package from node_modules at all', async () => {
		const server = await emulator({ jobCount: 10 });
		const { code, loaded } = await loadedBy(['list', '--endpoint', server.endpoint], {
			AWS_ACCESS_KEY_ID: server.credentials.accessKeyId,
			AWS_SECRET_ACCESS_KEY: server.credentials.secretAccessKey,
		});
		expect(code).toBe(0);
		expect(holding(loaded, LIBRARY_CODE)).not.toEqual([]);
		expect(holding(loaded, EMULATOR_CODE)).toEqual([]);
		expect(loaded.filter((url) => /node_modules\/|^node:crypto$/.test(url))).toEqual([]);
	});

	it('a usage error or --help loads no library code at all', async () => {
		for (const args of [
			['list', '--max-items', '-1'],
			['serve', '--help'],
			['list', '--bogus'],
		]) {
			const { code, loaded } = await loadedBy(args);
			expect(code === 0 || code === 2).toBe(true);
			expect(holding(loaded, LIBRARY_CODE)).toEqual([]);
			expect(holding(loaded, EMULATOR_CODE)).toEqual([]);
		}
	});
});
