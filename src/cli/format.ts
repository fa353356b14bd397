import { jobToNdjson, type Job } from '../index.js';
import type { Format } from './list-args.js';
import type { Output } from './output.js';

/** Writes jobs as they arrive: nothing is held back but the current line. */
export interface JobWriter {
	begin(): Promise<void>;
	write(job: Job): Promise<void>;
	end(): Promise<void>;
}

/**
 * A job a filter left out: no text, but its mark follows the text before it, so that the
 * resume marker moves past it once everything before it has been written.
 */
export function skipJob(out: Output<Job>, job: Job): Promise<void> {
	return out.write('', job);
}

/** Each job's text is written with the job as its mark, so `out.written` counts jobs. */
export function jobWriter(format: Format, out: Output<Job>): JobWriter {
	switch (format) {
		case 'ndjson':
			return ndjsonWriter(out);
		case 'json':
			return jsonWriter(out);
		case 'table':
			return tableWriter(out);
		case 'csv':
			return csvWriter(out);
	}
}

function ndjsonWriter(out: Output<Job>): JobWriter {
	return {
		begin: async () => {},
		write: (job) => out.write(jobToNdjson(job), job),
		end: () => out.flush(),
	};
}

/** A JSON array streamed element by element: `[`, the jobs, `]`. */
function jsonWriter(out: Output<Job>): JobWriter {
	let first = true;
	return {
		begin: () => out.write('['),
		write: (job) => {
			// The NDJSON line is exactly the object wanted, key order and date form included.
			const object = jobToNdjson(job).slice(0, -1);
			const text = first ? `\n  ${object}` : `,\n  ${object}`;
			first = false;
			return out.write(text, job);
		},
		end: async () => {
			await out.write(first ? ']\n' : '\n]\n');
			await out.flush();
		},
	};
}

// Fixed widths so rows can be streamed; AWS job ids are 5 characters, longer ones push the row over.
const COLUMNS = [
	{ title: 'JOB ID', width: 8 },
	{ title: 'CREATED (UTC)', width: 21 },
	{ title: 'TYPE', width: 8 },
	{ title: 'CANCELED', width: 0 },
] as const;

/** The table's header line. */
export function tableHeader(): string {
	return row(COLUMNS.map((column) => column.title));
}

/** One job as a table line. */
export function tableRow(job: Job): string {
	return row([job.JobId, formatDate(job.CreationDate), job.JobType, job.IsCanceled ? 'yes' : 'no']);
}

function row(cells: readonly string[]): string {
	const line = cells.map((cell, i) => printable(cell).padEnd(COLUMNS[i]?.width ?? 0)).join(' ');
	return `${line.trimEnd()}\n`;
}

// A JobId is the server's text: control characters would drive the terminal, not print.
function printable(text: string): string {
	return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

/** `2025-11-28 17:42:11`: ISO 8601 with a space, easier on the eye in a table. */
export function formatDate(date: Date): string {
	return date.toISOString().slice(0, 19).replace('T', ' ');
}

function tableWriter(out: Output<Job>): JobWriter {
	return {
		begin: () => out.write(tableHeader()),
		write: (job) => out.write(tableRow(job), job),
		end: () => out.flush(),
	};
}

/**
 * RFC 4180 through csv-stringify: the header, then one record per job. Loaded when CSV is
 * asked for: the Node entry that holds it also holds the export command's modules.
 */
function csvWriter(out: Output<Job>): JobWriter {
	let csv: Promise<typeof import('../node/index.js')> | undefined;
	const load = (): Promise<typeof import('../node/index.js')> =>
		(csv ??= import('../node/index.js'));
	return {
		begin: async () => out.write((await load()).CSV_HEADER),
		write: async (job) => out.write((await load()).jobToCsv(job), job),
		end: () => out.flush(),
	};
}
