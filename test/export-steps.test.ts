import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jobToNdjson } from '../src/consumers/ndjson.js';
import { ExportCheckpointError, ExportError, type ExportFileSystem } from '../src/node/index.js';
import { NODE_FILE_SYSTEM } from '../src/node/export-fs.js';
import { caught, emulator } from './helpers.js';
import { checkpointStays, exportOnce, scriptedFileSystem, tempDirs } from './export-fs.js';

// The order of an export's file system calls is its crash safety: each page fsynced before the
// checkpoint that vouches for it, every new name made durable by an fsync of its directory.
// And what a failed step says: the file, the call, what was kept and where a rerun resumes.

const tempDir = tempDirs('export-steps');

/** Replacing the checkpoint: a fresh temporary file, written, fsynced, renamed, its directory fsynced. */
const checkpointWrite = [
	'unlink <cp>.tmp',
	'open <cp>.tmp',
	'write <cp>.tmp',
	'sync <cp>.tmp',
	'rename <cp>.tmp',
	'open <dir>',
	'sync <dir>',
];

/** The end of a run: the side file renamed to the target, then the checkpoint removed, each made durable. */
const finish = [
	'rename <partial>',
	'open <dir>',
	'sync <dir>',
	'unlink <cp>',
	'unlink <cp>.tmp',
	'open <dir>',
	'sync <dir>',
];

function recorded(dir: string, out: string, calls: readonly string[]): string[] {
	return calls.map((call) =>
		call
			.replace(`${out}.checkpoint.json`, '<cp>')
			.replace(`${out}.partial`, '<partial>')
			.replace(out, '<out>')
			.replace(new RegExp(`${dir}$`), '<dir>'),
	);
}

describe('exportJobs: the order of its file system calls', () => {
	it('a fresh CSV export: header and every page fsynced before their checkpoint, each rename and unlink followed by a directory fsync', async () => {
		const server = await emulator({ jobCount: 150 });
		const dir = tempDir();
		const out = join(dir, 'jobs.csv');
		const script = scriptedFileSystem({ skipSync: true });
		await exportOnce(server, { out, format: 'csv', pageSize: 100, fileSystem: script.fs });
		expect(recorded(dir, out, script.calls)).toEqual([
			'readFile <cp>',
			'stat <partial>',
			'unlink <partial>',
			'open <partial>',
			'write <partial>',
			'sync <partial>',
			...checkpointWrite,
			'write <partial>',
			'sync <partial>',
			...checkpointWrite,
			'write <partial>',
			'sync <partial>',
			...checkpointWrite,
			// Marked complete.
			...checkpointWrite,
			...finish,
		]);
	});

	it('a page whose jobs are all filtered out writes nothing to the side file, and still moves the checkpoint', async () => {
		const server = await emulator({ jobCount: 150 });
		const dir = tempDir();
		const out = join(dir, 'jobs.ndjson');
		const script = scriptedFileSystem({ skipSync: true });
		const result = await exportOnce(server, {
			out,
			pageSize: 100,
			filter: () => false,
			fileSystem: script.fs,
		});
		expect(recorded(dir, out, script.calls)).toEqual([
			'readFile <cp>',
			'stat <partial>',
			'unlink <partial>',
			'open <partial>',
			...checkpointWrite,
			...checkpointWrite,
			...checkpointWrite,
			...checkpointWrite,
			...finish,
		]);
		expect(result).toMatchObject({ jobsListed: 150, jobsWritten: 0, bytes: 0 });
		expect(readFileSync(out, 'utf8')).toBe('');
	});

	it('a resume cuts the side file back and fsyncs it before writing; after the rename only the checkpoint goes', async () => {
		const server = await emulator({ jobCount: 150 });
		const dir = tempDir();
		const out = join(dir, 'jobs.ndjson');
		server.injectFault(2, { kind: 'internal-failure' });
		await caught(() => exportOnce(server, { out, pageSize: 100 }));
		writeFileSync(`${out}.partial`, 'a page never checkpointed', { flag: 'a' });
		server.reset();
		const resume = scriptedFileSystem({ skipSync: true });
		await exportOnce(server, { out, pageSize: 100, fileSystem: resume.fs });
		expect(recorded(dir, out, resume.calls).slice(0, 6)).toEqual([
			'readFile <cp>',
			'stat <partial>',
			'open <partial>',
			'truncate <partial>',
			'sync <partial>',
			'write <partial>',
		]);
		expect(readFileSync(out, 'utf8')).toBe(server.jobs.map(jobToNdjson).join(''));
	});

	it('a run stopped after its rename: the rerun removes the checkpoint and fsyncs the directory', async () => {
		const server = await emulator({ jobCount: 50 });
		const dir = tempDir();
		const out = join(dir, 'jobs.ndjson');
		const fileSystem = checkpointStays(out);
		await caught(() => exportOnce(server, { out, fileSystem }));
		const rerun = scriptedFileSystem({ skipSync: true });
		await exportOnce(server, { out, fileSystem: rerun.fs });
		expect(recorded(dir, out, rerun.calls)).toEqual([
			'readFile <cp>',
			'stat <partial>',
			'stat <out>',
			'unlink <cp>',
			'open <dir>',
			'sync <dir>',
		]);
	});
});

