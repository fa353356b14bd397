import { ImportExportError, describeError } from './errors.js';

/** What an error carries to recover from it, beside what it is. */
export interface ErrorFacts {
	/** Attempts made for the request that failed; set by the retry layer. */
	attempts?: number | undefined;
	/** Resume facts; set by whatever hands jobs to the caller (a paginator, a consumer). */
	resumeMarker?: string | undefined;
	pagesRead?: number | undefined;
	jobsYielded?: number | undefined;
}

/**
 * The one place where an error's recovery facts are set after it was built: a layer learns
 * them only as the error passes through it (attempts in the retry layer, resume facts where
 * jobs are handed over). Only the facts given are written.
 */
export function setErrorFacts<E extends ImportExportError>(error: E, facts: ErrorFacts): E {
	const writable = error as { -readonly [K in keyof ErrorFacts]: ErrorFacts[K] };
	for (const key of ['attempts', 'resumeMarker', 'pagesRead', 'jobsYielded'] as const) {
		if (key in facts) writable[key] = facts[key] as never;
	}
	return error;
}

/**
 * The one wrapper for anything thrown that is not one of ours: a caller's hook (`onPage`,
 * `onRetry`, `sleep`, `now`), a hand-written client. It keeps the original in `cause`.
 */
export function toImportExportError(error: unknown, operation: string): ImportExportError {
	if (error instanceof ImportExportError) return error;
	return new ImportExportError(`${operation} failed: ${describeError(error)}`, {
		operation,
		cause: error,
	});
}
