import { readFileSync, writeFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
	NODE_FILE_SYSTEM,
	removeIfPresent,
	replaceFile,
	sizeOf,
	writeAll,
} from '../src/node/export-fs.js';
import { ExportError, exportJobs } from '../src/node/index.js';
import { caught, clientFor, emulator } from './helpers.js';
import { scriptedFileSystem, systemError, tempDirs } from './export-fs.js';

// The file system helpers of an export: a short write is finished, a write that makes no
// progress is an error (not a loop), and only a missing file is taken for "not there".

const tempDir = tempDirs('export-fs');

/** A real file handle whose writes take at most `most` bytes each, as a write(2) may. */
function shortWrites(handle: FileHandle, most: number): FileHandle {
	return new Proxy(handle, {
		get(target, property) {
			if (property === 'write')
				return (data: Uint8Array, offset: number, length: number, position: number) =>
					target.write(data, offset, Math.min(length, most), position);
			const value: unknown = Reflect.get(target, property, target);
			return typeof value === 'function'
				? (value as (...args: unknown[]) => unknown).bind(target)
				: value;
		},
	});
}

describe('writeAll', () => {
	it('finishes a short write where the last one stopped, at the position asked for', async () => {
		const path = join(tempDir(), 'f');
		writeFileSync(path, 'head:');
		const handle = await open(path, 'r+');
		try {
			await writeAll(shortWrites(handle, 3), Buffer.from('0123456789'), 5);
		} finally {
			await handle.close();
		}
		expect(readFileSync(path, 'utf8')).toBe('head:0123456789');
	});

	it('a write that takes nothing is an EIO error, not an endless loop', async () => {
		const stuck = { write: async () => ({ bytesWritten: 0 }) } as unknown as FileHandle;
		const error = await caught(() => writeAll(stuck, Buffer.from('x'), 0));
		expect(error).toMatchObject({ message: 'write made no progress', code: 'EIO' });
		// Nothing to write: no call at all.
		await writeAll(stuck, Buffer.alloc(0), 0);
	});
});

describe('sizeOf and removeIfPresent', () => {
	it('a missing file has no size and needs no removing; any other failure is thrown', async () => {
		const dir = tempDir();
		expect(await sizeOf(NODE_FILE_SYSTEM, join(dir, 'none'))).toBeUndefined();
		await removeIfPresent(NODE_FILE_SYSTEM, join(dir, 'none'));
		writeFileSync(join(dir, 'f'), 'abc');
		expect(await sizeOf(NODE_FILE_SYSTEM, join(dir, 'f'))).toBe(3);
		await removeIfPresent(NODE_FILE_SYSTEM, join(dir, 'f'));
		expect(await sizeOf(NODE_FILE_SYSTEM, join(dir, 'f'))).toBeUndefined();
		expect(await caught(() => removeIfPresent(NODE_FILE_SYSTEM, dir))).toMatchObject({
			code: expect.stringMatching(/^(EISDIR|EPERM)$/),
		});
		writeFileSync(join(dir, 'g'), '');
		expect(await caught(() => sizeOf(NODE_FILE_SYSTEM, join(dir, 'g', 'x')))).toMatchObject({
			code: 'ENOTDIR',
		});
		const denied = { ...NODE_FILE_SYSTEM, stat: () => Promise.reject(systemError('EACCES', 'no')) };
		expect(await caught(() => sizeOf(denied, join(dir, 'f')))).toMatchObject({ code: 'EACCES' });
	});

	it('an export whose stale side file cannot be removed stops there, before anything is written', async () => {
		const server = await emulator({ jobCount: 5 });
		const out = join(tempDir(), 'jobs.ndjson');
		// Call 3 removes a side file left without a checkpoint.
		const script = scriptedFileSystem({
			failAt: 3,
			skipSync: true,
			error: () => systemError('EACCES', 'permission denied (injected)'),
		});
		const error = await caught(() =>
			exportJobs(clientFor(server).client, { out, fileSystem: script.fs }),
		);
		expect(script.calls).toEqual([
			`readFile ${out}.checkpoint.json`,
			`stat ${out}.partial`,
			`unlink ${out}.partial`,
		]);
		expect(error).toBeInstanceOf(ExportError);
		expect(error).toMatchObject({ code: 'EACCES', path: `${out}.partial` });
		expect(error.message).toContain(`cannot remove ${out}.partial`);
		expect(server.counters.requests).toBe(0);
	});
});

describe('replaceFile', () => {
	it('replaces the file with the text and leaves no temporary file; a failed write leaves the old file', async () => {
		const dir = tempDir();
		const path = join(dir, 'cp.json');
		writeFileSync(path, 'old');
		await replaceFile(NODE_FILE_SYSTEM, path, 'new text');
		expect(readFileSync(path, 'utf8')).toBe('new text');
		// Calls: 1 unlink, 2 open, 3 write.
		const failing = scriptedFileSystem({ failAt: 3, skipSync: true });
		await caught(() => replaceFile(failing.fs, path, 'newer'));
		expect(readFileSync(path, 'utf8')).toBe('new text');
		await replaceFile(NODE_FILE_SYSTEM, path, 'newest');
		expect(readFileSync(path, 'utf8')).toBe('newest');
		expect(() => readFileSync(`${path}.tmp`)).toThrow(/ENOENT/);
	});
});
