import {
	checkKnownKeys,
	checkOneOf,
	checkThat,
	type OptionKeys,
} from '../transport/option-check.js';
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

const FILTER_KEYS = { type: true, canceled: true } as const satisfies OptionKeys<JobFilter>;

/** Checks a filter (a TypeError names the bad field) and returns it without its `undefined` fields. */
export function checkJobFilter(filter: JobFilter): JobFilter {
	checkKnownKeys('job filter', filter, FILTER_KEYS);
	const { type, canceled } = filter;
	checkOneOf('filter.type', type, ['Import', 'Export']);
	checkThat('filter.canceled', canceled, typeof canceled === 'boolean', 'a boolean');
	return {
		...(type === undefined ? {} : { type }),
		...(canceled === undefined ? {} : { canceled }),
	};
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
	return (job) =>
		(type === undefined || job.JobType === type) &&
		(canceled === undefined || job.IsCanceled === canceled);
}
