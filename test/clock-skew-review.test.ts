import { describe, expect, it } from 'vitest';
import {
	ClockSkewError,
	SKEW_THRESHOLD_MS,
	SkewedClock,
	unretriedSkew,
} from '../src/protocol/clock-skew.js';
import { ServiceError } from '../src/protocol/errors.js';
import { setErrorFacts } from '../src/transport/error-state.js';
import type { HttpResponse } from '../src/transport/http.js';

// A whole second, so that a Date header (whole seconds) states the offset exactly.
const T = Date.parse('2026-03-01T12:00:00Z');

function refusal(code: string, operation = 'ListJobs'): ServiceError {
	return new ServiceError({
		operation,
		code,
		message: 'refused',
		type: 'Sender',
		statusCode: 403,
		requestId: 'req-9',
		retryKind: undefined,
		retryAfterMs: undefined,
	});
}

function answered(serverTime: number | string | null, extra: Record<string, string> = {}) {
	const headers = new Headers(extra);
	if (typeof serverTime === 'number') headers.set('date', new Date(serverTime).toUTCString());
	else if (serverTime !== null) headers.set('date', serverTime);
	return { status: 403, headers, body: '' } satisfies HttpResponse;
}

/** A clock whose local time is `T` plus what the test sets. */
function clockAt(local = T): { clock: SkewedClock; set: (ms: number) => void } {
	let now = local;
	return { clock: new SkewedClock(() => new Date(now)), set: (ms) => (now = ms) };
}

describe('SkewedClock.review: which refusals correct the clock', () => {
	it('leaves what is not a ServiceError, and other codes, as they are', () => {
		const { clock } = clockAt();
		const network = new Error('reset');
		expect(clock.review(network, answered(T + 3_600_000), T)).toBe(network);
		// Only the service's refusal counts, not any error that carries such a code.
		const local = Object.assign(new Error('expired'), { code: 'RequestExpired' });
		expect(clock.review(local, answered(T + 3_600_000), T)).toBe(local);
		const throttled = refusal('Throttling');
		expect(clock.review(throttled, answered(T + 3_600_000), T)).toBe(throttled);
		expect(clock.offsetMs).toBe(0);
	});

	it.each(['RequestTimeTooSkewed', 'RequestExpired', 'RequestInTheFuture'])(
		'%s: a Date one full second off is skew; the offset is the server time minus the time the answer came',
		(code) => {
			const { clock } = clockAt();
			const refused = refusal(code);
			const reviewed = clock.review(refused, answered(T + 1000), T);
			expect(reviewed).toBeInstanceOf(ClockSkewError);
			expect(clock.offsetMs).toBe(1000);
			expect(clock.now().getTime()).toBe(T + 1000);
		},
	);

	it('a time code within the Date precision plus the round trip is no skew', () => {
		const { clock } = clockAt();
		const refused = refusal('RequestExpired');
		// Sent 500 ms ago: a server second away may be the round trip and the rounding.
		expect(clock.review(refused, answered(T + 1000), T - 500)).toBe(refused);
		expect(clock.review(refused, answered(T - 1000), T - 1)).toBe(refused);
		expect(clock.offsetMs).toBe(0);
	});

	it('a signature code counts as skew from 4 minutes on (aws-sdk v3), not below', () => {
		const { clock } = clockAt();
		const wrongSecret = refusal('SignatureDoesNotMatch');
		expect(clock.review(wrongSecret, answered(T + SKEW_THRESHOLD_MS - 1000), T)).toBe(wrongSecret);
		expect(clock.review(wrongSecret, answered(T - SKEW_THRESHOLD_MS + 1000), T)).toBe(wrongSecret);
		expect(clock.offsetMs).toBe(0);
		for (const code of ['InvalidSignatureException', 'AuthFailure', 'SignatureDoesNotMatch']) {
			const fresh = clockAt();
			const reviewed = fresh.clock.review(refusal(code), answered(T - SKEW_THRESHOLD_MS), T);
			expect(reviewed).toBeInstanceOf(ClockSkewError);
			expect(fresh.clock.offsetMs).toBe(-SKEW_THRESHOLD_MS);
		}
	});

	it('a time code takes a skew a signature code would not (below 4 minutes)', () => {
		const { clock } = clockAt();
		expect(clock.review(refusal('RequestExpired'), answered(T + 60_000), T)).toBeInstanceOf(
			ClockSkewError,
		);
		expect(clock.offsetMs).toBe(60_000);
	});

	it('ignores a cached answer (Age), a missing Date and a Date that does not parse', () => {
		const { clock } = clockAt();
		const refused = refusal('RequestExpired');
		expect(clock.review(refused, answered(T + 600_000, { age: '0' }), T)).toBe(refused);
		expect(clock.review(refused, answered(null), T)).toBe(refused);
		expect(clock.review(refused, answered('yesterday-ish'), T)).toBe(refused);
		expect(clock.offsetMs).toBe(0);
	});

	it('trusts an exchange of up to 15 minutes (the signing window), not a longer one', () => {
		const refused = refusal('SignatureDoesNotMatch');
		const slow = clockAt();
		expect(slow.clock.review(refused, answered(T + 1_800_000), T - 900_001)).toBe(refused);
		expect(slow.clock.offsetMs).toBe(0);
		const bearable = clockAt();
		expect(bearable.clock.review(refused, answered(T + 1_800_000), T - 900_000)).toBeInstanceOf(
			ClockSkewError,
		);
		expect(bearable.clock.offsetMs).toBe(1_800_000);
	});

	it('measures the skew against the corrected clock: a refusal that agrees with the offset is no skew', () => {
		const { clock, set } = clockAt();
		expect(clock.review(refusal('RequestExpired'), answered(T + 600_000), T)).toBeInstanceOf(
			ClockSkewError,
		);
		set(T + 60_000);
		const again = refusal('SignatureDoesNotMatch');
		// The server is still 10 minutes ahead: the offset already says so.
		expect(clock.review(again, answered(T + 660_000), T + 60_000)).toBe(again);
		expect(clock.offsetMs).toBe(600_000);
		expect(clock.now().getTime()).toBe(T + 660_000);
		expect(clock.localTime()).toBe(T + 60_000);
	});
});

