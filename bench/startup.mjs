// Cold start and footprint: whole processes, from spawn to exit, listing a 10-job account
// on the emulator (in its own process), against aws-sdk v2 doing the same; import of the
// core entry against bare Node; a CPU profile of one CLI `list`; the core's browser bundle.
// Part of `npm run bench`; alone: `npm run bench:startup`. BENCH_STARTUP_ROUNDS=N (default 21).
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { coreBundle } from './lib/core-bundle.mjs';
import { killAll, startEmulatorProcess } from './lib/processes.mjs';
import { median, number, ratio, table } from './lib/stats.mjs';
import { packageOf } from './profile-summary.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const CLI = `${ROOT}dist/cli/main.js`;
const PEAK_RSS = here('./lib/peak-rss.cjs');
const PROFILE_DIR = here('./.profile/');
const PROFILE_NAME = 'cli-list-10-jobs.cpuprofile';
const JOBS = 10;
const TARGETS = { versusV2: 0.6, rssMB: 60, importAboveBareMs: 100, bundleGzipKB: 40 };

const progress = (text) => process.stderr.write(`[bench:startup] ${text}\n`);
const loadAverage = () =>
	os
		.loadavg()
		.map((value) => value.toFixed(2))
		.join(' / ');

function rounds() {
	const raw = process.env.BENCH_STARTUP_ROUNDS ?? (process.env.BENCH_QUICK === '1' ? '3' : '21');
	const value = Number(raw);
	if (!Number.isInteger(value) || value < 1)
		throw new TypeError(`BENCH_STARTUP_ROUNDS must be a positive integer, got ${raw}.`);
	return value;
}

/** The whole processes timed, each listing the same account (or nothing, for the baselines). */
function scenarios(emulator) {
	const config = JSON.stringify({
		endpoint: emulator.endpoint,
		credentials: emulator.credentials,
		pageSize: 1000,
		expected: { count: emulator.count, first: emulator.first, last: emulator.last },
	});
	const credentials = {
		AWS_ACCESS_KEY_ID: emulator.credentials.accessKeyId,
		AWS_SECRET_ACCESS_KEY: emulator.credentials.secretAccessKey,
	};
	const ndjsonIds = (stdout) =>
		stdout
			.trim()
			.split('\n')
			.map((line) => JSON.parse(line).JobId);
	return [
		{ key: 'bare', label: 'bare Node: `node -e 0`', args: ['-e', '0'] },
		{
			key: 'core',
			label: "import of the core entry: `await import('importexport-jobs')`",
			args: [
				'--input-type=module',
				'-e',
				`await import(${JSON.stringify(pathToFileURL(`${ROOT}dist/bundle/node/main.js`).href)})`,
			],
		},
		{
			key: 'cli',
			label: `\`importexport-jobs list\` (the CLI, ${JOBS} jobs as NDJSON to stdout)`,
			args: [CLI, 'list', '--endpoint', emulator.endpoint],
			env: credentials,
			check: (stdout) => {
				const ids = ndjsonIds(stdout);
				if (
					ids.length !== emulator.count ||
					ids[0] !== emulator.first ||
					ids.at(-1) !== emulator.last
				)
					throw new Error(`the CLI listed ${ids.length} jobs (${ids[0]}…${ids.at(-1)})`);
			},
		},
		{
			key: 'ours',
			label: 'a script: `paginateListJobs` (bench/clients/ours.mjs)',
			args: [here('./clients/ours.mjs'), config],
			check: reportOk,
		},
		{
			key: 'v2',
			label: 'a script: aws-sdk v2 `listJobs().eachPage` (bench/clients/aws-sdk-v2.mjs)',
			args: [here('./clients/aws-sdk-v2.mjs'), config],
			check: reportOk,
		},
	];
}

function reportOk(stdout) {
	const report = JSON.parse(stdout.trim().split('\n').at(-1));
	if (report.ok !== true) throw new Error(report.error);
}

