import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';

// Issue 10: the core entry stays free of `node:` and of the AWS chain, so a browser or worker
// bundle never pulls them in; the Node entry loads the chain, the ini loader and undici only
// when a request first needs them (dynamic imports), so they cost nothing at start-up.

const HEAVY = ['@aws-sdk/credential-providers', '@smithy/shared-ini-file-loader', 'undici'];

async function bundle(
	entry: string,
	platform: 'browser' | 'node',
	external: string[] = [],
): Promise<{ text: string; metafile: Metafile }> {
	const result = await build({
		entryPoints: [entry],
		bundle: true,
		platform,
		format: 'esm',
		write: false,
		metafile: true,
		logLevel: 'silent',
		external,
	});
	return { text: result.outputFiles[0]?.text ?? '', metafile: result.metafile };
}

describe('entry points', () => {
	it('a browser bundle of the core holds no AWS SDK, undici or node: module', async () => {
		const { text, metafile } = await bundle('src/index.ts', 'browser');
		expect(
			Object.keys(metafile.inputs).filter((input) =>
				/@aws-sdk|@smithy|undici|src\/node\//.test(input),
			),
		).toEqual([]);
		expect(text).not.toMatch(/@aws-sdk|undici|from ["']node:/);
	});

	it('the Node entry imports the AWS chain, the ini loader and undici only dynamically', async () => {
		const { metafile } = await bundle('src/node/main.ts', 'node', HEAVY);
		const imports = Object.values(metafile.inputs).flatMap((input) =>
			input.imports.filter((i) => HEAVY.includes(i.path)),
		);
		expect(imports.length).toBeGreaterThanOrEqual(HEAVY.length);
		expect(imports.filter((i) => i.kind !== 'dynamic-import')).toEqual([]);
	});
});
