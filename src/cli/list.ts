import type { Job } from '../protocol/schemas.js';
import { ImportExportClient } from '../node/client.js';
import { paginateListJobs } from '../pagination/paginate-jobs.js';
import { reportFailure } from './errors.js';
import { jobWriter } from './format.js';
import { EXIT, type Io } from './io.js';
import type { ListArgs } from './list-args.js';
import { BrokenPipeError, Output } from './output.js';
import { createProgress } from './progress.js';
import { SIGNAL_EXIT, onStopSignal, type StopSignal } from './signals.js';
import { ListingStats } from './stats.js';

/** `importexport-jobs list`: every job to stdout as it arrives, a summary or one error line on stderr. */
export async function list(args: ListArgs, io: Io): Promise<number> {
	const stats = new ListingStats();
	const progress = createProgress(io.stderr, stats, { stdout: io.stdout });
	const controller = new AbortController();
	// On a signal, a reader that stopped reading must not hold the stop: writes stop waiting for it.
	const out = new Output<Job>(io.stdout, { signal: controller.signal });
	const writer = jobWriter(args.format, out);
	let stoppedBy: StopSignal | undefined;
	const removeSignalHandlers = onStopSignal((signal) => {
		stoppedBy = signal;
		controller.abort(new Error(`Interrupted by ${signal}.`));
	});
	try {
		const client = new ImportExportClient({
			...args.client,
			userAgent: 'cli',
			retry: {
				...args.client.retry,
				onRetry: (event) => {
					stats.onRetry(event);
					progress.update();
				},
			},
		});
		const jobs = paginateListJobs(client, { ...args.paginate, signal: controller.signal, onPage: stats.onPage });
		await writer.begin();
		for await (const job of jobs) {
			await writer.write(job);
			// Drawn per job, not per page: a page is counted before its jobs come.
			stats.jobs++;
			progress.update();
		}
		await writer.end();
		stats.stop();
		progress.clear();
		io.stderr.write(`importexport-jobs list: done, ${stats.summary()}\n`);
		return EXIT.ok;
	} catch (error) {
		stats.stop();
		progress.clear();
		// The reader has all it wanted (`| head`): nothing to report.
		if (error instanceof BrokenPipeError) return EXIT.ok;
		// The jobs listed before the failure go out before the line that says where to resume
		// (after a signal, for a moment only).
		await out.flush().catch(() => {});
		const { count, last } = out.written;
		reportFailure(io.stderr, 'list', error, args.debug, { count, resumeMarker: last?.JobId ?? args.paginate.startingMarker });
		return stoppedBy === undefined ? EXIT.failure : SIGNAL_EXIT[stoppedBy];
	} finally {
		removeSignalHandlers();
	}
}
