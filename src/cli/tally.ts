import type { Job } from '../index.js';

/** What the demo learns about an account while listing it, in bounded memory but for the id check. */
export class JobTally {
	total = 0;
	canceled = 0;
	readonly byType = new Map<string, number>();
	oldest: Date | undefined;
	newest: Date | undefined;
	/** JobIds seen more than once; the service must never repeat one. */
	duplicates = 0;
	/** Jobs that came after a newer one; the service lists newest first. */
	outOfOrder = 0;
	readonly ids = new Set<string>();
	readonly #top: Job[] = [];
	readonly #keep: number;
	#previous: Date | undefined;

	constructor(keepNewest = 10) {
		this.#keep = keepNewest;
	}

	add(job: Job): void {
		this.total++;
		if (job.IsCanceled) this.canceled++;
		this.byType.set(job.JobType, (this.byType.get(job.JobType) ?? 0) + 1);
		if (this.ids.has(job.JobId)) this.duplicates++;
		else this.ids.add(job.JobId);
		const time = job.CreationDate.getTime();
		if (this.#previous !== undefined && time > this.#previous.getTime()) this.outOfOrder++;
		this.#previous = job.CreationDate;
		if (this.oldest === undefined || time < this.oldest.getTime()) this.oldest = job.CreationDate;
		if (this.newest === undefined || time > this.newest.getTime()) this.newest = job.CreationDate;
		this.#keepIfNewest(job);
	}

	/** The newest jobs seen, newest first; equal dates keep the order they were listed in. */
	get newestJobs(): readonly Job[] {
		return this.#top;
	}

	#keepIfNewest(job: Job): void {
		const time = job.CreationDate.getTime();
		const last = this.#top[this.#top.length - 1];
		if (this.#top.length >= this.#keep && last !== undefined && time <= last.CreationDate.getTime())
			return;
		let at = this.#top.length;
		while (at > 0 && (this.#top[at - 1]?.CreationDate.getTime() ?? Infinity) < time) at--;
		this.#top.splice(at, 0, job);
		if (this.#top.length > this.#keep) this.#top.pop();
	}
}
