// The core as a browser or worker bundle: esbuild --bundle --minify --format=esm
// --platform=browser of a file that imports paginateListJobs and ImportExportClient.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const ENTRY = `import { ImportExportClient, paginateListJobs } from './dist/index.js';\nexport { ImportExportClient, paginateListJobs };\n`;

/** Builds the bundle in memory: its text, raw and gzipped (level 9) sizes, and bytes by package. */
export async function coreBundle(root) {
	const result = await build({
		stdin: { contents: ENTRY, resolveDir: root, sourcefile: 'core-entry.js' },
		bundle: true,
		minify: true,
		format: 'esm',
		platform: 'browser',
		write: false,
		metafile: true,
		logLevel: 'silent',
	});
	const bytes = result.outputFiles[0].contents;
	const byPackage = new Map();
	for (const [path, { bytesInOutput }] of Object.entries(
		Object.values(result.metafile.outputs)[0].inputs,
	)) {
		const owner = path.includes('node_modules/')
			? path
					.split('node_modules/')
					.pop()
					.split('/')
					.slice(0, path.includes('/@') ? 2 : 1)
					.join('/')
			: 'importexport-jobs';
		byPackage.set(owner, (byPackage.get(owner) ?? 0) + bytesInOutput);
	}
	return {
		text: new TextDecoder().decode(bytes),
		bytes: bytes.byteLength,
		gzipBytes: gzipSync(bytes, { level: 9 }).byteLength,
		byPackage,
	};
}