describe('ClockSkewError', () => {
	it('keeps the facts of the refusal, says which way the clock is off, and is retried as transient', () => {
		const refused = refusal('RequestTimeTooSkewed', 'OtherOperation');
		const behind = new ClockSkewError(refused, 301_400);
		expect(behind).toMatchObject({
			name: 'ClockSkewError',
			operation: 'OtherOperation',
			code: 'RequestTimeTooSkewed',
			type: 'Sender',
			statusCode: 403,
			requestId: 'req-9',
			retryKind: 'transient',
			retryAfterMs: undefined,
			clockOffsetMs: 301_400,
			serviceMessage: "refused (the local clock is 301 s behind the server's: corrected, retrying)",
		});
		expect(behind.cause).toBe(refused);
		expect(new ClockSkewError(refused, -1_600).serviceMessage).toBe(
			"refused (the local clock is 2 s ahead of the server's: corrected, retrying)",
		);
	});

	it('names ListJobs when the refusal has no operation', () => {
		const refused = refusal('RequestExpired');
		Object.assign(refused, { operation: undefined });
		expect(new ClockSkewError(refused, 5_000).operation).toBe('ListJobs');
	});
});

describe('unretriedSkew', () => {
	it('turns a ClockSkewError that was not retried back into the refusal, with the attempts made', () => {
		const refused = refusal('RequestExpired');
		const skew = setErrorFacts(new ClockSkewError(refused, 5_000), { attempts: 3 });
		const ended = unretriedSkew(skew);
		expect(ended).toBe(refused);
		expect(ended).toMatchObject({ name: 'ServiceError', attempts: 3 });
	});

	it('keeps attempts the refusal already carries', () => {
		const refused = setErrorFacts(refusal('RequestExpired'), { attempts: 1 });
		const skew = setErrorFacts(new ClockSkewError(refused, 5_000), { attempts: 3 });
		expect(unretriedSkew(skew)).toMatchObject({ attempts: 1 });
	});

	it('leaves any other error, and a ClockSkewError whose cause is not a refusal, as they are', () => {
		const other = refusal('Throttling');
		expect(unretriedSkew(other)).toBe(other);
		const skew = new ClockSkewError(refusal('RequestExpired'), 5_000);
		Object.defineProperty(skew, 'cause', { value: new Error('not a refusal') });
		expect(unretriedSkew(skew)).toBe(skew);
	});
});
