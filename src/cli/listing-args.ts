import type { JobFilter, PaginateOptions } from '../index.js';
import type { ImportExportClientOptions } from '../node/main.js';
import { integerFlag, nonEmptyFlag, urlFlag } from './args.js';
import { FILTER_FLAGS, filterFromFlags, type FilterFlags } from './filter-args.js';
import { STOP_FLAGS, stopFromFlags, type StopFlags } from './stop-args.js';

/** The flags `list` and `export` share: where to list, how, which jobs, where to stop. */
export const LISTING_FLAGS = {
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
} as const;

export interface ListingFlags extends FilterFlags, StopFlags {
	endpoint?: string | undefined;
	profile?: string | undefined;
	'page-size'?: string | undefined;
	'max-items'?: string | undefined;
	'starting-marker'?: string | undefined;
	'max-attempts'?: string | undefined;
	'timeout-ms'?: string | undefined;
	debug?: boolean | undefined;
	receipt?: string | undefined;
}

export interface ListingArgs {
	debug: boolean;
	/** `--receipt FILE`: where the listing's receipt goes. */
	receipt: string | undefined;
	client: ImportExportClientOptions;
	paginate: PaginateOptions;
	/** `--type`, `--canceled`, `--active`; `undefined` keeps every job. */
	filter: JobFilter | undefined;
}

/** The shared flags as options: only what was given, so the library applies its defaults and reads the environment itself. */
export function listingFromFlags(flags: ListingFlags, usage: string): ListingArgs {
	const endpoint = urlFlag('endpoint', flags.endpoint, usage);
	const pageSize = integerFlag('page-size', flags['page-size'], { min: 1, max: 1000 }, usage);
	const maxItems = integerFlag('max-items', flags['max-items'], { min: 0 }, usage);
	const startingMarker = nonEmptyFlag('starting-marker', flags['starting-marker'], usage);
	const profile = nonEmptyFlag('profile', flags.profile, usage);
	const maxAttempts = integerFlag(
		'max-attempts',
		flags['max-attempts'],
		{ min: 1, max: 100 },
		usage,
	);
	const timeoutMs = integerFlag('timeout-ms', flags['timeout-ms'], { min: 1 }, usage);
	const filter = filterFromFlags(flags, usage);
	const stop = stopFromFlags(flags, usage);
	return {
		filter,
		debug: flags.debug ?? false,
		receipt: nonEmptyFlag('receipt', flags.receipt, usage),
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
