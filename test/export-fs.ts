// What the export tests share: their temporary directories, a run that fails where a fault is
// injected, and the real file system with its calls counted and one of them failing.
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { Emulator } from '../src/emulator/index.js';
import { NODE_FILE_SYSTEM } from '../src/node/export-fs.js';
import { exportJobs, type ExportFileSystem, type ExportJobsOptions } from '../src/node/index.js';
import { clientFor } from './helpers.js';

/**
 * Call at the top of a test file: returns a function that makes a temporary directory
 * (`importexport-<name>-…`), removed after the test that made it.
 */
export function tempDirs(name: string): () => string {
	const dirs: string[] = [];
	afterEach(() => {
		for (const dir of dirs.splice(0)) {
			// A test may have taken the directory's write permission away to make a step fail.
			if (existsSync(dir)) chmodSync(dir, 0o755);
			rmSync(dir, { recursive: true, force: true });
		}
	});
	return () => {
		const dir = mkdtempSync(join(tmpdir(), `importexport-${name}-`));
		dirs.push(dir);
		return dir;
	};
}

/** exportJobs against `server` with one attempt per request: a fault injected on a request fails the run there. */
export function exportOnce(server: Emulator, options: ExportJobsOptions) {
	return exportJobs(clientFor(server, { retry: { maxAttempts: 1 } }).client, options);
}

/** The real file system, except that removing the checkpoint fails: a run stopped after its rename. */
export function checkpointStays(out: string): ExportFileSystem {
	return {
		...NODE_FILE_SYSTEM,
		unlink: async (path) => {
			if (path === `${out}.checkpoint.json`) throw systemError('EIO', 'i/o error (injected)');
			return NODE_FILE_SYSTEM.unlink(path);
		},
	};
}

/** A system error as node:fs raises it. */
export function systemError(code: string, message: string): NodeJS.ErrnoException {
	return Object.assign(new Error(`${code}: ${message}`), { code, errno: -1 });
}

export interface ScriptedFileSystem {
	fs: ExportFileSystem;
	/** The calls made so far, as `write /path`, in order (close not counted: it changes no byte). */
	readonly calls: string[];
}

export interface ScriptOptions {
	/** The 1-based call that fails, as a crash at that point would leave things: a write writes half first. */
	failAt?: number;
	/** What the failing call throws. @default EIO */
	error?: () => NodeJS.ErrnoException;
	/** Bytes the disk takes in all before writes fail with ENOSPC (a write that does not fit writes what fits). */
	capacity?: number;
	/** Skips the real fsyncs: these tests are about the order of steps, not the disk. */
	skipSync?: boolean;
}

/** The real file system with its calls counted, one of them failing or the disk filling up. */
export function scriptedFileSystem(options: ScriptOptions = {}): ScriptedFileSystem {
	const calls: string[] = [];
	const {
		failAt,
		capacity,
		skipSync = false,
		error = () => systemError('EIO', 'i/o error (injected)'),
	} = options;
	let used = 0;
	const call = (name: string, path: string): boolean => {
		calls.push(`${name} ${path}`);
		return calls.length === failAt;
	};
	const real = NODE_FILE_SYSTEM;
	const fs: ExportFileSystem = {
		async open(path, flags) {
			if (call('open', path)) throw error();
			return wrap(await real.open(path, flags), path);
		},
		async rename(from, to) {
			if (call('rename', from)) throw error();
			return real.rename(from, to);
		},
		async unlink(path) {
			if (call('unlink', path)) throw error();
			return real.unlink(path);
		},
		async readFile(path, encoding) {
			if (call('readFile', path)) throw error();
			return real.readFile(path, encoding);
		},
		async stat(path) {
			if (call('stat', path)) throw error();
			return real.stat(path);
		},
	};
	const wrap = (handle: FileHandle, path: string): FileHandle =>
		new Proxy(handle, {
			get(target, property) {
				if (property === 'write') {
					return async (data: Uint8Array, offset: number, length: number, position: number) => {
						const fails = call('write', path);
						const room = capacity === undefined ? length : Math.max(0, capacity - used);
						if (fails || room < length) {
							// What a crash or a full disk leaves: part of the data on disk.
							const part = fails ? Math.floor(length / 2) : room;
							if (part > 0) await target.write(data, offset, part, position);
							used += part;
							throw fails ? error() : systemError('ENOSPC', 'no space left on device (injected)');
						}
						used += length;
						return target.write(data, offset, length, position);
					};
				}
				if (property === 'sync' || property === 'truncate') {
					return async (...args: [number?]) => {
						if (call(property, path)) throw error();
						if (property === 'truncate') return target.truncate(...args);
						if (!skipSync) return target.sync();
					};
				}
				const value: unknown = Reflect.get(target, property, target);
				return typeof value === 'function'
					? (value as (...args: unknown[]) => unknown).bind(target)
					: value;
			},
		});
	return { fs, calls };
}
