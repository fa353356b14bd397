import type { FileHandle } from 'node:fs/promises';
import { jobToNdjson } from '../consumers/ndjson.js';
import { paginateListJobPages } from '../pagination/paginate-pages.js';
import type { ListJobsClient } from '../pagination/options.js';
import type { Job } from '../protocol/schemas.js';
import { ImportExportError } from '../transport/errors.js';
import {
	describeMismatch,
	fingerprintOf,
	readCheckpoint,
	writeCheckpoint,
	type Checkpoint,
	type ExportFormat,
} from './checkpoint.js';
import { CSV_HEADER, jobsToCsv } from './csv.js';
import { ExportCheckpointError, ExportError, type ExportProgress } from './export-errors.js';
import { removeIfPresent, sizeOf, syncDirectory, writeAll } from './export-fs.js';
import {
	resolveExportOptions,
	type ExportJobsOptions,
	type ResolvedExport,
} from './export-options.js';

export interface ExportResult extends ExportProgress {
	/** The file written, as an absolute path. */
	out: string;
	format: ExportFormat;
	/** Jobs this run listed; fewer than `jobsListed` when it resumed a run that was cut short. */
	jobsListedNow: number;
	/** This run continued from a checkpoint. */
	resumed: boolean;
}

/**
 * Exports every job to `out`, complete or not at all. Jobs go to `out.partial`, page by
 * page, each page fsynced and then recorded in `out.checkpoint.json` (replaced atomically).
 * A run that was killed, lost power or failed is finished by running it again with the same
 * options: the side file is cut back to the checkpoint's length and the listing resumes
 * after its JobId. At the end the side file is renamed to `out` in one step; an existing
 * `out` is replaced only then.
 *
 * @example
 * await exportJobs(client, { out: 'jobs.csv', format: 'csv', filter: { canceled: false } });
 */
export async function exportJobs(
	client: ListJobsClient,
	options: ExportJobsOptions,
): Promise<ExportResult> {
	const run = resolveExportOptions(client, options);
	const { paths, settings, fs } = run;
	const step = stepper(run);
	const fingerprint = fingerprintOf(settings);
	const previous = await step('read', paths.checkpoint, () =>
		readCheckpoint(fs, paths.checkpoint, paths.out),
	);
	if (previous !== undefined && previous.fingerprint !== fingerprint) {
		throw new ExportCheckpointError(
			`${paths.checkpoint} belongs to an export with other options: ${describeMismatch(previous.settings, settings)}. Run it again with the same options to finish it, or delete ${paths.checkpoint} and ${paths.partial} to start over.`,
			{ out: paths.out, path: paths.checkpoint, saved: progressOf(previous) },
		);
	}
	const partialSize = await step('read', paths.partial, () => sizeOf(fs, paths.partial));
	if (
		previous?.complete === true &&
		partialSize === undefined &&
		(await step('read', paths.out, () => sizeOf(fs, paths.out))) === previous.bytes
	) {
		// Stopped after the rename, before the checkpoint was removed: the file is in place.
		await step('remove', paths.checkpoint, async () => {
			await fs.unlink(paths.checkpoint);
			await syncDirectory(fs, paths.checkpoint);
		});
		return {
			...progressOf(previous),
			out: paths.out,
			format: settings.format,
			jobsListedNow: 0,
			resumed: true,
		};
	}
	const resumed = previous !== undefined && partialSize !== undefined;
	let state: Checkpoint = resumed
		? previous
		: {
				version: 1,
				fingerprint,
				settings,
				lastJobId: null,
				jobsListed: 0,
				jobsWritten: 0,
				bytes: 0,
				complete: false,
			};
	const handle = resumed ? await reopen(run, state, partialSize) : await create(run, state);
	const startedAt = state.jobsListed;
	try {
		if (!state.complete) {
			const remaining =
				settings.maxItems === null ? Infinity : settings.maxItems - state.jobsListed;
			const pages = paginateListJobPages(client, {
				...run.paginate,
				startingMarker: state.lastJobId ?? settings.startingMarker ?? undefined,
				maxItems: remaining,
			});
			// With nothing left (maxItems reached), the paginator sends nothing.
			for await (const page of pages) {
				const last = page.jobs[page.jobs.length - 1];
				if (last === undefined) continue;
				const kept = run.keep === undefined ? page.jobs : page.jobs.filter(run.keep);
				const data = Buffer.from(render(settings.format, kept));
				if (data.byteLength > 0) {
					await step(
						'write',
						paths.partial,
						async () => {
							await writeAll(handle, data, state.bytes);
							await handle.sync();
						},
						state,
					);
				}
				// Filtered-out jobs advance the checkpoint too: a rerun never lists them again.
				const next: Checkpoint = {
					...state,
					lastJobId: last.JobId,
					jobsListed: state.jobsListed + page.jobs.length,
					jobsWritten: state.jobsWritten + kept.length,
					bytes: state.bytes + data.byteLength,
				};
				await step(
					'write',
					paths.checkpoint,
					() => writeCheckpoint(fs, paths.checkpoint, next),
					state,
				);
				state = next;
				run.onCheckpoint?.(progressOf(state));
			}
			const complete: Checkpoint = { ...state, complete: true };
			await step(
				'write',
				paths.checkpoint,
				() => writeCheckpoint(fs, paths.checkpoint, complete),
				state,
			);
			state = complete;
		}
		await step('close', paths.partial, () => handle.close(), state);
	} catch (error) {
		await handle.close().catch(() => {});
		throw error;
	}
	await step(
		'rename',
		paths.partial,
		async () => {
			await fs.rename(paths.partial, paths.out);
			await syncDirectory(fs, paths.out);
		},
		state,
	);
	await step(
		'remove',
		paths.checkpoint,
		async () => {
			await fs.unlink(paths.checkpoint);
			// Left behind by a run killed while it replaced the checkpoint.
			await removeIfPresent(fs, `${paths.checkpoint}.tmp`);
			await syncDirectory(fs, paths.checkpoint);
		},
		state,
	);
	return {
		...progressOf(state),
		out: paths.out,
		format: settings.format,
		jobsListedNow: state.jobsListed - startedAt,
		resumed,
	};
}

