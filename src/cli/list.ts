import {
	jobFilter,
	paginateListJobs,
	type Job,
	type JobPage,
	type ListingReceipt,
	type StopPoint,
} from '../index.js';
import { cliClient } from './cli-client.js';
import { reportFailure } from './errors.js';
import { describeFilterFlags } from './filter-args.js';
import { jobWriter, skipJob } from './format.js';
import { EXIT, type Io } from './io.js';
import type { ListArgs } from './list-args.js';
import { BrokenPipeError, Output } from './output.js';
import { createProgress } from './progress.js';
import { SIGNAL_EXIT, onStopSignal, type StopSignal } from './signals.js';
import { ListingStats, plural } from './stats.js';
import { receiptOf, saveReceipt } from './receipt-file.js';
import { describeStop } from './stop-args.js';

/** `importexport-jobs list`: every job to stdout as it arrives, a summary or one error line on stderr. */
export async function list(args: ListArgs, io: Io): Promise<number> {
	const stats = new ListingStats();
	const progress = createProgress(io.stderr, stats, { stdout: io.stdout });
	const controller = new AbortController();
	// On a signal, a reader that stopped reading must not hold the stop: writes stop waiting for it.
	const out = new Output<Job>(io.stdout, { signal: controller.signal });
	const writer = jobWriter(args.format, out);
	let stoppedBy: StopSignal | undefined;
	let receipt: ListingReceipt | undefined;
	const removeSignalHandlers = onStopSignal((signal) => {
		stoppedBy = signal;
		controller.abort(new Error(`Interrupted by ${signal}.`));
	});
	try {
		const client = cliClient(args, stats, progress, io);
		let stopPoint: StopPoint | undefined;
		const onPage = (page: JobPage): void => {
			stats.onPage(page);
			stopPoint = page.stopPoint;
			receipt ??= page.receipt;
		};
		const jobs = paginateListJobs(client, {
			...args.paginate,
			signal: controller.signal,
			onPage,
			...(args.receipt === undefined ? {} : { receipt: true }),
		});
		const keep = args.filter === undefined ? undefined : jobFilter(args.filter);
		let kept = 0;
		await writer.begin();
		for await (const job of jobs) {
			if (keep === undefined || keep(job)) {
				await writer.write(job);
				kept++;
			} else await skipJob(out, job);
			// Drawn per job, not per page: a page is counted before its jobs come.
			stats.jobs++;
			progress.update();
		}
		await writer.end();
		stats.stop();
		progress.clear();
		const matched =
			args.filter === undefined
				? ''
				: `; ${plural(kept, 'job')} matched ${describeFilterFlags(args.filter)}`;
		io.stderr.write(
			`importexport-jobs list: done, ${stats.summary()}${matched}${describeStop(args.paginate, stopPoint)}\n`,
		);
		return (await saveReceipt('list', args.receipt, receipt, io.stderr)) ? EXIT.ok : EXIT.failure;
	} catch (error) {
		stats.stop();
		progress.clear();
		// The reader has all it wanted (`| head`): nothing to report.
		if (error instanceof BrokenPipeError) return EXIT.ok;
		// The jobs listed before the failure go out before the line that says where to resume
		// (after a signal, for a moment only).
		await out.flush().catch(() => {});
		const { count, last } = out.written;
		reportFailure(io.stderr, 'list', error, args.debug, {
			count,
			resumeMarker: last?.JobId ?? args.paginate.startingMarker,
		});
		await saveReceipt('list', args.receipt, receiptOf(error), io.stderr);
		return stoppedBy === undefined ? EXIT.failure : SIGNAL_EXIT[stoppedBy];
	} finally {
		removeSignalHandlers();
	}
}
