import { stringify } from 'csv-stringify/sync';
import type { Job } from '../protocol/schemas.js';

// In the Node entry, not the core: csv-stringify's Node build reads the global `Buffer`.

/** The CSV columns, in wire order. */
export const CSV_COLUMNS = ['JobId', 'CreationDate', 'IsCanceled', 'JobType'] as const;

// RFC 4180: CRLF after every record, fields holding a comma, a quote or a line break quoted.
// `quote_record_delimiter` must be said: once `record_delimiter` is set, csv-stringify would
// otherwise leave a lone `\n` or `\r` unquoted, and a JobId could start a new row.
const OPTIONS = { record_delimiter: 'windows', quote_record_delimiter: true, eof: true } as const;

/** The header record, `JobId,CreationDate,IsCanceled,JobType\r\n`. */
export const CSV_HEADER: string = stringify([CSV_COLUMNS], OPTIONS);

// Strings only: csv-stringify would write a Date as epoch milliseconds and `false` as nothing.
function row(job: Job): string[] {
	return [
		job.JobId,
		job.CreationDate.toISOString(),
		job.IsCanceled ? 'true' : 'false',
		job.JobType,
	];
}

/**
 * Jobs as RFC 4180 CSV records (no header), each ending in CRLF. A JobId holding a comma,
 * a quote or a line break is quoted, so it can never add a row or a column.
 */
export function jobsToCsv(jobs: readonly Job[]): string {
	return stringify(jobs.map(row), OPTIONS);
}

/** One job as one CSV record. */
export function jobToCsv(job: Job): string {
	return jobsToCsv([job]);
}
