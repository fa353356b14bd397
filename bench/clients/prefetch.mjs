// Latency hiding: a consumer doing `workMs` of async work per page (a timer, as an
// upload or a database write would be), against an emulator adding latency to every
// page. With prefetch 1 the next page is on the wire while the consumer works.
import { setTimeout as sleep } from 'node:timers/promises';
import { ImportExportClient, paginateListJobs } from '../../dist/bundle/index.js';
import { config, measure } from '../lib/client-harness.mjs';

const client = new ImportExportClient({
	endpoint: config.endpoint,
	credentials: config.credentials,
});

// Besides the harness's figures: how long the consumer, its work done, waits for the next page.
const waits = [];
await measure(
	`prefetch ${config.prefetch}`,
	async () => {
		let count = 0;
		let first;
		let last;
		let firstJobAt;
		let leftInPage = 0;
		let workDoneAt;
		const onPage = (page) => {
			leftInPage = page.jobs.length;
		};
		for await (const job of paginateListJobs(client, {
			pageSize: config.pageSize,
			prefetch: config.prefetch,
			onPage,
		})) {
			if (count === 0) {
				firstJobAt = performance.now();
				first = job.JobId;
			}
			if (workDoneAt !== undefined) {
				waits.push(performance.now() - workDoneAt);
				workDoneAt = undefined;
			}
			last = job.JobId;
			count++;
			// The page's work, once its last job is in hand.
			if (--leftInPage === 0) {
				await sleep(config.workMs);
				workDoneAt = performance.now();
			}
		}
		return { count, first, last, firstJobAt };
	},
	() => ({ waitForNextPageMs: waits }),
);
