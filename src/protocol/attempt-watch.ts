import { AbortError, ImportExportError } from '../transport/errors.js';
import type { HttpResponse } from '../transport/http.js';
import type { AdaptiveRateLimiter } from '../transport/rate-limiter.js';
import { outcomeOf, type CallTrace, type RequestEvent } from './attempt-events.js';
import { ClockSkewError, type SkewedClock } from './clock-skew.js';

/** What the attempts of one call share. */
export interface CallState {
	trace: CallTrace | undefined;
	/** The clock is corrected once per call: a second refusal is final. */
	skewCorrected: boolean;
}

/** What a client keeps across calls that every attempt reports to. */
export interface ClientWatchers {
	clock: SkewedClock;
	limiter: AdaptiveRateLimiter | undefined;
}

/**
 * One attempt from the moment it is sent: tells its outcome to the adaptive rate limiter,
 * the clock (which may correct itself and turn the refusal into a retryable ClockSkewError)
 * and the call's trace.
 */
export class AttemptWatch {
	readonly #watchers: ClientWatchers;
	readonly #call: CallState;
	readonly #redact: (text: string) => string;
	readonly #sentAt: number;
	readonly #clockOffsetMs: number;

	constructor(
		watchers: ClientWatchers,
		call: CallState,
		request: RequestEvent,
		redact: (text: string) => string,
	) {
		this.#watchers = watchers;
		this.#call = call;
		this.#redact = redact;
		this.#sentAt = watchers.clock.localTime();
		this.#clockOffsetMs = watchers.clock.offsetMs;
		call.trace?.sent(request, redact);
	}

	succeeded(response: HttpResponse): void {
		this.#watchers.limiter?.record(false);
		this.#call.trace?.ended(outcomeOf(response, undefined, this.#redact, this.#clockOffsetMs));
	}

	/** The error to throw for a failed attempt; `response` when one arrived. */
	failed(error: unknown, response?: HttpResponse): unknown {
		const { clock, limiter } = this.#watchers;
		const reviewed =
			response === undefined || this.#call.skewCorrected
				? error
				: clock.review(error, response, this.#sentAt);
		if (reviewed instanceof ClockSkewError) this.#call.skewCorrected = true;
		if (!(error instanceof AbortError))
			limiter?.record(error instanceof ImportExportError && error.retryKind === 'throttling');
		this.#call.trace?.ended(outcomeOf(response, reviewed, this.#redact, this.#clockOffsetMs));
		return reviewed;
	}
}
