import { readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jobToNdjson } from '../src/consumers/ndjson.js';
import {
	CSV_HEADER,
	ExportCheckpointError,
	jobsToCsv,
	type ExportFileSystem,
	type ExportProgress,
} from '../src/node/index.js';
import { NODE_FILE_SYSTEM } from '../src/node/export-fs.js';
import { caught, emulator } from './helpers.js';
import { checkpointStays, exportOnce, tempDirs } from './export-fs.js';

// The listing options of an export (maxItems, startingMarker, stopAtJobId, since) and what a
// resumed run makes of them; onCheckpoint; the run that stopped after its rename.

const tempDir = tempDirs('export-listing');

const ndjson = (jobs: ReadonlyArray<Parameters<typeof jobToNdjson>[0]>): string =>
	jobs.map(jobToNdjson).join('');

/** The real file system, with the `nth` open of `path` failing as a full disk would. */
function failingOpen(path: string, nth: number): ExportFileSystem {
	let seen = 0;
	return {
		...NODE_FILE_SYSTEM,
		open: async (target, flags) => {
			if (target === path && ++seen === nth)
				throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
			return NODE_FILE_SYSTEM.open(target, flags);
		},
	};
}

describe('exportJobs: maxItems', () => {
	it('counts the jobs of every run: a resumed export lists only what is left', async () => {
		const server = await emulator({ jobCount: 500 });
		const out = join(tempDir(), 'jobs.ndjson');
		const options = { out, pageSize: 100, maxItems: 250 };
		server.injectFault(3, { kind: 'internal-failure' });
		await caught(() => exportOnce(server, options));
		server.reset();
		const result = await exportOnce(server, options);
		expect(result).toMatchObject({
			jobsListed: 250,
			jobsWritten: 250,
			jobsListedNow: 50,
			resumed: true,
			lastJobId: server.jobs[249]!.JobId,
		});
		expect(server.requests.map((request) => request.params['MaxJobs'])).toEqual(['50']);
		expect(readFileSync(out, 'utf8')).toBe(ndjson(server.jobs.slice(0, 250)));
	});

	it('a run that listed all its jobs but stopped before marking the checkpoint complete finishes without asking the service again', async () => {
		const server = await emulator({ jobCount: 500 });
		const out = join(tempDir(), 'jobs.ndjson');
		const options = { out, pageSize: 100, maxItems: 200 };
		// Checkpoints: the first one, page 1, page 2, then the one marked complete, which fails.
		const failed = await caught(() =>
			exportOnce(server, { ...options, fileSystem: failingOpen(`${out}.checkpoint.json.tmp`, 4) }),
		);
		expect(failed).toMatchObject({ code: 'ENOSPC', saved: { jobsListed: 200 } });
		server.reset();
		const result = await exportOnce(server, options);
		expect(server.counters.requests).toBe(0);
		expect(result).toMatchObject({ jobsListed: 200, jobsListedNow: 0, resumed: true });
		expect(readFileSync(out, 'utf8')).toBe(ndjson(server.jobs.slice(0, 200)));
	});
});

describe('exportJobs: startingMarker', () => {
	it('starts after the marker, and a resumed run after its checkpoint instead', async () => {
		const server = await emulator({ jobCount: 400 });
		const out = join(tempDir(), 'jobs.csv');
		const options = {
			out,
			format: 'csv',
			pageSize: 100,
			startingMarker: server.jobs[99]!.JobId,
		} as const;
		server.injectFault(2, { kind: 'internal-failure' });
		await caught(() => exportOnce(server, options));
		expect(server.requests[0]!.params['Marker']).toBe(server.jobs[99]!.JobId);
		server.reset();
		const result = await exportOnce(server, options);
		expect(server.requests[0]!.params['Marker']).toBe(server.jobs[199]!.JobId);
		expect(result).toMatchObject({ jobsListed: 300, jobsListedNow: 200, resumed: true });
		expect(readFileSync(out, 'utf8')).toBe(CSV_HEADER + jobsToCsv(server.jobs.slice(100)));
	});
});

