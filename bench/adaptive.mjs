// Adaptive retry mode against a rate-limited emulator (`rateLimit`, as `serve --rate-limit`):
// standard mode with its default attempts against adaptive mode, listing the same account.
// Throttled responses and requests are the emulator's counts; wall time is the client's.
// A section of `npm run bench`; alone: `npm run bench:adaptive`. BENCH_QUICK=1: a tiny smoke
// run. BENCH_ADAPTIVE_RATE / BENCH_ADAPTIVE_JOBS change the rate (default 5/s) and the account (50,000 jobs).
import { pathToFileURL } from 'node:url';
import { killAll, runClient, startEmulatorProcess } from './lib/processes.mjs';
import { number, table } from './lib/stats.mjs';

const TARGETS = { throttledShare: 0.1, versusIdeal: 1.2 };
const MODES = ['standard', 'adaptive'];

function settings(quick) {
	const positive = (name, fallback) => {
		const raw = process.env[name];
		const value = raw === undefined || raw === '' ? fallback : Number(raw);
		if (!(value > 0)) throw new TypeError(`${name} must be a positive number, got ${raw}.`);
		return value;
	};
	return quick
		? { jobs: 300, pageSize: 5, rate: 50 }
		: {
				jobs: positive('BENCH_ADAPTIVE_JOBS', 50_000),
				pageSize: 100,
				rate: positive('BENCH_ADAPTIVE_RATE', 5),
			};
}

/** Runs both modes, each against a fresh emulator (a full bucket); returns the figures. */
export async function adaptiveBench({ quick = false, progress = () => {} } = {}) {
	const { jobs, pageSize, rate } = settings(quick);
	const pages = Math.ceil(jobs / pageSize);
	const runs = [];
	for (const mode of MODES) {
		progress(
			`adaptive: ${mode} mode, ${number(jobs)} jobs in pages of ${pageSize} against ${rate} requests/s`,
		);
		const emulator = await startEmulatorProcess({
			jobCount: jobs,
			seed: 4,
			maxLogEntries: 0,
			rateLimit: { requestsPerSecond: rate },
		});
		try {
			const report = await runClient('clients/adaptive.mjs', {
				endpoint: emulator.endpoint,
				credentials: emulator.credentials,
				pageSize,
				mode,
				expected: { count: emulator.count, first: emulator.first, last: emulator.last },
			});
			const counters = await emulator.counters();
			runs.push({ mode, report, counters });
			progress(
				`adaptive: ${mode}: ${number(report.wallMs)} ms, ${counters.requests} requests, ${counters.rateLimited} throttled, ${report.failures} failures`,
			);
		} finally {
			await emulator.close();
		}
	}
	return { jobs, pageSize, rate, pages, idealMs: (pages / rate) * 1000, runs };
}

/** The markdown section for BENCHMARKS.md. */
export function adaptiveReport({ jobs, pageSize, rate, pages, idealMs, runs }, out) {
	out(
		`## Adaptive retry mode: ${number(jobs)} jobs, pages of ${pageSize}, against a rate limit of ${rate} requests/s`,
	);
	out();
	out(
		`The emulator throttles by rate (a token bucket of ${rate}, refilled at ${rate}/s, \`Throttling\` HTTP 400 when empty). Ideal time: ${pages} pages / ${rate} per second = ${number(idealMs / 1000, 1)} s. A failed listing is resumed from its marker, as a user would, and counted. Throttled responses and requests are the emulator's counts.`,
	);
	out();
	out(
		table(
			[
				'mode',
				'requests',
				'throttled',
				'throttled share',
				'retries',
				'failures',
				'wall (s)',
				'wall / ideal',
			],
			runs.map(({ mode, report, counters }) => [
				mode,
				number(counters.requests),
				number(counters.rateLimited),
				`${number((counters.rateLimited / counters.requests) * 100, 1)}%`,
				number(report.retries),
				number(report.failures),
				number(report.wallMs / 1000, 1),
				`${(report.wallMs / idealMs).toFixed(2)}×`,
			]),
		),
	);
	out();
	const adaptive = runs.find((run) => run.mode === 'adaptive');
	const share = adaptive.counters.rateLimited / adaptive.counters.requests;
	const versusIdeal = adaptive.report.wallMs / idealMs;
	const verdict = (ok) => (ok ? '**PASS**' : '**MISS**');
	out(
		table(
			['adaptive target', 'goal', 'measured', 'verdict'],
			[
				[
					'failures',
					'0',
					number(adaptive.report.failures),
					verdict(adaptive.report.failures === 0),
				],
				[
					'throttled share of requests',
					`≤ ${TARGETS.throttledShare * 100}%`,
					`${number(share * 100, 1)}%`,
					verdict(share <= TARGETS.throttledShare),
				],
				[
					'wall time / ideal',
					`≤ ${TARGETS.versusIdeal}×`,
					`${versusIdeal.toFixed(2)}×`,
					verdict(versusIdeal <= TARGETS.versusIdeal),
				],
			],
		),
	);
}

// Run alone: `npm run bench:adaptive`.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	const out = (text = '') => process.stdout.write(`${text}\n`);
	try {
		const figures = await adaptiveBench({
			quick: process.env.BENCH_QUICK === '1',
			progress: (text) => process.stderr.write(`[bench] ${text}\n`),
		});
		adaptiveReport(figures, out);
	} catch (error) {
		process.stderr.write(
			`[bench] FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
		);
		killAll();
		process.exit(1);
	}
}
