// What observing a listing costs on the hot path: none of logger, hooks or tracer (the default),
// each of them, a no-op tracer (@opentelemetry/api loaded, no provider) and a recording SDK tracer
// with no exporter. Whole listings against an in-process fetch (signing, retry layer, parsing and
// validation all real), CPU time per listing, variants interleaved in batches, medians.
//
//   npm run build && node bench/micro/observe.mjs
//   BEFORE_DIST=/path/to/old/dist node bench/micro/observe.mjs   # adds the code before this change
import { JobCatalog } from '../../dist/emulator/catalog.js';
import { generateJobs } from '../../dist/emulator/jobs.js';
import { listJobsEnvelope } from '../../dist/emulator/xml.js';

const here = await import('../../dist/index.js');
const before =
	process.env.BEFORE_DIST === undefined
		? undefined
		: await import(`${process.env.BEFORE_DIST}/index.js`);
const tracing = await import('../../dist/observe/tracing.js');
const { trace } = await import('@opentelemetry/api');
const { BasicTracerProvider } = await import('@opentelemetry/sdk-trace-base');

const BATCHES = Number(process.env.BATCHES ?? 31);
const credentials = { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret-key-0123456789' };

/** An in-process fetch serving `pages` pages of `size` jobs, chained by Marker. */
function fakeFetch(pages, size) {
	const catalog = new JobCatalog(generateJobs(pages * size, 7));
	const bodies = [];
	// The last JobId of page i is the marker that asks for page i + 1.
	const byMarker = new Map();
	for (let i = 0; i < pages; i++) {
		const { head, tail } = listJobsEnvelope(
			size,
			i < pages - 1,
			`8d2c4a7e-0000-4000-8000-${String(i).padStart(12, '0')}`,
		);
		bodies.push(head + catalog.membersXml(i * size, (i + 1) * size).toString('utf8') + tail);
		byMarker.set(catalog.jobs[(i + 1) * size - 1].JobId, i + 1);
	}
	return async (_url, init) => {
		const marker = /(?:^|&)Marker=([^&]*)/.exec(String(init.body))?.[1];
		const index = marker === undefined ? 0 : byMarker.get(decodeURIComponent(marker));
		return new Response(bodies[index], {
			status: 200,
			headers: {
				'content-type': 'text/xml',
				'x-amzn-requestid': '8d2c4a7e-0000-4000-8000-000000000000',
			},
		});
	};
}

async function listing(lib, fetch, clientOptions, paginateOptions) {
	const client = new lib.ImportExportClient({
		endpoint: 'https://importexport.amazonaws.com',
		credentials,
		fetch,
		...clientOptions,
	});
	let jobs = 0;
	for await (const page of lib.paginateListJobPages(client, paginateOptions))
		jobs += page.jobs.length;
	return jobs;
}

const noop = () => {};
// Which @opentelemetry/api the library sees: the installed one, or none (a failed import).
let apiPresent;
async function withApi(present) {
	if (apiPresent === present) return;
	tracing.resetOpenTelemetry();
	await tracing.loadOpenTelemetry(
		present ? undefined : () => Promise.reject(new Error('not installed')),
	);
	apiPresent = present;
}
const variants = (fetch, size) => ({
	'default (nothing observing)': async () => {
		await withApi(true);
		return listing(here, fetch, {}, { pageSize: size });
	},
	...(before === undefined
		? {}
		: { 'before this change': () => listing(before, fetch, {}, { pageSize: size }) }),
	'without @opentelemetry/api': async () => {
		await withApi(false);
		return listing(here, fetch, {}, { pageSize: size });
	},
	'onRequest + onResponse (no-op)': async () =>
		listing(here, fetch, { onRequest: noop, onResponse: noop }, { pageSize: size }),
	'logger (no-op, all levels)': () =>
		listing(
			here,
			fetch,
			{ logger: { debug: noop, info: noop, warn: noop, error: noop } },
			{ pageSize: size },
		),
	'receipt: true': () => listing(here, fetch, {}, { pageSize: size, receipt: true }),
	'SDK tracer, recording, no exporter': async () => {
		await withApi(true);
		trace.setGlobalTracerProvider(sdkProvider);
		try {
			return await listing(here, fetch, {}, { pageSize: size });
		} finally {
			trace.disable();
		}
	},
});
const sdkProvider = new BasicTracerProvider();

async function compare(entries, perBatch) {
	for (const [, run] of entries) for (let i = 0; i < 5; i++) await run();
	const times = Object.fromEntries(entries.map(([name]) => [name, []]));
	for (let b = 0; b < BATCHES; b++) {
		for (const [name, run] of entries) {
			const start = process.cpuUsage();
			for (let i = 0; i < perBatch; i++) await run();
			const used = process.cpuUsage(start);
			times[name].push((used.user + used.system) / 1000 / perBatch);
		}
	}
	return times;
}

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const quantile = (list, q) =>
	[...list].sort((a, b) => a - b)[Math.min(list.length - 1, Math.floor(list.length * q))];
const SHAPES = (process.env.SHAPES ?? '10x1000,50x10')
	.split(',')
	.map((shape) => shape.split('x').map(Number));

for (const [pages, size] of SHAPES) {
	const fetch = fakeFetch(pages, size);
	const entries = Object.entries(variants(fetch, size));
	const times = await compare(entries, size >= 1000 ? 1 : 2);
	const base = times['default (nothing observing)'];
	console.log(
		`\nListing of ${pages} pages × ${size} jobs: CPU ms per listing, median of ${BATCHES} interleaved batches (min–max); cost vs default: median of the per-batch ratios [interquartile range]`,
	);
	for (const [name, list] of Object.entries(times)) {
		const ratios = list.map((t, i) => (t / base[i] - 1) * 100);
		const pct = (x) => `${x >= 0 ? '+' : ''}${x.toFixed(1)}%`;
		console.log(
			`  ${name.padEnd(38)} ${median(list).toFixed(2).padStart(8)}  (${Math.min(...list).toFixed(2)}–${Math.max(...list).toFixed(2)})  ${pct(median(ratios)).padStart(7)} [${pct(quantile(ratios, 0.25))} .. ${pct(quantile(ratios, 0.75))}]`,
		);
	}
}
// The fixed costs alone, in tight loops: what a listing pays at its start to find out that nothing
// watches it (and with a no-op tracer), and what one traced attempt costs with a recording SDK tracer.
const { observeListing } = await import('../../dist/observe/listing.js');
const probeClient = new here.ImportExportClient({
	endpoint: 'https://importexport.amazonaws.com',
	credentials,
	fetch: fakeFetch(1, 1),
});
async function perOp(name, n, op) {
	const runs = [];
	for (let r = 0; r < 15; r++) {
		const start = process.cpuUsage();
		for (let i = 0; i < n; i++) await op();
		const used = process.cpuUsage(start);
		runs.push(((used.user + used.system) * 1000) / n);
	}
	console.log(
		`  ${name.padEnd(62)} ${median(runs).toFixed(0).padStart(7)} ns (min ${Math.min(...runs).toFixed(0)})`,
	);
}
const options = { receipt: false, startingMarker: undefined };
const attempt = {
	operation: 'ListJobs',
	method: 'POST',
	url: 'https://importexport.amazonaws.com/',
	attempt: 1,
	marker: undefined,
};
const ended = {
	...attempt,
	status: 200,
	requestId: 'r',
	durationMs: 1,
	bytes: 10,
	error: undefined,
	decision: { action: 'success' },
	clockOffsetMs: 0,
};
console.log('\nFixed costs, CPU per operation, median of 15 runs:');
await withApi(false);
await perOp('listing start, @opentelemetry/api missing (no observer)', 20_000, () =>
	observeListing(probeClient, options),
);
await withApi(true);
await perOp('listing start, no-op tracer: API loaded, no provider', 20_000, () =>
	observeListing(probeClient, options),
);
trace.setGlobalTracerProvider(sdkProvider);
await perOp('listing start + end, SDK tracer recording (listing span)', 5_000, async () =>
	(await observeListing(probeClient, options)).close(),
);
const traced = await observeListing(probeClient, options);
await perOp('one attempt traced, SDK tracer recording (CLIENT span)', 5_000, () => {
	const sink = traced.callSink();
	sink.onRequest(attempt);
	sink.onResponse(ended, (text) => text);
});
trace.disable();
const { CallTrace } = await import('../../dist/protocol/attempt-events.js');
const { loggingSink } = await import('../../dist/observe/logger.js');
const outcome = { status: 200, requestId: 'r', bytes: 10, error: undefined, clockOffsetMs: 0 };
await perOp('one attempt, onRequest + onResponse (no-op)', 20_000, () => {
	const call = new CallTrace({ onRequest: noop, onResponse: noop });
	call.sent(attempt, (text) => text);
	call.ended(outcome);
});
await perOp('one attempt, logger (no-op, all levels: one debug line)', 20_000, () => {
	const call = new CallTrace(loggingSink({ debug: noop, info: noop, warn: noop, error: noop }));
	call.sent(attempt, (text) => text);
	call.ended(outcome);
});

// The no-op tracer: with @opentelemetry/api loaded and no provider registered ('default' and the
// variants with no tracer), a listing starts one non-recording span, sees isRecording() false, and
// traces nothing; 'without @opentelemetry/api' is the same listing with the import failed.
console.log(
	`\nload average: ${(await import('node:os'))
		.loadavg()
		.map((x) => x.toFixed(2))
		.join(' ')}`,
);
