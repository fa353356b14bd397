import { ImportExportError } from '../transport/errors.js';
import { setErrorFacts, toImportExportError } from '../transport/error-state.js';

/** The listing cannot go on: a truncated page with no job to continue from, or the `maxPages` cap reached. */
export class PaginationError extends ImportExportError {
	override name = 'PaginationError';
	/** Index (0-based) of the page that stopped the listing. */
	readonly pageIndex: number;
	/** The request id of that page's response, when it has one. */
	readonly requestId: string | undefined;

	constructor(message: string, options: { pageIndex: number; requestId?: string | undefined }) {
		super(message, { operation: 'ListJobs' });
		this.pageIndex = options.pageIndex;
		this.requestId = options.requestId;
	}
}

/** A page pointed back to a marker that was already sent: following it would list jobs again, forever. */
export class PaginationLoopError extends PaginationError {
	override name = 'PaginationLoopError' as const;
	/** The marker the service handed back a second time. */
	readonly repeatedMarker: string;

	constructor(
		message: string,
		options: { pageIndex: number; repeatedMarker: string; requestId?: string | undefined },
	) {
		super(message, options);
		this.repeatedMarker = options.repeatedMarker;
	}
}

/**
 * A page repeats a JobId: twice within the page, or one already listed on the page before it
 * (or the starting marker). Refused before any job of the page is yielded.
 */
export class DuplicateJobError extends PaginationError {
	override name = 'DuplicateJobError' as const;
	/** The JobId that came a second time. */
	readonly jobId: string;

	constructor(
		message: string,
		options: { pageIndex: number; jobId: string; requestId?: string | undefined },
	) {
		super(message, options);
		this.jobId = options.jobId;
	}
}

/**
 * A page lists a job newer than the one before it, while `stopAtJobId` or `since` trusts the
 * order (newest first) to stop early. Refused before any job of the page is yielded.
 */
export class OrderError extends PaginationError {
	override name = 'OrderError' as const;
	/** The job that came out of order (newer than the one before it). */
	readonly jobId: string;
	/** The job before it: on the same page, or the last of the page before. */
	readonly previousJobId: string;

	constructor(
		message: string,
		options: {
			pageIndex: number;
			jobId: string;
			previousJobId: string;
			requestId?: string | undefined;
		},
	) {
		super(message, options);
		this.jobId = options.jobId;
		this.previousJobId = options.previousJobId;
	}
}

export interface ResumeFacts {
	/** The last JobId handed to the consumer (or the starting marker). */
	resumeMarker: string | undefined;
	/** Pages handed to the consumer in full: every job of them delivered. */
	pagesRead: number;
	/** Jobs handed to the consumer. */
	jobsYielded: number;
}

/** Stamps the resume facts on an error leaving a paginator; anything not ours is wrapped first, so the facts travel with it. */
export function withResumeFacts(error: unknown, facts: ResumeFacts): ImportExportError {
	return setErrorFacts(toImportExportError(error, 'ListJobs'), facts);
}
