import { ImportExportError, type StopPoint } from '../index.js';
import { cliClient } from './cli-client.js';
import { ExportError, exportJobs } from '../node/index.js';
import { debugReport, errorLine } from './errors.js';
import type { ExportArgs } from './export-args.js';
import { describeFilterFlags } from './filter-args.js';
import { EXIT, type Io } from './io.js';
import { createProgress } from './progress.js';
import { SIGNAL_EXIT, onStopSignal, type StopSignal } from './signals.js';
import { ListingStats, count, plural } from './stats.js';
import { receiptOf, saveReceipt } from './receipt-file.js';
import type { ListingReceipt } from '../index.js';
import { describeStop } from './stop-args.js';

/** `importexport-jobs export`: every job into `--out`, complete or not at all; a rerun finishes a run cut short. */
export async function exportCommand(args: ExportArgs, io: Io): Promise<number> {
	const stats = new ListingStats();
	const progress = createProgress(io.stderr, stats);
	const controller = new AbortController();
	let stoppedBy: StopSignal | undefined;
	let receipt: ListingReceipt | undefined;
	const removeSignalHandlers = onStopSignal((signal) => {
		stoppedBy = signal;
		controller.abort(new Error(`Interrupted by ${signal}.`));
	});
	try {
		const client = cliClient(args, stats, progress, io);
		let stopPoint: StopPoint | undefined;
		const result = await exportJobs(client, {
			...args.paginate,
			out: args.out,
			format: args.format,
			filter: args.filter,
			signal: controller.signal,
			...(args.receipt === undefined ? {} : { receipt: true }),
			onPage: (page) => {
				stats.onPage(page);
				stats.jobs += page.jobs.length;
				receipt ??= page.receipt;
				stopPoint = page.stopPoint;
			},
			onCheckpoint: () => progress.update(),
		});
		stats.stop();
		progress.clear();
		const matched =
			args.filter === undefined ? '' : ` matching ${describeFilterFlags(args.filter)}`;
		const resumed = result.resumed
			? ` (resumed after ${plural(result.jobsListed - result.jobsListedNow, 'job')} listed before)`
			: '';
		io.stderr.write(
			`importexport-jobs export: done, ${plural(result.jobsWritten, 'job')}${matched} (${count(result.bytes)} bytes) in ${result.out}${resumed}; this run: ${stats.summary()}${describeStop(args.paginate, stopPoint)}\n`,
		);
		return (await saveReceipt('export', args.receipt, receipt, io.stderr)) ? EXIT.ok : EXIT.failure;
	} catch (error) {
		stats.stop();
		progress.clear();
		// An ExportError says itself what was kept; a listing error left the checkpoint in place.
		const hint =
			error instanceof ImportExportError && !(error instanceof ExportError)
				? '; run the same command again to resume'
				: '';
		io.stderr.write(`importexport-jobs export: ${errorLine(error, { resumable: false })}${hint}\n`);
		if (args.debug) io.stderr.write(debugReport(error));
		await saveReceipt('export', args.receipt, receiptOf(error), io.stderr);
		return stoppedBy === undefined ? EXIT.failure : SIGNAL_EXIT[stoppedBy];
	} finally {
		removeSignalHandlers();
	}
}
