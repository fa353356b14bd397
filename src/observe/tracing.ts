import type * as OtelApi from '@opentelemetry/api';
import type { AttemptSink, ResponseEvent } from '../protocol/attempt-events.js';
import { VERSION } from '../version.js';

type Api = typeof OtelApi;

// `@opentelemetry/api` is an optional peer: imported on the first listing only, never at start-up,
// and a failed import (not installed, a bundle without it) turns tracing off for good.
let loading: Promise<Api | undefined> | undefined;

export function loadOpenTelemetry(
	load: () => Promise<unknown> = () => import('@opentelemetry/api'),
): Promise<Api | undefined> {
	loading ??= load().then(
		(module) =>
			typeof (module as Partial<Api> | undefined)?.trace?.getTracer === 'function'
				? (module as Api)
				: undefined,
		() => undefined,
	);
	return loading;
}

// Where @opentelemetry/api 1.x keeps whatever was registered with it (a tracer provider, a
// context manager, a propagator). Absent, nothing in the process can record a span: the
// listing then never imports the API (start-up, and a browser bundle's lazy chunk stays unfetched).
const REGISTERED = Symbol.for('opentelemetry.js.api.1');

/** The API once anything in the process has registered with OpenTelemetry; else `undefined`, importing nothing. */
export function registeredOpenTelemetry(): Promise<Api | undefined> | undefined {
	return REGISTERED in globalThis ? loadOpenTelemetry() : undefined;
}

/** For tests: forget the cached import. */
export function resetOpenTelemetry(): void {
	loading = undefined;
}

const SERVICE = 'ImportExport';
const METHOD = 'ListJobs';
const RPC = { 'rpc.system': 'aws-api', 'rpc.service': SERVICE, 'rpc.method': METHOD } as const;

/**
 * The span of one listing and, under it, one CLIENT span per ListJobs attempt, with the
 * OpenTelemetry semantic conventions for AWS SDK calls.
 */
export class ListingSpan {
	readonly #api: Api;
	readonly #tracer: OtelApi.Tracer;
	readonly #span: OtelApi.Span;
	readonly #context: OtelApi.Context;
	#ended = false;

	/** `undefined` when no tracer provider records spans: the listing is then not traced at all. */
	static start(api: Api, startMarker: string | undefined): ListingSpan | undefined {
		const tracer = api.trace.getTracer('importexport-jobs', VERSION);
		const span = tracer.startSpan(`${SERVICE}.${METHOD} listing`, {
			kind: api.SpanKind.INTERNAL,
			attributes: {
				...RPC,
				...(startMarker === undefined ? {} : { 'aws.importexport.start_marker': startMarker }),
			},
		});
		if (!span.isRecording()) {
			span.end();
			return undefined;
		}
		return new ListingSpan(api, tracer, span);
	}

	private constructor(api: Api, tracer: OtelApi.Tracer, span: OtelApi.Span) {
		this.#api = api;
		this.#tracer = tracer;
		this.#span = span;
		this.#context = api.trace.setSpan(api.context.active(), span);
	}

	/** Watches the attempts of one call: they come one after another, so one open span at a time. */
	callSink(): AttemptSink {
		let open: OtelApi.Span | undefined;
		return {
			onRequest: (event) => {
				const url = new URL(event.url);
				open = this.#tracer.startSpan(
					`${SERVICE}.${METHOD}`,
					{
						kind: this.#api.SpanKind.CLIENT,
						attributes: {
							...RPC,
							'server.address': url.hostname,
							'server.port': Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
							'http.request.method': event.method,
							...(event.attempt > 1 ? { 'http.request.resend_count': event.attempt - 1 } : {}),
						},
					},
					this.#context,
				);
			},
			onResponse: (event) => {
				const span = open;
				open = undefined;
				if (span !== undefined) this.#endAttempt(span, event);
			},
		};
	}

	#endAttempt(span: OtelApi.Span, event: ResponseEvent): void {
		if (event.status !== undefined) span.setAttribute('http.response.status_code', event.status);
		if (event.requestId !== undefined) span.setAttribute('aws.request_id', event.requestId);
		const { error, decision } = event;
		if (error !== undefined) {
			span.setAttribute(
				'error.type',
				(error as { code?: unknown }).code === undefined
					? error.name
					: String((error as { code?: unknown }).code),
			);
			this.#fail(span, error);
		}
		if (decision.action === 'retry') span.addEvent('retry', { 'retry.delay_ms': decision.delayMs });
		span.end();
	}

	page(pageIndex: number, jobs: number): void {
		this.#span.addEvent('page', {
			'aws.importexport.page_index': pageIndex,
			'aws.importexport.jobs': jobs,
		});
	}

	end(facts: { pages: number; jobs: number; complete: boolean }, error?: unknown): void {
		if (this.#ended) return;
		this.#ended = true;
		this.#span.setAttributes({
			'aws.importexport.pages': facts.pages,
			'aws.importexport.jobs': facts.jobs,
			'aws.importexport.complete': facts.complete,
		});
		if (error !== undefined) this.#fail(this.#span, error);
		this.#span.end();
	}

	#fail(span: OtelApi.Span, error: unknown): void {
		const failure = error instanceof Error ? error : new Error(String(error));
		span.recordException(failure);
		span.setStatus({
			code: this.#api.SpanStatusCode.ERROR,
			message: `${failure.name}: ${failure.message}`,
		});
	}
}