/** One process from spawn to exit: wall time, and peak RSS reported on fd 3 by the preload. */
function timeProcess({ args, env = {}, check }, nodeArgs = []) {
	return new Promise((resolve, reject) => {
		const started = performance.now();
		const child = spawn(process.execPath, ['--require', PEAK_RSS, ...nodeArgs, ...args], {
			cwd: ROOT,
			stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
			env: { ...cleanEnvironment(), AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1', ...env },
		});
		let stdout = '';
		let stderr = '';
		let rss = '';
		child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
		child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
		child.stdio[3].setEncoding('utf8').on('data', (chunk) => (rss += chunk));
		const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
		child.on('close', (code) => {
			const wallMs = performance.now() - started;
			clearTimeout(timer);
			try {
				if (code !== 0) throw new Error(`exit code ${code}`);
				check?.(stdout);
				resolve({ wallMs, peakRssMB: (Number(rss.trim()) * 1024) / 1e6 });
			} catch (error) {
				reject(
					new Error(
						`${args.join(' ').slice(0, 120)}: ${error.message}\n--- stderr\n${stderr.slice(-2000)}`,
					),
				);
			}
		});
	});
}

// No AWS_* from the caller's shell: every run sees exactly the endpoint and keys given.
function cleanEnvironment() {
	return Object.fromEntries(
		Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')),
	);
}

async function profileCli(scenario) {
	mkdirSync(PROFILE_DIR, { recursive: true });
	const path = `${PROFILE_DIR}${PROFILE_NAME}`;
	rmSync(path, { force: true });
	await timeProcess(scenario, [
		'--cpu-prof',
		`--cpu-prof-dir=${PROFILE_DIR}`,
		`--cpu-prof-name=${PROFILE_NAME}`,
		'--cpu-prof-interval=100',
	]);
	const profile = JSON.parse(readFileSync(path, 'utf8'));
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const self = new Map();
	let total = 0;
	profile.samples.forEach((id, i) => {
		const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
		const { url, functionName } = byId.get(id).callFrame;
		const owner =
			url === ''
				? functionName.startsWith('(')
					? functionName
					: 'V8 builtins'
				: packageOf(url).replace(/^ours: dist\/(\w+)\/.*$/, 'ours: dist/$1/');
		self.set(owner, (self.get(owner) ?? 0) + ms);
		total += ms;
	});
	return { total, rows: [...self].sort((a, b) => b[1] - a[1]).slice(0, 12) };
}

/** Runs the cold-start section and returns it as markdown. */
export async function startupReport() {
	const n = rounds();
	const loadBefore = loadAverage();
	const began = performance.now();
	progress(`starting the emulator (${JOBS} jobs)`);
	const emulator = await startEmulatorProcess({ jobCount: JOBS, seed: 1 });
	let results;
	let profile;
	try {
		const list = scenarios(emulator);
		results = Object.fromEntries(list.map((s) => [s.key, []]));
		for (let round = 1; round <= n; round++) {
			// Alternating, so that a burst of load from other processes hits every scenario alike.
			for (const scenario of list) results[scenario.key].push(await timeProcess(scenario));
			progress(
				`round ${round}/${n}: ${list.map((s) => `${s.key} ${number(results[s.key].at(-1).wallMs)} ms`).join(', ')}`,
			);
		}
		progress('profiling one CLI list under --cpu-prof');
		profile = await profileCli(list.find((s) => s.key === 'cli'));
		results.labels = Object.fromEntries(list.map((s) => [s.key, s.label]));
	} finally {
		await emulator.close();
	}
	progress('building the core bundle');
	const bundle = await coreBundle(ROOT);
	const loadAfter = loadAverage();
	const wall = (key) => median(results[key].map((r) => r.wallMs));
	const rss = (key) => median(results[key].map((r) => r.peakRssMB));
	const span = (key, field, digits = 0) =>
		`${number(median(results[key].map((r) => r[field])), digits)} (${number(Math.min(...results[key].map((r) => r[field])), digits)}–${number(Math.max(...results[key].map((r) => r[field])), digits)})`;
	const keys = ['bare', 'core', 'cli', 'ours', 'v2'];
	const lines = [];
	const out = (text = '') => lines.push(text);
	out(`## Cold start: whole processes, a ${JOBS}-job account`);
	out();
	out(
		`Load average (1 / 5 / 15 min) before: ${loadBefore}; after: ${loadAfter} (${os.availableParallelism()} CPUs; Node ${process.version}). ${n} rounds, the scenarios alternating, each run a fresh process timed from spawn to exit; median (min–max). Peak RSS is the process's maxRSS, written at exit by a preloaded CommonJS file (\`bench/lib/peak-rss.cjs\`, in every run alike). The emulator runs in its own process. ${number((performance.now() - began) / 1000)} s in all.`,
	);
	out();
	out(
		table(
			['process', 'wall (ms)', 'peak RSS (MB)'],
			keys.map((key) => [results.labels[key], span(key, 'wallMs'), span(key, 'peakRssMB', 1)]),
		),
	);
	out();
	out(
		table(
			['target', 'measured', 'result'],
			[
				[
					`CLI \`list\` ≤ ${TARGETS.versusV2}× aws-sdk v2's wall time`,
					`${ratio(wall('cli') / wall('v2'))} (library script: ${ratio(wall('ours') / wall('v2'))})`,
					verdict(wall('cli') / wall('v2') <= TARGETS.versusV2),
				],
				[
					`CLI \`list\` peak RSS ≤ ${TARGETS.rssMB} MB`,
					`${number(rss('cli'), 1)} MB`,
					verdict(rss('cli') <= TARGETS.rssMB),
				],
				[
					`import of the core entry < ${TARGETS.importAboveBareMs} ms above bare Node`,
					`${number(wall('core') - wall('bare'))} ms`,
					verdict(wall('core') - wall('bare') < TARGETS.importAboveBareMs),
				],
				[
					`core bundle ≤ ${TARGETS.bundleGzipKB} KB gzipped`,
					`${number(bundle.gzipBytes / 1024, 1)} KB`,
					verdict(bundle.gzipBytes <= TARGETS.bundleGzipKB * 1024),
				],
			],
		),
	);
	out();
	out(`### Where one CLI \`list\` spends its time (\`node --cpu-prof\`, self time by owner)`);
	out();
	out(
		`${number(profile.total)} ms sampled from start to exit (idle is waiting: the network, the emulator, file reads); profile kept at \`bench/.profile/${PROFILE_NAME}\`.`,
	);
	out();
	out(
		table(
			['owner', 'self (ms)', 'share'],
			profile.rows.map(([owner, ms]) => [
				owner,
				number(ms, 1),
				`${((100 * ms) / profile.total).toFixed(1)}%`,
			]),
		),
	);
	out();
	out('### The core as a browser bundle');
	out();
	out(
		`\`esbuild --bundle --splitting --minify --format=esm --platform=browser\` of a file that imports \`paginateListJobs\` and \`ImportExportClient\` from \`dist/index.js\` (tsc's modules: the code of the package's core entry before it is bundled, so bytes can be told by package), as an application's bundler builds it. Loaded up front: **${number(bundle.bytes / 1024, 1)} KB, ${number(bundle.gzipBytes / 1024, 1)} KB gzipped** (level 9). Lazy chunks, fetched only when their dynamic import runs: ${bundle.lazy.map((chunk) => `${chunk.owners.join(', ')} ${number(chunk.bytes / 1024, 1)} KB (${number(chunk.gzipBytes / 1024, 1)} KB gzipped)`).join('; ') || 'none'}. Minified bytes loaded up front, by package:`,
	);
	out();
	out(
		table(
			['package', 'KB'],
			[...bundle.byPackage]
				.sort((a, b) => b[1] - a[1])
				.map(([owner, bytes]) => [owner, number(bytes / 1024, 1)]),
		),
	);
	return lines.join('\n');
}

function verdict(ok) {
	return ok ? '**PASS**' : '**MISS**';
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
	const abort = (error) => {
		progress(`FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
		killAll();
		process.exit(1);
	};
	process.on('SIGINT', () => abort(new Error('interrupted')));
	process.on('SIGTERM', () => abort(new Error('terminated')));
	try {
		process.stdout.write(`${await startupReport()}\n`);
	} catch (error) {
		abort(error);
	}
}
