import { credentialProvider, type CachedCredentials } from '../transport/credential-cache.js';
import { readEnv, type CredentialProvider, type Credentials } from '../transport/credentials.js';
import type { FetchFunction } from '../transport/http.js';
import type { ResolvedRetryOptions, RetryOptions } from '../transport/retry-policy.js';
import { resolveRetryMode } from '../transport/retry-mode.js';
import { sleep } from '../transport/sleep.js';
import { joinSinks, type AttemptHooks, type AttemptSink } from './attempt-events.js';
import { checkLogger, loggingSink, type Logger } from '../observe/logger.js';

export const DEFAULT_ENDPOINT = 'https://importexport.amazonaws.com';
// A real full page (1,000 jobs) is about 150 KB: 4 MiB leaves a wide margin and parses in well under a second.
export const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

export interface ImportExportClientOptions {
	/**
	 * Static credentials, or a provider shaped like the AWS SDK's (`fromIni()`, `fromSSO()`…),
	 * called once and again only shortly before the `expiration` of what it gave.
	 * @default core: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN; Node: the AWS credential chain
	 * @example credentials: { accessKeyId: 'AKID', secretAccessKey: '…' }
	 */
	credentials?: Credentials | CredentialProvider | undefined;
	/**
	 * Longest wait for one call of the credentials provider, in milliseconds; past it the
	 * attempt fails with a CredentialsError, retried as a timeout.
	 * @default timeoutMs
	 */
	credentialsTimeoutMs?: number | undefined;
	/**
	 * Where requests go.
	 * @default AWS_ENDPOINT_URL_IMPORTEXPORT, else AWS_ENDPOINT_URL, else https://importexport.amazonaws.com
	 * @example endpoint: 'http://127.0.0.1:4566'
	 */
	endpoint?: string | URL | undefined;
	/**
	 * The fetch implementation.
	 * @default globalThis.fetch
	 */
	fetch?: FetchFunction | undefined;
	/**
	 * Time allowed for one attempt, body included, in milliseconds.
	 * @default 30000
	 */
	timeoutMs?: number | undefined;
	/**
	 * Largest response body read, in bytes; a larger one fails with ResponseTooLargeError.
	 * Bounds the memory a response takes and the time its parsing holds the event loop
	 * (neither a timeout nor an abort can act during a parse). A full page of 1,000 jobs
	 * is about 150 KB.
	 * @default 4194304 (4 MiB)
	 */
	maxResponseBytes?: number | undefined;
	/** Retry policy: AWS standard mode. */
	retry?: RetryOptions | undefined;
	/**
	 * Appended to the User-Agent header.
	 * @example userAgent: 'my-app/1.2'
	 */
	userAgent?: string | undefined;
	/**
	 * The clock used to sign requests.
	 * @default () => new Date()
	 */
	now?: (() => Date) | undefined;
	/**
	 * Called as each attempt is handed to `fetch`: operation, method, URL, attempt (1 for the
	 * first), marker. Synchronous; not called at all when unset.
	 * @example onRequest: ({ attempt, marker }) => console.error(`> ListJobs attempt ${attempt} after ${marker ?? 'start'}`)
	 */
	onRequest?: AttemptHooks['onRequest'];
	/**
	 * Called exactly once for every attempt that was sent, when it ends, whatever the outcome
	 * (success, error response, timeout, network error, abort): the request's fields plus
	 * `status`, `requestId`, `durationMs`, `bytes`, `error` and the retry `decision`
	 * (`success`, `retry` with its `delayMs`, or `fail`). A failed attempt is reported once the
	 * retry layer has decided. Text from the server is scrubbed of secrets.
	 * @example onResponse: (e) => metrics.observe('listjobs_ms', e.durationMs, { status: String(e.status ?? 'none') })
	 */
	onResponse?: AttemptHooks['onResponse'];
	/**
	 * Where the client logs, in the AWS SDK v3 shape (`debug`, `info`, `warn`, `error`; missing
	 * levels are skipped): `console`, pino, winston fit. debug: every attempt as it ends; info: one
	 * line per listing; warn: a retry, a corrected clock; error: a call or a listing that failed.
	 * Nothing secret is ever logged.
	 * @default no logging
	 * @example logger: pino({ level: 'warn' })
	 */
	logger?: Logger | undefined;
}

