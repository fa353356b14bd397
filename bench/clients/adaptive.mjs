// A listing against a rate-limited emulator in one retry mode (config.mode): what a user would
// do, resuming from the error's marker after each failure, so that both modes list everything
// and the failures are counted rather than ending the run.
import { ImportExportClient, paginateListJobs } from '../../dist/bundle/index.js';
import { config, measure } from '../lib/client-harness.mjs';

const MAX_FAILURES = 1_000;
const client = new ImportExportClient({
	endpoint: config.endpoint,
	credentials: config.credentials,
	retry: { mode: config.mode },
});
let failures = 0;
let retries = 0;

await measure(
	`importexport-jobs ${config.mode}`,
	async () => {
		let count = 0;
		let first;
		let last;
		let firstJobAt;
		let startingMarker;
		for (;;) {
			try {
				const options = {
					pageSize: config.pageSize,
					startingMarker,
					onPage: (page) => (retries += page.attempts - 1),
				};
				for await (const job of paginateListJobs(client, options)) {
					if (count === 0) {
						firstJobAt = performance.now();
						first = job.JobId;
					}
					last = job.JobId;
					count++;
				}
				return { count, first, last, firstJobAt };
			} catch (error) {
				failures++;
				retries += (error.attempts ?? 1) - 1;
				if (failures >= MAX_FAILURES) throw error;
				startingMarker = error.resumeMarker;
			}
		}
	},
	() => ({ failures, retries }),
);
