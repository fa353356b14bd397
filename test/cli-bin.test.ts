import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
	bin: Record<string, string>;
};

describe('the bin', () => {
	it('starts with a hashbang, so the command npm links runs under node', () => {
		for (const bin of Object.values(pkg.bin))
			expect(readFileSync(join(root, bin), 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
	});

	// ESLint reads a hashbang as a comment: typescript-eslint then finds a text that is not the one
	// TypeScript parsed and builds the whole program a second time (about a third of `npm run lint`).
	it('gets it from the build: no TypeScript source starts with one', () => {
		const sources = readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' }).filter(
			(path) => path.endsWith('.ts'),
		);
		expect(sources.length).toBeGreaterThan(50);
		expect(
			sources.filter((path) => readFileSync(join(root, 'src', path), 'utf8').startsWith('#!')),
		).toEqual([]);
	});
});
