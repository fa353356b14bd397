import { setErrorFacts } from '../transport/error-state.js';
import type { HttpResponse } from '../transport/http.js';
import { ServiceError } from './errors.js';

// The server says the signing time is wrong: its Date header tells by how much.
const TIME_CODES: ReadonlySet<string> = new Set([
	'RequestTimeTooSkewed',
	'RequestExpired',
	'RequestInTheFuture',
]);
// Also a bad secret's answer: clock skew only when the server's Date is far from ours.
const SIGNATURE_CODES: ReadonlySet<string> = new Set([
	'InvalidSignatureException',
	'SignatureDoesNotMatch',
	'AuthFailure',
]);
/** How far the server's Date must be from our clock for a signature refusal to count as skew: aws-sdk v3's 4 minutes. */
export const SKEW_THRESHOLD_MS = 240_000;
// The Date header counts whole seconds: a difference within that and the round trip is no skew.
const DATE_PRECISION_MS = 1000;
// A response that took longer than AWS's whole signing window says nothing reliable about the clock (aws-sdk v3).
const MAX_EXCHANGE_MS = 900_000;

/** A request refused for its signing time; the client's clock offset was corrected and the request is retried once. */
export class ClockSkewError extends ServiceError {
	override name = 'ClockSkewError' as const;
	/** The offset the retry signs with: the server's clock minus ours, in milliseconds. */
	readonly clockOffsetMs: number;

	constructor(refused: ServiceError, clockOffsetMs: number) {
		super(
			{
				operation: refused.operation ?? 'ListJobs',
				code: refused.code,
				message: `${refused.serviceMessage} (the local clock is ${describeOffset(clockOffsetMs)}: corrected, retrying)`,
				type: refused.type,
				statusCode: refused.statusCode,
				requestId: refused.requestId,
				// The AWS SDKs retry a corrected clock as a transient failure.
				retryKind: 'transient',
				retryAfterMs: undefined,
			},
			{ cause: refused },
		);
		this.clockOffsetMs = clockOffsetMs;
	}
}

/**
 * The signing clock of one client: the local clock plus the offset learnt from the server's
 * `Date` header when a request was refused for its time (aws-sdk v2 `correctClockSkew`,
 * v3 `systemClockOffset`). Shared by every call of the client.
 */
export class SkewedClock {
	#offsetMs = 0;
	readonly #localNow: () => Date;

	constructor(localNow: () => Date) {
		this.#localNow = localNow;
	}

	/** Server time minus local time, in milliseconds; 0 until a correction. */
	get offsetMs(): number {
		return this.#offsetMs;
	}

	/** The time to sign with. */
	now(): Date {
		return new Date(this.#localNow().getTime() + this.#offsetMs);
	}

	/** The local clock, uncorrected. */
	localTime(): number {
		return this.#localNow().getTime();
	}

	/**
	 * Looks at a refused attempt: when its code and the response's `Date` show that the clock
	 * is off, corrects the offset and returns a retryable ClockSkewError; otherwise `error` as is.
	 * `sentAt` is the local time the request was sent.
	 */
	review(error: unknown, response: HttpResponse, sentAt: number): unknown {
		if (!(error instanceof ServiceError)) return error;
		const time = TIME_CODES.has(error.code);
		if (!time && !SIGNATURE_CODES.has(error.code)) return error;
		// An `Age` header means a cache answered: its Date is not the server's clock now.
		if (response.headers.has('age')) return error;
		const date = response.headers.get('date');
		// Stryker disable next-line ConditionalExpression: Date.parse(null) is NaN as well; the test is for the type checker
		const serverTime = date === null ? Number.NaN : Date.parse(date);
		if (Number.isNaN(serverTime)) return error;
		const receivedAt = this.localTime();
		if (receivedAt - sentAt > MAX_EXCHANGE_MS) return error;
		const skew = Math.abs(serverTime - (receivedAt + this.#offsetMs));
		if (skew < (time ? DATE_PRECISION_MS + (receivedAt - sentAt) : SKEW_THRESHOLD_MS)) return error;
		this.#offsetMs = serverTime - receivedAt;
		return new ClockSkewError(error, this.#offsetMs);
	}
}

function describeOffset(offsetMs: number): string {
	const seconds = Math.round(Math.abs(offsetMs) / 1000);
	// Stryker disable next-line EqualityOperator: only a zero offset tells > from >=, and "0 s" has no direction to get wrong
	return `${seconds} s ${offsetMs > 0 ? 'behind' : 'ahead of'} the server's`;
}

/** A ClockSkewError that was not retried (no attempt left) ends the call as the refusal it stands for. */
export function unretriedSkew(error: unknown): unknown {
	if (!(error instanceof ClockSkewError) || !(error.cause instanceof ServiceError)) return error;
	return setErrorFacts(error.cause, { attempts: error.cause.attempts ?? error.attempts });
}
