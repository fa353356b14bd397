// Jobs into an array, with a limit: the result says whether there were more and where to resume.
import { collectJobs } from 'importexport-jobs';
import { connect } from './_connect.js';

const { client, close } = await connect();
try {
	const first = await collectJobs(client, { limit: 1200 });
	console.log(
		`collected ${first.jobs.length} jobs; truncated: ${first.truncated}; resume after: ${first.resumeMarker ?? 'none'}`,
	);
	if (first.truncated && first.resumeMarker !== undefined) {
		const rest = await collectJobs(client, { startingMarker: first.resumeMarker, limit: Infinity });
		console.log(`collected the other ${rest.jobs.length}; truncated: ${rest.truncated}`);
		console.log(`total ${first.jobs.length + rest.jobs.length} jobs`);
	}
} finally {
	await close();
}
