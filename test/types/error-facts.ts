// Compile-only (`npm run typecheck`): an error's facts are read-only to its users; only the
// library sets them, in one place.
import type { ImportExportError } from '../../src/index.js';

export function readOnlyFacts(error: ImportExportError): void {
	const facts: Array<string | number | undefined> = [
		error.resumeMarker,
		error.pagesRead,
		error.jobsYielded,
		error.attempts,
	];
	void facts;
	// @ts-expect-error resume facts are set by the paginators, not by their users
	error.resumeMarker = 'ABC12';
	// @ts-expect-error attempts are set by the retry layer
	error.attempts = 1;
}
