import { AwsClient } from 'aws4fetch';
import type { Credentials } from '../transport/credentials.js';
import { AbortError, ImportExportError } from '../transport/errors.js';
import { toImportExportError } from '../transport/error-state.js';
import { abortable } from '../transport/linked-abort.js';
import { sendRequest } from '../transport/http.js';
import { withRetries } from '../transport/retry.js';
import { RetryQuota } from '../transport/retry-policy.js';
import { AdaptiveRateLimiter } from '../transport/rate-limiter.js';
import { CallTrace, joinSinks } from './attempt-events.js';
import { registerLogger } from '../observe/logger.js';
import { AttemptWatch, type CallState } from './attempt-watch.js';
import { SkewedClock, unretriedSkew } from './clock-skew.js';
import { VERSION } from '../version.js';
import {
	resolveClientOptions,
	type ImportExportClientOptions,
	type ResolvedClientOptions,
} from './client-options.js';
import { redactor, scrubError, type Redact } from './redact.js';
import {
	CONTENT_TYPE,
	OPERATION,
	parseListJobsBody,
	serializeListJobs,
	throwIfServiceError,
	type DeserializeContext,
	type ListJobsOutput,
} from './list-jobs.js';
import type { HttpResponse } from '../transport/http.js';
import type { ListJobsInput } from './schemas.js';
import {
	registerExchange,
	type ExchangeHooks,
	type ListJobsExchange,
} from './list-jobs-exchange.js';

export interface CallOptions {
	/** Aborts the call: the in-flight request and any backoff wait end at once. */
	signal?: AbortSignal | undefined;
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
	#options: ResolvedClientOptions;
	#loaded: Promise<void> | undefined;
	readonly #quota: RetryQuota;
	readonly #clock: SkewedClock;
	#limiter: AdaptiveRateLimiter | undefined;
	readonly #userAgent: string;
	#signer: { credentials: Credentials; client: AwsClient } | undefined;

