import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;

// The examples' types stripped once for the whole file, as tsx would strip them at every run (most
// of a run's time went to tsx). Built into scratch/ (ignored by git, ESLint and Prettier), inside
// the package: the examples import it by name, as users do, and run against dist/ (npm test builds first).
let built = '';
beforeAll(async () => {
	mkdirSync(join(root, 'scratch'), { recursive: true });
	built = mkdtempSync(join(root, 'scratch', 'examples-'));
	const names = readdirSync(join(root, 'examples')).filter((name) => name.endsWith('.ts'));
	await build({
		entryPoints: names.map((name) => join(root, 'examples', name)),
		outdir: built,
		format: 'esm',
		platform: 'node',
		target: 'node20',
		logLevel: 'silent',
	});
});
afterAll(() => {
	if (built !== '') rmSync(built, { recursive: true, force: true });
});

async function example(name: string, args: string[] = []): Promise<string> {
	const env = Object.fromEntries(
		Object.entries(process.env).filter(([key]) => !key.startsWith('AWS_')),
	);
	const { stdout } = await run(
		process.execPath,
		[join(built, name.replace(/\.ts$/, '.js')), ...args],
		{ cwd: root, env, timeout: 60_000 },
	);
	return stdout;
}

describe('examples run with no set-up against the embedded emulator', () => {
	it('for-await.ts lists every job', async () => {
		const out = await example('for-await.ts');
		expect(out).toMatch(/^5000 jobs, \d+ canceled$/m);
	});

	it('collect.ts collects with a limit, then the rest', async () => {
		const out = await example('collect.ts');
		expect(out).toContain('collected 1200 jobs; truncated: true');
		expect(out).toContain('total 5000 jobs');
	});

	it('pipeline.ts writes gzipped NDJSON', async () => {
		const target = join(tmpdir(), `importexport-jobs-example-${process.pid}.ndjson.gz`);
		try {
			await example('pipeline.ts', [target]);
			const lines = gunzipSync(readFileSync(target)).toString('utf8').trimEnd().split('\n');
			expect(lines).toHaveLength(20_000);
			expect(Object.keys(JSON.parse(lines[0]!) as object)).toEqual([
				'JobId',
				'CreationDate',
				'IsCanceled',
				'JobType',
			]);
		} finally {
			if (existsSync(target)) rmSync(target);
		}
	});

	it('export.ts fails part-way, leaves no file, and the rerun finishes it from the checkpoint', async () => {
		const target = join(tmpdir(), `importexport-jobs-example-${process.pid}.csv`);
		try {
			const out = await example('export.ts', [target]);
			expect(out).toContain(
				`run 1: ServiceError; ${target} exists: false; checkpoint: 2000 jobs listed`,
			);
			expect(out).toMatch(
				new RegExp(`run 2: done, (\\d+) of 4500 jobs written to ${target} \\(resumed: true\\)`),
			);
			expect(out).toContain('header: JobId,CreationDate,IsCanceled,JobType');
			const written = /done, (\d+) of/.exec(out)?.[1];
			expect(out).toContain(`records: ${written}`);
			expect(existsSync(`${target}.partial`) || existsSync(`${target}.checkpoint.json`)).toBe(
				false,
			);
		} finally {
			rmSync(target, { force: true });
		}
	});

	it('incremental.ts remembers the newest JobId; the second run lists only the jobs created since, in one request', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'importexport-jobs-incremental-'));
		const state = join(dir, 'state.json');
		try {
			const first = await example('incremental.ts', [state, '0']);
			expect(first).toContain('5000 new jobs\n');
			const newest = /remembered newest: (\S+)/.exec(first)?.[1];
			expect(newest).toBeDefined();
			expect(JSON.parse(readFileSync(state, 'utf8'))).toEqual({ newestJobId: newest });
			const second = await example('incremental.ts', [state, '3']);
			expect(second).toBe(
				`3 new jobs: NEW-3, NEW-2, NEW-1\nstopped at ${newest} (already seen)\nrequests sent: 1\nremembered newest: NEW-3\n`,
			);
			expect(JSON.parse(readFileSync(state, 'utf8'))).toEqual({ newestJobId: 'NEW-3' });
			// Only the state file: the side file of the atomic write is gone.
			expect(readdirSync(dir)).toEqual(['state.json']);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('resume.ts stops on an error and resumes with nothing lost or repeated', async () => {
		const out = await example('resume.ts');
		expect(out).toMatch(/run 1: ServiceError after 2000 jobs/);
		expect(out).toContain('run 2: done, 4500 jobs in all');
		expect(out).toContain('unique job ids: 4500');
	});
});
