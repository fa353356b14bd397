import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jobToNdjson } from '../src/consumers/ndjson.js';
import { mulberry32 } from '../src/emulator/random.js';
import type { Emulator } from '../src/emulator/index.js';
import { CSV_HEADER, exportJobs, jobToCsv } from '../src/node/index.js';
import { jobFilter, type JobFilter } from '../src/index.js';
import { collectOutput, startCli } from './cli-run.js';
import { clientFor, emulator, until } from './helpers.js';
import { tempDirs } from './export-fs.js';

// The built CLI exports a few thousand jobs and is killed with SIGKILL again and again, at
// moments drawn from a seeded schedule and recognised by what the child has done (a request
// sent, bytes in the side file, a checkpoint written), never by a timer. Each kill is followed
// by a rerun; the file in the end must be byte for byte the one an uninterrupted run writes.

const JOBS = 2500;
const PAGE = 100;
const KILLS = 8;
// A kill point lies at most this many pages past what is on disk, and the page after it hangs:
// a run moves the export on by 3 pages at most, so all KILLS kills fit in the 25 pages.
const STRIDE = 2;
const OLD = 'the previous export, untouched until the very end\n';

const tempDir = tempDirs('crash');

interface Scenario {
	format: 'ndjson' | 'csv';
	flags: string[];
	/** What the flags say, for the reference export and the expected bytes. */
	filter: JobFilter;
	seed: number;
}

const scenarios: Scenario[] = [
	{ format: 'ndjson', flags: [], filter: {}, seed: 11 },
	{ format: 'csv', flags: ['--active'], filter: { canceled: false }, seed: 29 },
];

function envFor(server: Emulator): Record<string, string> {
	return {
		AWS_ACCESS_KEY_ID: server.credentials.accessKeyId,
		AWS_SECRET_ACCESS_KEY: server.credentials.secretAccessKey,
		AWS_ENDPOINT_URL_IMPORTEXPORT: server.endpoint,
	};
}

interface SavedCheckpoint {
	lastJobId: string | null;
	jobsListed: number;
	bytes: number;
}

function readCheckpoint(path: string): SavedCheckpoint | undefined {
	try {
		return JSON.parse(readFileSync(path, 'utf8')) as SavedCheckpoint;
	} catch {
		// Not there yet (the rename replaces it whole, so it is never half written).
		return undefined;
	}
}

function sizeOf(path: string): number {
	try {
		return statSync(path).size;
	} catch {
		return 0;
	}
}

describe('export survives SIGKILL at any moment', () => {
	it.each(scenarios)(
		'$format $flags: killed 8 times (seed $seed), rerun each time, the file equals an uninterrupted export',
		async ({ format, flags, filter, seed }) => {
			const keep = jobFilter(filter);
			const server = await emulator({ jobCount: JOBS, seed });
			const dir = tempDir();
			const args = (out: string) => [
				'export',
				'--out',
				out,
				'--format',
				format,
				'--page-size',
				String(PAGE),
				...flags,
			];
			const env = envFor(server);

			// What each job adds to the file, for kill points measured in bytes.
			const header = format === 'csv' ? CSV_HEADER : '';
			const ends: number[] = [];
			let offset = Buffer.byteLength(header);
			for (const job of server.jobs) {
				if (keep(job))
					offset += Buffer.byteLength(format === 'csv' ? jobToCsv(job) : jobToNdjson(job));
				ends.push(offset);
			}
			const expected =
				header +
				server.jobs
					.filter(keep)
					.map((job) => (format === 'csv' ? jobToCsv(job) : jobToNdjson(job)))
					.join('');

			// An uninterrupted export, in process (the CLI runs the same function; test/export-cli.test.ts).
			const reference = join(dir, `reference.${format}`);
			await exportJobs(clientFor(server).client, {
				out: reference,
				format,
				pageSize: PAGE,
				filter,
			});
			expect(readFileSync(reference, 'utf8')).toBe(expected);

			const out = join(dir, `jobs.${format}`);
			const partial = `${out}.partial`;
			const checkpointPath = `${out}.checkpoint.json`;
			writeFileSync(out, OLD);
			const random = mulberry32(seed);
			const seen = {
				truncated: 0,
				killedBeforeFirstCheckpoint: 0,
				byKind: { request: 0, bytes: 0, checkpoint: 0 },
			};
			for (let kill = 0; kill < KILLS; kill++) {
				const saved = readCheckpoint(checkpointPath);
				const done = saved?.jobsListed ?? 0;
				// Jobs whose bytes are already in the side file (beyond the checkpoint, if killed mid-page).
				const inSide = ends.filter((end) => end <= sizeOf(partial)).length;
				const pagesLeft = Math.ceil((JOBS - done) / PAGE);
				if (pagesLeft < 3) break;
				if (saved === undefined) seen.killedBeforeFirstCheckpoint++;
				if (sizeOf(partial) > (saved?.bytes ?? 0)) seen.truncated++;
				server.reset();
				const kind = (['request', 'bytes', 'checkpoint'] as const)[Math.floor(random() * 3)]!;
				let reached: () => boolean;
				let hangAt: number;
				if (kind === 'request') {
					// Killed once request n arrives: the page before it may be mid-write, mid-checkpoint.
					const n = 1 + Math.floor(random() * Math.min(pagesLeft - 1, STRIDE));
					reached = () => server.counters.requests >= n;
					hangAt = n;
				} else {
					// A target job not in the last page, past what is already on disk.
					const from = Math.max(done, inSide) + 1;
					const target = Math.min(JOBS - PAGE, from + Math.floor(random() * STRIDE * PAGE));
					const end = ends[target - 1]!;
					reached =
						kind === 'bytes'
							? () => sizeOf(partial) >= end
							: () => (readCheckpoint(checkpointPath)?.jobsListed ?? 0) >= target;
					// The page holding the target is served; the one after it never is, so the child cannot finish first.
					hangAt = Math.ceil((target - done) / PAGE) + 1;
				}
				seen.byKind[kind]++;
				server.injectFault(hangAt, { kind: 'hang' });
				const child = startCli(args(out), env);
				const exited = collectOutput(child);
				await until(reached, 60_000);
				child.kill('SIGKILL');
				const result = await exited;
				expect(result.code, result.stderr).toBe(null);
				// The previous file is never touched before the end.
				expect(readFileSync(out, 'utf8')).toBe(OLD);
				// Each rerun asks for the page after the checkpoint's JobId, or starts from the top.
				const first = server.requests[0]?.params['Marker'];
				if (first !== undefined || saved?.lastJobId != null)
					expect(first).toBe(saved?.lastJobId ?? undefined);
			}
			server.reset();
			const last = await collectOutput(startCli(args(out), env));
			expect(last.code, last.stderr).toBe(0);
			expect(readFileSync(out).equals(readFileSync(reference))).toBe(true);
			expect([
				existsSync(partial),
				existsSync(checkpointPath),
				existsSync(`${checkpointPath}.tmp`),
			]).toEqual([false, false, false]);
			// Every kill of the schedule happened (none was left out for want of jobs).
			console.log(`${format}: ${JSON.stringify(seen)}`);
			expect(Object.values(seen.byKind).reduce((a, b) => a + b, 0)).toBe(KILLS);
		},
		180_000,
	);
});
