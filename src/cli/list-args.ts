import { UsageError, parseFlags } from './args.js';
import { LISTING_FLAGS, listingFromFlags, type ListingArgs } from './listing-args.js';
import { LIST_USAGE } from './usage.js';

// Here, not beside the writers: checking the flags must not load the library.
export const FORMATS = ['ndjson', 'json', 'table', 'csv'] as const;
export type Format = (typeof FORMATS)[number];
export interface ListArgs extends ListingArgs {
	format: Format;
}

export function parseListArgs(argv: readonly string[]): ListArgs {
	const flags = parseFlags(argv, LISTING_FLAGS, LIST_USAGE);
	const format = flags.format ?? 'ndjson';
	if (!isFormat(format))
		throw new UsageError(
			`--format must be one of ${FORMATS.join(', ')}, got ${JSON.stringify(format)}.`,
			LIST_USAGE,
		);
	return { format, ...listingFromFlags(flags, LIST_USAGE) };
}

function isFormat(value: string): value is Format {
	return (FORMATS as readonly string[]).includes(value);
}
