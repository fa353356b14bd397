import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../src/index.js';

describe('package metadata', () => {
	const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
		version: string;
		type: string;
		sideEffects: boolean;
		engines: { node: string };
		exports: { '.': { types: string } };
	};
	it('VERSION (sent in the User-Agent) matches package.json', () =>
		expect(VERSION).toBe(pkg.version));
	it('is ESM with types and side-effect free, for the Node versions that can also require() it', () => {
		expect(pkg.type).toBe('module');
		expect(pkg.sideEffects).toBe(false);
		// ESM import works from 20.0; CommonJS require() of this ESM package from 20.19 and 22.12 (require(esm) unflagged).
		expect(pkg.engines.node).toBe('^20.19.0 || >=22.12.0');
		expect(pkg.exports['.'].types).toBe('./dist/index.d.ts');
	});
	it('keeps node: imports out of the core entry', () => {
		const core = ['transport', 'protocol', 'pagination', 'consumers'];
		for (const folder of core) {
			const files = readdir(new URL(`../src/${folder}/`, import.meta.url));
			for (const file of files)
				expect(readFileSync(file, 'utf8'), file.pathname).not.toMatch(/from ['"]node:/);
		}
	});
	it('has the CLI use the library through its public entries only, as any user would', () => {
		const publicEntries = new Set([
			'../index.js',
			'../node/index.js',
			'../node/main.js',
			'../emulator/index.js',
		]);
		const files = readdir(new URL('../src/cli/', import.meta.url));
		expect(files.length).toBeGreaterThan(0);
		for (const file of files) {
			const specifiers = [
				...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g),
			].map((match) => match[1]!);
			const internal = specifiers.filter(
				(specifier) => specifier.startsWith('../') && !publicEntries.has(specifier),
			);
			expect(internal, file.pathname).toEqual([]);
		}
	});
});

function readdir(url: URL): URL[] {
	return readdirSync(url).map((name) => new URL(name, url));
}
