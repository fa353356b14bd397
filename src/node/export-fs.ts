import * as nodeFs from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * The file system calls an export makes: `node:fs/promises` by default. Injectable so that
 * a test can make any step fail (a full disk, an I/O error) where the kernel cannot be asked to.
 */
export interface ExportFileSystem {
	open(path: string, flags: string): Promise<FileHandle>;
	rename(from: string, to: string): Promise<void>;
	unlink(path: string): Promise<void>;
	readFile(path: string, encoding: 'utf8'): Promise<string>;
	stat(path: string): Promise<{ size: number }>;
}

export const NODE_FILE_SYSTEM: ExportFileSystem = {
	open: (path, flags) => nodeFs.open(path, flags),
	rename: (from, to) => nodeFs.rename(from, to),
	unlink: (path) => nodeFs.unlink(path),
	readFile: (path, encoding) => nodeFs.readFile(path, encoding),
	stat: (path) => nodeFs.stat(path),
};

/** Writes all of `data` at `position`: a write may take less than it was given. */
export async function writeAll(
	handle: FileHandle,
	data: Uint8Array,
	position: number,
): Promise<void> {
	let offset = 0;
	while (offset < data.byteLength) {
		const { bytesWritten } = await handle.write(
			data,
			offset,
			data.byteLength - offset,
			position + offset,
		);
		if (bytesWritten <= 0)
			throw Object.assign(new Error('write made no progress'), { code: 'EIO' });
		offset += bytesWritten;
	}
}

/**
 * fsyncs the directory holding `path`, so that a rename or a new file in it survives a power
 * loss. Windows cannot open a directory for that; there, NTFS journals the metadata.
 */
export async function syncDirectory(fs: ExportFileSystem, path: string): Promise<void> {
	// Stryker disable next-line StringLiteral,ConditionalExpression: equivalent off Windows (where the tests run): any other name, or `false`, changes nothing there.
	if (process.platform === 'win32') return;
	const handle = await fs.open(dirname(path), 'r');
	try {
		await handle.sync();
	} finally {
		await handle.close();
	}
}

/** Replaces `path` with `text` atomically and durably: write a temporary file, fsync, rename, fsync the directory. */
export async function replaceFile(fs: ExportFileSystem, path: string, text: string): Promise<void> {
	const temporary = `${path}.tmp`;
	// A new file, never one found there: a link planted at that name is not written through.
	await removeIfPresent(fs, temporary);
	const handle = await fs.open(temporary, 'wx');
	try {
		await writeAll(handle, Buffer.from(text, 'utf8'), 0);
		await handle.sync();
	} finally {
		await handle.close();
	}
	await fs.rename(temporary, path);
	await syncDirectory(fs, path);
}

/** The size of `path`, or `undefined` when there is no such file. */
export async function sizeOf(fs: ExportFileSystem, path: string): Promise<number | undefined> {
	try {
		return (await fs.stat(path)).size;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
		throw error;
	}
}

/** Removes `path` if it exists. */
export async function removeIfPresent(fs: ExportFileSystem, path: string): Promise<void> {
	try {
		await fs.unlink(path);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
	}
}
