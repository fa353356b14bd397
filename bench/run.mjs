// `npm run bench`: throughput against aws-sdk v2 and the floor, memory in the job count,
// latency hiding, time to first job, a CPU profile of ours, and cold start (startup.mjs). The emulator and every
// client run in processes of their own. Markdown for BENCHMARKS.md goes to stdout,
// progress to stderr. BENCH_QUICK=1: tiny counts, one round (a smoke run, figures mean
// nothing). BENCH_ROUNDS=N: rounds of the alternating runs (default 5).
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { adaptiveBench, adaptiveReport } from './adaptive.mjs';
import { summarizeProfile } from './profile-summary.mjs';
import { killAll, runClient, startEmulatorProcess } from './lib/processes.mjs';
import { median, number, ratio, spread, table } from './lib/stats.mjs';

const QUICK = process.env.BENCH_QUICK === '1';
const ROUNDS = positiveInteger('BENCH_ROUNDS', QUICK ? 1 : 5);
const SETTINGS = QUICK
	? {
			jobs: 2_000,
			pageSize: 1_000,
			memoryJobs: [1_000, 3_000],
			prefetch: { pages: 3, pageSize: 100, latencyMs: 10, workMs: 10 },
		}
	: {
			jobs: 100_000,
			pageSize: 1_000,
			memoryJobs: [100_000, 1_000_000],
			prefetch: { pages: 20, pageSize: 1_000, latencyMs: 50, workMs: 50 },
		};
const TARGETS = { versusV2: 0.8, versusFloor: 1.1, memoryGrowth: 1.25, prefetch: 0.55 };
const CLIENTS = [
	{ key: 'ours', script: 'clients/ours.mjs', label: '(a) importexport-jobs `paginateListJobs`' },
	{ key: 'v2', script: 'clients/aws-sdk-v2.mjs', label: '(b) aws-sdk v2 `listJobs().eachPage`' },
	{ key: 'floor', script: 'clients/floor.mjs', label: '(c) floor: aws4fetch + `parseXml`' },
];
// Ignored by git (*.cpuprofile); a quick run keeps its own so it never replaces a full run's.
const PROFILE_DIR = fileURLToPath(
	new URL(QUICK ? './.profile/quick/' : './.profile/', import.meta.url),
);
const PROFILE_NAME = `ours-${SETTINGS.jobs}-jobs.cpuprofile`;
const ROOT = fileURLToPath(new URL('../', import.meta.url));

function positiveInteger(name, fallback) {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < 1)
		throw new TypeError(`${name} must be a positive integer, got ${raw}.`);
	return value;
}

const out = (text = '') => process.stdout.write(`${text}\n`);
const progress = (text) => process.stderr.write(`[bench] ${text}\n`);
const emulators = new Set();

async function emulator(options) {
	progress(`starting the emulator: ${JSON.stringify(options)}`);
	const started = await startEmulatorProcess(options);
	emulators.add(started);
	progress(`emulator ready in ${number(started.startMs)} ms at ${started.endpoint}`);
	return started;
}

async function stop(started) {
	emulators.delete(started);
	await started.close();
}

/** The config a client process gets: where to list, and the account it must see. */
function clientConfig(started, pageSize, extra = {}) {
	return {
		endpoint: started.endpoint,
		credentials: started.credentials,
		pageSize,
		expected: { count: started.count, first: started.first, last: started.last },
		...extra,
	};
}

/** Runs a client, then checks on the emulator's side that exactly the account was served, once. */
async function runChecked(started, script, config, options) {
	const report = await runClient(script, config, options);
	const counters = await started.counters(true);
	const pages = Math.max(1, Math.ceil(started.count / config.pageSize));
	const problems = [];
	if (counters.jobsServed !== started.count)
		problems.push(`served ${counters.jobsServed} jobs, expected ${started.count}`);
	if (counters.listJobsServed !== pages)
		problems.push(`served ${counters.listJobsServed} pages, expected ${pages}`);
	if (counters.requests !== pages)
		problems.push(`received ${counters.requests} requests, expected ${pages}`);
	if (counters.signaturesRefused !== 0)
		problems.push(`refused ${counters.signaturesRefused} signatures`);
	if (problems.length > 0)
		throw new Error(`${script}: the emulator disagrees: ${problems.join('; ')}`);
	return report;
}

