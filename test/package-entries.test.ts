import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The package's JavaScript entries are esbuild bundles of our code and zod (dist/bundle/): one
// file per entry and a few shared chunks, instead of about sixty modules of ours and zod's
// whole module tree (its locales and JSON Schema code included) that Node would load at import.
// The other dependencies stay dependencies. Built by `npm test` (npm run build) before this runs.

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
	main: string;
	exports: Record<string, unknown>;
};

/** The files an entry loads at import: itself and the chunks it imports statically. */
function loadedAtImport(entry: string): Map<string, string> {
	const files = new Map<string, string>();
	const visit = (file: string): void => {
		if (files.has(file)) return;
		const text = readFileSync(file, 'utf8');
		files.set(file, text);
		for (const [, specifier] of text.matchAll(/^(?:import|export)\b[^;]*?from\s*"([^"]+)"/gms))
			if (specifier?.startsWith('.')) visit(resolve(dirname(file), specifier));
	};
	visit(join(root, entry));
	return files;
}

/** Every bare or `node:` specifier the files import statically. */
function staticImports(files: Map<string, string>): string[] {
	return [...files.values()].flatMap((text) =>
		[...text.matchAll(/^(?:import|export)\b[^;]*?from\s*"([^"]+)"/gms)]
			.map(([, specifier]) => specifier ?? '')
			.filter((specifier) => !specifier.startsWith('.')),
	);
}

describe('the package entries', () => {
	const defaults = JSON.stringify(pkg.exports).match(/"default":"[^"]+"/g) ?? [];

	it('point at the bundles, which exist', () => {
		expect(pkg.main).toBe('./dist/bundle/index.js');
		expect(defaults).toHaveLength(4);
		for (const entry of defaults) {
			const path = entry.slice('"default":"'.length, -1);
			expect(path).toMatch(/^\.\/dist\/bundle\//);
			expect(existsSync(join(root, path)), path).toBe(true);
		}
	});

	it('the core entry loads no node: module and no zod module from node_modules, and only the part of zod it uses', () => {
		const files = loadedAtImport('dist/bundle/index.js');
		const imports = staticImports(files);
		expect(imports.filter((specifier) => /^node:|^zod/.test(specifier))).toEqual([]);
		expect(new Set(imports)).toEqual(new Set(['aws4fetch', 'fast-xml-parser', 'p-retry']));
		const text = [...files.values()].join('\n');
		expect(text).toContain('// node_modules/zod/v4/mini/');
		// Classic zod or its locales here would mean all of zod is loaded at import again.
		expect(text).not.toMatch(/\/\/ node_modules\/zod\/v4\/(?:classic|locales)\//);
	});

	it('the Node entry loads no zod module from node_modules and the heavy parts only on demand', () => {
		const imports = staticImports(loadedAtImport('dist/bundle/node/main.js'));
		expect(
			imports.filter((specifier) => /^zod|^@aws-sdk|^@smithy|^undici/.test(specifier)),
		).toEqual([]);
	});
});
