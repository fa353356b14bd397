import { describe, expect, it } from 'vitest';
import {
	CallTrace,
	joinSinks,
	outcomeOf,
	type AttemptSink,
	type RequestEvent,
	type ResponseEvent,
} from '../src/protocol/attempt-events.js';
import type { HttpResponse } from '../src/transport/http.js';

const request: RequestEvent = {
	operation: 'ListJobs',
	method: 'POST',
	url: 'http://127.0.0.1:1/',
	attempt: 2,
	marker: 'JOB9',
};
const keep = (text: string) => text;
const mask = (text: string) => text.replaceAll('SECRET', '****');

function answer(status: number, body: string, headers: Record<string, string> = {}): HttpResponse {
	return { status, headers: new Headers(headers), body };
}

/** A sink that records what it is told, in order, under `name`. */
function recorder(name: string, log: unknown[]): AttemptSink {
	return {
		onRequest: (event) => log.push([name, 'request', event]),
		onResponse: (event, redact) => log.push([name, 'response', event, redact]),
	};
}

describe('joinSinks', () => {
	it('adds no wrapper when one side is missing', () => {
		const sink = recorder('a', []);
		expect(joinSinks(undefined, undefined)).toBeUndefined();
		expect(joinSinks(sink, undefined)).toBe(sink);
		expect(joinSinks(undefined, sink)).toBe(sink);
	});

	it('tells both sinks, first then second, the same event and redactor', () => {
		const log: unknown[] = [];
		const joined = joinSinks(recorder('first', log), recorder('second', log))!;
		const event = { ...request } as ResponseEvent;
		joined.onRequest?.(request);
		joined.onResponse?.(event, mask);
		expect(log).toEqual([
			['first', 'request', request],
			['second', 'request', request],
			['first', 'response', event, mask],
			['second', 'response', event, mask],
		]);
	});

	it('skips what a sink does not listen to', () => {
		const log: unknown[] = [];
		const joined = joinSinks({}, recorder('second', log))!;
		joined.onRequest?.(request);
		joined.onResponse?.({ ...request } as ResponseEvent, keep);
		const reversed = joinSinks(recorder('first', log), {})!;
		reversed.onRequest?.(request);
		reversed.onResponse?.({ ...request } as ResponseEvent, keep);
		expect(log.map((entry) => (entry as unknown[]).slice(0, 2))).toEqual([
			['second', 'request'],
			['second', 'response'],
			['first', 'request'],
			['first', 'response'],
		]);
	});
});

