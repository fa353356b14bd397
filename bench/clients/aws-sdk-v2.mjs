// (b) aws-sdk-js v2: `AWS.ImportExport` `listJobs(...).eachPage`, SigV2 as v2 signs this service.
// Loaded as `aws-sdk/clients/importexport` (the same class as `AWS.ImportExport`, without
// every other service's model), and given a keep-alive agent as AWS recommends for v2
// (AWS_NODEJS_CONNECTION_REUSE_ENABLED): both in v2's favour.
import { Agent } from 'node:http';
import { createRequire } from 'node:module';
import { config, measure } from '../lib/client-harness.mjs';

const require = createRequire(import.meta.url);
const ImportExport = require('aws-sdk/clients/importexport');

const client = new ImportExport({
	endpoint: config.endpoint,
	region: 'us-east-1',
	credentials: config.credentials,
	httpOptions: { agent: new Agent({ keepAlive: true }) },
});

await measure('aws-sdk v2', () => {
	let count = 0;
	let first;
	let last;
	let firstJobAt;
	return new Promise((resolve, reject) => {
		client.listJobs({ MaxJobs: config.pageSize }).eachPage((error, data) => {
			if (error) {
				reject(error);
				return false;
			}
			// eachPage calls once more with null data when the last page is done.
			if (data === null) {
				resolve({ count, first, last, firstJobAt });
				return false;
			}
			for (const job of data.Jobs ?? []) {
				if (count === 0) {
					firstJobAt = performance.now();
					first = job.JobId;
				}
				last = job.JobId;
				count++;
			}
			return true;
		});
	});
});
