import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
	scripts: { prepack: string; prepare: string };
};

/** The files `npm pack` would put in the tarball (dist/ as `npm test` built it). */
function packedFiles(): Set<string> {
	const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: root,
		encoding: 'utf8',
	});
	return new Set(
		(JSON.parse(out) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map(
			(file) => file.path,
		),
	);
}

describe('the packed package', () => {
	const files = packedFiles();

	it('ships the LICENSE, the build and the TypeScript sources its maps point at', () => {
		expect(readFileSync(join(root, 'LICENSE'), 'utf8')).toMatch(
			/^MIT License\n\nCopyright \(c\) 2026 importexport-jobs contributors\n/,
		);
		for (const file of [
			'LICENSE',
			'README.md',
			'dist/bundle/index.js',
			'dist/index.d.ts',
			'dist/index.d.ts.map',
			'src/index.ts',
		])
			expect(files, file).toContain(file);
		const maps = [...files].filter((file) => file.endsWith('.map'));
		expect(maps.length).toBeGreaterThan(10);
		// "Go to definition" follows a map to its source: the map embeds it (the bundled CLI) or the tarball holds it.
		const missing = maps.flatMap((map) => {
			const { sources, sourcesContent = [] } = JSON.parse(
				readFileSync(join(root, map), 'utf8'),
			) as { sources: string[]; sourcesContent?: Array<string | null> };
			return sources
				.map((source, i) =>
					typeof sourcesContent[i] === 'string'
						? undefined
						: posix.normalize(posix.join(posix.dirname(map), source)),
				)
				.filter((source) => source !== undefined && !files.has(source));
		});
		expect(missing).toEqual([]);
	});

	it('builds on pack, and on install only where the sources are (a checkout, a git install): a tarball install runs nothing', () => {
		expect(pkg.scripts.prepack).toBe('npm run build');
		const dir = mkdtempSync(join(tmpdir(), 'importexport-jobs-prepare-'));
		try {
			// What npm runs in an installed tarball: no tsconfig there, so nothing happens and nothing is printed.
			const result = spawnSync(pkg.scripts.prepare, { cwd: dir, shell: true, encoding: 'utf8' });
			expect({ status: result.status, stdout: result.stdout, stderr: result.stderr }).toEqual({
				status: 0,
				stdout: '',
				stderr: '',
			});
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('can be require()d by CommonJS callers on the Node versions of `engines`', () => {
		const dir = mkdtempSync(join(root, 'node_modules', '.require-check-'));
		try {
			const script = join(dir, 'check.cjs');
			writeFileSync(
				script,
				`const core = require(${JSON.stringify(root)});\nconst node = require(${JSON.stringify(join(root, 'dist/bundle/node/index.js'))});\nprocess.stdout.write([typeof core.paginateListJobs, typeof node.jobsReadable].join(' '));\n`,
			);
			const result = spawnSync(process.execPath, [script], { encoding: 'utf8' });
			expect({ status: result.status, stdout: result.stdout }).toEqual({
				status: 0,
				stdout: 'function function',
			});
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
