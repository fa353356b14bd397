import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExportFileSystem } from '../src/node/index.js';
import { caught, emulator } from './helpers.js';
import { exportOnce, scriptedFileSystem, tempDirs } from './export-fs.js';

// An export closes every file and directory it opens, whether it finishes or a step fails:
// a long export, or a CLI retried in a loop, must not run out of file descriptors.

const tempDir = tempDirs('export-handles');

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

describe('exportJobs closes what it opens', () => {
	it('when it finishes, and when any one of its steps fails', async () => {
		const server = await emulator({ jobCount: 150 });
		const dir = tempDir();
		const options = { format: 'csv', pageSize: 100 } as const;
		const clean = scriptedFileSystem({ skipSync: true });
		const whole = tracked(clean.fs);
		await exportOnce(server, { ...options, out: join(dir, 'clean.csv'), fileSystem: whole.fs });
		expect(whole.opened()).toBeGreaterThan(10);
		expect([...whole.open]).toEqual([]);
		for (let failAt = 1; failAt <= clean.calls.length; failAt++) {
			const cut = tracked(scriptedFileSystem({ failAt, skipSync: true }).fs);
			await exportOnce(server, {
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
		await caught(() => exportOnce(server, { out, pageSize: 100 }));
		writeFileSync(`${out}.partial`, 'never checkpointed', { flag: 'a' });
		// 1 readFile, 2 stat, 3 open, 4 truncate, 5 sync.
		for (const failAt of [4, 5]) {
			const cut = tracked(scriptedFileSystem({ failAt, skipSync: true }).fs);
			await caught(() => exportOnce(server, { out, pageSize: 100, fileSystem: cut.fs }));
			expect(cut.opened()).toBe(1);
			expect([...cut.open], `step ${failAt}`).toEqual([]);
		}
	});
});
