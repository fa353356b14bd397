// `node bench/trace-overlap.mjs [jobs] [pageSize] [latencyMs]` (after `npm run build`): when each
// request of a listing leaves, when its body is in, when it is parsed and when the consumer gets
// the page, with the emulator in a process of its own. A page whose next request left only after
// it was parsed (not when its body arrived) exposes a whole round trip: the trace counts them.
import { ImportExportClient, paginateListJobPages } from '../dist/index.js';
import { exchangeOf, registerExchange } from '../dist/protocol/list-jobs-exchange.js';
import { startEmulatorProcess } from './lib/processes.mjs';

const [jobs = 50_000, pageSize = 1_000, latencyMs = 25] = process.argv.slice(2).map(Number);
const emulator = await startEmulatorProcess({ jobCount: jobs, seed: 1, latencyMs });
try {
	const client = new ImportExportClient({ endpoint: emulator.endpoint, credentials: emulator.credentials });
	const t0 = performance.now();
	const events = [];
	const at = (kind, marker) => events.push({ kind, marker, ms: performance.now() - t0 });
	// The real client's two-step exchange, with each step recorded; pages are told apart by Marker.
	const exchange = exchangeOf(client);
	const traced = { listJobs: (input, options) => client.listJobs(input, options) };
	registerExchange(traced, traced.listJobs, async (input, hooks) => {
		const step = await exchange(input, { ...hooks, onSend: () => (at('sent', input.Marker), hooks.onSend?.()) });
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
	}
	const wallMs = performance.now() - t0;
	if (count !== jobs) throw new Error(`listed ${count} jobs, expected ${jobs}`);

	const pages = [...indexOf.values()].map(() => ({}));
	for (const event of events) {
		const page = pages[indexOf.get(event.marker)];
		if (page !== undefined && page[event.kind] === undefined) page[event.kind] = event.ms;
	}
	const f = (ms) => (ms === undefined ? '-' : ms.toFixed(1).padStart(8));
	console.log(`${jobs} jobs, pages of ${pageSize}, ${latencyMs} ms latency: ${wallMs.toFixed(0)} ms wall`);
	console.log('page     sent     body   parsed  yielded  next sent - body (ms; > 0: the next request waited)');
	let exposed = 0;
	pages.forEach((page, k) => {
		const next = pages[k + 1];
		const gap = next === undefined ? undefined : next.sent - page.body;
		// Left after the parse, not within a few ms of the body: a round trip the parse did not hide.
		const late = gap !== undefined && next.sent > page.parsed;
		if (late) exposed++;
		console.log(`${String(k).padStart(4)} ${f(page.sent)} ${f(page.body)} ${f(page.parsed)} ${f(page.yielded)} ${f(gap)}${late ? '  after the parse' : ''}`);
	});
	console.log(`${exposed} of ${pages.length - 1} next requests left after the page was parsed`);
} finally {
	await emulator.close();
}
