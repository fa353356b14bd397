import type { Job } from '../protocol/schemas.js';

/**
 * Finds a JobId listed twice: within a page, or across the boundary with the page before
 * (a server that overlaps its pages), the starting marker counting as the job before the
 * first page. Holds one page's ids, never the account's.
 */
export class DuplicateCheck {
	// The JobIds of the page before; without a starting marker, `undefined` (which matches no JobId).
	#previous: ReadonlySet<string | undefined>;
	// The JobIds of the page `find` last passed: `advance` takes them as they are.
	#passed: ReadonlySet<string> = new Set();

	constructor(startingMarker: string | undefined) {
		this.#previous = new Set([startingMarker]);
	}

	/** The first repeated JobId of `jobs` and where it was seen before, or `undefined`. */
	find(
		jobs: readonly Job[],
	): { jobId: string; where: 'this page' | 'the page before' } | undefined {
		const page = new Set<string>();
		for (const { JobId } of jobs) {
			if (page.has(JobId)) return { jobId: JobId, where: 'this page' };
			if (this.#previous.has(JobId)) return { jobId: JobId, where: 'the page before' };
			page.add(JobId);
		}
		this.#passed = page;
		return undefined;
	}

	/** The page `find` last passed becomes the page before. */
	advance(): void {
		this.#previous = this.#passed;
	}
}
