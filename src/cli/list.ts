import type { ImportExportClientOptions } from '../protocol/client-options.js';
import { ImportExportClient } from '../protocol/client.js';
import type { PaginateOptions } from '../pagination/options.js';
import { paginateListJobs } from '../pagination/paginate-jobs.js';
import { UsageError, integerFlag, nonEmptyFlag, parseFlags, urlFlag } from './args.js';
import { reportFailure } from './errors.js';
import { FORMATS, jobWriter, type Format } from './format.js';
import { EXIT, type Io } from './io.js';
import { BrokenPipeError, Output } from './output.js';
import { createProgress } from './progress.js';
import { SIGNAL_EXIT, onStopSignal, type StopSignal } from './signals.js';
import { ListingStats } from './stats.js';
import { LIST_USAGE } from './usage.js';

export interface ListArgs {
	format: Format;
	debug: boolean;
	client: ImportExportClientOptions;
	paginate: PaginateOptions;
}

export function parseListArgs(argv: readonly string[]): ListArgs {
	const flags = parseFlags(
		argv,
		{
			endpoint: { type: 'string' },
			format: { type: 'string' },
			'page-size': { type: 'string' },
			'max-items': { type: 'string' },
			'starting-marker': { type: 'string' },
			'max-attempts': { type: 'string' },
			'timeout-ms': { type: 'string' },
			debug: { type: 'boolean' },
			help: { type: 'boolean', short: 'h' },
		},
		LIST_USAGE,
	);
	const format = flags.format ?? 'ndjson';
	if (!isFormat(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got ${JSON.stringify(format)}.`, LIST_USAGE);
	const endpoint = urlFlag('endpoint', flags.endpoint, LIST_USAGE);
	const pageSize = integerFlag('page-size', flags['page-size'], { min: 1, max: 1000 }, LIST_USAGE);
	const maxItems = integerFlag('max-items', flags['max-items'], { min: 0 }, LIST_USAGE);
	const startingMarker = nonEmptyFlag('starting-marker', flags['starting-marker'], LIST_USAGE);
	const maxAttempts = integerFlag('max-attempts', flags['max-attempts'], { min: 1, max: 100 }, LIST_USAGE);
	const timeoutMs = integerFlag('timeout-ms', flags['timeout-ms'], { min: 1 }, LIST_USAGE);
	return {
		format,
		debug: flags.debug ?? false,
		// Only what was given: the library applies its defaults, and reads the environment itself.
		client: {
			...(endpoint === undefined ? {} : { endpoint }),
			...(timeoutMs === undefined ? {} : { timeoutMs }),
			...(maxAttempts === undefined ? {} : { retry: { maxAttempts } }),
		},
		paginate: {
			...(pageSize === undefined ? {} : { pageSize }),
			...(maxItems === undefined ? {} : { maxItems }),
			...(startingMarker === undefined ? {} : { startingMarker }),
		},
	};
}

function isFormat(value: string): value is Format {
	return (FORMATS as readonly string[]).includes(value);
}

/** `importexport-jobs list`: every job to stdout as it arrives, a summary or one error line on stderr. */
export async function list(argv: readonly string[], io: Io): Promise<number> {
	const args = parseListArgs(argv);
	const stats = new ListingStats();
	const progress = createProgress(io.stderr, stats);
	const out = new Output(io.stdout);
	const writer = jobWriter(args.format, out);
	const controller = new AbortController();
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
		const jobs = paginateListJobs(client, {
			...args.paginate,
			signal: controller.signal,
			onPage: (page) => {
				stats.onPage(page);
				progress.update();
			},
		});
		await writer.begin();
		for await (const job of jobs) {
			await writer.write(job);
			stats.jobs++;
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
		// The jobs listed before the failure go out before the line that says where to resume.
		await out.flush().catch(() => {});
		reportFailure(io.stderr, 'list', error, args.debug);
		return stoppedBy === undefined ? EXIT.failure : SIGNAL_EXIT[stoppedBy];
	} finally {
		removeSignalHandlers();
	}
}
