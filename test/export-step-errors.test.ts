import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { jobToNdjson } from '../src/consumers/ndjson.js';
import type { Emulator } from '../src/emulator/index.js';
import {
	ExportError,
	exportJobs,
	type ExportFileSystem,
	type ExportJobsOptions,
} from '../src/node/index.js';
import { NODE_FILE_SYSTEM } from '../src/node/export-fs.js';
import { caught, clientFor, emulator } from './helpers.js';
import { scriptedFileSystem } from './export-fs.js';

// A failed step's message names what the export was doing ("cannot rename …", "cannot
// truncate …") and the file: that is what a person reads to find what went wrong (a full disk
// while writing, a read-only directory at the rename). Each step is made to fail in turn.

const dirs: string[] = [];
afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
	const dir = mkdtempSync(join(tmpdir(), 'importexport-export-step-errors-'));
	dirs.push(dir);
	return dir;
}

function run(server: Emulator, options: ExportJobsOptions) {
	return exportJobs(clientFor(server, { retry: { maxAttempts: 1 } }).client, options);
}

/** `call => cannot <action> <file>, <what was saved>`, the files shown by their role. */
function described(out: string, call: string, error: Error): string {
	const names = (text: string) =>
		text
			.replaceAll(`${out}.checkpoint.json`, '<cp>')
			.replaceAll(`${out}.partial`, '<partial>')
			.replaceAll(out, '<out>');
	expect(error).toBeInstanceOf(ExportError);
	const { saved } = error as ExportError;
	const step = /cannot (\S+ \S+): /.exec(error.message)?.[1] ?? error.message;
	const kept = saved === undefined ? 'nothing saved' : `${saved.jobsListed} listed`;
	return `${names(call).replace(/ \/.*$/, ' <dir>')} => ${names(step)}, ${kept}`;
}

/** Replacing the checkpoint: 7 calls (unlink, open, write, sync the temporary file; rename; open, sync the directory). */
const checkpoint = (kept: string) => [
	`unlink <cp>.tmp => write <cp>, ${kept}`,
	`open <cp>.tmp => write <cp>, ${kept}`,
	`write <cp>.tmp => write <cp>, ${kept}`,
	`sync <cp>.tmp => write <cp>, ${kept}`,
	`rename <cp>.tmp => write <cp>, ${kept}`,
	`open <dir> => write <cp>, ${kept}`,
	`sync <dir> => write <cp>, ${kept}`,
];

