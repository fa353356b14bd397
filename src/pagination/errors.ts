import { ImportExportError } from '../transport/errors.js';

/** The listing cannot go on: a truncated page with no job to continue from, or the `maxPages` cap reached. */
export class PaginationError extends ImportExportError {
	override name: string = 'PaginationError';
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

	constructor(message: string, options: { pageIndex: number; repeatedMarker: string; requestId?: string | undefined }) {
		super(message, options);
		this.repeatedMarker = options.repeatedMarker;
	}
}

export interface ResumeFacts {
	resumeMarker: string | undefined;
	pagesRead: number;
	jobsYielded: number;
}

/**
 * Stamps the resume facts on an error leaving a paginator. Anything that is not one of
 * ours (a throwing `onPage`, say) is wrapped so that the facts travel with it.
 */
export function withResumeFacts(error: unknown, facts: ResumeFacts): ImportExportError {
	const annotated =
		error instanceof ImportExportError
			? error
			: new ImportExportError(`ListJobs listing failed: ${error instanceof Error ? error.message : String(error)}`, { operation: 'ListJobs', cause: error });
	annotated.resumeMarker = facts.resumeMarker;
	annotated.pagesRead = facts.pagesRead;
	annotated.jobsYielded = facts.jobsYielded;
	return annotated;
}
