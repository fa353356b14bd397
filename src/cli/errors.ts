import { ImportExportError, ServiceError } from '../index.js';
import { escapeControls, shellQuote } from './escape.js';
import type { OutStream } from './io.js';
import { count, plural } from './stats.js';

interface ErrorFacts {
	code?: unknown;
	statusCode?: unknown;
	requestId?: unknown;
	attempts?: unknown;
}

const MAX_MESSAGE = 400;

/** What reached stdout, for the resume hint of a listing whose output fell short. */
export interface WrittenJobs {
	count: number;
	/** The last job written, else the --starting-marker given. */
	resumeMarker: string | undefined;
}

export interface ErrorLineOptions {
	/** Offer `--starting-marker` (only `list` takes it). @default true */
	resumable?: boolean;
	written?: WrittenJobs | undefined;
}

/**
 * The one line a failure is reported in:
 * `ServiceError: We encountered an internal error. (code InternalFailure, HTTP 500, request id 7f…, 3 attempts); 2,000 jobs listed; resume with --starting-marker=ABC12`.
 * Library errors hold no secret (the client redacts the server's text), and nothing
 * else (environment, headers) is printed. Server text has its control characters escaped, and
 * the hint is a command safe to paste: the marker shell-quoted, joined to its flag by `=` so
 * that a JobId such as `-h` stays a value.
 */
export function errorLine(
	error: unknown,
	{ resumable = true, written }: ErrorLineOptions = {},
): string {
	if (!(error instanceof Error)) return `Error: ${oneLine(String(error))}`;
	const facts = error as Error & ErrorFacts;
	// A ServiceError's message repeats code, status and request id: use the service's own words.
	const message =
		error instanceof ServiceError ? error.serviceMessage || error.message : error.message;
	const details: string[] = [];
	if (typeof facts.code === 'string') details.push(`code ${facts.code}`);
	if (typeof facts.statusCode === 'number') details.push(`HTTP ${facts.statusCode}`);
	if (typeof facts.requestId === 'string' && !message.includes(facts.requestId))
		details.push(`request id ${facts.requestId}`);
	if (typeof facts.attempts === 'number' && facts.attempts > 1)
		details.push(`${facts.attempts} attempts`);
	// The details and the resume hint follow in the same sentence.
	let line = `${error.name}: ${oneLine(message).replace(/\.$/, '')}`;
	if (details.length > 0) line += ` (${oneLine(details.join(', '))})`;
	let marker: string | undefined;
	if (error instanceof ImportExportError && error.jobsYielded !== undefined) {
		line += `; ${plural(error.jobsYielded, 'job')} listed`;
		// Stopped before stdout took them all (a reader that stopped reading): resume after the last it did take.
		const short = written !== undefined && written.count < error.jobsYielded;
		if (short) line += `, ${count(written.count)} written`;
		marker = short ? written.resumeMarker : resumeMarker(error);
	} else if (written !== undefined) {
		// stdout itself failed (EIO, ENOSPC): what reached it is where to resume from.
		line += `; ${plural(written.count, 'job')} written`;
		marker = written.resumeMarker;
	}
	if (resumable && marker !== undefined)
		line += `; resume with --starting-marker=${shellQuote(marker)}`;
	return line;
}

/**
 * The marker to give back, when resuming from it can work: a request the service refused
 * for what it asked (an unknown marker, say) before any job was listed would only fail again.
 */
function resumeMarker(error: ImportExportError): string | undefined {
	if (error.resumeMarker === undefined) return undefined;
	const refused =
		error instanceof ServiceError &&
		!error.retryable &&
		error.statusCode >= 400 &&
		error.statusCode < 500;
	if (refused && error.jobsYielded === 0) return undefined;
	return error.resumeMarker;
}

/** `--debug`: the stack, then each cause's, so the whole chain is visible. */
export function debugReport(error: unknown): string {
	const lines: string[] = [];
	let current: unknown = error;
	for (let depth = 0; current !== undefined && depth < 10; depth++) {
		// eslint-disable-next-line @typescript-eslint/no-base-to-string -- a thrown non-Error, as it is
		const text = current instanceof Error ? debugText(current) : escapeControls(String(current));
		lines.push(depth === 0 ? text : `caused by: ${text}`);
		current = current instanceof Error ? current.cause : undefined;
	}
	return `${lines.join('\n')}\n`;
}

// The stack, its frames one a line, with the message (server text) escaped like any other.
function debugText(error: Error): string {
	const stack = error.stack ?? '';
	// The stack opens with the message (under the name the error had when it was built).
	const at = error.message === '' ? -1 : stack.indexOf(error.message);
	const frames =
		at === -1
			? stack.slice(stack.includes('\n') ? stack.indexOf('\n') : stack.length)
			: stack.slice(at + error.message.length);
	return `${error.name}: ${escapeControls(error.message)}${frames.split('\n').map(escapeControls).join('\n')}`;
}

// Text from a server can hold newlines or terminal escapes: one line, escaped, bounded.
function oneLine(text: string): string {
	const flat = escapeControls(text.trim()).replace(/ {2,}/g, ' ');
	return flat.length > MAX_MESSAGE ? `${flat.slice(0, MAX_MESSAGE - 1)}…` : flat;
}

/**
 * Reports a failure on stderr: the one line, then with `--debug` the stacks. Only `list`
 * takes --starting-marker, so only its line offers one.
 */
export function reportFailure(
	stderr: OutStream,
	command: string,
	error: unknown,
	debug: boolean,
	written?: WrittenJobs,
): void {
	stderr.write(
		`importexport-jobs ${command}: ${errorLine(error, { resumable: command === 'list', written })}\n`,
	);
	if (debug) stderr.write(debugReport(error));
}