describe('exportJobs: a failed step says which step and which file', () => {
	it('a fresh export: read, remove, create, write, rename, remove, each with the file and what was saved', async () => {
		const server = await emulator({ jobCount: 50 });
		const dir = tempDir();
		const options = { format: 'csv', pageSize: 100 } as const;
		const clean = scriptedFileSystem({ skipSync: true });
		await run(server, { ...options, out: join(dir, 'clean.csv'), fileSystem: clean.fs });
		const seen: string[] = [];
		for (let failAt = 1; failAt <= clean.calls.length; failAt++) {
			const out = join(dir, `cut-${failAt}.csv`);
			const script = scriptedFileSystem({ failAt, skipSync: true });
			const error = await caught(() => run(server, { ...options, out, fileSystem: script.fs }));
			seen.push(described(out, script.calls.at(-1)!, error));
		}
		expect(seen).toEqual([
			'readFile <cp> => read <cp>, nothing saved',
			'stat <partial> => read <partial>, nothing saved',
			'unlink <partial> => remove <partial>, nothing saved',
			'open <partial> => create <partial>, nothing saved',
			// The CSV header.
			'write <partial> => write <partial>, nothing saved',
			'sync <partial> => write <partial>, nothing saved',
			...checkpoint('nothing saved'),
			// The one page, then its checkpoint.
			'write <partial> => write <partial>, 0 listed',
			'sync <partial> => write <partial>, 0 listed',
			...checkpoint('0 listed'),
			// Marked complete.
			...checkpoint('50 listed'),
			'rename <partial> => rename <partial>, 50 listed',
			'open <dir> => rename <partial>, 50 listed',
			'sync <dir> => rename <partial>, 50 listed',
			'unlink <cp> => remove <cp>, 50 listed',
			'unlink <cp>.tmp => remove <cp>, 50 listed',
			'open <dir> => remove <cp>, 50 listed',
			'sync <dir> => remove <cp>, 50 listed',
		]);
	});

	it('a resume: open and truncate the side file, with what its checkpoint holds', async () => {
		const server = await emulator({ jobCount: 300 });
		const out = join(tempDir(), 'jobs.ndjson');
		server.injectFault(2, { kind: 'internal-failure' });
		await caught(() => run(server, { out, pageSize: 100 }));
		// Killed between a write and its checkpoint: more in the side file than vouched for.
		const longer = `${readFileSync(`${out}.partial`, 'utf8')}a page never checkpointed\n`;
		const seen: string[] = [];
		// 1 readFile, 2 stat, 3 open, 4 truncate, 5 sync.
		for (let failAt = 1; failAt <= 5; failAt++) {
			writeFileSync(`${out}.partial`, longer);
			const script = scriptedFileSystem({ failAt, skipSync: true });
			const error = await caught(() => run(server, { out, pageSize: 100, fileSystem: script.fs }));
			seen.push(described(out, script.calls.at(-1)!, error));
		}
		expect(seen).toEqual([
			'readFile <cp> => read <cp>, nothing saved',
			'stat <partial> => read <partial>, nothing saved',
			'open <partial> => open <partial>, 100 listed',
			'truncate <partial> => truncate <partial>, 100 listed',
			'sync <partial> => truncate <partial>, 100 listed',
		]);
	});

	it('the rerun of an export stopped after its rename: read the target, remove the checkpoint', async () => {
		const server = await emulator({ jobCount: 50 });
		const out = join(tempDir(), 'jobs.ndjson');
		const fileSystem: ExportFileSystem = {
			...NODE_FILE_SYSTEM,
			unlink: async (path) => {
				if (path === `${out}.checkpoint.json`)
					throw Object.assign(new Error('EIO'), { code: 'EIO' });
				return NODE_FILE_SYSTEM.unlink(path);
			},
		};
		await caught(() => run(server, { out, fileSystem }));
		const saved = readFileSync(`${out}.checkpoint.json`, 'utf8');
		const seen: string[] = [];
		// 1 readFile, 2 stat the side file, 3 stat the target, 4 unlink, 5 open, 6 sync the directory.
		for (let failAt = 3; failAt <= 6; failAt++) {
			writeFileSync(`${out}.checkpoint.json`, saved);
			const script = scriptedFileSystem({ failAt, skipSync: true });
			const error = await caught(() => run(server, { out, fileSystem: script.fs }));
			seen.push(described(out, script.calls.at(-1)!, error));
		}
		expect(seen).toEqual([
			'stat <out> => read <out>, nothing saved',
			'unlink <cp> => remove <cp>, nothing saved',
			'open <dir> => remove <cp>, nothing saved',
			'sync <dir> => remove <cp>, nothing saved',
		]);
		expect(server.counters.requests).toBe(1);
	});

	it('closing the side file: cannot close it, with every job saved', async () => {
		const server = await emulator({ jobCount: 50 });
		const out = join(tempDir(), 'jobs.ndjson');
		let refused = false;
		const fileSystem: ExportFileSystem = {
			...NODE_FILE_SYSTEM,
			open: async (path, flags) => {
				const handle = await NODE_FILE_SYSTEM.open(path, flags);
				if (path !== `${out}.partial`) return handle;
				// The first close fails as a lost NFS server would report it; the handle is released after.
				return new Proxy(handle, {
					get(target, property) {
						if (property === 'close' && !refused) {
							return () => {
								refused = true;
								return Promise.reject(
									Object.assign(new Error('EIO: i/o error, close'), { code: 'EIO' }),
								);
							};
						}
						const value: unknown = Reflect.get(target, property, target);
						return typeof value === 'function'
							? (value as (...args: unknown[]) => unknown).bind(target)
							: value;
					},
				}) satisfies FileHandle;
			},
		};
		const error = await caught(() => run(server, { out, fileSystem }));
		expect(described(out, 'close <partial>', error)).toBe(
			'close <partial> => close <partial>, 50 listed',
		);
		expect(error).toMatchObject({ code: 'EIO', saved: { jobsWritten: 50 } });
		// Nothing was lost: the rerun renames the side file without listing again.
		server.reset();
		await run(server, { out });
		expect(server.counters.requests).toBe(0);
		expect(readFileSync(out, 'utf8')).toBe(server.jobs.map(jobToNdjson).join(''));
	});

	it('a code that is not a system error code (not a string) is not reported as one', async () => {
		const server = await emulator({ jobCount: 10 });
		const out = join(tempDir(), 'jobs.ndjson');
		const fileSystem: ExportFileSystem = {
			...NODE_FILE_SYSTEM,
			stat: () => Promise.reject(Object.assign(new Error('device gone'), { code: 19 })),
		};
		const error = await caught(() => run(server, { out, fileSystem }));
		expect(error).toMatchObject({ name: 'ExportError', code: undefined });
		expect(error.message).toContain(`cannot read ${out}.partial: device gone.`);
	});
});

describe('exportJobs: a resume', () => {
	it('with a side file exactly as long as its checkpoint says: nothing is cut, the next page is written', async () => {
		const server = await emulator({ jobCount: 150 });
		const dir = tempDir();
		const out = join(dir, 'jobs.ndjson');
		// The listing failed: everything written was checkpointed.
		server.injectFault(2, { kind: 'internal-failure' });
		await caught(() => run(server, { out, pageSize: 100 }));
		server.reset();
		const resume = scriptedFileSystem({ skipSync: true });
		await run(server, { out, pageSize: 100, fileSystem: resume.fs });
		expect(resume.calls.slice(0, 4)).toEqual([
			`readFile ${out}.checkpoint.json`,
			`stat ${out}.partial`,
			`open ${out}.partial`,
			`write ${out}.partial`,
		]);
		expect(readFileSync(out, 'utf8')).toBe(server.jobs.map(jobToNdjson).join(''));
	});
});

describe('exportJobs: stopped between its last checkpoint and the rename', () => {
	it('renames the side file over a target of the same size, without listing again', async () => {
		const server = await emulator({ jobCount: 120 });
		const out = join(tempDir(), 'jobs.ndjson');
		const expected = server.jobs.map(jobToNdjson).join('');
		const fileSystem: ExportFileSystem = {
			...NODE_FILE_SYSTEM,
			rename: async (from, to) => {
				if (from === `${out}.partial`) throw Object.assign(new Error('EIO'), { code: 'EIO' });
				return NODE_FILE_SYSTEM.rename(from, to);
			},
		};
		const failed = await caught(() => run(server, { out, pageSize: 100, fileSystem }));
		expect(failed).toMatchObject({ saved: { jobsListed: 120 } });
		// Some other file that happens to be as long as the export: not the export.
		writeFileSync(out, 'x'.repeat(Buffer.byteLength(expected)));
		server.reset();
		const result = await run(server, { out, pageSize: 100 });
		expect(server.counters.requests).toBe(0);
		expect(result).toMatchObject({ jobsListed: 120, jobsListedNow: 0, resumed: true });
		expect(readFileSync(out, 'utf8')).toBe(expected);
	});
});
