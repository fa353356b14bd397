// (a) importexport-jobs: `paginateListJobs`, defaults (validation, retries, prefetch 1).
// The package's entries as users import them: the bundles (package.json exports).
import { ImportExportClient, paginateListJobs } from '../../dist/bundle/index.js';
import { config, measure } from '../lib/client-harness.mjs';

const client = new ImportExportClient({
	endpoint: config.endpoint,
	credentials: config.credentials,
});

await measure('importexport-jobs', async () => {
	let count = 0;
	let first;
	let last;
	let firstJobAt;
	for await (const job of paginateListJobs(client, { pageSize: config.pageSize })) {
		if (count === 0) {
			firstJobAt = performance.now();
			first = job.JobId;
		}
		last = job.JobId;
		count++;
	}
	return { count, first, last, firstJobAt };
});
