// A listing that fails part-way tells where to pick up: resume from `resumeMarker`
// and the two runs together hold every job once.
import { ImportExportError, paginateListJobs, type Job } from 'importexport-jobs';
import { connect } from './_connect.js';

// The emulator fails requests 3 to 5 (the first try and both retries of page 3).
const { client, close } = await connect({
	jobCount: 4500,
	faults: {
		byRequest: {
			3: { kind: 'internal-failure' },
			4: { kind: 'internal-failure' },
			5: { kind: 'internal-failure' },
		},
	},
});
try {
	const jobs: Job[] = [];
	let startingMarker: string | undefined;
	for (let run = 1; ; run++) {
		try {
			for await (const job of paginateListJobs(client, { startingMarker })) jobs.push(job);
			console.log(`run ${run}: done, ${jobs.length} jobs in all`);
			break;
		} catch (error) {
			if (!(error instanceof ImportExportError) || run >= 3) throw error;
			console.log(
				`run ${run}: ${error.name} after ${error.jobsYielded ?? 0} jobs: ${error.message}`,
			);
			console.log(`        resuming after ${error.resumeMarker ?? 'the start'}`);
			startingMarker = error.resumeMarker;
		}
	}
	console.log(`unique job ids: ${new Set(jobs.map((job) => job.JobId)).size}`);
} finally {
	await close();
}
