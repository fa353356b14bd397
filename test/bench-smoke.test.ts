import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it, onTestFinished } from 'vitest';

// `npm run test:bench-smoke` builds first: the benchmark runs against dist/ exactly as `npm run bench` does.
// Its own config, out of `npm test`: how long a dozen processes take depends on the machine, so no
// deadline decides the verdict here; the config's timeout is only a safety net.
const ROOT = fileURLToPath(new URL('../', import.meta.url));

function runBench(): Promise<{ code: number | null; stdout: string; stderr: string }> {
	return new Promise((resolve, reject) => {
		const stop = new AbortController();
		// The orchestrator kills its own children on SIGTERM: a test that failed leaves nothing running.
		onTestFinished(() => stop.abort());
		const child = spawn(process.execPath, ['bench/run.mjs'], {
			cwd: ROOT,
			signal: stop.signal,
			killSignal: 'SIGTERM',
			env: { ...process.env, BENCH_QUICK: '1', BENCH_ROUNDS: '1' },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, stdout, stderr }));
	});
}

it('runs the benchmark end to end in quick mode and prints every table', async () => {
	const { code, stdout, stderr } = await runBench();
	expect(code, stderr).toBe(0);
	const row = (label: string): RegExp =>
		new RegExp(`^\\| ${label.replace(/[()`.+]/g, '\\$&')}(?: \\| [^|\\n]+){5} \\|$`, 'm');
	// The three clients, each with its five measured columns.
	expect(stdout).toMatch(row('(a) importexport-jobs `paginateListJobs`'));
	expect(stdout).toMatch(row('(b) aws-sdk v2 `listJobs().eachPage`'));
	expect(stdout).toMatch(row('(c) floor: aws4fetch + `parseXml`'));
	expect(stdout).toMatch(/^\| ours \/ aws-sdk v2 \|/m);
	expect(stdout).toMatch(/^\| ours \/ floor \|/m);
	expect(stdout).toMatch(
		/^Verification: all 4 client runs .* saw exactly 2,000 jobs, first JobId \S+, last JobId \S+/m,
	);
	for (const heading of [
		'## Time to first job',
		'## Memory',
		'## Latency hiding',
		'## Targets',
		'## Profile',
		'## Adaptive retry mode',
	])
		expect(stdout).toContain(heading);
	// Every target is reported with its verdict: four, and adaptive mode's three.
	expect(stdout.match(/\*\*(?:PASS|MISS)\*\* \|$/gm)).toHaveLength(7);
	expect(stdout).toMatch(/^\| adaptive \| [\d,]+ \|/m);
	expect(stdout).toMatch(/^\| parse \(parseXml → fast-xml-parser\) \|/m);
});
