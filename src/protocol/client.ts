import { AwsClient } from 'aws4fetch';
import type { Credentials } from '../transport/credentials.js';
import { AbortError, ImportExportError, describeError } from '../transport/errors.js';
import { abortable } from '../transport/linked-abort.js';
import { sendRequest } from '../transport/http.js';
import { withRetries } from '../transport/retry.js';
import { RetryQuota } from '../transport/retry-policy.js';
import { AdaptiveRateLimiter } from '../transport/rate-limiter.js';
import { CallTrace, joinSinks, type AttemptSink } from './attempt-events.js';
import { registerLogger } from '../observe/logger.js';
import { AttemptWatch, type CallState } from './attempt-watch.js';
import { SkewedClock, unretriedSkew } from './clock-skew.js';
import { VERSION } from '../version.js';
import { resolveClientOptions, type ImportExportClientOptions, type ResolvedClientOptions } from './client-options.js';
import { redactor, scrubError, type Redact } from './redact.js';
import { CONTENT_TYPE, OPERATION, parseListJobsBody, serializeListJobs, throwIfServiceError, type DeserializeContext, type ListJobsOutput } from './list-jobs.js';
import type { HttpResponse } from '../transport/http.js';
import type { ListJobsInput } from './schemas.js';

export interface CallOptions {
	/** Aborts the call: the in-flight request and any backoff wait end at once. */
	signal?: AbortSignal | undefined;
	/**
	 * Called with the raw XML of a successful response before it is parsed and validated;
	 * parsing waits for the promise it may return. The paginators use it to put the next
	 * request on the wire before this page is parsed.
	 */
	onRawBody?: ((body: string) => void | Promise<void>) | undefined;
	/** Called as each attempt's signed request is handed to `fetch`. */
	onSend?: (() => void) | undefined;
	/** @internal A listing's own watcher of this call's attempts (tracing, receipt), beside the client's hooks and logger. */
	observe?: AttemptSink | undefined;
}

export interface ResponseMetadata {
	httpStatusCode: number;
	requestId: string | undefined;
	/** Attempts made, the first included. */
	attempts: number;
	/** Time spent waiting between attempts, in milliseconds. */
	totalRetryDelayMs: number;
	/** True when an attempt was refused for a skewed clock, the offset was corrected and the request retried. */
	clockSkewCorrected: boolean;
	/** The client's clock offset (server minus local, ms) when the call ended: what its next requests are signed with; 0 when the clocks agree. */
	clockOffsetMs: number;
}

export interface ListJobsResponse extends ListJobsOutput {
	$metadata: ResponseMetadata;
}

// SigV4 scope from the service's endpoint rule set; aws4fetch would guess `importexport` from the host.
const SIGNING = { service: 'IngestionService', region: 'us-east-1' } as const;

/**
 * A client for the AWS Import/Export API. One instance holds one retry quota, so share
 * it across the calls of one application.
 */
export class ImportExportClient {
	/** Where requests go, normalised. */
	readonly endpoint: string;
	readonly #options: ResolvedClientOptions;
	readonly #quota: RetryQuota;
	readonly #clock: SkewedClock;
	readonly #limiter: AdaptiveRateLimiter | undefined;
	readonly #userAgent: string;
	#signer: { credentials: Credentials; client: AwsClient } | undefined;

