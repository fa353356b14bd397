// An export that is complete or absent: jobs go to a side file behind a checkpoint, and
// running the same export again after a failure (or a crash, or kill -9) finishes it.
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImportExportError } from 'importexport-jobs';
import { exportJobs, type ExportJobsOptions } from 'importexport-jobs/node';
import { connect } from './_connect.js';

const out = process.argv[2] ?? join(tmpdir(), `importexport-jobs-${process.pid}.csv`);
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
// Active Export jobs as CSV. The same options every run: a rerun with others is refused.
const options: ExportJobsOptions = {
	out,
	format: 'csv',
	filter: { type: 'Export', canceled: false },
};
try {
	for (let run = 1; ; run++) {
		try {
			const result = await exportJobs(client, options);
			console.log(
				`run ${run}: done, ${result.jobsWritten} of ${result.jobsListed} jobs written to ${result.out} (resumed: ${result.resumed})`,
			);
			break;
		} catch (error) {
			if (!(error instanceof ImportExportError) || run >= 3) throw error;
			// Nothing at `out` yet; the checkpoint says how far the side file goes.
			const checkpoint = JSON.parse(readFileSync(`${out}.checkpoint.json`, 'utf8')) as {
				jobsListed: number;
				lastJobId: string;
			};
			console.log(
				`run ${run}: ${error.name}; ${out} exists: ${existsSync(out)}; checkpoint: ${checkpoint.jobsListed} jobs listed, up to ${checkpoint.lastJobId}`,
			);
		}
	}
	const lines = readFileSync(out, 'utf8').split('\r\n');
	console.log(`header: ${lines[0] ?? ''}`);
	console.log(`records: ${lines.length - 2}`);
} finally {
	await close();
}
