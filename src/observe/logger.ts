import type { AttemptSink, ResponseEvent } from '../protocol/attempt-events.js';
import { ClockSkewError } from '../protocol/clock-skew.js';
import type { Redact } from '../protocol/redact.js';

/**
 * The logger shape the AWS SDK for JavaScript v3 takes: `console`, pino, winston and bunyan
 * fit as they are. A level that is missing is skipped.
 */
export interface Logger {
	debug?: ((...content: unknown[]) => void) | undefined;
	info?: ((...content: unknown[]) => void) | undefined;
	warn?: ((...content: unknown[]) => void) | undefined;
	error?: ((...content: unknown[]) => void) | undefined;
}

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
type Level = (typeof LEVELS)[number];

export function checkLogger(logger: unknown): void {
	if (logger === undefined) return;
	const ok =
		typeof logger === 'object' &&
		logger !== null &&
		LEVELS.some((level) => typeof (logger as Record<string, unknown>)[level] === 'function');
	if (!ok)
		throw new TypeError(
			'Expected `logger` to be an object with debug, info, warn or error methods (console, pino…).',
		);
}

/** One line at `level`, every string scrubbed; a throwing logger never breaks the listing. */
export function log(logger: Logger, level: Level, line: string, redact: Redact | undefined): void {
	const method = logger[level];
	if (typeof method !== 'function') return;
	try {
		method.call(logger, redact === undefined ? line : redact(line));
	} catch {
		// Logging is best effort.
	}
}

// The loggers of the clients, for the paginators: a listing logs one line through its client's logger.
const loggers = new WeakMap<object, Logger | undefined>();

/** A client without a logger is registered too, as having none. */
export function registerLogger(client: object, logger: Logger | undefined): void {
	loggers.set(client, logger);
}

export function loggerOf(client: object): Logger | undefined {
	return loggers.get(client);
}

/**
 * Per attempt: debug when it ends; warn when it is retried (and when the clock was corrected);
 * error when the call fails for good. Built from scrubbed events, and scrubbed once more.
 */
export function loggingSink(logger: Logger): AttemptSink {
	return {
		onResponse: (event, redact) => {
			log(logger, 'debug', `importexport-jobs: ${describeAttempt(event)}`, redact);
			const { decision, error } = event;
			if (decision.action === 'retry') {
				const what =
					error instanceof ClockSkewError
						? `clock corrected by ${error.clockOffsetMs} ms`
						: describeError(error);
				log(
					logger,
					'warn',
					`importexport-jobs: ${event.operation} attempt ${event.attempt} failed (${what}); retrying in ${Math.round(decision.delayMs)} ms`,
					redact,
				);
			} else if (decision.action === 'fail') {
				log(
					logger,
					'error',
					`importexport-jobs: ${event.operation} failed after ${event.attempt} attempt${event.attempt === 1 ? '' : 's'}: ${describeError(error)}${event.requestId === undefined ? '' : ` (request id ${event.requestId})`}`,
					redact,
				);
			}
		},
	};
}

function describeAttempt(event: ResponseEvent): string {
	const marker =
		event.marker === undefined ? 'first page' : `marker ${JSON.stringify(event.marker)}`;
	const status = event.status === undefined ? 'no response' : `HTTP ${event.status}`;
	const id = event.requestId === undefined ? '' : `, request id ${event.requestId}`;
	const failure = event.error === undefined ? '' : `, ${describeError(event.error)}`;
	return `${event.operation} attempt ${event.attempt} (${marker}): ${status}${id}, ${event.durationMs.toFixed(1)} ms${failure}; ${event.decision.action}`;
}

function describeError(error: Error | undefined): string {
	return error === undefined ? 'unknown error' : `${error.name}: ${error.message}`;
}
