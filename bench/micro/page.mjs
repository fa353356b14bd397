// A real ListJobs page as the emulator serves it (1,000 jobs by default), for micro-benchmarks.
import { JobCatalog } from '../../dist/emulator/catalog.js';
import { generateJobs } from '../../dist/emulator/jobs.js';
import { listJobsEnvelope } from '../../dist/emulator/xml.js';

export function pageXml(jobCount = 1000, seed = 1) {
	const catalog = new JobCatalog(generateJobs(jobCount, seed));
	const { head, tail } = listJobsEnvelope(jobCount, true, '8d2c4a7e-0000-4000-8000-000000000000');
	return head + catalog.membersXml(0, jobCount).toString('utf8') + tail;
}

/**
 * CPU time (user + system, ms) per call of each variant: warmed up, then measured in
 * interleaved batches so that a noisy neighbour weighs on every variant alike. Median of batches.
 */
export function compare(variants, { warmup = 30, batches = 9, perBatch = 20 } = {}) {
	const entries = Object.entries(variants);
	for (const [, run] of entries) for (let i = 0; i < warmup; i++) run();
	const times = Object.fromEntries(entries.map(([name]) => [name, []]));
	for (let b = 0; b < batches; b++) {
		for (const [name, run] of entries) {
			const before = process.cpuUsage();
			for (let i = 0; i < perBatch; i++) run();
			const used = process.cpuUsage(before);
			times[name].push((used.user + used.system) / 1000 / perBatch);
		}
	}
	const result = {};
	for (const [name, list] of Object.entries(times)) {
		list.sort((x, y) => x - y);
		result[name] = { medianMs: list[Math.floor(list.length / 2)], minMs: list[0] };
	}
	return result;
}

export function print(title, result) {
	console.log(title);
	for (const [name, { medianMs, minMs }] of Object.entries(result))
		console.log(
			`  ${name.padEnd(40)} ${medianMs.toFixed(2).padStart(7)} ms/page (min ${minMs.toFixed(2)})`,
		);
}
