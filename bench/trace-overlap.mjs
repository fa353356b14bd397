// `node bench/trace-overlap.mjs [jobs] [pageSize] [latencyMs] [workMs]` (after `npm run build`): when each
// request of a listing leaves, when its body is in, when it is parsed and when the consumer gets
// the page, with the emulator in a process of its own. A page whose next request left only after
// it was parsed (not when its body arrived) exposes a whole round trip: the trace counts them.
// workMs: asynchronous work per page in the consumer (a timer), to trace a consumer that lags.
// TRACE_DIST=/abs/path/to/dist/ traces another build (a baseline).
import { startEmulatorProcess } from './lib/processes.mjs';

const dist = process.env.TRACE_DIST ?? new URL('../dist/', import.meta.url).href;
const { ImportExportClient, paginateListJobPages } = await import(
	new URL('index.js', dist.startsWith('/') ? `file://${dist}` : dist).href
);
const { exchangeOf, registerExchange } = await import(
	new URL('protocol/list-jobs-exchange.js', dist.startsWith('/') ? `file://${dist}` : dist).href
);
const [jobs = 50_000, pageSize = 1_000, latencyMs = 25, workMs = 0] = process.argv
	.slice(2)
	.map(Number);
const emulator = await startEmulatorProcess({ jobCount: jobs, seed: 1, latencyMs });
try {
	const client = new ImportExportClient({
		endpoint: emulator.endpoint,
		credentials: emulator.credentials,
	});
	const t0 = performance.now();
	const events = [];
	const at = (kind, marker) => events.push({ kind, marker, ms: performance.now() - t0 });
	// The real client's two-step exchange, with each step recorded; pages are told apart by Marker.
	const exchange = exchangeOf(client);
	const traced = { listJobs: (input, options) => client.listJobs(input, options) };
	registerExchange(traced, traced.listJobs, async (input, hooks) => {
		const step = await exchange(input, {
			...hooks,
			onSend: () => (at('sent', input.Marker), hooks.onSend?.()),
		});
		at('body', input.Marker);
		return {
			body: step.body,
			parse: () => {
				const page = step.parse();
				at('parsed', input.Marker);
				return page;
			},
		};
	});
	const indexOf = new Map();
	let count = 0;
	for await (const page of paginateListJobPages(traced, { pageSize })) {
		indexOf.set(page.marker, page.pageIndex);
		at('yielded', page.marker);
		count += page.jobs.length;
		if (workMs > 0) await new Promise((resolve) => setTimeout(resolve, workMs));
		at('asked', page.marker);
	}
	const wallMs = performance.now() - t0;
	if (count !== jobs) throw new Error(`listed ${count} jobs, expected ${jobs}`);

	const pages = [...indexOf.values()].map(() => ({}));
	for (const event of events) {
		const page = pages[indexOf.get(event.marker)];
		if (page !== undefined && page[event.kind] === undefined) page[event.kind] = event.ms;
	}
	const f = (ms) => (ms === undefined ? '-' : ms.toFixed(1).padStart(8));
	console.log(
		`${jobs} jobs, pages of ${pageSize}, ${latencyMs} ms latency, ${workMs} ms consumer work a page: ${wallMs.toFixed(0)} ms wall`,
	);
	console.log(
		'page     sent     body   parsed  yielded   waited  next sent - body (waited: consumer asked → got it; ms)',
	);
	let exposed = 0;
	let waited = 0;
	pages.forEach((page, k) => {
		const wait = k === 0 ? undefined : page.yielded - pages[k - 1].asked;
		waited += wait ?? 0;
		const next = pages[k + 1];
		const gap = next === undefined ? undefined : next.sent - page.body;
		// Left after the parse, not within a few ms of the body: a round trip the parse did not hide.
		const late = gap !== undefined && next.sent > page.parsed;
		if (late) exposed++;
		console.log(
			`${String(k).padStart(4)} ${f(page.sent)} ${f(page.body)} ${f(page.parsed)} ${f(page.yielded)} ${f(wait)} ${f(gap)}${late ? '  after the parse' : ''}`,
		);
	});
	// Where a steady page's time goes (pages 10 onwards: past the cold start of the JIT and zod).
	const steady = pages.slice(10, -1).map((page, i) => ({ page, next: pages[10 + i + 1] }));
	const med = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
	if (steady.length > 0) {
		console.log(
			`steady pages (10..${pages.length - 2}), medians: page to page ${med(steady.map(({ page, next }) => next.body - page.body)).toFixed(1)} ms; ` +
				`body in → next request sent ${med(steady.map(({ page, next }) => next.sent - page.body)).toFixed(1)} ms; ` +
				`body in → parsed ${med(steady.map(({ page }) => page.parsed - page.body)).toFixed(1)} ms; ` +
				`parsed → next body in ${med(steady.map(({ page, next }) => next.body - page.parsed)).toFixed(1)} ms; ` +
				`next request sent → its body in ${med(steady.map(({ next }) => next.body - next.sent)).toFixed(1)} ms`,
		);
	}
	console.log(
		`${exposed} of ${pages.length - 1} next requests left after the page was parsed; the consumer waited ${waited.toFixed(0)} ms in all for pages 1..${pages.length - 1}; ${wallMs.toFixed(0)} ms wall`,
	);
} finally {
	await emulator.close();
}