export interface ResolvedClientOptions {
	credentials: CachedCredentials;
	endpoint: URL;
	fetch: FetchFunction;
	timeoutMs: number;
	maxResponseBytes: number;
	retry: ResolvedRetryOptions;
	userAgent: string | undefined;
	now: () => Date;
	/** Set only when a hook or a logger is given: no cost otherwise. */
	sink: AttemptSink | undefined;
	logger: Logger | undefined;
}

// setTimeout turns a longer delay into 1 ms: a timeout or a wait above it would misfire.
const MAX_TIMER_MS = 2_147_483_647;

function positive(name: string, value: number | undefined, { integer = false, max = Infinity } = {}): void {
	if (value === undefined) return;
	const ok = typeof value === 'number' && value > 0 && value <= max && Number.isFinite(value) && (!integer || Number.isInteger(value));
	if (!ok) throw new TypeError(`Expected \`${name}\` to be a positive ${integer ? 'integer' : 'number'}${max === Infinity ? '' : ` up to ${max}`}, got ${String(value)}.`);
}

function nonNegative(name: string, value: number | undefined): void {
	if (value === undefined) return;
	if (typeof value !== 'number' || !(value >= 0) || value > MAX_TIMER_MS) throw new TypeError(`Expected \`${name}\` to be a number from 0 to ${MAX_TIMER_MS}, got ${String(value)}.`);
}

const CLIENT_KEYS = new Set(['credentials', 'credentialsTimeoutMs', 'endpoint', 'fetch', 'timeoutMs', 'maxResponseBytes', 'retry', 'userAgent', 'now', 'onRequest', 'onResponse', 'logger']);
const RETRY_KEYS = new Set(['mode', 'maxAttempts', 'baseDelayMs', 'throttlingBaseDelayMs', 'maxDelayMs', 'quota', 'random', 'sleep', 'onRetry']);

function knownKeys(name: string, value: object, known: ReadonlySet<string>): void {
	for (const key of Object.keys(value)) {
		if (!known.has(key)) throw new TypeError(`Unknown ${name} option \`${key}\`; known: ${[...known].join(', ')}.`);
	}
}

function fn(name: string, value: unknown): void {
	if (value !== undefined && typeof value !== 'function') throw new TypeError(`Expected \`${name}\` to be a function, got ${typeof value}.`);
}

function resolveEndpoint(option: string | URL | undefined): URL {
	// The first that is set wins; `source` names it in the error. As in the AWS SDKs, this
	// variable turns the configured endpoints off, not the one given in code.
	const ignored = readEnv('AWS_IGNORE_CONFIGURED_ENDPOINT_URLS')?.toLowerCase() === 'true';
	const configured = (name: string): string | undefined => (ignored ? undefined : readEnv(name));
	const [source, raw] = (
		[
			['`endpoint`', option],
			['AWS_ENDPOINT_URL_IMPORTEXPORT', configured('AWS_ENDPOINT_URL_IMPORTEXPORT')],
			['AWS_ENDPOINT_URL', configured('AWS_ENDPOINT_URL')],
		] as const
	).find(([, value]) => value !== undefined) ?? ['the default endpoint', DEFAULT_ENDPOINT];
	let url: URL;
	try {
		url = new URL(String(raw));
	} catch {
		throw new TypeError(`Expected ${source} to be an absolute http(s) URL, got ${JSON.stringify(String(raw))}.`);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new TypeError(`Expected ${source} to be an http(s) URL, got ${JSON.stringify(url.href)}.`);
	}
	if (url.username !== '' || url.password !== '') throw new TypeError(`Expected ${source} to carry no user name or password.`);
	return url;
}