function machine() {
	const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
	const meminfo = readFileSync('/proc/meminfo', 'utf8');
	const model = cpuinfo.match(/^model name\s*:\s*(.+)$/m)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
	const memKb = Number(meminfo.match(/^MemTotal:\s*(\d+)/m)?.[1] ?? 0);
	const version = (name) => {
		const file = `${ROOT}node_modules/${name}/package.json`;
		return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).version : 'not installed';
	};
	return {
		cpus: os.availableParallelism(),
		model,
		memoryGB: memKb / 1024 / 1024,
		node: process.version,
		undici: process.versions.undici,
		kernel: `${os.type()} ${os.release()}`,
		versions: ['fast-xml-parser', 'zod', 'aws4fetch', 'p-retry', 'aws-sdk']
			.map((name) => `${name} ${version(name)}`)
			.join(', '),
	};
}

const loadAverage = () =>
	os
		.loadavg()
		.map((value) => value.toFixed(2))
		.join(' / ');

async function throughput() {
	const started = await emulator({ jobCount: SETTINGS.jobs, seed: 1 });
	const config = clientConfig(started, SETTINGS.pageSize);
	const results = Object.fromEntries(CLIENTS.map((client) => [client.key, []]));
	for (let round = 1; round <= ROUNDS; round++) {
		for (const client of CLIENTS) {
			const report = await runChecked(started, client.script, config);
			results[client.key].push(report);
			progress(
				`round ${round}/${ROUNDS} ${client.key}: ${number(report.wallMs)} ms wall, ${number(report.cpuMs)} ms CPU, first job ${number(report.firstJobMs)} ms`,
			);
		}
	}
	progress('profiling ours once under --cpu-prof');
	mkdirSync(PROFILE_DIR, { recursive: true });
	const path = `${PROFILE_DIR}${PROFILE_NAME}`;
	rmSync(path, { force: true });
	const profiled = await runChecked(started, 'clients/ours.mjs', config, {
		nodeArgs: [
			'--cpu-prof',
			`--cpu-prof-dir=${PROFILE_DIR}`,
			`--cpu-prof-name=${PROFILE_NAME}`,
			'--cpu-prof-interval=250',
		],
	});
	await stop(started);
	if (!existsSync(path)) throw new Error(`node --cpu-prof wrote no profile at ${path}`);
	return { started, results, profile: { path, report: profiled } };
}

async function memory() {
	const runs = [];
	for (const jobCount of SETTINGS.memoryJobs) {
		const started = await emulator({ jobCount, seed: 2 });
		try {
			const report = await runChecked(
				started,
				'clients/memory.mjs',
				clientConfig(started, SETTINGS.pageSize),
				{ nodeArgs: ['--expose-gc'] },
			);
			progress(
				`memory ${number(jobCount)} jobs: peak heap ${number(report.peakHeapMB, 1)} MB, peak RSS ${number(report.peakRssMB, 1)} MB, ${number(report.wallMs)} ms`,
			);
			runs.push({ jobCount, report });
		} finally {
			await stop(started);
		}
	}
	return runs;
}

async function prefetch() {
	const { pages, pageSize, latencyMs, workMs } = SETTINGS.prefetch;
	const started = await emulator({ jobCount: pages * pageSize, seed: 3, latencyMs });
	const results = { 0: [], 1: [] };
	for (let round = 1; round <= ROUNDS; round++) {
		for (const value of [0, 1]) {
			const report = await runChecked(
				started,
				'clients/prefetch.mjs',
				clientConfig(started, pageSize, { prefetch: value, workMs }),
			);
			results[value].push(report);
			progress(`round ${round}/${ROUNDS} prefetch ${value}: ${number(report.wallMs)} ms`);
		}
	}
	await stop(started);
	return results;
}

