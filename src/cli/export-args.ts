import { EXPORT_FORMATS, type ExportFormat } from '../node/index.js';
import { UsageError, nonEmptyFlag, parseFlags } from './args.js';
import { LISTING_FLAGS, listingFromFlags, type ListingArgs } from './listing-args.js';
import { EXPORT_USAGE } from './usage.js';

export interface ExportArgs extends ListingArgs {
	out: string;
	format: ExportFormat;
}

export function parseExportArgs(argv: readonly string[]): ExportArgs {
	const flags = parseFlags(argv, { out: { type: 'string' }, ...LISTING_FLAGS }, EXPORT_USAGE);
	const out = nonEmptyFlag('out', flags.out, EXPORT_USAGE);
	if (out === undefined)
		throw new UsageError('--out FILE is needed: the file to write.', EXPORT_USAGE);
	const format = flags.format ?? 'ndjson';
	if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
		throw new UsageError(
			`--format must be one of ${EXPORT_FORMATS.join(', ')}, got ${JSON.stringify(format)}.`,
			EXPORT_USAGE,
		);
	}
	return { out, format: format as ExportFormat, ...listingFromFlags(flags, EXPORT_USAGE) };
}
