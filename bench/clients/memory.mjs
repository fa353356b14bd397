// Memory: every job through `jobsReadable` into a counting sink. Heap is sampled on a timer
// and every 10,000 jobs: the peak, overall and per tenth of the run (a leak would climb from
// tenth to tenth). At each tenth, a full GC and the heap still live: what the listing holds,
// free of the garbage V8 lets pile up between collections (which grows with the run's
// length, not with what is retained). After the run, a full GC and the heap left. Peak RSS
// is maxRSS from the OS. Run with --expose-gc.
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { getHeapStatistics } from 'node:v8';
import { ImportExportClient } from '../../dist/bundle/index.js';
import { jobsReadable } from '../../dist/bundle/node/index.js';
import { config, fail, verify } from '../lib/client-harness.mjs';

if (typeof globalThis.gc !== 'function') fail(new Error('run with --expose-gc'));
const expected = config.expected.count;
const tenths = new Array(10).fill(0);
const liveByTenth = [];
let peakHeap = 0;
let count = 0;
const sample = () => {
	const used = getHeapStatistics().used_heap_size;
	if (used > peakHeap) peakHeap = used;
	const tenth = Math.min(9, Math.floor((count * 10) / expected));
	if (used > tenths[tenth]) tenths[tenth] = used;
};
const sampler = setInterval(sample, 10);

const client = new ImportExportClient({
	endpoint: config.endpoint,
	credentials: config.credentials,
});
let first;
let last;
const sink = new Writable({
	objectMode: true,
	highWaterMark: 1000,
	write(job, _encoding, callback) {
		if (count === 0) first = job.JobId;
		last = job.JobId;
		if (++count % 10_000 === 0) sample();
		if (count % (expected / 10) === 0) {
			globalThis.gc();
			liveByTenth.push(getHeapStatistics().used_heap_size);
		}
		callback();
	},
});

const start = performance.now();
try {
	await pipeline(jobsReadable(client, { pageSize: config.pageSize }), sink);
} catch (error) {
	fail(error);
}
const wallMs = performance.now() - start;
clearInterval(sampler);
sample();
verify({ count, first, last });
globalThis.gc();
const MB = 1e6;
process.stdout.write(
	`${JSON.stringify({
		ok: true,
		jobs: count,
		first,
		last,
		wallMs,
		jobsPerSecond: count / (wallMs / 1000),
		peakHeapMB: peakHeap / MB,
		peakHeapByTenthMB: tenths.map((bytes) => bytes / MB),
		liveHeapByTenthMB: liveByTenth.map((bytes) => bytes / MB),
		peakLiveHeapMB: Math.max(...liveByTenth) / MB,
		heapAfterRunMB: getHeapStatistics().used_heap_size / MB,
		peakRssMB: (process.resourceUsage().maxRSS * 1024) / MB,
	})}\n`,
);
