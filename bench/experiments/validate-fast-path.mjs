// What taking zod off the happy path would buy, measured end to end before anyone edits src/:
// a copy of dist/ whose parseListJobsBody tries bench/micro/fast-result.mjs first and calls
// ListJobsResultSchema.safeParse only when that refuses (so errors keep zod's issues).
// Runs ours, ours + fast path and the floor alternately, each in a fresh process, against one
// emulator process. node bench/experiments/validate-fast-path.mjs  (after npm run build;
// BENCH_ROUNDS, default 5; BENCH_JOBS, default 100000)
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { killAll, runClient, startEmulatorProcess } from '../lib/processes.mjs';
import { median, number, ratio, table } from '../lib/stats.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const JOBS = Number(process.env.BENCH_JOBS ?? 100_000);
const SAFE_PARSE =
	"const parsed = ListJobsResultSchema.safeParse(root['ListJobsResult'] ?? '', PARSE);";

/** dist/ copied next to the bench clients, with the fast path patched into list-jobs.js. */
function patchedCopy() {
	const dir = mkdtempSync(join(tmpdir(), 'importexport-fast-path-'));
	cpSync(join(ROOT, 'dist'), join(dir, 'dist'), { recursive: true });
	cpSync(join(ROOT, 'bench/clients'), join(dir, 'bench/clients'), { recursive: true });
	cpSync(join(ROOT, 'bench/lib'), join(dir, 'bench/lib'), { recursive: true });
	cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
	symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
	const file = join(dir, 'dist/protocol/list-jobs.js');
	const source = readFileSync(file, 'utf8');
	if (!source.includes(SAFE_PARSE))
		throw new Error(
			`dist/protocol/list-jobs.js no longer holds \`${SAFE_PARSE}\`: update this experiment`,
		);
	const fast = pathToFileURL(join(ROOT, 'bench/micro/fast-result.mjs')).href;
	writeFileSync(
		file,
		`import { fastResult } from ${JSON.stringify(fast)};\n${source.replace(
			SAFE_PARSE,
			"const fast = fastResult(root['ListJobsResult']);\n    const parsed = fast !== undefined ? { success: true, data: fast } : ListJobsResultSchema.safeParse(root['ListJobsResult'] ?? '', PARSE);",
		)}`,
	);
	return dir;
}

const dir = patchedCopy();
const emulator = await startEmulatorProcess({ jobCount: JOBS, seed: 1 });
const variants = [
	{ key: 'ours', label: 'ours (dist/ as built)', script: 'clients/ours.mjs' },
	{
		key: 'fast',
		label: 'ours + hand-checked happy path',
		script: join(dir, 'bench/clients/ours.mjs'),
	},
	{ key: 'floor', label: 'floor', script: 'clients/floor.mjs' },
];
const results = Object.fromEntries(variants.map((v) => [v.key, []]));
try {
	const config = {
		endpoint: emulator.endpoint,
		credentials: emulator.credentials,
		pageSize: 1000,
		expected: { count: emulator.count, first: emulator.first, last: emulator.last },
	};
	for (let round = 1; round <= ROUNDS; round++) {
		for (const variant of variants) {
			const report = await runClient(variant.script, config);
			await emulator.counters(true);
			results[variant.key].push(report);
			process.stderr.write(
				`[experiment] round ${round}/${ROUNDS} ${variant.key}: ${number(report.wallMs)} ms wall, ${number(report.cpuMs)} ms CPU, first job ${number(report.firstJobMs)} ms\n`,
			);
		}
	}
} catch (error) {
	killAll();
	throw error;
} finally {
	await emulator.close();
	rmSync(dir, { recursive: true, force: true });
}

const of = (key, field) => median(results[key].map((r) => r[field]));
console.log(
	`${number(JOBS)} jobs, ${ROUNDS} rounds alternating, medians; every run verified (count, first and last JobId).\n`,
);
console.log(
	table(
		['variant', 'wall (ms)', 'client CPU (ms)', 'first job (ms)', 'wall / floor', 'CPU / floor'],
		variants.map((v) => [
			v.label,
			number(of(v.key, 'wallMs')),
			number(of(v.key, 'cpuMs')),
			number(of(v.key, 'firstJobMs')),
			ratio(of(v.key, 'wallMs') / of('floor', 'wallMs')),
			ratio(of(v.key, 'cpuMs') / of('floor', 'cpuMs')),
		]),
	),
);
