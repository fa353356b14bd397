import { ImportExportError } from '../transport/errors.js';

/** What an export had saved when it stopped: a rerun resumes from here. */
export interface ExportProgress {
	/** The last JobId listed (written or filtered out); the next run starts after it. */
	lastJobId: string | undefined;
	/** Jobs listed so far, filtered out ones included. */
	jobsListed: number;
	/** Jobs written to the file so far. */
	jobsWritten: number;
	/** Bytes of the file so far, the CSV header included. */
	bytes: number;
}

/**
 * An export could not write its files (a full disk, a read-only directory, an I/O error).
 * The target file was not changed; what was saved stays in the side file, and running the
 * same export again resumes from `saved`.
 */
export class ExportError extends ImportExportError {
	override name = 'ExportError';
	/** The target file of the export. */
	readonly out: string;
	/** The file the failing call was made on. */
	readonly path: string;
	/** The system error code, e.g. `ENOSPC`, `EACCES`, `EROFS`. */
	readonly code: string | undefined;
	/** What the checkpoint holds, when one was written. */
	readonly saved: ExportProgress | undefined;

	constructor(
		message: string,
		details: {
			out: string;
			path: string;
			code?: string | undefined;
			saved?: ExportProgress | undefined;
			cause?: unknown;
		},
	) {
		super(message, { operation: 'export', cause: details.cause });
		this.out = details.out;
		this.path = details.path;
		this.code = details.code;
		this.saved = details.saved;
	}
}

/**
 * The checkpoint beside the target cannot be used: it was written by an export with other
 * options, it is not a checkpoint, or its side file is shorter than it says. Nothing was changed.
 */
export class ExportCheckpointError extends ExportError {
	override name = 'ExportCheckpointError' as const;
}
