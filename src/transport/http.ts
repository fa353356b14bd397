import {
	AbortError,
	ImportExportError,
	NetworkError,
	TimeoutError,
	describeError,
} from './errors.js';
import { decodeBody } from './charset.js';
import { abortable } from './linked-abort.js';
import { isRedirect, redirectError } from './redirect.js';

export type FetchFunction = (
	input: string | URL | Request,
	init?: RequestInit,
) => Promise<Response>;

/** The response body grew past `maxResponseBytes`; the read stopped there. Not retried. */
export class ResponseTooLargeError extends ImportExportError {
	override name = 'ResponseTooLargeError' as const;
	readonly limitBytes: number;
	readonly statusCode: number;

	constructor(
		message: string,
		options: { operation: string; limitBytes: number; statusCode: number },
	) {
		super(message, { operation: options.operation });
		this.limitBytes = options.limitBytes;
		this.statusCode = options.statusCode;
	}
}

export interface HttpResponse {
	status: number;
	headers: Headers;
	body: string;
}

export interface SendOptions {
	fetch: FetchFunction;
	operation: string;
	timeoutMs: number;
	maxResponseBytes: number;
	signal: AbortSignal | undefined;
}

/**
 * One HTTP attempt: sends, reads the whole body within the size limit and the
 * per-attempt timeout, and turns every failure into a typed error. The timeout and
 * the caller's signal both abort the socket, so nothing is left running.
 */
export async function sendRequest(
	url: string,
	init: RequestInit,
	options: SendOptions,
): Promise<HttpResponse> {
	const { operation, signal, timeoutMs } = options;
	const what = `${operation} ${init.method ?? 'GET'} ${url}`;
	if (signal?.aborted)
		throw new AbortError(`${what} aborted before it was sent.`, {
			operation,
			cause: signal.reason,
		});

	const controller = new AbortController();
	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		controller.abort();
	}, timeoutMs);
	const onAbort = (): void => controller.abort();
	// Removed in `finally`, whatever happens: no `once` needed.
	signal?.addEventListener('abort', onAbort);
	const failure = (error: unknown, stage: string): ImportExportError => {
		if (error instanceof ImportExportError) return error;
		if (timedOut)
			return new TimeoutError(`${what} timed out after ${timeoutMs} ms ${stage}.`, {
				operation,
				timeoutMs,
				cause: error,
			});
		if (signal?.aborted)
			return new AbortError(`${what} aborted ${stage}.`, { operation, cause: signal.reason });
		// Not a NetworkError: fetch refuses the port itself, every time, so it is not retried.
		if (isBadPort(error))
			return new ImportExportError(
				`${what} was refused by fetch: the port is one fetch never connects to ("bad port"); use another port.`,
				{ operation, cause: error },
			);
		return new NetworkError(`${what} failed ${stage}: ${describeError(causeOf(error))}.`, {
			operation,
			cause: error,
		});
	};

	try {
		// Raced with the signal too: an injected fetch that ignores it must not outlive the timeout.
		let response: Response;
		try {
			// Never followed: a signed request must not go to another host, scheme or method.
			response = await abortable(
				options.fetch(url, { ...init, redirect: 'manual', signal: controller.signal }),
				controller.signal,
			);
		} catch (error) {
			throw failure(error, 'before a response arrived');
		}
		if (isRedirect(response)) {
			await response.body?.cancel().catch(() => {});
			throw redirectError(response, url, what, operation);
		}
		try {
			const body = await abortable(
				readBody(response, options.maxResponseBytes, what, operation),
				controller.signal,
			);
			return { status: response.status, headers: response.headers, body };
		} catch (error) {
			throw failure(error, `while reading the HTTP ${response.status} response body`);
		}
	} finally {
		clearTimeout(timer);
		signal?.removeEventListener('abort', onAbort);
	}
}

// undici wraps socket errors as `TypeError: fetch failed` with the useful part in `cause`.
function causeOf(error: unknown): unknown {
	if (error instanceof TypeError && error.cause !== undefined) return error.cause;
	return error;
}

// The Fetch standard blocks some ports (1, 22, 25, 6000…); undici says so as `bad port`.
function isBadPort(error: unknown): boolean {
	const cause = causeOf(error);
	return cause instanceof Error && cause.message === 'bad port';
}

async function readBody(
	response: Response,
	limit: number,
	what: string,
	operation: string,
): Promise<string> {
	const tooLarge = (): ResponseTooLargeError =>
		new ResponseTooLargeError(
			`${what}: the HTTP ${response.status} response body is larger than the ${limit}-byte limit (maxResponseBytes); the read was stopped.`,
			{ operation, limitBytes: limit, statusCode: response.status },
		);
	const length = response.headers.get('content-length');
	const declared = length === null ? Number.NaN : Number(length);
	if (declared > limit) {
		await response.body?.cancel().catch(() => {});
		throw tooLarge();
	}
	// A declared length within the limit is enforced by the HTTP stack itself: one native read.
	// Not for a compressed body: the length is the compressed one, and fetch inflates it.
	const encoding = response.headers.get('content-encoding');
	// Bytes, then decoded per the declared charset: `text()` would read every body as UTF-8.
	const decode = (bytes: Uint8Array): string =>
		decodeBody(bytes, response.headers.get('content-type'), {
			operation,
			what,
			statusCode: response.status,
			strict: response.ok,
		});
	if (declared >= 0 && (encoding === null || encoding === 'identity'))
		return decode(new Uint8Array(await response.arrayBuffer()));
	if (response.body === null) return '';
	const reader = response.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > limit) {
			await reader.cancel().catch(() => {});
			throw tooLarge();
		}
		chunks.push(value);
	}
	// eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the length is checked
	if (chunks.length === 1) return decode(chunks[0]!);
	const all = new Uint8Array(size);
	let offset = 0;
	for (const chunk of chunks) {
		all.set(chunk, offset);
		offset += chunk.byteLength;
	}
	return decode(all);
}