function verdict(ok) {
	return ok ? '**PASS**' : '**MISS**';
}

function report({ info, loadBefore, loadAfter, elapsedS, tp, mem, pre }) {
	const { jobs, pageSize } = SETTINGS;
	const wall = (key) => median(tp.results[key].map((r) => r.wallMs));
	const of = (key, field) => tp.results[key].map((r) => r[field]);
	const medianOf = (key, field) => median(of(key, field));

	out(`# Figures${QUICK ? ' (BENCH_QUICK=1: a smoke run; these numbers mean nothing)' : ''}`);
	out();
	out(
		`Machine: ${info.cpus} CPUs (${info.model}), ${number(info.memoryGB, 1)} GB RAM, ${info.kernel}; Node ${info.node} (undici ${info.undici}); ${info.versions}.`,
	);
	out(
		`Load average (1 / 5 / 15 min) before: ${loadBefore}; after: ${loadAfter}. Whole run: ${number(elapsedS)} s.`,
	);
	out();
	out(`## Throughput: ${number(jobs)} jobs, pages of ${number(pageSize)}`);
	out();
	out(
		`${ROUNDS} round${ROUNDS === 1 ? '' : 's'}, clients alternating ${CLIENTS.map((c) => c.key).join(' ')}, each run a fresh process; median (min–max). Wall and CPU time cover the listing only (modules loaded, client constructed); CPU is the client process's user + system time; peak RSS is the process's maxRSS.`,
	);
	out();
	out(
		table(
			['client', 'wall (ms)', 'client CPU (ms)', 'jobs/s', 'peak RSS (MB)', 'first job (ms)'],
			CLIENTS.map((c) => [
				c.label,
				spread(of(c.key, 'wallMs')),
				spread(of(c.key, 'cpuMs')),
				spread(of(c.key, 'jobsPerSecond')),
				spread(of(c.key, 'peakRssMB'), 1),
				spread(of(c.key, 'firstJobMs')),
			]),
		),
	);
	out();
	const ratios = (one, other) => [
		ratio(wall(one) / wall(other)),
		ratio(medianOf(one, 'cpuMs') / medianOf(other, 'cpuMs')),
		ratio(medianOf(one, 'jobsPerSecond') / medianOf(other, 'jobsPerSecond')),
		ratio(medianOf(one, 'peakRssMB') / medianOf(other, 'peakRssMB')),
		ratio(medianOf(one, 'firstJobMs') / medianOf(other, 'firstJobMs')),
	];
	out(
		table(
			['ratio of medians', 'wall', 'client CPU', 'jobs/s', 'peak RSS', 'first job'],
			[
				['ours / aws-sdk v2', ...ratios('ours', 'v2')],
				['ours / floor', ...ratios('ours', 'floor')],
				[
					'floor / aws-sdk v2 (the best ours could do against v2 with this parser)',
					...ratios('floor', 'v2'),
				],
			],
		),
	);
	out();
	const runs = CLIENTS.length * ROUNDS + 1;
	out(
		`Verification: all ${runs} client runs (the profiled one included) saw exactly ${number(jobs)} jobs, first JobId ${tp.started.first}, last JobId ${tp.started.last}, as the emulator holds them; the emulator counted exactly ${number(Math.ceil(jobs / pageSize))} requests and ${number(jobs)} jobs served per run, no signature refused.`,
	);
	out();

	out('## Time to first job');
	out();
	out(
		'From calling the paginator (`paginateListJobs`, `listJobs().eachPage`, the first `sign`) to the first job in hand, in a fresh process: the first request pays for connecting and for lazily loaded code.',
	);
	out();
	out(
		table(
			['client', 'median (ms)', 'min–max (ms)'],
			CLIENTS.map((c) => [
				c.label,
				number(medianOf(c.key, 'firstJobMs'), 1),
				`${number(Math.min(...of(c.key, 'firstJobMs')), 1)}–${number(Math.max(...of(c.key, 'firstJobMs')), 1)}`,
			]),
		),
	);
	out();

	out(
		`## Memory: ${mem.map((m) => number(m.jobCount)).join(' against ')} jobs through \`jobsReadable\``,
	);
	out();
	out(
		'`jobsReadable(client)` piped into an object-mode Writable that counts. Heap (V8 used_heap_size) sampled every 10 ms and every 10,000 jobs, the peak reported (garbage included: V8 lets more pile up between collections in a longer run); "live heap" is the largest heap left by a full GC run at each tenth of the listing, that is what the listing holds; "after the run" is the heap left once the run is over and a full GC has run; peak RSS is maxRSS. Emulator in its own process.',
	);
	out();
	out(
		table(
			[
				'jobs',
				'wall (ms)',
				'jobs/s',
				'live heap (MB)',
				'peak heap (MB)',
				'heap after the run (MB)',
				'peak RSS (MB)',
			],
			mem.map(({ jobCount, report: r }) => [
				number(jobCount),
				number(r.wallMs),
				number(r.jobsPerSecond),
				number(r.peakLiveHeapMB, 1),
				number(r.peakHeapMB, 1),
				number(r.heapAfterRunMB, 1),
				number(r.peakRssMB, 1),
			]),
		),
	);
	const [small, large] = mem;
	const heapGrowth = large.report.peakHeapMB / small.report.peakHeapMB;
	const liveGrowth = large.report.peakLiveHeapMB / small.report.peakLiveHeapMB;
	const rssGrowth = large.report.peakRssMB / small.report.peakRssMB;
	const afterGrowth = large.report.heapAfterRunMB / small.report.heapAfterRunMB;
	out();
	out(
		`${number(large.jobCount)} / ${number(small.jobCount)} jobs: live heap ${ratio(liveGrowth)}, peak heap ${ratio(heapGrowth)}, peak RSS ${ratio(rssGrowth)}, heap after the run ${ratio(afterGrowth)}, for ${number(large.jobCount / small.jobCount)}× the jobs. Both runs verified (count, first and last JobId).`,
	);
	out();
	out(`Peak heap (MB) in each tenth of the runs; a leak would climb from tenth to tenth:`);
	out();
	out(
		table(
			['jobs', ...Array.from({ length: 10 }, (_, i) => `${i + 1}/10`)],
			mem.map(({ jobCount, report: r }) => [
				number(jobCount),
				...r.peakHeapByTenthMB.map((mb) => (mb > 0 ? number(mb, 1) : '–')),
			]),
		),
	);
	out();
	out(`Live heap (MB) after a full GC at the end of each tenth:`);
	out();
	out(
		table(
			['jobs', ...Array.from({ length: 10 }, (_, i) => `${i + 1}/10`)],
			mem.map(({ jobCount, report: r }) => [
				number(jobCount),
				...r.liveHeapByTenthMB.map((mb) => number(mb, 1)),
			]),
		),
	);
	out();

	const { pages, pageSize: prefetchPageSize, latencyMs, workMs } = SETTINGS.prefetch;
	const p0 = median(pre[0].map((r) => r.wallMs));
	const p1 = median(pre[1].map((r) => r.wallMs));
	const ideal = (pages + 1) / (2 * pages);
	out(
		`## Latency hiding: ${pages} pages of ${number(prefetchPageSize)}, ${latencyMs} ms emulator latency per page, ${workMs} ms of async work per page in the consumer`,
	);
	out();
	const waitPerPage = (value) => median(pre[value].map((r) => median(r.waitForNextPageMs)));
	out(
		table(
			[
				'prefetch',
				'wall (ms), median (min–max)',
				'ms per page',
				'first job (ms)',
				'consumer waits for the next page (ms, median)',
			],
			[0, 1].map((value) => [
				String(value),
				spread(pre[value].map((r) => r.wallMs)),
				number(median(pre[value].map((r) => r.wallMs)) / pages, 1),
				number(median(pre[value].map((r) => r.firstJobMs))),
				number(waitPerPage(value), 1),
			]),
		),
	);
	out();
	out(
		`prefetch 1 / prefetch 0 = ${ratio(p1 / p0, 3)} (0.5 in the limit; ${ideal.toFixed(3)} at best for ${pages} pages, as the first page cannot be hidden: (${pages} + 1) / (2 × ${pages})). With prefetch 1 the consumer, its work done, still waits ${number(waitPerPage(1), 1)} ms for each next page (0 would mean the latency fully hidden).`,
	);
	out();

	out('## Targets');
	out();
	const rows = [
		[
			`ours ≤ ${TARGETS.versusV2}× aws-sdk v2 wall time`,
			ratio(wall('ours') / wall('v2')),
			verdict(wall('ours') / wall('v2') <= TARGETS.versusV2),
		],
		[
			`ours ≤ ${TARGETS.versusFloor}× the floor's wall time`,
			ratio(wall('ours') / wall('floor')),
			verdict(wall('ours') / wall('floor') <= TARGETS.versusFloor),
		],
		[
			`memory flat in the job count (live heap and peak RSS at ${number(large.jobCount)} jobs ≤ ${TARGETS.memoryGrowth}× those at ${number(small.jobCount)})`,
			`live heap ${ratio(liveGrowth)}, peak RSS ${ratio(rssGrowth)} (peak heap with garbage ${ratio(heapGrowth)})`,
			verdict(liveGrowth <= TARGETS.memoryGrowth && rssGrowth <= TARGETS.memoryGrowth),
		],
		[
			`prefetch 1 / prefetch 0 ≤ ${TARGETS.prefetch}`,
			ratio(p1 / p0, 3),
			verdict(p1 / p0 <= TARGETS.prefetch),
		],
	];
	out(table(['target', 'measured', 'result'], rows));
	out();

	const window = tp.profile.report.window;
	const profile = JSON.parse(readFileSync(tp.profile.path, 'utf8'));
	const pageCount = Math.ceil(jobs / pageSize);
	out(`## Profile: ours, ${number(jobs)} jobs, one run under \`node --cpu-prof\``);
	out();
	out(
		`Cut to the listing (${number(tp.profile.report.wallMs)} ms wall under the profiler); profile kept at \`bench/.profile/${tp.profile.path.split('/').pop()}\` (open it in Chrome DevTools).`,
	);
	out();
	out(summarizeProfile(profile, { pages: pageCount, from: window.startUs, to: window.endUs }));
	out();
	out(`### Up to the first job (${number(tp.profile.report.firstJobMs)} ms under the profiler)`);
	out();
	out(
		summarizeProfile(profile, {
			from: window.startUs,
			to: window.firstJobUs,
			top: 8,
			stagesOnly: true,
		}),
	);
}

