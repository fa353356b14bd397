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
const before = process.env.BEFORE_DIST === undefined ? undefined : await import(`${process.env.BEFORE_DIST}/index.js`);
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
		const { head, tail } = listJobsEnvelope(size, i < pages - 1, `8d2c4a7e-0000-4000-8000-${String(i).padStart(12, '0')}`);
		bodies.push(head + catalog.membersXml(i * size, (i + 1) * size).toString('utf8') + tail);
		byMarker.set(catalog.jobs[(i + 1) * size - 1].JobId, i + 1);
	}
	return async (_url, init) => {
		const marker = /(?:^|&)Marker=([^&]*)/.exec(String(init.body))?.[1];
		const index = marker === undefined ? 0 : byMarker.get(decodeURIComponent(marker));
		return new Response(bodies[index], { status: 200, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': '8d2c4a7e-0000-4000-8000-000000000000' } });
	};
}

async function listing(lib, fetch, clientOptions, paginateOptions) {
	const client = new lib.ImportExportClient({ endpoint: 'https://importexport.amazonaws.com', credentials, fetch, ...clientOptions });
	let jobs = 0;
	for await (const page of lib.paginateListJobPages(client, paginateOptions)) jobs += page.jobs.length;
	return jobs;
}

const noop = () => {};
const variants = (fetch, size) => ({
	...(before === undefined ? {} : { 'before this change': () => listing(before, fetch, {}, { pageSize: size }) }),
	'default (nothing observing)': () => listing(here, fetch, {}, { pageSize: size }),
	'onRequest + onResponse (no-op)': () => listing(here, fetch, { onRequest: noop, onResponse: noop }, { pageSize: size }),
	'logger (no-op, all levels)': () => listing(here, fetch, { logger: { debug: noop, info: noop, warn: noop, error: noop } }, { pageSize: size }),
	'receipt: true': () => listing(here, fetch, {}, { pageSize: size, receipt: true }),
	'SDK tracer, recording, no exporter': async () => {
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

for (const [pages, size, perBatch] of [[10, 1000, 1], [50, 10, 2]]) {
	const fetch = fakeFetch(pages, size);
	const entries = Object.entries(variants(fetch, size));
	const times = await compare(entries, perBatch);
	const base = median(times['default (nothing observing)']);
	console.log(`\nListing of ${pages} pages × ${size} jobs: CPU ms per listing, median of ${BATCHES} interleaved batches (min–max)`);
	for (const [name, list] of Object.entries(times)) {
		const m = median(list);
		const rel = ((m / base - 1) * 100).toFixed(1);
		console.log(`  ${name.padEnd(38)} ${m.toFixed(2).padStart(8)}  (${Math.min(...list).toFixed(2)}–${Math.max(...list).toFixed(2)})  ${rel.startsWith('-') ? rel : `+${rel}`}% vs default`);
	}
}
// `no-op tracer`: with @opentelemetry/api loaded and no provider registered (every variant above
// but the SDK one), a listing starts one non-recording span, sees isRecording() false, and drops tracing.
console.log(`\nload average: ${(await import('node:os')).loadavg().map((x) => x.toFixed(2)).join(' ')}`);
