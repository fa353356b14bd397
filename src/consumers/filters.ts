import type { Job } from '../protocol/schemas.js';

/** Keeps a job or drops it. */
export type JobPredicate = (job: Job) => boolean;

/** What `jobFilter` keeps: every field given must match; an empty filter keeps every job. */
export interface JobFilter {
	/** Only jobs of this type. */
	type?: Job['JobType'] | undefined;
	/** `true`: only canceled jobs; `false`: only active (not canceled) ones. */
	canceled?: boolean | undefined;
}

export const isCanceled: JobPredicate = (job) => job.IsCanceled;
export const isActive: JobPredicate = (job) => !job.IsCanceled;
export const isImport: JobPredicate = (job) => job.JobType === 'Import';
export const isExport: JobPredicate = (job) => job.JobType === 'Export';

const KNOWN = new Set(['type', 'canceled']);

/** Checks a filter (a TypeError names the bad field) and returns it without its `undefined` fields. */
export function checkJobFilter(filter: JobFilter): JobFilter {
	if (filter === null || typeof filter !== 'object') throw new TypeError('Expected the job filter to be an object such as { type: \'Export\', canceled: false }.');
	for (const key of Object.keys(filter)) {
		if (!KNOWN.has(key)) throw new TypeError(`Unknown job filter field \`${key}\`; known: type, canceled.`);
	}
	const { type, canceled } = filter;
	if (type !== undefined && type !== 'Import' && type !== 'Export') throw new TypeError(`Expected filter \`type\` to be 'Import' or 'Export', got ${String(type)}.`);
	if (canceled !== undefined && typeof canceled !== 'boolean') throw new TypeError(`Expected filter \`canceled\` to be a boolean, got ${String(canceled)}.`);
	return { ...(type === undefined ? {} : { type }), ...(canceled === undefined ? {} : { canceled }) };
}

/**
 * A predicate from a plain filter, checked now.
 *
 * @example
 * const keep = jobFilter({ type: 'Export', canceled: false });
 * for await (const job of paginateListJobs(client)) if (keep(job)) save(job);
 */
export function jobFilter(filter: JobFilter): JobPredicate {
	const { type, canceled } = checkJobFilter(filter);
	return (job) => (type === undefined || job.JobType === type) && (canceled === undefined || job.IsCanceled === canceled);
}
