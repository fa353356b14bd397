// Memory: every job through `jobsReadable` into a counting sink. Heap and RSS are sampled
// on a timer and every 10,000 jobs; the peak is what is reported, with maxRSS from the OS.
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { getHeapStatistics } from 'node:v8';
import { ImportExportClient } from '../../dist/index.js';
import { jobsReadable } from '../../dist/node/index.js';
import { config, fail, verify } from '../lib/client-harness.mjs';

let peakHeap = 0;
let samples = 0;
const sample = () => {
	samples++;
	const used = getHeapStatistics().used_heap_size;
	if (used > peakHeap) peakHeap = used;
};
const sampler = setInterval(sample, 10);

const client = new ImportExportClient({ endpoint: config.endpoint, credentials: config.credentials });
let count = 0;
let first;
let last;
const sink = new Writable({
	objectMode: true,
	highWaterMark: 1000,
	write(job, _encoding, callback) {
		if (count === 0) first = job.JobId;
		last = job.JobId;
		if (++count % 10_000 === 0) sample();
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
process.stdout.write(
	`${JSON.stringify({
		ok: true,
		jobs: count,
		first,
		last,
		wallMs,
		jobsPerSecond: count / (wallMs / 1000),
		peakHeapMB: peakHeap / 1e6,
		finalHeapMB: getHeapStatistics().used_heap_size / 1e6,
		peakRssMB: (process.resourceUsage().maxRSS * 1024) / 1e6,
		heapSamples: samples,
	})}\n`,
);
