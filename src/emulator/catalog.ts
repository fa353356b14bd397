import { JobIndex } from './job-index.js';
import type { EmulatorJob } from './jobs.js';
import { memberBound, writeMember } from './render.js';

/** A page of the catalog: jobs `start` (inclusive) to `end` (exclusive). */
export interface PageRange {
	start: number;
	end: number;
	isTruncated: boolean;
}

/**
 * The jobs as served, with every `<member>` rendered once into one buffer so that a page
 * is a zero-copy slice: a million jobs cost one allocation, not a million strings.
 */
export class JobCatalog {
	readonly jobs: readonly EmulatorJob[];
	readonly #members: Buffer;
	readonly #offsets: Float64Array;
	readonly #index: JobIndex;

	constructor(jobs: readonly EmulatorJob[]) {
		this.jobs = jobs;
		const count = jobs.length;
		this.#offsets = new Float64Array(count + 1);
		// One growing buffer that members are rendered straight into (see render.ts).
		let buffer = Buffer.allocUnsafe(Math.max(1024, count * 145));
		let pos = 0;
		for (let i = 0; i < count; i++) {
			const job = jobs[i] as EmulatorJob;
			const bound = memberBound(job);
			if (pos + bound > buffer.byteLength) {
				const bigger = Buffer.allocUnsafe(Math.max(buffer.byteLength * 2, pos + bound));
				buffer.copy(bigger, 0, 0, pos);
				buffer = bigger;
			}
			this.#offsets[i] = pos;
			pos = writeMember(buffer, pos, job);
		}
		this.#offsets[count] = pos;
		this.#members = buffer.subarray(0, pos);
		this.#index = new JobIndex(jobs);
	}

	get size(): number {
		return this.jobs.length;
	}

	/** Index of the job with this id, or `undefined` when there is none. */
	indexOf(jobId: string): number | undefined {
		return this.#index.get(jobId);
	}

	/** The page after `marker` (or from the start), up to `maxJobs` jobs. */
	page(markerIndex: number | undefined, maxJobs: number): PageRange {
		const start = markerIndex === undefined ? 0 : markerIndex + 1;
		const end = Math.min(this.jobs.length, start + maxJobs);
		return { start, end, isTruncated: end < this.jobs.length };
	}

	/** The rendered `<member>` elements of jobs `start` to `end`, without copying. */
	membersXml(start: number, end: number): Buffer {
		return this.#members.subarray(this.#offsets[start] ?? 0, this.#offsets[end] ?? 0);
	}
}