	constructor(options: ImportExportClientOptions = {}) {
		this.#options = resolveClientOptions(options);
		this.endpoint = this.#options.endpoint.href;
		this.#quota = new RetryQuota(this.#options.retry.quota);
		this.#clock = new SkewedClock(this.#options.now);
		const { now } = this.#options;
		this.#limiter = this.#options.retry.mode === 'adaptive' ? new AdaptiveRateLimiter({ now: () => now().getTime(), sleep: this.#options.retry.sleep }) : undefined;
		this.#userAgent = `importexport-jobs/${VERSION}${this.#options.userAgent === undefined ? '' : ` ${this.#options.userAgent}`}`;
		if (this.#options.logger !== undefined) registerLogger(this, this.#options.logger);
	}

	/** Retry tokens left in this client's quota. */
	get retryQuotaAvailable(): number {
		return this.#quota.available;
	}

	/** Server time minus local time, in milliseconds, learnt when a request was refused for a skewed clock; requests are signed with it. */
	get clockOffsetMs(): number {
		return this.#clock.offsetMs;
	}

	/**
	 * Calls `ListJobs` once (retrying throttled and transient failures): one page of jobs.
	 * To list every job, use `paginateListJobs`.
	 */
	async listJobs(input: ListJobsInput = {}, options: CallOptions = {}): Promise<ListJobsResponse> {
		const body = serializeListJobs(input);
		const marker = typeof input.Marker === 'string' ? input.Marker : undefined;
		const { signal } = options;
		const sink = options.observe === undefined ? this.#options.sink : joinSinks(this.#options.sink, options.observe);
		const trace = sink === undefined ? undefined : new CallTrace(sink);
		const call: CallState = { trace, skewCorrected: false };
		const retry = trace === undefined ? this.#options.retry : { ...this.#options.retry, onRetry: retryHook(trace, this.#options.retry.onRetry) };
		try {
			// Only the exchange is retried: a 2xx body that cannot be read is not worth asking again.
			const { value, attempts, totalDelayMs } = await withRetries(
				(attempt) => this.#attempt(body, marker, attempt, signal, options.onSend, call),
				retry,
				this.#quota,
				signal,
			);
			const { response, context } = value;
			const early = options.onRawBody?.(response.body);
			if (early !== undefined) await abortable(early, signal, () => aborted(signal));
			const output = parseListJobsBody(response, context);
			return { ...output, $metadata: { httpStatusCode: response.status, requestId: output.RequestId, attempts, totalRetryDelayMs: totalDelayMs, clockSkewCorrected: call.skewCorrected, clockOffsetMs: this.#clock.offsetMs } };
		} catch (error) {
			trace?.finished();
			if (error instanceof ImportExportError) throw unretriedSkew(error);
			// p-retry rejects with the signal's bare reason when an abort lands between attempts.
			if (signal?.aborted) throw aborted(signal);
			// A hook or injected function of the caller's threw (onRetry, sleep, now…): keep it typed.
			throw new ImportExportError(`${OPERATION} failed: ${describeError(error)}`, { operation: OPERATION, cause: error });
		}
	}

	async #attempt(body: string, marker: string | undefined, attempt: number, signal: AbortSignal | undefined, onSend: (() => void) | undefined, call: CallState): Promise<{ response: HttpResponse; context: DeserializeContext }> {
		// Adaptive mode: every attempt first takes a send token.
		if (this.#limiter !== undefined) await this.#limiter.acquire(signal);
		// A provider that hangs (STS, IMDS) must not outlive an abort.
		const credentials = await abortable(Promise.resolve(this.#options.credentials()), signal, () => aborted(signal));
		if (signal?.aborted) throw aborted(signal);
		// Whatever fails from here on (signing, a header refused, fetch, the server's answer) is scrubbed
		// before the retry layer, a hook or the caller sees it.
		const redact = redactor(credentials);
		return this.#exchange(credentials, redact, body, marker, attempt, signal, onSend, call).catch((error: unknown) => {
			throw scrubError(error, redact);
		});
	}

	async #exchange(credentials: Credentials, redact: Redact, body: string, marker: string | undefined, attempt: number, signal: AbortSignal | undefined, onSend: (() => void) | undefined, call: CallState): Promise<{ response: HttpResponse; context: DeserializeContext }> {
		const url = this.#options.endpoint.href;
		const signed = await this.#signerFor(credentials).sign(url, {
			method: 'POST',
			headers: { 'content-type': CONTENT_TYPE },
			body,
			// Sign content-type too, as botocore does; aws4fetch leaves it out unless told.
			aws: { datetime: amzDate(this.#clock.now()), allHeaders: true },
		});
		const headers = new Headers(signed.headers);
		// Unsigned, so they can differ between attempts: the same names AWS SDK v3 sends.
		headers.set('user-agent', this.#userAgent);
		headers.set('amz-sdk-request', `attempt=${attempt}; max=${this.#options.retry.maxAttempts}`);
		onSend?.();
		const watch = new AttemptWatch({ clock: this.#clock, limiter: this.#limiter }, call, { operation: OPERATION, method: 'POST', url, attempt, marker }, redact);
		const response = await sendRequest(url, { method: 'POST', headers, body }, {
			fetch: this.#options.fetch,
			operation: OPERATION,
			timeoutMs: this.#options.timeoutMs,
			maxResponseBytes: this.#options.maxResponseBytes,
			signal,
		}).catch((error: unknown) => {
			throw watch.failed(error);
		});
		const context: DeserializeContext = { marker, now: this.#clock.now().getTime(), redact };
		try {
			throwIfServiceError(response, context);
		} catch (error) {
			throw watch.failed(error, response);
		}
		watch.succeeded(response);
		return { response, context };
	}

	#signerFor(credentials: Credentials): AwsClient {
		const cached = this.#signer;
		if (
			cached !== undefined &&
			cached.credentials.accessKeyId === credentials.accessKeyId &&
			cached.credentials.secretAccessKey === credentials.secretAccessKey &&
			cached.credentials.sessionToken === credentials.sessionToken
		) {
			return cached.client;
		}
		const client = new AwsClient({
			accessKeyId: credentials.accessKeyId,
			secretAccessKey: credentials.secretAccessKey,
			...(credentials.sessionToken === undefined ? {} : { sessionToken: credentials.sessionToken }),
			...SIGNING,
			// p-retry is the only retry layer: aws4fetch's own would multiply attempts.
			retries: 0,
		});
		this.#signer = { credentials, client };
		return client;
	}
}

function retryHook(trace: CallTrace, onRetry: ResolvedClientOptions['retry']['onRetry']): NonNullable<ResolvedClientOptions['retry']['onRetry']> {
	return (event) => {
		trace.retrying(event);
		onRetry?.(event);
	};
}

function aborted(signal: AbortSignal | undefined): AbortError {
	return new AbortError(`${OPERATION} aborted.`, { operation: OPERATION, cause: signal?.reason });
}

/** `YYYYMMDDTHHMMSSZ`, the form SigV4's X-Amz-Date takes. */
export function amzDate(date: Date): string {
	return date.toISOString().replace(/[:-]|\.\d{3}/g, '');
}
