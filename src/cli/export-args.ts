import type { JobFilter, PaginateOptions } from '../index.js';
import type { ImportExportClientOptions } from '../node/main.js';
import { EXPORT_FORMATS, type ExportFormat } from '../node/index.js';
import { UsageError, integerFlag, nonEmptyFlag, parseFlags, urlFlag } from './args.js';
import { FILTER_FLAGS, filterFromFlags } from './filter-args.js';
import { STOP_FLAGS, stopFromFlags } from './stop-args.js';
import { EXPORT_USAGE } from './usage.js';

export interface ExportArgs {
	out: string;
	format: ExportFormat;
	filter: JobFilter | undefined;
	debug: boolean;
	/** `--receipt FILE`: where the listing's receipt goes. */
	receipt: string | undefined;
	client: ImportExportClientOptions;
	paginate: PaginateOptions;
}

export function parseExportArgs(argv: readonly string[]): ExportArgs {
	const flags = parseFlags(
		argv,
		{
			out: { type: 'string' },
			format: { type: 'string' },
			...FILTER_FLAGS,
			profile: { type: 'string' },
			...STOP_FLAGS,
			endpoint: { type: 'string' },
			'page-size': { type: 'string' },
			'max-items': { type: 'string' },
			'starting-marker': { type: 'string' },
			'max-attempts': { type: 'string' },
			'timeout-ms': { type: 'string' },
			debug: { type: 'boolean' },
			receipt: { type: 'string' },
			help: { type: 'boolean', short: 'h' },
		},
		EXPORT_USAGE,
	);
	const out = nonEmptyFlag('out', flags.out, EXPORT_USAGE);
	if (out === undefined) throw new UsageError('--out FILE is needed: the file to write.', EXPORT_USAGE);
	const format = flags.format ?? 'ndjson';
	if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
		throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}, got ${JSON.stringify(format)}.`, EXPORT_USAGE);
	}
	const endpoint = urlFlag('endpoint', flags.endpoint, EXPORT_USAGE);
	const pageSize = integerFlag('page-size', flags['page-size'], { min: 1, max: 1000 }, EXPORT_USAGE);
	const maxItems = integerFlag('max-items', flags['max-items'], { min: 0 }, EXPORT_USAGE);
	const startingMarker = nonEmptyFlag('starting-marker', flags['starting-marker'], EXPORT_USAGE);
	const profile = nonEmptyFlag('profile', flags.profile, EXPORT_USAGE);
	const maxAttempts = integerFlag('max-attempts', flags['max-attempts'], { min: 1, max: 100 }, EXPORT_USAGE);
	const timeoutMs = integerFlag('timeout-ms', flags['timeout-ms'], { min: 1 }, EXPORT_USAGE);
	return {
		out,
		format: format as ExportFormat,
		filter: filterFromFlags(flags, EXPORT_USAGE),
		debug: flags.debug ?? false,
		receipt: nonEmptyFlag('receipt', flags.receipt, EXPORT_USAGE),
		client: {
			...(endpoint === undefined ? {} : { endpoint }),
			...(profile === undefined ? {} : { profile }),
			...(timeoutMs === undefined ? {} : { timeoutMs }),
			...(maxAttempts === undefined ? {} : { retry: { maxAttempts } }),
		},
		paginate: {
			...(pageSize === undefined ? {} : { pageSize }),
			...(maxItems === undefined ? {} : { maxItems }),
			...(startingMarker === undefined ? {} : { startingMarker }),
			...stopFromFlags(flags, EXPORT_USAGE),
		},
	};
}