function render(format: ExportFormat, jobs: readonly Job[]): string {
	if (format === 'csv') return jobsToCsv(jobs);
	let text = '';
	for (const job of jobs) text += jobToNdjson(job);
	return text;
}

/** A fresh start: a new side file (the CSV header in it), fsynced, then the first checkpoint. */
async function create(
	{ paths, settings, fs }: ResolvedExport,
	state: Checkpoint,
): Promise<FileHandle> {
	const step = stepper({ paths });
	// A side file with no checkpoint was cut off before its first page: nothing in it to keep.
	// Unlinked rather than truncated, so that a link planted there is never written through.
	await step('remove', paths.partial, () => removeIfPresent(fs, paths.partial));
	const handle = await step('create', paths.partial, () => fs.open(paths.partial, 'wx'));
	try {
		const header = settings.format === 'csv' ? Buffer.from(CSV_HEADER) : undefined;
		if (header !== undefined) {
			await step('write', paths.partial, async () => {
				await writeAll(handle, header, 0);
				await handle.sync();
			});
			state.bytes = header.byteLength;
		}
		// Its directory fsync also makes the side file's own entry durable.
		await step('write', paths.checkpoint, () => writeCheckpoint(fs, paths.checkpoint, state));
	} catch (error) {
		await handle.close().catch(() => {});
		throw error;
	}
	return handle;
}

/** A resume: the side file cut back to what the checkpoint vouches for. */
async function reopen(
	{ paths, fs }: ResolvedExport,
	state: Checkpoint,
	size: number,
): Promise<FileHandle> {
	const step = stepper({ paths });
	if (size < state.bytes) {
		throw new ExportCheckpointError(
			`${paths.partial} holds ${size} bytes but its checkpoint vouches for ${state.bytes}: the side file was changed outside the export. Delete ${paths.checkpoint} and ${paths.partial} to start over.`,
			{ out: paths.out, path: paths.partial, saved: progressOf(state) },
		);
	}
	const handle = await step('open', paths.partial, () => fs.open(paths.partial, 'r+'), state);
	try {
		if (size > state.bytes) {
			await step(
				'truncate',
				paths.partial,
				async () => {
					await handle.truncate(state.bytes);
					await handle.sync();
				},
				state,
			);
		}
	} catch (error) {
		await handle.close().catch(() => {});
		throw error;
	}
	return handle;
}

function progressOf(state: Checkpoint): ExportProgress {
	return {
		lastJobId: state.lastJobId ?? undefined,
		jobsListed: state.jobsListed,
		jobsWritten: state.jobsWritten,
		bytes: state.bytes,
	};
}

type Step = <T>(
	action: string,
	path: string,
	fn: () => Promise<T>,
	saved?: Checkpoint,
) => Promise<T>;

/** Runs one file system step; a failure becomes an ExportError that says what was kept and how to go on. */
function stepper({ paths }: Pick<ResolvedExport, 'paths'>): Step {
	return async (action, path, fn, saved) => {
		try {
			return await fn();
		} catch (error) {
			if (error instanceof ImportExportError) throw error;
			const code = (error as NodeJS.ErrnoException).code;
			const kept =
				saved === undefined
					? `nothing was saved yet`
					: `${saved.jobsWritten} jobs (${saved.jobsListed} listed) are kept in ${paths.partial}; run the same export again to resume after ${saved.lastJobId === null ? 'the start' : `JobId ${JSON.stringify(saved.lastJobId)}`}`;
			throw new ExportError(
				`Export to ${paths.out} failed: cannot ${action} ${path}: ${error instanceof Error ? error.message : String(error)}. ${paths.out} was not changed; ${kept}.`,
				{
					out: paths.out,
					path,
					code: typeof code === 'string' ? code : undefined,
					saved: saved === undefined ? undefined : progressOf(saved),
					cause: error,
				},
			);
		}
	};
}