describe('exportJobs: a failed step', () => {
	it('before any checkpoint: says nothing was saved, with the call, the file and the system code', async () => {
		const server = await emulator({ jobCount: 10 });
		const out = join(tempDir(), 'jobs.ndjson');
		// Call 4 opens the side file.
		const error = await caught(() =>
			exportOnce(server, { out, fileSystem: scriptedFileSystem({ failAt: 4, skipSync: true }).fs }),
		);
		expect(error).toBeInstanceOf(ExportError);
		expect(error).toMatchObject({
			name: 'ExportError',
			operation: 'export',
			out,
			path: `${out}.partial`,
			code: 'EIO',
			saved: undefined,
		});
		expect(error.message).toBe(
			`Export to ${out} failed: cannot create ${out}.partial: EIO: i/o error (injected). ${out} was not changed; nothing was saved yet.`,
		);
	});

	it('on the first page: resumes after the start, with what the first checkpoint holds', async () => {
		const server = await emulator({ jobCount: 10 });
		const out = join(tempDir(), 'jobs.ndjson');
		// 1 readFile, 2 stat, 3 unlink, 4 open, 5-11 the first checkpoint, 12 the first page's write.
		const script = scriptedFileSystem({ failAt: 12, skipSync: true });
		const error = await caught(() => exportOnce(server, { out, fileSystem: script.fs }));
		expect(script.calls.at(-1)).toBe(`write ${out}.partial`);
		expect(error).toMatchObject({
			path: `${out}.partial`,
			saved: { lastJobId: undefined, jobsListed: 0, jobsWritten: 0, bytes: 0 },
		});
		expect(error.message).toBe(
			`Export to ${out} failed: cannot write ${out}.partial: EIO: i/o error (injected). ${out} was not changed; 0 jobs (0 listed) are kept in ${out}.partial; run the same export again to resume after the start.`,
		);
	});

	it('a failure that is not a system error: no code, its text in the message', async () => {
		const server = await emulator({ jobCount: 10 });
		const out = join(tempDir(), 'jobs.ndjson');
		const fileSystem: ExportFileSystem = {
			...NODE_FILE_SYSTEM,
			// eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- a file system that rejects with a bare string
			stat: () => Promise.reject('the disk is on fire'),
		};
		const error = await caught(() => exportOnce(server, { out, fileSystem }));
		expect(error).toMatchObject({ code: undefined, cause: 'the disk is on fire' });
		expect(error.message).toContain(`cannot read ${out}.partial: the disk is on fire.`);
	});

	it('a checkpoint that cannot be read (a directory there) is an ExportError naming it, not a fresh start', async () => {
		const server = await emulator({ jobCount: 10 });
		const out = join(tempDir(), 'jobs.ndjson');
		mkdirSync(`${out}.checkpoint.json`);
		const error = await caught(() => exportOnce(server, { out }));
		expect(error).toBeInstanceOf(ExportError);
		expect(error).not.toBeInstanceOf(ExportCheckpointError);
		expect(error).toMatchObject({ code: 'EISDIR', path: `${out}.checkpoint.json` });
		expect(error.message).toContain(`cannot read ${out}.checkpoint.json`);
		expect(server.counters.requests).toBe(0);
	});

	it('a refused checkpoint carries what it had saved', async () => {
		const server = await emulator({ jobCount: 300 });
		const out = join(tempDir(), 'jobs.ndjson');
		server.injectFault(2, { kind: 'internal-failure' });
		await caught(() => exportOnce(server, { out, pageSize: 100 }));
		const error = await caught(() => exportOnce(server, { out, pageSize: 100, format: 'csv' }));
		expect(error).toMatchObject({
			name: 'ExportCheckpointError',
			out,
			path: `${out}.checkpoint.json`,
			saved: {
				lastJobId: server.jobs[99]!.JobId,
				jobsListed: 100,
				jobsWritten: 100,
				bytes: Buffer.byteLength(server.jobs.slice(0, 100).map(jobToNdjson).join('')),
			},
		});
		writeFileSync(`${out}.partial`, '');
		const short = await caught(() => exportOnce(server, { out, pageSize: 100 }));
		expect(short).toMatchObject({
			name: 'ExportCheckpointError',
			path: `${out}.partial`,
			saved: { jobsListed: 100 },
		});
		expect(short.message).toBe(
			`${out}.partial holds 0 bytes but its checkpoint vouches for ${(error as ExportError).saved!.bytes}: the side file was changed outside the export. Delete ${out}.checkpoint.json and ${out}.partial to start over.`,
		);
	});
});
