import type { ListingReceipt } from '../observe/receipt.js';

/** How a failed attempt may be retried, as AWS's standard retry mode classifies it. */
export type RetryKind = 'throttling' | 'transient' | 'timeout';

export interface ImportExportErrorOptions {
	cause?: unknown;
	operation?: string;
}

/**
 * Base class of every error this library throws.
 *
 * When an error leaves a paginator it also carries the facts needed to resume:
 * `paginateListJobs(client, { startingMarker: error.resumeMarker })` continues with
 * nothing lost and nothing repeated.
 */
export class ImportExportError extends Error {
	override name = 'ImportExportError';
	/** The API operation that was being called, e.g. `ListJobs`. */
	readonly operation: string | undefined;
	/** Set when the attempt that failed may be retried; read by the retry layer. */
	readonly retryKind: RetryKind | undefined;
	/** The JobId of the last job handed to you before the error (or the starting marker); `undefined` means start from the first page. Set by the paginators and consumers. */
	readonly resumeMarker: string | undefined;
	/** Pages handed to you in full before the error: every job of them delivered. Set by the paginators. */
	readonly pagesRead: number | undefined;
	/** Jobs handed to you before the error. Set by the paginators and consumers. */
	readonly jobsYielded: number | undefined;
	/** Attempts made for the request that failed, retries included. Set by the client. */
	readonly attempts: number | undefined;
	/** What the listing did up to the failure, when it was asked for with the `receipt` option. Set by the paginators. */
	declare receipt?: ListingReceipt | undefined;

	constructor(
		message: string,
		options: ImportExportErrorOptions & { retryKind?: RetryKind | undefined } = {},
	) {
		super(message, options.cause === undefined ? undefined : { cause: options.cause });
		this.operation = options.operation;
		this.retryKind = options.retryKind;
		this.resumeMarker = undefined;
		this.pagesRead = undefined;
		this.jobsYielded = undefined;
		this.attempts = undefined;
	}
}

/** The request never got a complete HTTP response: refused or reset connection, DNS failure, a body cut short. Retried as transient. */
export class NetworkError extends ImportExportError {
	override name = 'NetworkError' as const;

	constructor(message: string, options: ImportExportErrorOptions = {}) {
		super(message, { ...options, retryKind: 'transient' });
	}
}

/** One attempt took longer than `timeoutMs`. Retried, at the higher quota cost AWS gives timeouts. */
export class TimeoutError extends ImportExportError {
	override name = 'TimeoutError' as const;
	readonly timeoutMs: number;

	constructor(message: string, options: ImportExportErrorOptions & { timeoutMs: number }) {
		super(message, { ...options, retryKind: 'timeout' });
		this.timeoutMs = options.timeoutMs;
	}
}

/** The caller's `AbortSignal` fired. `cause` is the signal's reason. Never retried. */
export class AbortError extends ImportExportError {
	override name = 'AbortError' as const;
}

/** Describes an unknown thrown value in a message without trusting it to be an Error. */
export function describeError(error: unknown): string {
	if (error instanceof Error) {
		const code = (error as { code?: unknown }).code;
		return typeof code === 'string' ? `${error.message} (${code})` : error.message;
	}
	return String(error);
}
