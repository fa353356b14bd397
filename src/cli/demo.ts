import { DEMO_CREDENTIALS, startEmulator, type Emulator } from '../emulator/index.js';
import { ImportExportClient, VERSION, paginateListJobs } from '../index.js';
import type { DemoArgs } from './demo-args.js';
import { reportFailure } from './errors.js';
import { tableHeader, tableRow } from './format.js';
import { EXIT, type Io } from './io.js';
import { createProgress } from './progress.js';
import { THROTTLE_KINDS } from './serve-args.js';
import { SIGNAL_EXIT, onStopSignal, type StopSignal } from './signals.js';
import { ListingStats, count, plural, seconds } from './stats.js';
import { JobTally } from './tally.js';

/**
 * `importexport-jobs demo`: an emulated account listed end to end through the public
 * API, then an honest report of what it took, checked against what the emulator holds.
 */
export async function demo(args: DemoArgs, io: Io): Promise<number> {
	const controller = new AbortController();
	let stoppedBy: StopSignal | undefined;
	const removeSignalHandlers = onStopSignal((signal) => {
		stoppedBy = signal;
		controller.abort(new Error(`Interrupted by ${signal}.`));
	});
	let emulator: Emulator | undefined;
	try {
		emulator = await startEmulator({
			jobCount: args.jobs,
			seed: args.seed,
			faults: { rate: args.throttleRate, kinds: THROTTLE_KINDS },
		});
		io.stdout.write(
			`importexport-jobs ${VERSION} demo\n` +
				`A local emulator holds an account of ${plural(args.jobs, 'job')}; about ${percent(args.throttleRate)} of its requests are throttled.\n` +
				`Listing every job with paginateListJobs(client, { pageSize: ${args.pageSize} })…\n\n`,
		);
		const stats = new ListingStats();
		const tally = new JobTally(10);
		// Nothing goes to stdout while the listing runs, so the line may share its terminal.
		const progress = createProgress(io.stderr, stats);
		const client = new ImportExportClient({
			endpoint: emulator.endpoint,
			credentials: DEMO_CREDENTIALS,
			userAgent: 'cli-demo',
			retry: {
				onRetry: (event) => {
					stats.onRetry(event);
					progress.update();
				},
			},
		});
		const jobs = paginateListJobs(client, {
			pageSize: args.pageSize,
			signal: controller.signal,
			onPage: stats.onPage,
		});
		for await (const job of jobs) {
			tally.add(job);
			// Drawn per job, not per page: a page is counted before its jobs come.
			stats.jobs++;
			progress.update();
		}
		stats.stop();
		progress.clear();
		const problems = check(tally, emulator);
		io.stdout.write(report(tally, stats, emulator, problems));
		return problems.length === 0 ? EXIT.ok : EXIT.failure;
	} catch (error) {
		reportFailure(io.stderr, 'demo', error, args.debug);
		return stoppedBy === undefined ? EXIT.failure : SIGNAL_EXIT[stoppedBy];
	} finally {
		removeSignalHandlers();
		await emulator?.close();
	}
}

/** What went wrong, compared with the account the emulator holds; empty when nothing did. */
function check(tally: JobTally, emulator: Emulator): string[] {
	const problems: string[] = [];
	if (tally.duplicates > 0) problems.push(`${plural(tally.duplicates, 'job')} listed twice`);
	const missing = emulator.jobs.filter((job) => !tally.ids.has(job.JobId)).length;
	if (missing > 0) problems.push(`${plural(missing, 'job')} missing`);
	if (tally.ids.size > emulator.jobs.length)
		problems.push(
			`${plural(tally.ids.size - emulator.jobs.length, 'job')} the account does not hold`,
		);
	if (tally.outOfOrder > 0) problems.push(`${plural(tally.outOfOrder, 'job')} out of order`);
	return problems;
}

function report(
	tally: JobTally,
	stats: ListingStats,
	emulator: Emulator,
	problems: readonly string[],
): string {
	const verdict =
		problems.length === 0
			? `Listed ${count(tally.total)} of ${count(emulator.jobs.length)} jobs, each exactly once, newest first (checked against the emulator).`
			: `Listed ${count(tally.total)} of ${count(emulator.jobs.length)} jobs, but: ${problems.join('; ')}.`;
	const types = [...tally.byType]
		.sort(([, a], [, b]) => b - a)
		.map(([type, n]) => `${count(n)} ${type}`);
	const recovered =
		stats.retries === 0
			? ''
			: `, all recovered (${seconds(stats.retryDelayMs)} spent waiting before retries)`;
	const lines = [
		verdict,
		`  jobs       ${[...types, `${count(tally.canceled)} canceled (${percent(tally.total === 0 ? 0 : tally.canceled / tally.total)})`].join(', ')}`,
		`  created    ${tally.oldest === undefined || tally.newest === undefined ? 'n/a' : `${day(tally.oldest)} to ${day(tally.newest)}`}`,
		`  requests   ${plural(stats.pages, 'page')}, ${stats.describeRetries()}${recovered}`,
		`  elapsed    ${seconds(stats.elapsedMs)}, ${count(Math.round(stats.jobsPerSecond))} jobs/s`,
		'',
	];
	if (tally.newestJobs.length > 0) {
		lines.push(
			`The ${tally.newestJobs.length} newest jobs:`,
			tableHeader().trimEnd(),
			...tally.newestJobs.map((job) => tableRow(job).trimEnd()),
			'',
		);
	}
	lines.push(
		'Try the same against an emulator of your own:',
		'  npx importexport-jobs serve          # prints the endpoint and credentials to export',
		'  npx importexport-jobs list --format table --max-items 20',
		// Not `npm run cli -- serve`: npm does not pass SIGTERM on, and the emulator would outlive it.
		'(npx runs the bin, from a checkout too; stop serve with Ctrl-C or SIGTERM)',
		'',
	);
	return lines.join('\n');
}

/** `5%`, `7.1%`: one decimal at most, none when it is zero. */
function percent(fraction: number): string {
	return `${Number((fraction * 100).toFixed(1))}%`;
}

function day(date: Date): string {
	return date.toISOString().slice(0, 10);
}