/** Checks every option once and applies the defaults in one place. */
export function resolveClientOptions(options: ImportExportClientOptions = {}): ResolvedClientOptions {
	if (options === null || typeof options !== 'object') throw new TypeError('Expected the ImportExportClient options to be an object.');
	knownKeys('ImportExportClient', options, CLIENT_KEYS);
	if (options.retry !== undefined && (options.retry === null || typeof options.retry !== 'object')) throw new TypeError('Expected `retry` to be an object of retry options.');
	knownKeys('retry', options.retry ?? {}, RETRY_KEYS);
	const retry = { ...options.retry };
	positive('timeoutMs', options.timeoutMs, { max: MAX_TIMER_MS });
	positive('credentialsTimeoutMs', options.credentialsTimeoutMs, { max: MAX_TIMER_MS });
	positive('maxResponseBytes', options.maxResponseBytes, { integer: true });
	positive('retry.maxAttempts', retry.maxAttempts, { integer: true, max: 100 });
	nonNegative('retry.baseDelayMs', retry.baseDelayMs);
	nonNegative('retry.throttlingBaseDelayMs', retry.throttlingBaseDelayMs);
	nonNegative('retry.maxDelayMs', retry.maxDelayMs);
	if (retry.quota !== undefined && !(typeof retry.quota === 'number' && retry.quota >= 0)) throw new TypeError(`Expected \`retry.quota\` to be a number >= 0, got ${String(retry.quota)}.`);
	fn('fetch', options.fetch);
	fn('now', options.now);
	fn('retry.random', retry.random);
	fn('retry.sleep', retry.sleep);
	fn('retry.onRetry', retry.onRetry);
	fn('onRequest', options.onRequest);
	fn('onResponse', options.onResponse);
	checkLogger(options.logger);
	if (options.userAgent !== undefined && (typeof options.userAgent !== 'string' || /[\r\n]/.test(options.userAgent))) {
		throw new TypeError('Expected `userAgent` to be a single-line string.');
	}
	const globalFetch = (globalThis as { fetch?: FetchFunction }).fetch;
	const fetchFunction = options.fetch ?? globalFetch;
	if (fetchFunction === undefined) throw new TypeError('No `fetch` in this runtime: pass one as the `fetch` option.');

	retry.mode = resolveRetryMode(retry.mode);
	retry.maxAttempts ??= 3;
	retry.baseDelayMs ??= 100;
	retry.throttlingBaseDelayMs ??= 500;
	retry.maxDelayMs ??= 20_000;
	retry.quota ??= 500;
	retry.random ??= Math.random;
	retry.sleep ??= sleep;

	const timeoutMs = options.timeoutMs ?? 30_000;
	const now = options.now ?? (() => new Date());
	return {
		credentials: credentialProvider(options.credentials, { timeoutMs: options.credentialsTimeoutMs ?? timeoutMs, now: () => now().getTime() }),
		endpoint: resolveEndpoint(options.endpoint),
		// Unbound global fetch throws "Illegal invocation" in browsers.
		fetch: options.fetch ?? ((input, init) => globalFetch!(input, init)),
		timeoutMs,
		maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
		retry: retry as ResolvedRetryOptions,
		userAgent: options.userAgent,
		now,
		sink: joinSinks(hooksSink(options), options.logger === undefined ? undefined : loggingSink(options.logger)),
		logger: options.logger,
	};
}

/** The caller's hooks, called with the event alone. */
function hooksSink({ onRequest, onResponse }: ImportExportClientOptions): AttemptSink | undefined {
	if (onRequest === undefined && onResponse === undefined) return undefined;
	return { onRequest, onResponse: onResponse === undefined ? undefined : (event) => onResponse(event) };
}
