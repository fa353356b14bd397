import type { OutStream } from './io.js';
import { count, plural, type ListingStats } from './stats.js';

export interface Progress {
	/** Redraws the line if enough time has passed since the last time. */
	update(): void;
	/** Erases the line, so that what follows starts on a clean one. */
	clear(): void;
}

const NONE: Progress = { update() {}, clear() {} };
// Redrawing on every page of a fast listing would cost more than the listing.
const INTERVAL_MS = 100;
const CLEAR_LINE = '\r\u001b[2K';

export interface ProgressOptions {
	/**
	 * Where the results go while the line is drawn. When it is a terminal too, nothing is drawn:
	 * on one screen, the line would land in the middle of the rows.
	 */
	stdout?: OutStream | undefined;
	/** @default () => performance.now() */
	now?: () => number;
}

/**
 * A one-line progress display on stderr, redrawn in place: only when stderr is a terminal
 * and the results are redirected, so that logs and pipes get the summary alone.
 */
export function createProgress(
	stream: OutStream,
	stats: ListingStats,
	{ stdout, now = () => performance.now() }: ProgressOptions = {},
): Progress {
	if (stream.isTTY !== true || stdout?.isTTY === true) return NONE;
	let last = Number.NEGATIVE_INFINITY;
	let drawn = false;
	return {
		update() {
			const t = now();
			if (t - last < INTERVAL_MS) return;
			last = t;
			drawn = true;
			stream.write(`${CLEAR_LINE}${fit(progressLine(stats), stream.columns)}`);
		},
		clear() {
			if (drawn) stream.write(CLEAR_LINE);
			drawn = false;
		},
	};
}

/** `listing: 12 pages, 12,000 jobs, 45,210 jobs/s, 1 retry (last: Throttling, waited 412 ms)`. */
export function progressLine(stats: ListingStats): string {
	const parts = [
		`listing: ${plural(stats.pages, 'page')}`,
		plural(stats.jobs, 'job'),
		`${count(Math.round(stats.jobsPerSecond))} jobs/s`,
	];
	if (stats.retries > 0) {
		const last = stats.lastRetry;
		parts.push(
			`${plural(stats.retries, 'retry', 'retries')}${last === undefined ? '' : ` (last: ${last.reason}, waited ${count(last.delayMs)} ms)`}`,
		);
	}
	return parts.join(', ');
}

// A line longer than the terminal wraps, and `\r` then only redraws its last part.
function fit(line: string, columns: number | undefined): string {
	if (columns === undefined || columns < 10 || line.length < columns) return line;
	return `${line.slice(0, columns - 2)}…`;
}
