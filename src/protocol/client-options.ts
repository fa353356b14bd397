import { credentialProvider, type CachedCredentials } from '../transport/credential-cache.js';
import { readEnv, type CredentialProvider, type Credentials } from '../transport/credentials.js';
import type { FetchFunction } from '../transport/http.js';
import type { ResolvedRetryOptions, RetryOptions } from '../transport/retry-policy.js';
import { resolveRetryMode } from '../transport/retry-mode.js';
import {
	checkFunction,
	checkInteger,
	checkKnownKeys,
	checkNumber,
	checkThat,
	expectedError,
	type OptionKeys,
} from '../transport/option-check.js';
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

/** Every client option: a new one is one line here (the compiler insists) and one check below. */
export const CLIENT_KEYS = {
	credentials: true,
	credentialsTimeoutMs: true,
	endpoint: true,
	fetch: true,
	timeoutMs: true,
	maxResponseBytes: true,
	retry: true,
	userAgent: true,
	now: true,
	onRequest: true,
	onResponse: true,
	logger: true,
} as const satisfies OptionKeys<ImportExportClientOptions>;

const RETRY_KEYS = {
	mode: true,
	maxAttempts: true,
	baseDelayMs: true,
	throttlingBaseDelayMs: true,
	maxDelayMs: true,
	quota: true,
	random: true,
	sleep: true,
	onRetry: true,
} as const satisfies OptionKeys<RetryOptions>;

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
	)
		// Stryker disable next-line StringLiteral: the default endpoint is a valid URL, so its name never reaches an error
		.find(([, value]) => value !== undefined) ?? ['the default endpoint', DEFAULT_ENDPOINT];
	let url: URL;
	try {
		url = new URL(String(raw));
	} catch {
		throw expectedError(source, 'an absolute http(s) URL', String(raw));
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:')
		throw expectedError(source, 'an http(s) URL', url.href);
	// The value is not echoed: it holds a password.
	if (url.username !== '' || url.password !== '')
		throw expectedError(source, 'a URL without a user name or password');
	return url;
}

/** Checks every option once and applies the defaults in one place. */
export function resolveClientOptions(
	options: ImportExportClientOptions = {},
): ResolvedClientOptions {
	checkKnownKeys('ImportExportClient', options, CLIENT_KEYS);
	// `retry: null` is refused here, not taken for no retry options.
	if (options.retry !== undefined) checkKnownKeys('retry', options.retry, RETRY_KEYS);
	const retry = { ...options.retry };
	checkNumber('timeoutMs', options.timeoutMs, 0, MAX_TIMER_MS, { above: true });
	checkNumber('credentialsTimeoutMs', options.credentialsTimeoutMs, 0, MAX_TIMER_MS, {
		above: true,
	});
	checkInteger('maxResponseBytes', options.maxResponseBytes, 1);
	checkInteger('retry.maxAttempts', retry.maxAttempts, 1, 100);
	checkNumber('retry.baseDelayMs', retry.baseDelayMs, 0, MAX_TIMER_MS);
	checkNumber('retry.throttlingBaseDelayMs', retry.throttlingBaseDelayMs, 0, MAX_TIMER_MS);
	checkNumber('retry.maxDelayMs', retry.maxDelayMs, 0, MAX_TIMER_MS);
	checkNumber('retry.quota', retry.quota, 0);
	checkFunction('fetch', options.fetch);
	checkFunction('now', options.now);
	checkFunction('retry.random', retry.random);
	checkFunction('retry.sleep', retry.sleep);
	checkFunction('retry.onRetry', retry.onRetry);
	checkFunction('onRequest', options.onRequest);
	checkFunction('onResponse', options.onResponse);
	checkLogger(options.logger);
	const { userAgent } = options;
	checkThat(
		'userAgent',
		userAgent,
		typeof userAgent === 'string' && !/[\r\n]/.test(userAgent),
		'a single-line string',
	);
	const fetch = options.fetch ?? runtimeFetch();

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
		credentials: credentialProvider(options.credentials, {
			timeoutMs: options.credentialsTimeoutMs ?? timeoutMs,
			now: () => now().getTime(),
		}),
		endpoint: resolveEndpoint(options.endpoint),
		fetch,
		timeoutMs,
		maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
		retry: retry as ResolvedRetryOptions,
		userAgent: options.userAgent,
		now,
		sink: joinSinks(
			hooksSink(options),
			options.logger === undefined ? undefined : loggingSink(options.logger),
		),
		logger: options.logger,
	};
}

/** The caller's hooks, called with the event alone. */
function hooksSink({ onRequest, onResponse }: ImportExportClientOptions): AttemptSink | undefined {
	if (onRequest === undefined && onResponse === undefined) return undefined;
	return {
		onRequest,
		onResponse: onResponse === undefined ? undefined : (event) => onResponse(event),
	};
}

/** The runtime's `fetch`, called through a wrapper: unbound, it throws "Illegal invocation" in browsers. */
function runtimeFetch(): FetchFunction {
	const globalFetch = (globalThis as { fetch?: FetchFunction }).fetch;
	if (globalFetch === undefined)
		throw new TypeError('No `fetch` in this runtime: pass one as the `fetch` option.');
	return (input, init) => globalFetch(input, init);
}
