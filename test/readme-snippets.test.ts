import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// Every ```ts block of README.md is type-checked as a module of its own, importing the
// package by name (mapped to src/) under the project's strict compiler options. A block
// that is meant to be partial says so in its fence: ```ts nocheck (keep those rare).
const root = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

// What the README's blocks take from the blocks before them, as a reader would.
const PRELUDE = `import type { ImportExportClient, Job } from 'importexport-jobs';
declare global {
	/** Built in "A client". */
	const client: ImportExportClient;
	/** Any web WritableStream of bytes. */
	const writable: WritableStream<Uint8Array>;
	/** The reader's own code. */
	function save(job: Job): void;
}
export {};
`;

interface Snippet {
	line: number;
	code: string;
}

function snippets(markdown: string): Snippet[] {
	const found: Snippet[] = [];
	const fence = /^```(\w+)([^\n]*)\n([\s\S]*?)^```$/gm;
	for (const match of markdown.matchAll(fence)) {
		const [, lang = '', info = '', code = ''] = match;
		if (lang !== 'ts' && lang !== 'typescript') continue;
		if (/\bnocheck\b/.test(info)) continue;
		found.push({ line: markdown.slice(0, match.index).split('\n').length, code });
	}
	return found;
}

function typecheck(blocks: readonly Snippet[]): Map<number, string[]> {
	const config = ts.getParsedCommandLineOfConfigFile(
		`${root}tsconfig.json`,
		{},
		{ ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
	);
	if (config === undefined) throw new Error('tsconfig.json cannot be read');
	const options: ts.CompilerOptions = {
		...config.options,
		noEmit: true,
		baseUrl: root,
		paths: {
			// Snippets are Node code: the package resolves there through its `node` condition.
			'importexport-jobs': ['src/node/main.ts'],
			'importexport-jobs/node': ['src/node/index.ts'],
			'importexport-jobs/emulator': ['src/emulator/index.ts'],
		},
	};
	// Virtual files beside the tests, so that the package's "type": "module" makes them ESM.
	const files = new Map<string, string>([[`${root}test/readme-prelude.mts`, PRELUDE]]);
	const lineOf = new Map<string, number>();
	for (const block of blocks) {
		const name = `${root}test/readme-line-${block.line}.mts`;
		files.set(name, block.code);
		lineOf.set(name, block.line);
	}
	const host = ts.createCompilerHost(options);
	const fileExists = host.fileExists.bind(host);
	const readFile = host.readFile.bind(host);
	const getSourceFile = host.getSourceFile.bind(host);
	host.fileExists = (name) => files.has(name) || fileExists(name);
	host.readFile = (name) => files.get(name) ?? readFile(name);
	host.getSourceFile = (name, version, ...rest) => {
		const text = files.get(name);
		return text === undefined
			? getSourceFile(name, version, ...rest)
			: ts.createSourceFile(name, text, version, true);
	};
	const program = ts.createProgram([...files.keys()], options, host);
	const errors = new Map<number, string[]>();
	// The snippets' own diagnostics: the package's sources are `npm run typecheck`'s to check, and
	// checking them here too was most of this test's time.
	const checked = [...files.keys()].map((name) => program.getSourceFile(name)!);
	const diagnostics = [
		...program.getOptionsDiagnostics(),
		...program.getGlobalDiagnostics(),
		...checked.flatMap((file) => [
			...program.getSyntacticDiagnostics(file),
			...program.getSemanticDiagnostics(file),
		]),
	];
	for (const diagnostic of diagnostics) {
		const file = diagnostic.file?.fileName ?? '';
		const line = lineOf.get(file) ?? -1;
		const where =
			diagnostic.file !== undefined && diagnostic.start !== undefined
				? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1
				: 0;
		const text = `${file.startsWith(root) ? file.slice(root.length) : file}:${where}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
		errors.set(line, [...(errors.get(line) ?? []), text]);
	}
	return errors;
}

describe('README.md', () => {
	const blocks = snippets(readme);

	it('has TypeScript snippets to check', () => {
		expect(blocks.length).toBeGreaterThan(5);
	});

	it('every ```ts snippet compiles against the package, as a user would write it', () => {
		const errors = typecheck(blocks);
		// Keyed by the README line the block starts on: the message says which block broke.
		expect(Object.fromEntries(errors)).toEqual({});
	}, 120_000);
});
