// Compile-only: `npm run typecheck` (tsc --strict --exactOptionalPropertyTypes) checks these lines;
// each @ts-expect-error must stay an error. Nothing here runs.
import {
	ImportExportClient,
	collectJobs,
	paginateListJobPages,
	paginateListJobs,
	ServiceError,
	type CollectedJobs,
	type Job,
	type JobPage,
	type ListJobsInput,
	type ListJobsResponse,
	type ListJobsResult,
} from '../../src/index.js';
// @ts-expect-error the zod schemas are internal: the API exports their types only (no tie to zod's major version)
import { JobSchema, ListJobsInputSchema, ListJobsResultSchema } from '../../src/index.js';
import { jobsReadable, toNdjson } from '../../src/node/index.js';
import type { Readable, Transform } from 'node:stream';

declare const client: ImportExportClient;

export async function typeChecks(): Promise<void> {
	const response: ListJobsResponse = await client.listJobs({ MaxJobs: 10, Marker: 'ABC12' });
	const job: Job | undefined = response.Jobs[0];
	if (job !== undefined) {
		const id: string = job.JobId;
		const created: Date = job.CreationDate;
		const canceled: boolean = job.IsCanceled;
		const type: 'Import' | 'Export' = job.JobType;
		void [id, created, canceled, type];
	}
	const input: ListJobsInput = { MaxJobs: 10, Marker: 'ABC12', APIVersion: undefined };
	const result: ListJobsResult = { Jobs: response.Jobs, IsTruncated: response.IsTruncated };
	void [input, result, JobSchema, ListJobsInputSchema, ListJobsResultSchema];
	const truncated: boolean = response.IsTruncated;
	const attempts: number = response.$metadata.attempts;
	void [truncated, attempts];

	// @ts-expect-error MaxJobs is a number, not a string
	await client.listJobs({ MaxJobs: '10' });
	// @ts-expect-error unknown input keys are refused
	await client.listJobs({ MaxItems: 10 });
	// Options forwarded from elsewhere may be undefined, even under exactOptionalPropertyTypes.
	const maybe: number | undefined = undefined;
	new ImportExportClient({ userAgent: undefined, timeoutMs: maybe, retry: { maxAttempts: maybe } });
	paginateListJobs(client, { maxItems: maybe, pageSize: maybe, prefetch: undefined });
	// @ts-expect-error timeoutMs is a number
	new ImportExportClient({ timeoutMs: '100' });
	// @ts-expect-error unknown client options are refused
	new ImportExportClient({ timeout: 100 });

	for await (const listed of paginateListJobs(client, { pageSize: 100, prefetch: 0 })) {
		const id: string = listed.JobId;
		void id;
	}
	// @ts-expect-error prefetch is 0 or 1
	paginateListJobs(client, { prefetch: 2 });
	for await (const page of paginateListJobPages(client)) {
		const typed: JobPage = page;
		const next: string | undefined = page.nextMarker;
		void [typed, next];
	}
	const collected: CollectedJobs = await collectJobs(client, { limit: 10 });
	const marker: string | undefined = collected.resumeMarker;
	void marker;
	const readable: Readable = jobsReadable(client, { highWaterMark: 10 });
	const transform: Transform = toNdjson();
	void [readable, transform];

	try {
		await client.listJobs();
	} catch (error) {
		if (error instanceof ServiceError) {
			const code: string = error.code;
			const status: number = error.statusCode;
			const resume: string | undefined = error.resumeMarker;
			void [code, status, resume];
		}
	}
}
