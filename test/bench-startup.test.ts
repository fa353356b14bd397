import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

// `npm test` builds first: the cold-start benchmark runs against dist/ as `npm run bench:startup` does.
const ROOT = fileURLToPath(new URL('../', import.meta.url));

it(
	'runs the cold-start benchmark once and prints every table and target',
	{ timeout: 120_000 },
	async () => {
		const child = spawn(process.execPath, ['bench/startup.mjs'], {
			cwd: ROOT,
			env: { ...process.env, BENCH_STARTUP_ROUNDS: '1' },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		const code = await new Promise<number | null>((resolve, reject) => {
			child.on('error', reject);
			child.on('close', resolve);
		});
		expect(code, stderr).toBe(0);
		for (const label of [
			'bare Node',
			'import of the core entry',
			'`importexport-jobs list`',
			'a script: `paginateListJobs`',
			'a script: aws-sdk v2',
		]) {
			expect(stdout).toMatch(
				new RegExp(
					`^\\| ${label.replace(/[()`.+]/g, '\\$&')}.* \\| [\\d,]+[^|]* \\| [\\d.]+[^|]* \\|$`,
					'm',
				),
			);
		}
		expect(stdout).toMatch(
			/^Load average \(1 \/ 5 \/ 15 min\) before: [\d.]+ \/ [\d.]+ \/ [\d.]+/m,
		);
		expect(stdout.match(/\*\*(?:PASS|MISS)\*\* \|$/gm)).toHaveLength(4);
		expect(stdout).toMatch(/^\| zod \| [\d.]+ \|$/m);
		expect(stdout).toContain('### Where one CLI `list` spends its time');
	},
);
