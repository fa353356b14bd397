import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import {
	BasicTracerProvider,
	InMemorySpanExporter,
	SimpleSpanProcessor,
	type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { build } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import { paginateListJobPages } from '../src/index.js';
import { NO_OBSERVER, observeListing } from '../src/observe/listing.js';
import { loadOpenTelemetry, resetOpenTelemetry } from '../src/observe/tracing.js';
import { caught, clientFor, drain, emulator } from './helpers.js';

function register(): InMemorySpanExporter {
	const exporter = new InMemorySpanExporter();
	trace.setGlobalTracerProvider(
		new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
	);
	return exporter;
}

afterEach(() => {
	trace.disable();
	resetOpenTelemetry();
});

const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

describe('OpenTelemetry spans', () => {
	it('a span per listing and a CLIENT child per attempt, with the AWS SDK semantic conventions; a throttled attempt is an error, its retry a resend', async () => {
		const exporter = register();
		const server = await emulator({ jobCount: 12 });
		server.injectFault(2, { kind: 'throttling' });
		const { client } = clientFor(server);
		await drain(paginateListJobPages(client, { pageSize: 5 }));

		const spans = exporter.getFinishedSpans();
		const listing = spans.find((s) => s.name === 'ImportExport.ListJobs listing')!;
		const attempts = spans.filter((s) => s.name === 'ImportExport.ListJobs');
		expect(spans).toHaveLength(5);
		expect(listing.kind).toBe(SpanKind.INTERNAL);
		expect(listing.status.code).toBe(SpanStatusCode.UNSET);
		expect(listing.attributes).toMatchObject({
			'rpc.system': 'aws-api',
			'rpc.service': 'ImportExport',
			'rpc.method': 'ListJobs',
			'aws.importexport.pages': 3,
			'aws.importexport.jobs': 12,
			'aws.importexport.complete': true,
		});
		expect(attempts).toHaveLength(4);
		const host = new URL(server.endpoint);
		for (const span of attempts) {
			expect(span.kind).toBe(SpanKind.CLIENT);
			expect(parentOf(span)).toBe(listing.spanContext().spanId);
			expect(span.spanContext().traceId).toBe(listing.spanContext().traceId);
			expect(span.attributes).toMatchObject({
				'rpc.system': 'aws-api',
				'rpc.service': 'ImportExport',
				'rpc.method': 'ListJobs',
				'server.address': host.hostname,
				'server.port': Number(host.port),
				'http.request.method': 'POST',
			});
			expect(span.attributes['aws.request_id']).toMatch(/^[0-9a-f-]{36}$/);
		}
		const ordered = [...attempts].sort(
			(a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1],
		);
		expect(
			ordered.map((s) => [
				s.attributes['http.response.status_code'],
				s.attributes['http.request.resend_count'],
				s.status.code,
			]),
		).toEqual([
			[200, undefined, SpanStatusCode.UNSET],
			[400, undefined, SpanStatusCode.ERROR],
			[200, 1, SpanStatusCode.UNSET],
			[200, undefined, SpanStatusCode.UNSET],
		]);
		const throttled = ordered[1]!;
		expect(throttled.attributes['error.type']).toBe('Throttling');
		expect(throttled.events.map((e) => e.name)).toEqual(['exception', 'retry']);
	});

	it('a failed listing: the last attempt and the listing span record the error', async () => {
		const exporter = register();
		const server = await emulator({ jobCount: 12 });
		server.injectFault(2, [{ kind: 'internal-failure' }, { kind: 'internal-failure' }]);
		const { client } = clientFor(server, { retry: { maxAttempts: 2 } });
		const error = await caught(() =>
			drain(paginateListJobPages(client, { pageSize: 5, prefetch: 0 })),
		);

		const spans = exporter.getFinishedSpans();
		const listing = spans.find((s) => s.name === 'ImportExport.ListJobs listing')!;
		expect(listing.status).toEqual({
			code: SpanStatusCode.ERROR,
			message: `${error.name}: ${error.message}`,
		});
		expect(listing.events.find((e) => e.name === 'exception')?.attributes).toMatchObject({
			'exception.type': 'InternalFailure',
		});
		expect(listing.attributes).toMatchObject({
			'aws.importexport.pages': 1,
			'aws.importexport.complete': false,
		});
		const failed = spans.filter(
			(s) => s.name === 'ImportExport.ListJobs' && s.status.code === SpanStatusCode.ERROR,
		);
		expect(
			failed.map((s) => [
				s.attributes['http.response.status_code'],
				s.attributes['http.request.resend_count'],
				s.attributes['error.type'],
			]),
		).toEqual([
			[500, undefined, 'InternalFailure'],
			[500, 1, 'InternalFailure'],
		]);
		expect(failed.every((s) => parentOf(s) === listing.spanContext().spanId)).toBe(true);
	});

	it('a listing its consumer stops ends its span, not complete', async () => {
		const exporter = register();
		const server = await emulator({ jobCount: 12 });
		const { client } = clientFor(server);
		for await (const _page of paginateListJobPages(client, { pageSize: 5 })) break;
		const listing = exporter
			.getFinishedSpans()
			.find((s) => s.name === 'ImportExport.ListJobs listing')!;
		expect(listing.attributes).toMatchObject({
			'aws.importexport.pages': 1,
			'aws.importexport.complete': false,
		});
	});

	it('watches nothing without a registered tracer provider (the no-op observer), and traces once one is registered', async () => {
		const server = await emulator({ jobCount: 3 });
		const { client } = clientFor(server);
		expect(await observeListing(client, { receipt: false, startingMarker: undefined })).toBe(
			NO_OBSERVER,
		);
		register();
		expect(await observeListing(client, { receipt: false, startingMarker: undefined })).not.toBe(
			NO_OBSERVER,
		);
	});

	it('turns tracing off when @opentelemetry/api cannot be imported, and tries once', async () => {
		resetOpenTelemetry();
		let tries = 0;
		const missing = () => {
			tries++;
			return Promise.reject(new Error("Cannot find package '@opentelemetry/api'"));
		};
		expect(await loadOpenTelemetry(missing)).toBeUndefined();
		expect(await loadOpenTelemetry(missing)).toBeUndefined();
		expect(tries).toBe(1);
		// The listing runs unchanged.
		const exporter = register();
		const server = await emulator({ jobCount: 3 });
		const { client } = clientFor(server);
		await drain(paginateListJobPages(client));
		expect(exporter.getFinishedSpans()).toEqual([]);
	});

	it('keeps @opentelemetry/api out of the core’s static imports: a browser bundle loads it only by dynamic import', async () => {
		const result = await build({
			entryPoints: ['src/index.ts'],
			bundle: true,
			platform: 'browser',
			format: 'esm',
			write: false,
			metafile: true,
			external: ['@opentelemetry/api'],
			logLevel: 'silent',
		});
		const imports = Object.values(result.metafile.inputs)
			.flatMap((input) => input.imports)
			.filter((i) => i.path === '@opentelemetry/api');
		expect(imports.length).toBeGreaterThan(0);
		expect(imports.every((i) => i.kind === 'dynamic-import' && i.external === true)).toBe(true);
		const code = result.outputFiles[0]!.text;
		expect(code).not.toMatch(/^import .*@opentelemetry\/api/m);
		expect(code).toContain('import("@opentelemetry/api")');
	});
});