describe('CallTrace', () => {
	it('reports a successful attempt at once, with every fact of the request and the outcome', () => {
		const log: unknown[] = [];
		const trace = new CallTrace(recorder('hooks', log));
		const before = performance.now();
		trace.sent(request, mask);
		expect(log).toEqual([['hooks', 'request', request]]);
		trace.ended(outcomeOf(answer(200, 'ok', { 'x-amzn-requestid': 'r-1' }), undefined, keep, 7));
		const elapsed = performance.now() - before;
		const [, , event, redact] = log[1] as [string, string, ResponseEvent, unknown];
		expect(event).toEqual({
			...request,
			status: 200,
			requestId: 'r-1',
			durationMs: expect.any(Number),
			bytes: 2,
			error: undefined,
			decision: { action: 'success' },
			clockOffsetMs: 7,
		});
		expect(event.durationMs).toBeGreaterThanOrEqual(0);
		expect(event.durationMs).toBeLessThanOrEqual(elapsed);
		expect(redact).toBe(mask);
	});

	it('holds a failed attempt until the retry layer decides, then reports it once', () => {
		const log: unknown[] = [];
		const trace = new CallTrace(recorder('hooks', log));
		const before = performance.now();
		trace.sent(request, mask);
		const failure = new Error('throttled');
		trace.ended(outcomeOf(answer(400, 'no'), failure, keep, 0));
		// A second end for the same attempt is not a second attempt.
		trace.ended(outcomeOf(undefined, new Error('late'), keep, 0));
		expect(log).toHaveLength(1);
		trace.retrying({ attempt: 2, delayMs: 250, error: failure });
		const elapsed = performance.now() - before;
		trace.retrying({ attempt: 2, delayMs: 999, error: failure });
		trace.finished();
		expect(log).toHaveLength(2);
		const [, , event, redact] = log[1] as [string, string, ResponseEvent, unknown];
		expect(event).toEqual({
			...request,
			status: 400,
			requestId: undefined,
			durationMs: expect.any(Number),
			bytes: 2,
			error: failure,
			decision: { action: 'retry', delayMs: 250 },
			clockOffsetMs: 0,
		});
		expect(event.durationMs).toBeGreaterThanOrEqual(0);
		expect(event.durationMs).toBeLessThanOrEqual(elapsed);
		expect(redact).toBe(mask);
	});

	it('reports the last failed attempt as given up when the call is over', () => {
		const log: unknown[] = [];
		const trace = new CallTrace(recorder('hooks', log));
		trace.finished();
		trace.sent({ ...request, attempt: 1 }, keep);
		trace.ended(outcomeOf(undefined, new Error('reset'), keep, 0));
		trace.finished();
		trace.finished();
		expect(log.map((entry) => (entry as [string, string, ResponseEvent])[2])).toMatchObject([
			{ attempt: 1 },
			{ attempt: 1, status: undefined, decision: { action: 'fail' } },
		]);
	});

	it('tells a sink that listens only to requests nothing else, whatever the outcome', () => {
		const requests: RequestEvent[] = [];
		const trace = new CallTrace({ onRequest: (event) => requests.push(event) });
		trace.sent(request, keep);
		trace.ended(outcomeOf(answer(200, 'ok'), undefined, keep, 0));
		trace.sent(request, keep);
		trace.ended(outcomeOf(undefined, new Error('reset'), keep, 0));
		expect(() => trace.finished()).not.toThrow();
		expect(requests).toEqual([request, request]);
	});

	it('reports nothing when no attempt was sent', () => {
		const log: unknown[] = [];
		const trace = new CallTrace(recorder('hooks', log));
		trace.ended(outcomeOf(undefined, undefined, keep, 0));
		expect(log).toEqual([]);
	});
});

describe('outcomeOf', () => {
	it('has no status, request id, byte count or error when nothing came back and nothing failed', () => {
		expect(outcomeOf(undefined, undefined, keep, 3)).toEqual({
			status: undefined,
			requestId: undefined,
			bytes: undefined,
			error: undefined,
			clockOffsetMs: 3,
		});
	});

	it('turns a thrown non-Error into an Error that says what was thrown', () => {
		const { error } = outcomeOf(undefined, 'boom', keep, 0);
		expect(error).toBeInstanceOf(Error);
		expect(error?.message).toBe('boom');
	});

	it("counts the body's bytes in UTF-8, not its characters", () => {
		expect(outcomeOf(answer(200, 'é€'), undefined, keep, 0).bytes).toBe(5);
	});

	it("takes the error's request id first, then x-amzn-requestid, then x-amz-request-id, all redacted", () => {
		const both = { 'x-amzn-requestid': 'amzn-SECRET', 'x-amz-request-id': 'amz-SECRET' };
		const withId = Object.assign(new Error('refused'), { requestId: 'err-SECRET' });
		expect(outcomeOf(answer(400, '', both), withId, mask, 0).requestId).toBe('err-****');
		expect(outcomeOf(answer(400, '', both), new Error('x'), mask, 0).requestId).toBe('amzn-****');
		expect(
			outcomeOf(answer(400, '', { 'x-amz-request-id': 'amz-SECRET' }), undefined, mask, 0)
				.requestId,
		).toBe('amz-****');
		// A request id that is not a string is no request id.
		const odd = Object.assign(new Error('refused'), { requestId: 42 });
		expect(outcomeOf(answer(400, '', both), odd, mask, 0).requestId).toBe('amzn-****');
	});
});
