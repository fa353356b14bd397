import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/emulator/index.js';
import { exportJobs, type ExportFileSystem, type ExportJobsOptions } from '../src/node/index.js';
import { caught, clientFor, emulator } from './helpers.js';
import { scriptedFileSystem } from './export-fs.js';

// An export closes every file and directory it opens, whether it finishes or a step fails:
// a long export, or a CLI retried in a loop, must not run out of file descriptors.

const dirs: string[] = [];
afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
	const dir = mkdtempSync(join(tmpdir(), 'importexport-export-handles-'));
	dirs.push(dir);
	return dir;
}

/** `inner` with every handle it opens tracked until closed. */
function tracked(inner: ExportFileSystem): {
	fs: ExportFileSystem;
	open: Set<string>;
	opened: () => number;
} {
	const open = new Set<string>();
	let count = 0;
	const fs: ExportFileSystem = {
		...inner,
		open: async (path, flags) => {
			const handle = await inner.open(path, flags);
			const entry = `${++count} ${path}`;
			open.add(entry);
			return new Proxy(handle, {
				get(target, property) {
					if (property === 'close')
						return async () => {
							open.delete(entry);
							return target.close();
						};
					const value: unknown = Reflect.get(target, property, target);
					return typeof value === 'function'
						? (value as (...args: unknown[]) => unknown).bind(target)
						: value;
				},
			});
		},
	};
	return { fs, open, opened: () => count };
}

function run(server: Emulator, options: ExportJobsOptions) {
	return exportJobs(clientFor(server, { retry: { maxAttempts: 1 } }).client, options);
}

describe('exportJobs closes what it opens', () => {
	it('when it finishes, and when any one of its steps fails', async () => {
		const server = await emulator({ jobCount: 150 });
		const dir = tempDir();
		const options = { format: 'csv', pageSize: 100 } as const;
		const clean = scriptedFileSystem({ skipSync: true });
		const whole = tracked(clean.fs);
		await run(server, { ...options, out: join(dir, 'clean.csv'), fileSystem: whole.fs });
		expect(whole.opened()).toBeGreaterThan(10);
		expect([...whole.open]).toEqual([]);
		for (let failAt = 1; failAt <= clean.calls.length; failAt++) {
			const cut = tracked(scriptedFileSystem({ failAt, skipSync: true }).fs);
			await run(server, {
				...options,
				out: join(dir, `cut-${failAt}.csv`),
				fileSystem: cut.fs,
			}).catch(() => undefined);
			expect([...cut.open], `step ${failAt} (${clean.calls[failAt - 1]})`).toEqual([]);
		}
	});

	it('when a resume fails while it cuts the side file back', async () => {
		const server = await emulator({ jobCount: 300 });
		const out = join(tempDir(), 'jobs.ndjson');
		server.injectFault(2, { kind: 'internal-failure' });
		await caught(() => run(server, { out, pageSize: 100 }));
		writeFileSync(`${out}.partial`, 'never checkpointed', { flag: 'a' });
		// 1 readFile, 2 stat, 3 open, 4 truncate, 5 sync.
		for (const failAt of [4, 5]) {
			const cut = tracked(scriptedFileSystem({ failAt, skipSync: true }).fs);
			await caught(() => run(server, { out, pageSize: 100, fileSystem: cut.fs }));
			expect(cut.opened()).toBe(1);
			expect([...cut.open], `step ${failAt}`).toEqual([]);
		}
	});
});
