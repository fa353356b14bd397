import type { EmulatorCredentials } from './credentials.js';
import type { Fault, FaultKind, FaultOptions } from './faults.js';
import type { EmulatorJob } from './jobs.js';
import type { RateLimitOptions } from './rate-limit.js';

export interface EmulatorOptions {
	/** The account's jobs; served newest first (equal dates keep this order). Default: `generateJobs(jobCount, seed)`. */
	jobs?: EmulatorJob[];
	/**
	 * How many jobs to generate when `jobs` is not given.
	 * @default 1000
	 */
	jobCount?: number;
	/**
	 * Seeds the generated jobs and the random faults.
	 * @default 1
	 */
	seed?: number;
	/**
	 * The keys accepted; the first is `emulator.credentials`.
	 * @default DEMO_CREDENTIALS
	 */
	credentials?: EmulatorCredentials | EmulatorCredentials[];
	/** @default '127.0.0.1' */
	host?: string;
	/**
	 * `0` picks a free port.
	 * @default 0
	 */
	port?: number;
	/**
	 * How far a request's signing time may be from the emulator clock before `RequestExpired`.
	 * @default 900000 (15 minutes, as AWS allows)
	 */
	clockSkewMs?: number;
	/**
	 * The emulator's clock, for the expiry checks, the `Date` header and the rate limit.
	 * @default () => new Date()
	 */
	now?: () => Date;
	/**
	 * Puts the emulator's clock this far ahead of `now` (behind when negative), in milliseconds:
	 * a client signing with the system clock then looks skewed, and the `Date` header tells it by how much.
	 * @default 0
	 * @example startEmulator({ clockOffsetMs: 30 * 60_000 }) // a server 30 minutes ahead
	 */
	clockOffsetMs?: number;
	/**
	 * Throttles by rate, as AWS does: a token bucket of `burst` refilled at `requestsPerSecond`;
	 * a signed request that finds it empty gets `Throttling` (HTTP 400).
	 * @example startEmulator({ rateLimit: { requestsPerSecond: 5, burst: 5 } })
	 */
	rateLimit?: RateLimitOptions;
	/**
	 * Added before every response, in milliseconds.
	 * @default 0
	 */
	latencyMs?: number;
	/** Faults to inject, scheduled or random. */
	faults?: FaultOptions;
	/**
	 * Page size when a request has no `MaxJobs`.
	 * @default 1000
	 */
	defaultMaxJobs?: number;
	/**
	 * How many requests `emulator.requests` keeps, the oldest dropped first, so that an emulator
	 * serving for days holds bounded memory. The counters and the request numbers are not affected.
	 * `0` keeps none.
	 * @default 10000
	 * @example startEmulator({ jobCount: 1_000_000, maxLogEntries: 0 }) // a load test that reads only the counters
	 */
	maxLogEntries?: number;
}

/** One request as the emulator saw it, secrets redacted. */
export interface RequestLogEntry {
	/** 1-based; the number faults are scheduled by. */
	number: number;
	method: string;
	/** The request target as sent, the values of `Signature`, `SecurityToken`, `X-Amz-Signature` and `X-Amz-Security-Token` `[REDACTED]`. */
	path: string;
	/** Lower-case names; the Authorization signature and X-Amz-Security-Token are `[REDACTED]`. */
	headers: Record<string, string>;
	/** The form parameters (a GET's query parameters); the same four are `[REDACTED]`. */
	params: Record<string, string>;
	auth: 'sigv4' | 'sigv2' | 'none';
	accessKeyId?: string;
	/** The fault served, if any. */
	fault?: FaultKind;
	/** The HTTP status sent; absent when nothing was (a reset, a hang, an abort). */
	status?: number;
	/** The client went away before the response was finished. */
	aborted: boolean;
}

export interface EmulatorCounters {
	/** Every request that reached the server. */
	requests: number;
	/** ListJobs pages served normally (faults not included). */
	listJobsServed: number;
	/** Jobs in those pages. */
	jobsServed: number;
	faultsServed: number;
	/** Requests refused by the signature checks, unsigned ones included. */
	signaturesRefused: number;
	/** Requests whose client went away before the response was finished. */
	aborted: number;
	/** Requests refused with `Throttling` by `rateLimit`. */
	rateLimited: number;
}

export interface Emulator {
	/** `http://127.0.0.1:PORT`, no trailing slash. */
	readonly endpoint: string;
	/** The account's jobs as served, newest first. */
	readonly jobs: readonly EmulatorJob[];
	/** The first accepted pair. */
	readonly credentials: EmulatorCredentials;
	/**
	 * The latest `maxLogEntries` requests, oldest first, secrets redacted: a copy taken on each read,
	 * so read it again to see what changed since (a status sent, an abort).
	 */
	readonly requests: readonly RequestLogEntry[];
	readonly counters: EmulatorCounters;
	/** Schedules a fault for request `requestNumber`; several cover that many consecutive requests. */
	injectFault(requestNumber: number, fault: Fault | Fault[]): void;
	/** The next `count` requests (default 1) get this fault. */
	failNext(fault: Fault, count?: number): void;
	/** From now on accepts these keys and refuses every other (`InvalidClientTokenId`): a key rotation. */
	rotateCredentials(credentials: EmulatorCredentials | EmulatorCredentials[]): void;
	/** Clears the log, the counters (request numbers start at 1 again) and every scheduled fault, `faults.byRequest` included. */
	reset(): void;
	/** Closes the server and every connection, hung ones too. Idempotent. */
	close(): Promise<void>;
}
