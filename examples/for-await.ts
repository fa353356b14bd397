// Every job of the account, one at a time, newest first.
import { paginateListJobs } from 'importexport-jobs';
import { connect } from './_connect.js';

const { client, close } = await connect();
try {
	let count = 0;
	let canceled = 0;
	for await (const job of paginateListJobs(client)) {
		count++;
		if (job.IsCanceled) canceled++;
		if (count <= 3)
			console.log(`${job.JobId}  ${job.JobType.padEnd(6)}  ${job.CreationDate.toISOString()}`);
	}
	console.log(`${count} jobs, ${canceled} canceled`);
} finally {
	await close();
}
