// Only what is new: remember the newest JobId in a small state file, and next time list only
// the jobs newer than it. The listing stops at that job: no page beyond it is asked for.
//
//   tsx examples/incremental.ts STATE_FILE [NEW_JOBS]
//
// Against the embedded emulator, NEW_JOBS jobs are created after the 5000 of the account
// (run it once with 0, then with 3: the second run lists the 3).
import { randomUUID } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { collectJobs } from 'importexport-jobs';
import { generateJobs, type EmulatorJob } from 'importexport-jobs/emulator';
import { connect } from './_connect.js';

interface State {
	newestJobId: string;
}

const stateFile = process.argv[2] ?? join(tmpdir(), 'importexport-jobs-incremental.json');
const newJobs = Number(process.argv[3] ?? 0);

const { client, close, requestCount } = await connect({ jobs: account(newJobs) });
try {
	const state = await readState(stateFile);
	// No state yet: the first run lists everything.
	const result = await collectJobs(client, {
		limit: Infinity,
		...(state === undefined ? {} : { stopAtJobId: state.newestJobId }),
	});
	const shown =
		result.jobs.length > 0 && result.jobs.length <= 10
			? `: ${result.jobs.map((job) => job.JobId).join(', ')}`
			: '';
	console.log(`${result.jobs.length} new jobs${shown}`);
	const remembered = state?.newestJobId;
	if (remembered !== undefined && result.stopPoint === 'reached')
		console.log(`stopped at ${remembered} (already seen)`);
	// The remembered job is gone (or the account is another one): every job was listed.
	if (remembered !== undefined && result.stopPoint === 'not-found')
		console.log(`${remembered} was not found: the whole account was listed`);
	const requests = requestCount();
	if (requests !== undefined) console.log(`requests sent: ${requests}`);
	const newest = result.jobs[0];
	if (newest !== undefined) await writeState(stateFile, { newestJobId: newest.JobId });
	console.log(`remembered newest: ${newest?.JobId ?? state?.newestJobId ?? 'none'}`);
} finally {
	await close();
}

async function readState(path: string): Promise<State | undefined> {
	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
		throw error;
	}
	const parsed = JSON.parse(text) as Partial<State>;
	if (typeof parsed.newestJobId !== 'string' || parsed.newestJobId === '')
		throw new Error(`${path} holds no newestJobId: delete it to list everything again.`);
	return { newestJobId: parsed.newestJobId };
}

/** Atomically: a crash leaves the old state or the new one, never half a file. */
async function writeState(path: string, state: State): Promise<void> {
	const side = join(dirname(path), `.${randomUUID()}.tmp`);
	const file = await open(side, 'w');
	try {
		await file.writeFile(`${JSON.stringify(state)}\n`);
		await file.sync();
	} finally {
		await file.close();
	}
	try {
		await rename(side, path);
	} catch (error) {
		await rm(side, { force: true });
		throw error;
	}
	// The rename itself survives a power loss once the directory is on disk.
	const directory = await open(dirname(path), 'r');
	try {
		await directory.sync();
	} finally {
		await directory.close();
	}
}

/** The emulator's account: 5000 jobs, and `count` created after them, newest first. */
function account(count: number): EmulatorJob[] {
	const jobs = generateJobs(5000);
	const newest = Math.max(...jobs.map((job) => job.CreationDate.getTime()));
	const created = Array.from({ length: count }, (_, i): EmulatorJob => ({
		JobId: `NEW-${count - i}`,
		CreationDate: new Date(newest + (count - i) * 60_000),
		IsCanceled: false,
		JobType: 'Import',
	}));
	return [...created, ...jobs];
}
