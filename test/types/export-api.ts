// Compile-only: `npm run typecheck` checks these lines; each @ts-expect-error must stay an error. Nothing here runs.
import {
	ImportExportClient,
	isActive,
	jobFilter,
	type Job,
	type JobFilter,
	type JobPredicate,
} from '../../src/index.js';
import {
	CSV_HEADER,
	ExportCheckpointError,
	ExportError,
	exportJobs,
	jobsToCsv,
	type ExportProgress,
	type ExportResult,
} from '../../src/node/index.js';

declare const client: ImportExportClient;
declare const jobs: Job[];

export async function exportTypeChecks(): Promise<void> {
	const result: ExportResult = await exportJobs(client, {
		out: 'jobs.csv',
		format: 'csv',
		filter: { type: 'Export', canceled: false },
		pageSize: 500,
	});
	const written: number = result.jobsWritten;
	const last: string | undefined = result.lastJobId;
	await exportJobs(client, {
		out: 'jobs.ndjson',
		filter: isActive,
		onCheckpoint: (progress: ExportProgress) => void progress.bytes,
	});
	// @ts-expect-error json is not an export format
	await exportJobs(client, { out: 'x', format: 'json' });
	// @ts-expect-error out is required
	await exportJobs(client, { format: 'csv' });
	// @ts-expect-error JobType is Import or Export
	const wrong: JobFilter = { type: 'import' };
	const keep: JobPredicate = jobFilter({ canceled: true });
	const text: string = CSV_HEADER + jobsToCsv(jobs.filter(keep));
	try {
		await exportJobs(client, { out: 'x' });
	} catch (error) {
		if (error instanceof ExportCheckpointError) void error.saved;
		else if (error instanceof ExportError) void (error.code satisfies string | undefined);
	}
	void [written, last, wrong, text];
}
