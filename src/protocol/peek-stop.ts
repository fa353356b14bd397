import { lastElementText } from './peek.js';

/** Where a listing stops: before the job with this JobId, or at the first job created at or before `since`. */
export interface StopAt {
	jobId: string | undefined;
	since: Date | undefined;
}

/**
 * Whether a raw ListJobs body may hold the stop point, read without parsing it: then the
 * next page is not asked for early, since the listing may end on this one. Errs towards
 * "maybe": a wrong "maybe" costs the read-ahead of one page, a wrong "no" a request too many.
 */
export function mayHoldStopPoint(body: string, stop: StopAt): boolean {
	// A JobId may be escaped (`&#65;`), which a substring search cannot see.
	if (stop.jobId !== undefined && (body.includes(stop.jobId) || body.includes('&'))) return true;
	if (stop.since !== undefined) {
		// Newest first: the page's last date is its oldest. The order itself is checked once parsed.
		const text = lastElementText(body, 'CreationDate')?.trim();
		// Stryker disable next-line ConditionalExpression: Date.parse(undefined) is NaN as well; the test says what is meant.
		const last = text === undefined ? Number.NaN : Date.parse(text);
		if (Number.isNaN(last) || last <= stop.since.getTime()) return true;
	}
	return false;
}