	constructor(options: ImportExportClientOptions = {}) {
		this.#options = resolveClientOptions(options);
		this.#quota = new RetryQuota(this.#options.retry.quota);
		this.#clock = new SkewedClock(this.#options.now);
		this.#limiter = adaptiveLimiter(this.#options);
		this.#userAgent = `importexport-jobs/${VERSION}${this.#options.userAgent === undefined ? '' : ` ${this.#options.userAgent}`}`;
		registerLogger(this, this.#options.logger);
		// eslint-disable-next-line @typescript-eslint/unbound-method -- an identity to compare, never called
		registerExchange(this, ImportExportClient.prototype.listJobs, (input, hooks) =>
			this.#exchange(input, hooks),
		);
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
	// Stryker disable next-line BlockStatement: an empty body returns undefined just the same.
	protected loadOptions(): Promise<ImportExportClientOptions> | undefined {
		return undefined;
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
		const exchange = await this.#exchange(input, { signal: options.signal });
		return exchange.parse();
	}

	/** Sends and reads the body (retrying); parsing is the second step. See list-jobs-exchange.ts. */
	async #exchange(input: ListJobsInput, hooks: ExchangeHooks): Promise<ListJobsExchange> {
		const body = serializeListJobs(input);
		// Validated above: a string or absent; `null` input is taken as none, as the validation takes it.
		// eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- JavaScript callers pass null
		const marker = input?.Marker;
		const { signal } = hooks;
		const sink = joinSinks(this.#options.sink, hooks.observe);
		const trace = sink === undefined ? undefined : new CallTrace(sink);
		const call: CallState = { trace, skewCorrected: false };
		try {
			this.#loaded ??= this.loadOptions()?.then((loaded) => {
				this.#options = resolveClientOptions(loaded);
				// A profile's retry_mode = adaptive is known only now.
				this.#limiter ??= adaptiveLimiter(this.#options);
			});
			if (this.#loaded !== undefined) await abortable(this.#loaded, signal, aborted);
			// Read after the load: a profile's max_attempts applies from the first call on.
			const retry =
				trace === undefined
					? this.#options.retry
					: { ...this.#options.retry, onRetry: retryHook(trace, this.#options.retry.onRetry) };
			// Only the exchange is retried: a 2xx body that cannot be read is not worth asking again.
			const { value, attempts, totalDelayMs } = await withRetries(
				(attempt) => this.#attempt(body, marker, attempt, signal, hooks, call),
				retry,
				this.#quota,
				signal,
			);
			const { response, context } = value;
			const $metadata = {
				httpStatusCode: response.status,
				attempts,
				totalRetryDelayMs: totalDelayMs,
				clockSkewCorrected: call.skewCorrected,
				clockOffsetMs: this.#clock.offsetMs,
			};
			return {
				body: response.body,
				parse: () => {
					// An abort that came after the body was read still stops the call. Checked once: parsing is
					// synchronous, so nothing can abort during it.
					if (signal?.aborted) throw aborted(signal);
					let output: ListJobsOutput;
					try {
						output = parseListJobsBody(response, context);
					} catch (error) {
						throw toImportExportError(error, OPERATION);
					}
					return { ...output, $metadata: { ...$metadata, requestId: output.RequestId } };
				},
			};
		} catch (error) {
			trace?.finished();
			if (error instanceof ImportExportError) throw unretriedSkew(error);
			// p-retry rejects with the signal's bare reason when an abort lands between attempts.
			if (signal?.aborted) throw aborted(signal);
			// A hook or injected function of the caller's threw (onRetry, sleep, now…): keep it typed.
			throw toImportExportError(error, OPERATION);
		}
	}

	async #attempt(
		body: string,
		marker: string | undefined,
		attempt: number,
		signal: AbortSignal | undefined,
		hooks: ExchangeHooks,
		call: CallState,
	): Promise<{ response: HttpResponse; context: DeserializeContext }> {
		// Adaptive mode: every attempt first takes a send token.
		if (this.#limiter !== undefined) await this.#limiter.acquire(signal);
		// A provider that hangs (STS, IMDS) must not outlive an abort.
		const credentials = await abortable(
			Promise.resolve(this.#options.credentials()),
			signal,
			aborted,
		);
		if (signal?.aborted) throw aborted(signal);
		hooks.onCredentials?.();
		// Whatever fails from here on (signing, a header refused, fetch, the server's answer) is scrubbed
		// before the retry layer, a hook or the caller sees it.
		const redact = redactor(credentials);
		return this.#send(credentials, redact, body, marker, attempt, signal, hooks, call).catch(
			(error: unknown) => {
				throw scrubError(error, redact);
			},
		);
	}

	async #send(
		credentials: Credentials,
		redact: Redact,
		body: string,
		marker: string | undefined,
		attempt: number,
		signal: AbortSignal | undefined,
		hooks: ExchangeHooks,
		call: CallState,
	): Promise<{ response: HttpResponse; context: DeserializeContext }> {
		const url = this.#options.endpoint.href;
		const signed = await this.#signerFor(credentials).sign(url, {
			// Stryker disable next-line StringLiteral: aws4fetch signs an empty method as its default, POST for a request with a body.
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
		hooks.onSend?.();
		const watch = new AttemptWatch(
			{ clock: this.#clock, limiter: this.#limiter },
			call,
			{ operation: OPERATION, method: 'POST', url, attempt, marker },
			redact,
		);
		const response = await sendRequest(
			url,
			{ method: 'POST', headers, body },
			{
				fetch: this.#options.fetch,
				operation: OPERATION,
				timeoutMs: this.#options.timeoutMs,
				maxResponseBytes: this.#options.maxResponseBytes,
				signal,
			},
		).catch((error: unknown) => {
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
		// Stryker disable next-line ConditionalExpression: the cache only spares aws4fetch's key derivation; a new signer signs the same.
		if (cached !== undefined && sameKeys(cached.credentials, credentials)) return cached.client;
		const client = new AwsClient({
			accessKeyId: credentials.accessKeyId,
			secretAccessKey: credentials.secretAccessKey,
			// Stryker disable next-line ConditionalExpression: aws4fetch takes an undefined sessionToken as none; the check is for exactOptionalPropertyTypes.
			...(credentials.sessionToken === undefined ? {} : { sessionToken: credentials.sessionToken }),
			...SIGNING,
			// p-retry is the only retry layer: aws4fetch's own would multiply attempts.
			retries: 0,
		});
		this.#signer = { credentials, client };
		return client;
	}
}

// Stryker disable next-line BlockStatement: answering "not the same" only builds a new signer, which signs the same.
function sameKeys(a: Credentials, b: Credentials): boolean {
	return (
		a.accessKeyId === b.accessKeyId &&
		a.secretAccessKey === b.secretAccessKey &&
		a.sessionToken === b.sessionToken
	);
}

function adaptiveLimiter({ retry, now }: ResolvedClientOptions): AdaptiveRateLimiter | undefined {
	return retry.mode === 'adaptive'
		? new AdaptiveRateLimiter({ now: () => now().getTime(), sleep: retry.sleep })
		: undefined;
}

function retryHook(
	trace: CallTrace,
	onRetry: ResolvedClientOptions['retry']['onRetry'],
): NonNullable<ResolvedClientOptions['retry']['onRetry']> {
	return (event) => {
		trace.retrying(event);
		onRetry?.(event);
	};
}

function aborted(signal: AbortSignal): AbortError {
	return new AbortError(`${OPERATION} aborted.`, { operation: OPERATION, cause: signal.reason });
}

/** `YYYYMMDDTHHMMSSZ`, the form SigV4's X-Amz-Date takes. */
export function amzDate(date: Date): string {
	return date.toISOString().replace(/[:-]|\.\d{3}/g, '');
}
