import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import {
	checkJobFilter,
	jobFilter,
	type JobFilter,
	type JobPredicate,
} from '../consumers/filters.js';
import {
	checkPaginateOptions,
	PAGINATE_KEYS,
	resolvePaginateOptions,
	type ListJobsClient,
	type PaginateOptions,
} from '../pagination/options.js';
import {
	checkFunction,
	checkOneOf,
	checkThat,
	isObject,
	optionError,
	type OptionKeys,
} from '../transport/option-check.js';
import { EXPORT_FORMATS, type ExportFormat, type ExportSettings } from './checkpoint.js';
import type { ExportProgress } from './export-errors.js';
import { NODE_FILE_SYSTEM, type ExportFileSystem } from './export-fs.js';

export interface ExportJobsOptions extends PaginateOptions {
	/** The file to write. It appears, complete, only once every job is in it. */
	out: string;
	/**
	 * `ndjson`: one JSON object per line, as `jobToNdjson`. `csv`: RFC 4180 with a header row.
	 * @default 'ndjson'
	 */
	format?: ExportFormat | undefined;
	/**
	 * Which jobs go into the file: a plain filter (`{ type: 'Export', canceled: false }`) or a
	 * predicate. A predicate is recognised between runs by its source text only.
	 */
	filter?: JobFilter | JobPredicate | undefined;
	/** Called after each page is on disk and checkpointed. */
	onCheckpoint?: ((progress: ExportProgress) => void) | undefined;
	/** The file system calls, for tests. @default node:fs/promises */
	fileSystem?: ExportFileSystem | undefined;
}

export interface ExportPaths {
	out: string;
	/** The side file the jobs are written to, renamed to `out` at the end. */
	partial: string;
	checkpoint: string;
}

export interface ResolvedExport {
	paths: ExportPaths;
	settings: ExportSettings;
	keep: JobPredicate | undefined;
	paginate: PaginateOptions;
	onCheckpoint: ((progress: ExportProgress) => void) | undefined;
	fs: ExportFileSystem;
}

const EXPORT_KEYS = {
	...PAGINATE_KEYS,
	out: true,
	format: true,
	filter: true,
	onCheckpoint: true,
	fileSystem: true,
} as const satisfies OptionKeys<ExportJobsOptions>;

/** Checks the options now (a TypeError names the bad one) and derives the files and the settings to fingerprint. */
export function resolveExportOptions(
	client: ListJobsClient,
	options: ExportJobsOptions,
): ResolvedExport {
	checkPaginateOptions('exportJobs', options, EXPORT_KEYS);
	const {
		out,
		format = 'ndjson',
		filter,
		onCheckpoint,
		fileSystem = NODE_FILE_SYSTEM,
		...paginate
	} = options;
	// Required: `undefined` is refused too.
	if (typeof out !== 'string' || out === '') throw optionError('out', 'a non-empty file path', out);
	checkOneOf('format', format, EXPORT_FORMATS);
	checkThat(
		'filter',
		filter,
		typeof filter === 'function' || isObject(filter),
		'a job filter or a predicate',
	);
	checkFunction('onCheckpoint', onCheckpoint);
	checkThat('fileSystem', fileSystem, isObject(fileSystem), 'an object of file system calls');
	const resolved = resolvePaginateOptions(client, paginate);
	const target = resolve(out);
	return {
		paths: { out: target, partial: `${target}.partial`, checkpoint: `${target}.checkpoint.json` },
		settings: {
			format,
			filter: describeFilter(filter),
			startingMarker: resolved.startingMarker ?? null,
			maxItems: resolved.maxItems === Infinity ? null : resolved.maxItems,
			...(resolved.stopAtJobId === undefined ? {} : { stopAtJobId: resolved.stopAtJobId }),
			...(resolved.since === undefined ? {} : { since: resolved.since.toISOString() }),
		},
		keep:
			filter === undefined ? undefined : typeof filter === 'function' ? filter : jobFilter(filter),
		paginate,
		onCheckpoint,
		fs: fileSystem,
	};
}

function describeFilter(filter: JobFilter | JobPredicate | undefined): string | null {
	if (filter === undefined) return null;
	if (typeof filter === 'function')
		return `function sha256:${createHash('sha256').update(String(filter)).digest('hex').slice(0, 16)}`;
	const { type, canceled } = checkJobFilter(filter);
	const parts = [
		type === undefined ? '' : `type=${type}`,
		canceled === undefined ? '' : `canceled=${canceled}`,
	].filter(Boolean);
	return parts.length === 0 ? null : parts.join(',');
}