async function main() {
	const began = performance.now();
	const loadBefore = loadAverage();
	const info = machine();
	if (ROUNDS < 5 && !QUICK)
		progress(`warning: ${ROUNDS} rounds; the reported figures want at least 5`);
	const tp = await throughput();
	const pre = await prefetch();
	const mem = await memory();
	const adaptive = await adaptiveBench({ quick: QUICK, progress });
	report({
		info,
		loadBefore,
		loadAfter: loadAverage(),
		elapsedS: (performance.now() - began) / 1000,
		tp,
		mem,
		pre,
	});
	// Cold start and bundle size: also alone, `npm run bench:startup` (which has its own smoke test).
	if (QUICK) progress('quick mode: the cold-start section is left to npm run bench:startup');
	else {
		const { startupReport } = await import('./startup.mjs');
		out();
		out(await startupReport());
	}
	out();
	adaptiveReport(adaptive, out);
}

const abort = (error) => {
	process.stderr.write(
		`[bench] FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
	);
	killAll();
	process.exit(1);
};
process.on('SIGINT', () => abort(new Error('interrupted')));
process.on('SIGTERM', () => abort(new Error('terminated')));

try {
	await main();
} catch (error) {
	abort(error);
} finally {
	await Promise.all([...emulators].map((started) => started.close()));
}
