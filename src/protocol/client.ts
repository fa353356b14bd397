import { AwsClient } from 'aws4fetch';
import type { Credentials } from '../transport/credentials.js';
import { AbortError, ImportExportError, describeError } from '../transport/errors.js';
import { abortable } from '../transport/linked-abort.js';
import { sendRequest } from '../transport/http.js';
import { withRetries } from '../transport/retry.js';
import { RetryQuota } from '../transport/retry-policy.js';
import { VERSION } from '../version.js';
import { resolveClientOptions, type ImportExportClientOptions, type ResolvedClientOptions } from './client-options.js';
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
}

export interface ResponseMetadata {
	httpStatusCode: number;
	requestId: string | undefined;
	/** Attempts made, the first included. */
	attempts: number;
	/** Time spent waiting between attempts, in milliseconds. */
	totalRetryDelayMs: number;
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
	#options: ResolvedClientOptions;
	#loaded: Promise<void> | undefined;
	readonly #quota: RetryQuota;
	readonly #userAgent: string;
	#signer: { credentials: Credentials; client: AwsClient } | undefined;

	constructor(options: ImportExportClientOptions = {}) {
		this.#options = resolveClientOptions(options);
		this.#quota = new RetryQuota(this.#options.retry.quota);
		this.#userAgent = `importexport-jobs/${VERSION}${this.#options.userAgent === undefined ? '' : ` ${this.#options.userAgent}`}`;
	}

	/** Where requests go, normalised (in Node, a profile's `endpoint_url` shows from the first request on). */
	get endpoint(): string {
		return this.#options.endpoint.href;
	}

	/**
	 * Options that take I/O to find (the Node entry reads the shared config files here):
	 * awaited once, before the first request, and used in place of the constructor's.
	 * The core has none.
	 */
	protected loadOptions(): Promise<ImportExportClientOptions> | undefined {
		return undefined;
	}

	/** Retry tokens left in this client's quota. */
	get retryQuotaAvailable(): number {
		return this.#quota.available;
	}

	/**
	 * Calls `ListJobs` once (retrying throttled and transient failures): one page of jobs.
	 * To list every job, use `paginateListJobs`.
	 */
	async listJobs(input: ListJobsInput = {}, options: CallOptions = {}): Promise<ListJobsResponse> {
		const body = serializeListJobs(input);
		const marker = typeof input.Marker === 'string' ? input.Marker : undefined;
		const { signal } = options;
		try {
			this.#loaded ??= this.loadOptions()?.then((loaded) => {
				this.#options = resolveClientOptions(loaded);
			});
			if (this.#loaded !== undefined) await abortable(this.#loaded, signal, () => aborted(signal));
			// Only the exchange is retried: a 2xx body that cannot be read is not worth asking again.
			const { value, attempts, totalDelayMs } = await withRetries(
				(attempt) => this.#attempt(body, marker, attempt, signal, options.onSend),
				this.#options.retry,
				this.#quota,
				signal,
			);
			const { response, context } = value;
			const early = options.onRawBody?.(response.body);
			if (early !== undefined) await abortable(early, signal, () => aborted(signal));
			const output = parseListJobsBody(response, context);
			return { ...output, $metadata: { httpStatusCode: response.status, requestId: output.RequestId, attempts, totalRetryDelayMs: totalDelayMs } };
		} catch (error) {
			if (error instanceof ImportExportError) throw error;
			// p-retry rejects with the signal's bare reason when an abort lands between attempts.
			if (signal?.aborted) throw aborted(signal);
			// A hook or injected function of the caller's threw (onRetry, sleep, now…): keep it typed.
			throw new ImportExportError(`${OPERATION} failed: ${describeError(error)}`, { operation: OPERATION, cause: error });
		}
	}

	async #attempt(body: string, marker: string | undefined, attempt: number, signal: AbortSignal | undefined, onSend: (() => void) | undefined): Promise<{ response: HttpResponse; context: DeserializeContext }> {
		// A provider that hangs (STS, IMDS) must not outlive an abort.
		const credentials = await abortable(Promise.resolve(this.#options.credentials()), signal, () => aborted(signal));
		if (signal?.aborted) throw aborted(signal);
		const url = this.#options.endpoint.href;
		const signed = await this.#signerFor(credentials).sign(url, {
			method: 'POST',
			headers: { 'content-type': CONTENT_TYPE },
			body,
			// Sign content-type too, as botocore does; aws4fetch leaves it out unless told.
			aws: { datetime: amzDate(this.#options.now()), allHeaders: true },
		});
		const headers = new Headers(signed.headers);
		// Unsigned, so they can differ between attempts: the same names AWS SDK v3 sends.
		headers.set('user-agent', this.#userAgent);
		headers.set('amz-sdk-request', `attempt=${attempt}; max=${this.#options.retry.maxAttempts}`);
		onSend?.();
		const response = await sendRequest(url, { method: 'POST', headers, body }, {
			fetch: this.#options.fetch,
			operation: OPERATION,
			timeoutMs: this.#options.timeoutMs,
			maxResponseBytes: this.#options.maxResponseBytes,
			signal,
		});
		const context: DeserializeContext = { marker, now: this.#options.now().getTime(), redact: redactor(credentials) };
		throwIfServiceError(response, context);
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

function aborted(signal: AbortSignal | undefined): AbortError {
	return new AbortError(`${OPERATION} aborted.`, { operation: OPERATION, cause: signal?.reason });
}

/** `YYYYMMDDTHHMMSSZ`, the form SigV4's X-Amz-Date takes. */
export function amzDate(date: Date): string {
	return date.toISOString().replace(/[:-]|\.\d{3}/g, '');
}

/**
 * Scrubs what must never reach an error from text a server sent back: the secret key, the
 * session token, and any SigV4 signature (AWS echoes the Authorization header in some
 * IncompleteSignature messages).
 */
function redactor(credentials: Credentials): (text: string) => string {
	const secrets = [credentials.secretAccessKey, credentials.sessionToken].filter((s): s is string => s !== undefined && s.length >= 4);
	return (text) => {
		let out = text;
		for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join('[REDACTED]');
		return out.replace(/AWS4-HMAC-SHA256 [^"<\n]*?Signature=[0-9a-fA-F]{16,}/g, 'AWS4-HMAC-SHA256 [REDACTED]').replace(/(Signature=)[0-9a-fA-F]{16,}/g, '$1[REDACTED]');
	};
}
