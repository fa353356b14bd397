import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;

describe('the core as a browser bundle', () => {
	it('imports nothing from node: (it runs wherever fetch runs)', async () => {
		// As bench/lib/core-bundle.mjs builds it for the benchmark, from the sources.
		const result = await build({
			stdin: {
				contents:
					"export { ImportExportClient, paginateListJobs, collectJobs, jobsWebStream } from './src/index.ts';\n",
				resolveDir: root,
				sourcefile: 'core-entry.ts',
				loader: 'ts',
			},
			bundle: true,
			minify: true,
			format: 'esm',
			platform: 'browser',
			write: false,
			metafile: true,
			logLevel: 'silent',
		});
		const text = result.outputFiles[0]!.text;
		// What the output holds: the metafile's inputs also list modules tree-shaken away.
		const output = Object.values(result.metafile.outputs)[0]!.inputs;
		const inputs = Object.keys(output).filter((path) => output[path]!.bytesInOutput > 0);
		expect(
			inputs.filter(
				(path) =>
					path.startsWith('node:') ||
					path.includes('/src/node/') ||
					path.includes('/src/emulator/') ||
					path.includes('/src/cli/'),
			),
		).toEqual([]);
		expect(text).not.toMatch(/["']node:/);
		// zod/mini only: classic zod's locales would be most of the bundle.
		expect(
			inputs.filter((path) => /node_modules\/zod\/v4\/(classic|locales)\//.test(path)),
		).toEqual([]);
	});
});
