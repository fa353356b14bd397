// The core as a browser or worker bundle: esbuild --bundle --splitting --minify --format=esm
// --platform=browser of a file that imports paginateListJobs and ImportExportClient, as an
// application's bundler builds it: what a dynamic import reaches becomes a chunk of its own,
// fetched only when that import runs (`@opentelemetry/api`: only once something in the page has
// registered with OpenTelemetry). Sizes of what loads up front and of those lazy chunks.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const ENTRY = 'core-entry.js';
const SOURCE = `import { ImportExportClient, paginateListJobs } from './dist/index.js';\nexport { ImportExportClient, paginateListJobs };\n`;

/**
 * Builds the bundle in memory. `bytes`/`gzipBytes`: the entry and every chunk it imports
 * statically (gzip level 9, each file alone, as served); `lazy`: the other chunks; `byPackage`:
 * minified bytes of the up-front part by package.
 */
export async function coreBundle(root) {
	const result = await build({
		stdin: { contents: SOURCE, resolveDir: root, sourcefile: ENTRY },
		bundle: true,
		splitting: true,
		outdir: 'core-bundle',
		minify: true,
		format: 'esm',
		platform: 'browser',
		write: false,
		metafile: true,
		logLevel: 'silent',
	});
	const outputs = result.metafile.outputs;
	const files = new Map(result.outputFiles.map((file) => [relative(file.path), file.contents]));
	const entry = Object.keys(outputs).find((path) => outputs[path].entryPoint !== undefined);
	const upFront = new Set();
	const visit = (path) => {
		if (upFront.has(path)) return;
		upFront.add(path);
		for (const dependency of outputs[path].imports)
			if (dependency.kind === 'import-statement' && outputs[dependency.path] !== undefined)
				visit(dependency.path);
	};
	visit(entry);
	const size = (paths) => {
		let bytes = 0;
		let gzipBytes = 0;
		for (const path of paths) {
			const contents = files.get(path);
			bytes += contents.byteLength;
			gzipBytes += gzipSync(contents, { level: 9 }).byteLength;
		}
		return { bytes, gzipBytes };
	};
	const byPackage = new Map();
	for (const path of upFront)
		for (const [input, { bytesInOutput }] of Object.entries(outputs[path].inputs)) {
			const owner = ownerOf(input);
			byPackage.set(owner, (byPackage.get(owner) ?? 0) + bytesInOutput);
		}
	const lazy = Object.keys(outputs)
		.filter((path) => !upFront.has(path) && path.endsWith('.js'))
		.map((path) => ({
			owners: [...new Set(Object.keys(outputs[path].inputs).map(ownerOf))],
			...size([path]),
		}));
	return {
		text: new TextDecoder().decode(files.get(entry)),
		...size(upFront),
		byPackage,
		lazy,
	};
}

function relative(path) {
	return path.slice(path.indexOf('core-bundle/'));
}

function ownerOf(input) {
	if (!input.includes('node_modules/')) return 'importexport-jobs';
	const parts = input.split('node_modules/').pop().split('/');
	return parts.slice(0, parts[0].startsWith('@') ? 2 : 1).join('/');
}
