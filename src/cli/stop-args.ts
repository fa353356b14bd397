import type { PaginateOptions, StopPoint } from '../index.js';
import { UsageError, nonEmptyFlag } from './args.js';
import { escapeControls } from './escape.js';

/** The flags that stop `list` and `export` at a known point: only what is new. */
export const STOP_FLAGS = {
	since: { type: 'string' },
	'after-job': { type: 'string' },
} as const;

export interface StopFlags {
	since?: string | undefined;
	'after-job'?: string | undefined;
}

// A date, or a date and time with its zone: a time without one would depend on the machine's zone.
const ISO_TIME =
	/^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

/** `--since TIME` and `--after-job ID` as the paginate options `since` and `stopAtJobId`. */
export function stopFromFlags(
	flags: StopFlags,
	usage: string,
): Pick<PaginateOptions, 'since' | 'stopAtJobId'> {
	const stopAtJobId = nonEmptyFlag('after-job', flags['after-job'], usage);
	let since: Date | undefined;
	if (flags.since !== undefined) {
		since = new Date(flags.since);
		if (!ISO_TIME.test(flags.since) || Number.isNaN(since.getTime())) {
			throw new UsageError(
				`--since must be an ISO 8601 time with its zone, e.g. 2024-01-31T00:00:00Z, got ${JSON.stringify(flags.since)}.`,
				usage,
			);
		}
	}
	return {
		...(stopAtJobId === undefined ? {} : { stopAtJobId }),
		...(since === undefined ? {} : { since }),
	};
}

/** For the summary line: where a listing with `--since` / `--after-job` stopped; '' without them. */
export function describeStop(
	options: Pick<PaginateOptions, 'since' | 'stopAtJobId'>,
	stopPoint: StopPoint | undefined,
): string {
	const { stopAtJobId, since } = options;
	if (stopPoint === 'not-found') {
		const point =
			stopAtJobId !== undefined
				? `job ${quoted(stopAtJobId)} was not found`
				: since !== undefined
					? `no job created at or before ${since.toISOString()}`
					: undefined;
		return point === undefined ? '' : `; ${point}: the whole account was listed`;
	}
	if (stopPoint === undefined || (stopAtJobId === undefined && since === undefined)) return '';
	const points = [
		...(stopAtJobId === undefined ? [] : [`job ${quoted(stopAtJobId)} (already seen)`]),
		...(since === undefined ? [] : [`the first job created at or before ${since.toISOString()}`]),
	];
	return `; stopped at ${points.join(' or ')}`;
}

// The id is the user's text, but a terminal must not be driven by it.
function quoted(jobId: string): string {
	return escapeControls(JSON.stringify(jobId));
}
