import type { Job } from '../protocol/schemas.js';

/**
 * Finds a JobId listed twice: within a page, or across the boundary with the page before
 * (a server that overlaps its pages), the starting marker counting as the job before the
 * first page. Holds one page's ids, never the account's.
 */
export class DuplicateCheck {
	#previous: Set<string>;
	// The ids `find` last collected from a page with no repeat: `advance` takes them as they are.
	#checked: { jobs: readonly Job[]; ids: Set<string> } | undefined;

	constructor(startingMarker: string | undefined) {
		this.#previous = new Set(startingMarker === undefined ? [] : [startingMarker]);
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
		this.#checked = { jobs, ids: page };
		return undefined;
	}

	/** This page becomes the one before. */
	advance(jobs: readonly Job[]): void {
		const checked = this.#checked;
		this.#checked = undefined;
		this.#previous = checked?.jobs === jobs ? checked.ids : new Set(jobs.map((job) => job.JobId));
	}
}
