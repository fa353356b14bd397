import fc from 'fast-check';
import { expect } from 'vitest';
import {
	paginateListJobPages,
	type ImportExportClient,
	type ImportExportError,
	type Job,
} from '../src/index.js';
import type { Emulator, Fault } from '../src/emulator/index.js';

/** Faults a real bad day brings: every throttling kind, 5xx, resets before and in the body, latency. */
export const transientFault: fc.Arbitrary<Fault> = fc.oneof(
	fc.constant<Fault>({ kind: 'throttling' }),
	fc
		.integer({ min: 0, max: 3 })
		.map<Fault>((retryAfterSeconds) => ({ kind: 'slow-down', retryAfterSeconds })),
	fc.constant<Fault>({ kind: 'too-many-requests' }),
	fc.constant<Fault>({ kind: 'internal-failure' }),
	fc.constant<Fault>({ kind: 'bad-gateway' }),
	fc.constantFrom<Fault>(
		{ kind: 'error', status: 503, code: 'ServiceUnavailable' },
		{ kind: 'error', status: 504, code: 'GatewayTimeout' },
	),
	fc.constant<Fault>({ kind: 'reset-before-response' }),
	fc.constant<Fault>({ kind: 'reset-mid-body' }),
	fc.integer({ min: 0, max: 15 }).map<Fault>((ms) => ({ kind: 'latency', ms })),
);

export interface ListingOutcome {
	jobs: Job[];
	/** Listings that ended in an error and were resumed. */
	resumes: number;
	maxAttemptsSeen: number;
}

/**
 * Lists the whole account, resuming from `resumeMarker` after every failure, and checks
 * on the way that each error says exactly where the consumer stood.
 */
export async function listWithResumes(
	client: ImportExportClient,
	pageSize: number,
	maxResumes = 1000,
): Promise<ListingOutcome> {
	const jobs: Job[] = [];
	let resumes = 0;
	let maxAttemptsSeen = 0;
	let startingMarker: string | undefined;
	for (;;) {
		const before = jobs.length;
		try {
			for await (const page of paginateListJobPages(client, {
				pageSize,
				...(startingMarker === undefined ? {} : { startingMarker }),
			})) {
				maxAttemptsSeen = Math.max(maxAttemptsSeen, page.attempts);
				jobs.push(...page.jobs);
			}
			return { jobs, resumes, maxAttemptsSeen };
		} catch (error) {
			const failure = error as ImportExportError;
			expect(failure.resumeMarker).toBe(jobs.at(-1)?.JobId);
			expect(failure.jobsYielded).toBe(jobs.length - before);
			if (++resumes > maxResumes) throw error;
			startingMarker = failure.resumeMarker;
		}
	}
}

export function expectExactly(emulator: Emulator, jobs: readonly Job[]): void {
	const ids = jobs.map((job) => job.JobId);
	expect(new Set(ids).size).toBe(ids.length);
	expect(ids).toEqual(emulator.jobs.map((job) => job.JobId));
}