describe('exportJobs: stopAtJobId and since', () => {
	it('exports only the jobs newer than the stop point, and refuses to resume with another one, naming it', async () => {
		const server = await emulator({ jobCount: 300 });
		const out = join(tempDir(), 'jobs.ndjson');
		const stopAtJobId = server.jobs[250]!.JobId;
		server.injectFault(2, { kind: 'internal-failure' });
		await caught(() => exportOnce(server, { out, pageSize: 100, stopAtJobId }));
		server.reset();

		const other = await caught(() =>
			exportOnce(server, { out, pageSize: 100, stopAtJobId: server.jobs[200]!.JobId }),
		);
		expect(other).toBeInstanceOf(ExportCheckpointError);
		expect(other.message).toContain(
			`stopAtJobId ${JSON.stringify(server.jobs[200]!.JobId)} (checkpoint: ${JSON.stringify(stopAtJobId)})`,
		);
		const since = new Date(0);
		const both = await caught(() => exportOnce(server, { out, pageSize: 100, stopAtJobId, since }));
		expect(both.message).toContain(
			`other options: since "1970-01-01T00:00:00.000Z" (checkpoint: null). Run it again`,
		);
		const none = await caught(() => exportOnce(server, { out, pageSize: 100 }));
		expect(none.message).toContain(
			`other options: stopAtJobId null (checkpoint: ${JSON.stringify(stopAtJobId)}). Run it again`,
		);
		expect(server.counters.requests).toBe(0);

		const result = await exportOnce(server, { out, pageSize: 100, stopAtJobId });
		expect(result).toMatchObject({ jobsListed: 250, resumed: true });
		expect(readFileSync(out, 'utf8')).toBe(ndjson(server.jobs.slice(0, 250)));
	});

	it('since alone is part of the checkpoint too', async () => {
		const server = await emulator({ jobCount: 300 });
		const out = join(tempDir(), 'jobs.ndjson');
		const since = server.jobs[250]!.CreationDate;
		server.injectFault(2, { kind: 'internal-failure' });
		await caught(() => exportOnce(server, { out, pageSize: 100, since }));
		server.reset();
		const later = new Date(since.getTime() + 1000);
		const other = await caught(() => exportOnce(server, { out, pageSize: 100, since: later }));
		expect(other.message).toContain(
			`other options: since "${later.toISOString()}" (checkpoint: "${since.toISOString()}"). Run it again`,
		);
		const result = await exportOnce(server, { out, pageSize: 100, since });
		expect(readFileSync(out, 'utf8')).toBe(
			ndjson(server.jobs.filter((job) => job.CreationDate > since)),
		);
		expect(result.resumed).toBe(true);
	});
});

describe('exportJobs: onCheckpoint', () => {
	it('reports each page once it is on disk: listed, written (after the filter) and bytes so far', async () => {
		const server = await emulator({ jobCount: 250 });
		const out = join(tempDir(), 'jobs.csv');
		const seen: Array<{ progress: ExportProgress; onDisk: number }> = [];
		const keep = (job: { IsCanceled: boolean }) => !job.IsCanceled;
		await exportOnce(server, {
			out,
			format: 'csv',
			pageSize: 100,
			filter: keep,
			onCheckpoint: (progress) =>
				seen.push({ progress, onDisk: readFileSync(`${out}.partial`).byteLength }),
		});
		const upTo = (n: number): ExportProgress => {
			const kept = server.jobs.slice(0, n).filter(keep);
			return {
				lastJobId: server.jobs[n - 1]!.JobId,
				jobsListed: n,
				jobsWritten: kept.length,
				bytes: Buffer.byteLength(CSV_HEADER + jobsToCsv(kept)),
			};
		};
		expect(seen.map(({ progress }) => progress)).toEqual([upTo(100), upTo(200), upTo(250)]);
		expect(seen.map(({ onDisk }) => onDisk)).toEqual(seen.map(({ progress }) => progress.bytes));
		expect(seen.some(({ progress }) => progress.jobsWritten < progress.jobsListed)).toBe(true);
	});
});

describe('exportJobs: stopped after the rename', () => {
	it('the rerun only removes the checkpoint, lists nothing and reports the finished export', async () => {
		const server = await emulator({ jobCount: 150 });
		const out = join(tempDir(), 'jobs.ndjson');
		const fileSystem = checkpointStays(out);
		await caught(() => exportOnce(server, { out, pageSize: 100, fileSystem }));
		expect(readFileSync(out, 'utf8')).toBe(ndjson(server.jobs));
		server.reset();
		const result = await exportOnce(server, { out, pageSize: 100 });
		expect(server.counters.requests).toBe(0);
		expect(existsSync(`${out}.checkpoint.json`)).toBe(false);
		expect(result).toEqual({
			out,
			format: 'ndjson',
			lastJobId: server.jobs[149]!.JobId,
			jobsListed: 150,
			jobsWritten: 150,
			bytes: Buffer.byteLength(ndjson(server.jobs)),
			jobsListedNow: 0,
			resumed: true,
		});
	});

	it('a target changed since then is not taken for the export: it runs again from the start', async () => {
		const server = await emulator({ jobCount: 150 });
		const out = join(tempDir(), 'jobs.ndjson');
		const fileSystem = checkpointStays(out);
		await caught(() => exportOnce(server, { out, pageSize: 100, fileSystem }));
		writeFileSync(out, 'replaced by hand\n');
		server.reset();
		const result = await exportOnce(server, { out, pageSize: 100 });
		expect(result).toMatchObject({ jobsListedNow: 150, resumed: false });
		expect(readFileSync(out, 'utf8')).toBe(ndjson(server.jobs));
	});

	it('a checkpoint whose side file is gone starts over', async () => {
		const server = await emulator({ jobCount: 300 });
		const out = join(tempDir(), 'jobs.ndjson');
		server.injectFault(2, { kind: 'internal-failure' });
		await caught(() => exportOnce(server, { out, pageSize: 100 }));
		rmSync(`${out}.partial`);
		server.reset();
		const result = await exportOnce(server, { out, pageSize: 100 });
		expect(result).toMatchObject({ jobsListed: 300, jobsListedNow: 300, resumed: false });
		expect(server.requests[0]!.params['Marker']).toBeUndefined();
		expect(readFileSync(out, 'utf8')).toBe(ndjson(server.jobs));
	});
});
