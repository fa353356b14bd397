import { describe, expect, it } from 'vitest';
import { CallTrace, type ResponseEvent } from '../src/protocol/attempt-events.js';
import { AttemptWatch, type CallState } from '../src/protocol/attempt-watch.js';
import { ClockSkewError, SkewedClock } from '../src/protocol/clock-skew.js';
import { ServiceError } from '../src/protocol/errors.js';
import { AbortError, NetworkError } from '../src/transport/errors.js';
import type { HttpResponse } from '../src/transport/http.js';
import type { AdaptiveRateLimiter } from '../src/transport/rate-limiter.js';

const T = Date.parse('2026-03-01T12:00:00Z');
const request = {
	operation: 'ListJobs',
	method: 'POST',
	url: 'http://127.0.0.1:1/',
	attempt: 1,
	marker: undefined,
};
const keep = (text: string) => text;

function refusal(code: string, retryKind?: 'throttling'): ServiceError {
	return new ServiceError({
		operation: 'ListJobs',
		code,
		message: 'refused',
		type: 'Sender',
		statusCode: 400,
		requestId: undefined,
		retryKind,
		retryAfterMs: undefined,
	});
}

/** A response whose Date is `serverTime`. */
function dated(serverTime: number): HttpResponse {
	return {
		status: 400,
		headers: new Headers({ date: new Date(serverTime).toUTCString() }),
		body: '<x/>',
	};
}

/** One attempt being watched, with what it told the limiter and the trace. */
function watching(options: { skewCorrected?: boolean; offsetMs?: number } = {}) {
	let now = T;
	const clock = new SkewedClock(() => new Date(now));
	if (options.offsetMs !== undefined)
		clock.review(refusal('RequestExpired'), dated(T + options.offsetMs), T);
	const recorded: boolean[] = [];
	const limiter = { record: (throttled: boolean) => recorded.push(throttled) };
	const events: ResponseEvent[] = [];
	const requests: unknown[] = [];
	const trace = new CallTrace({
		onRequest: (event) => requests.push(event),
		onResponse: (event) => events.push(event),
	});
	const call: CallState = { trace, skewCorrected: options.skewCorrected ?? false };
	const watch = new AttemptWatch(
		{ clock, limiter: limiter as unknown as AdaptiveRateLimiter },
		call,
		request,
		keep,
	);
	return {
		watch,
		clock,
		call,
		trace,
		recorded,
		events,
		requests,
		later: (ms: number) => (now = ms),
	};
}

describe('AttemptWatch', () => {
	it('tells the trace the attempt was sent, and its success to the limiter and the trace', () => {
		const { watch, recorded, events, requests } = watching({ offsetMs: 5_000 });
		expect(requests).toEqual([request]);
		watch.succeeded({ status: 200, headers: new Headers(), body: 'ok' });
		expect(recorded).toEqual([false]);
		expect(events).toMatchObject([{ status: 200, bytes: 2, clockOffsetMs: 5_000 }]);
	});

	it('corrects the clock once per call from a refusal for the time, and says so to the call', () => {
		const { watch, clock, call, trace, recorded, events } = watching();
		const refused = refusal('RequestExpired');
		const reviewed = watch.failed(refused, dated(T + 600_000));
		expect(reviewed).toBeInstanceOf(ClockSkewError);
		expect(call.skewCorrected).toBe(true);
		expect(clock.offsetMs).toBe(600_000);
		expect(recorded).toEqual([false]);
		trace.finished();
		// The attempt was signed with the clock as it was, and failed with the retryable error.
		expect(events).toMatchObject([{ clockOffsetMs: 0, error: reviewed, status: 400 }]);
	});

	it('a second refusal in the same call is final: the clock is not corrected again', () => {
		const { watch, clock, call } = watching({ skewCorrected: true });
		const refused = refusal('RequestExpired');
		expect(watch.failed(refused, dated(T + 600_000))).toBe(refused);
		expect(clock.offsetMs).toBe(0);
		expect(call.skewCorrected).toBe(true);
	});

	it('an error without a response says nothing about the clock', () => {
		const { watch, clock, call } = watching();
		const refused = refusal('RequestExpired');
		expect(watch.failed(refused)).toBe(refused);
		expect(clock.offsetMs).toBe(0);
		expect(call.skewCorrected).toBe(false);
	});

	it('a refusal that is not about the time leaves the call uncorrected', () => {
		const { watch, call } = watching();
		const refused = refusal('AccessDenied');
		expect(watch.failed(refused, dated(T + 600_000))).toBe(refused);
		expect(call.skewCorrected).toBe(false);
	});

	it('judges the clock from the time the attempt was sent: a 16-minute exchange says nothing', () => {
		const { watch, clock, later } = watching();
		later(T + 960_000);
		const refused = refusal('RequestExpired');
		expect(watch.failed(refused, dated(T + 3_600_000))).toBe(refused);
		expect(clock.offsetMs).toBe(0);
	});

	it('tells the limiter a throttled attempt as throttled, any other failure as not, and an abort not at all', () => {
		const throttled = watching();
		throttled.watch.failed(refusal('Throttling', 'throttling'), dated(T));
		const network = watching();
		network.watch.failed(new NetworkError('reset'));
		const foreign = watching();
		foreign.watch.failed(Object.assign(new Error('odd'), { retryKind: 'throttling' }));
		const aborted = watching();
		aborted.watch.failed(new AbortError('ListJobs aborted.'));
		expect([throttled, network, foreign, aborted].map((w) => w.recorded)).toEqual([
			[true],
			[false],
			[false],
			[],
		]);
	});

	it('reports the failed attempt to the trace even when it was aborted', () => {
		const { watch, trace, events } = watching();
		const abort = new AbortError('ListJobs aborted.');
		expect(watch.failed(abort)).toBe(abort);
		trace.finished();
		expect(events).toMatchObject([
			{ status: undefined, error: abort, decision: { action: 'fail' } },
		]);
	});
});
