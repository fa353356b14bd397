// `node bench/throughput-compare.mjs` (after `npm run build`): only the throughput comparisons of
// issue 12, each client in a fresh process, alternating, the emulator in a process of its own:
//   - with BENCH_LATENCY_MS (default 25) of emulator latency per response: ours against the
//     latency floor (clients/bare.mjs: sign, fetch, read, no parse) and aws-sdk v2;
//   - on loopback (no latency): ours against aws-sdk v2 and the parse floor.
// BENCH_ROUNDS (default 5), BENCH_LATENCY_JOBS (50,000), BENCH_JOBS (100,000),
// BENCH_BASELINE=/abs/path/to/other/bench/clients/ours.mjs adds another build of ours (a baseline)
// to the alternation. BENCH_SECTIONS=latency,loopback picks sections. Markdown to stdout.
import os from 'node:os';
import { killAll, runClient, startEmulatorProcess } from './lib/processes.mjs';
import { median, number, ratio, spread, table } from './lib/stats.mjs';

const int = (name, fallback) => (process.env[name] ? Number(process.env[name]) : fallback);
const ROUNDS = int('BENCH_ROUNDS', 5);
const LATENCY_MS = int('BENCH_LATENCY_MS', 25);
const SECTIONS = (process.env.BENCH_SECTIONS ?? 'latency,loopback').split(',');
const PAGE_SIZE = 1_000;
const baseline = process.env.BENCH_BASELINE;
const ours = [
	{ key: 'ours', script: 'clients/ours.mjs' },
	...(baseline ? [{ key: 'baseline', script: baseline }] : []),
];
const out = (text = '') => process.stdout.write(`${text}\n`);
const progress = (text) => process.stderr.write(`[compare] ${text}\n`);
const load = () =>
	os
		.loadavg()
		.map((v) => v.toFixed(2))
		.join(' / ');

async function section(title, { jobCount, latencyMs, clients, against }) {
	const emulator = await startEmulatorProcess({ jobCount, seed: 1, latencyMs });
	const loads = [load()];
	const results = Object.fromEntries(clients.map((c) => [c.key, []]));
	try {
		const config = {
			endpoint: emulator.endpoint,
			credentials: emulator.credentials,
			pageSize: PAGE_SIZE,
			expected: { count: emulator.count, first: emulator.first, last: emulator.last },
		};
		for (let round = 1; round <= ROUNDS; round++) {
			for (const client of clients) {
				const report = await runClient(client.script, config);
				const counters = await emulator.counters(true);
				if (counters.requests !== Math.ceil(jobCount / PAGE_SIZE))
					throw new Error(`${client.key}: ${counters.requests} requests`);
				results[client.key].push(report);
				progress(
					`${title} round ${round}/${ROUNDS} ${client.key}: ${number(report.wallMs)} ms (load ${load()})`,
				);
			}
			loads.push(load());
		}
	} finally {
		await emulator.close();
	}
	out(`### ${title}`);
	out();
	out(
		`${ROUNDS} rounds alternating ${clients.map((c) => c.key).join(' ')}, fresh process each; medians (wall: min–max). Load average (1/5/15 min) at start ${loads[0]}, at end ${loads.at(-1)}.`,
	);
	out();
	const wall = (key) => results[key].map((r) => r.wallMs);
	const pages = Math.ceil(jobCount / PAGE_SIZE);
	const rows = clients.map((c) => [
		c.key,
		spread(wall(c.key)),
		number(median(results[c.key].map((r) => r.cpuMs))),
		number(median(results[c.key].map((r) => r.cpuMs)) / pages, 1),
		number(median(wall(c.key)) / pages, 1),
		...against.map((a) => ratio(median(wall(c.key)) / median(wall(a)))),
	]);
	out(
		table(
			[
				'client',
				'wall (ms)',
				'client CPU (ms)',
				'CPU / page (ms)',
				'wall / page (ms)',
				...against.map((a) => `wall / ${a}`),
			],
			rows,
		),
	);
	out();
}

try {
	out(`${os.availableParallelism()} CPUs, Node ${process.version}, ${new Date().toISOString()}`);
	out();
	if (SECTIONS.includes('latency')) {
		const jobCount = int('BENCH_LATENCY_JOBS', 50_000);
		await section(
			`${number(jobCount)} jobs, pages of ${number(PAGE_SIZE)}, ${LATENCY_MS} ms emulator latency`,
			{
				jobCount,
				latencyMs: LATENCY_MS,
				clients: [
					...ours,
					{ key: 'bare', script: 'clients/bare.mjs' },
					{ key: 'v2', script: 'clients/aws-sdk-v2.mjs' },
				],
				against: ['bare', 'v2'],
			},
		);
	}
	if (SECTIONS.includes('loopback')) {
		const jobCount = int('BENCH_JOBS', 100_000);
		await section(`${number(jobCount)} jobs, pages of ${number(PAGE_SIZE)}, loopback`, {
			jobCount,
			latencyMs: 0,
			clients: [
				...ours,
				{ key: 'v2', script: 'clients/aws-sdk-v2.mjs' },
				{ key: 'floor', script: 'clients/floor.mjs' },
			],
			against: ['v2', 'floor'],
		});
	}
} catch (error) {
	progress(`FAILED: ${error instanceof Error ? error.stack : String(error)}`);
	killAll();
	process.exitCode = 1;
}
