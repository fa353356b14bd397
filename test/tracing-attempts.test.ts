// ListingSpan on its own: the attributes of attempts a listing over the loopback emulator does
// not produce (default ports, no response, errors without a code, values that are not Errors).
import * as api from '@opentelemetry/api';
import {
	BasicTracerProvider,
	InMemorySpanExporter,
	SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import type { RequestEvent, ResponseEvent } from '../src/protocol/attempt-events.js';
import { ListingSpan, loadOpenTelemetry, resetOpenTelemetry } from '../src/observe/tracing.js';

afterEach(() => {
	api.trace.disable();
	resetOpenTelemetry();
});

function register(): InMemorySpanExporter {
	const exporter = new InMemorySpanExporter();
	api.trace.setGlobalTracerProvider(
		new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
	);
	return exporter;
}

const request = (overrides: Partial<RequestEvent> = {}): RequestEvent => ({
	operation: 'ListJobs',
	method: 'POST',
	url: 'https://importexport.amazonaws.com/',
	attempt: 1,
	marker: undefined,
	...overrides,
});

const response = (overrides: Partial<ResponseEvent> = {}): ResponseEvent => ({
	...request(),
	status: 200,
	requestId: 'request-1',
	durationMs: 1,
	bytes: 10,
	error: undefined,
	decision: { action: 'success' },
	clockOffsetMs: 0,
	...overrides,
});

function started(startMarker?: string): ListingSpan {
	const span = ListingSpan.start(api, startMarker);
	if (span === undefined) throw new Error('no recording tracer');
	return span;
}

describe('ListingSpan', () => {
	it('names the starting marker on the listing span, and only when there is one', () => {
		const exporter = register();
		started('JOB42').end({ pages: 0, jobs: 0, complete: true });
		started().end({ pages: 0, jobs: 0, complete: true });
		const [from, first] = exporter.getFinishedSpans();
		expect(from!.attributes['aws.importexport.start_marker']).toBe('JOB42');
		expect(first!.attributes).not.toHaveProperty(['aws.importexport.start_marker']);
	});

	it('is not started at all when no provider records spans', () => {
		expect(ListingSpan.start(api, undefined)).toBeUndefined();
	});

	it('puts the scheme’s default port on an attempt to a URL without one', () => {
		const exporter = register();
		const listing = started();
		for (const url of [
			'https://importexport.amazonaws.com/',
			'http://127.0.0.1/',
			'http://127.0.0.1:8443/',
		]) {
			const sink = listing.callSink();
			sink.onRequest!(request({ url }));
			sink.onResponse!(response(), (text) => text);
		}
		expect(
			exporter
				.getFinishedSpans()
				.map((s) => [s.attributes['server.address'], s.attributes['server.port']]),
		).toEqual([
			['importexport.amazonaws.com', 443],
			['127.0.0.1', 80],
			['127.0.0.1', 8443],
		]);
	});

	it('an attempt without a response: no status or request id, the error’s name as its type, the retry’s delay', () => {
		const exporter = register();
		const sink = started().callSink();
		sink.onRequest!(request({ attempt: 2 }));
		const error = Object.assign(new Error('socket hang up'), { name: 'NetworkError' });
		sink.onResponse!(
			response({
				status: undefined,
				requestId: undefined,
				error,
				decision: { action: 'retry', delayMs: 250 },
			}),
			(text) => text,
		);
		const [span] = exporter.getFinishedSpans();
		expect(span!.attributes).not.toHaveProperty(['http.response.status_code']);
		expect(span!.attributes).not.toHaveProperty(['aws.request_id']);
		expect(span!.attributes).toMatchObject({
			'error.type': 'NetworkError',
			'http.request.resend_count': 1,
		});
		expect(span!.status).toEqual({
			code: api.SpanStatusCode.ERROR,
			message: 'NetworkError: socket hang up',
		});
		expect(span!.events.map((e) => [e.name, e.attributes?.['retry.delay_ms']])).toEqual([
			['exception', undefined],
			['retry', 250],
		]);
	});

	it('a response with no request before it ends nothing, and one request one span', () => {
		const exporter = register();
		const sink = started().callSink();
		sink.onResponse!(response(), (text) => text);
		sink.onRequest!(request());
		sink.onResponse!(response(), (text) => text);
		sink.onResponse!(response({ status: 500 }), (text) => text);
		const spans = exporter.getFinishedSpans();
		expect(spans).toHaveLength(1);
		expect(spans[0]!.attributes['http.response.status_code']).toBe(200);
		expect(spans[0]!.status.code).toBe(api.SpanStatusCode.UNSET);
	});

	it('ends the listing once, with its pages as events; a thrown value that is not an Error as its text', () => {
		const exporter = register();
		const listing = started();
		listing.page(0, 5);
		listing.page(1, 2);
		listing.end({ pages: 2, jobs: 7, complete: false }, 'socket hang up');
		listing.end({ pages: 3, jobs: 9, complete: true }, new Error('later'));
		const [span] = exporter.getFinishedSpans();
		expect(exporter.getFinishedSpans()).toHaveLength(1);
		expect(span!.attributes).toMatchObject({
			'aws.importexport.pages': 2,
			'aws.importexport.jobs': 7,
			'aws.importexport.complete': false,
		});
		expect(span!.status).toEqual({
			code: api.SpanStatusCode.ERROR,
			message: 'Error: socket hang up',
		});
		expect(span!.events.map((e) => [e.name, e.attributes])).toEqual([
			['page', { 'aws.importexport.page_index': 0, 'aws.importexport.jobs': 5 }],
			['page', { 'aws.importexport.page_index': 1, 'aws.importexport.jobs': 2 }],
			['exception', expect.objectContaining({ 'exception.message': 'socket hang up' })],
		]);
	});
});

describe('loadOpenTelemetry', () => {
	it('turns tracing off for a module that is not the API (a bundle’s stub)', async () => {
		expect(await loadOpenTelemetry(async () => ({ trace: {} }))).toBeUndefined();
		resetOpenTelemetry();
		expect(await loadOpenTelemetry(async () => undefined)).toBeUndefined();
		resetOpenTelemetry();
		expect(await loadOpenTelemetry(async () => api)).toBe(api);
	});
});
