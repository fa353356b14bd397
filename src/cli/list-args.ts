import type { JobFilter, PaginateOptions } from '../index.js';
import type { ImportExportClientOptions } from '../node/index.js';
import { UsageError, integerFlag, nonEmptyFlag, parseFlags, urlFlag } from './args.js';
import { FILTER_FLAGS, filterFromFlags } from './filter-args.js';
import { STOP_FLAGS, stopFromFlags } from './stop-args.js';
import { LIST_USAGE } from './usage.js';

// Here, not beside the writers: checking the flags must not load the library.
export const FORMATS = ['ndjson', 'json', 'table', 'csv'] as const;
export type Format = (typeof FORMATS)[number];
export interface ListArgs {
	format: Format;
	debug: boolean;
	/** `--receipt FILE`: where the listing's receipt goes. */
	receipt: string | undefined;
	client: ImportExportClientOptions;
	paginate: PaginateOptions;
	/** `--type`, `--canceled`, `--active`; `undefined` keeps every job. */
	filter: JobFilter | undefined;
}

export function parseListArgs(argv: readonly string[]): ListArgs {
	const flags = parseFlags(
		argv,
		{
			endpoint: { type: 'string' },
			profile: { type: 'string' },
			format: { type: 'string' },
			'page-size': { type: 'string' },
			'max-items': { type: 'string' },
			'starting-marker': { type: 'string' },
			'max-attempts': { type: 'string' },
			'timeout-ms': { type: 'string' },
			...FILTER_FLAGS,
			...STOP_FLAGS,
			debug: { type: 'boolean' },
			receipt: { type: 'string' },
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
	const profile = nonEmptyFlag('profile', flags.profile, LIST_USAGE);
	const maxAttempts = integerFlag('max-attempts', flags['max-attempts'], { min: 1, max: 100 }, LIST_USAGE);
	const timeoutMs = integerFlag('timeout-ms', flags['timeout-ms'], { min: 1 }, LIST_USAGE);
	const filter = filterFromFlags(flags, LIST_USAGE);
	const stop = stopFromFlags(flags, LIST_USAGE);
	return {
		format,
		filter,
		debug: flags.debug ?? false,
		receipt: nonEmptyFlag('receipt', flags.receipt, LIST_USAGE),
		// Only what was given: the library applies its defaults, and reads the environment itself.
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
			...stop,
		},
	};
}

function isFormat(value: string): value is Format {
	return (FORMATS as readonly string[]).includes(value);
}
