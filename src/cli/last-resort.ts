import { EXIT } from './io.js';

const MAX_MESSAGE = 400;

/** `unexpected TypeError: …`, on one printable line whatever the error holds. */
export function unexpectedLine(error: unknown): string {
	const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
	const flat = text
		.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	return `importexport-jobs: unexpected ${flat.length > MAX_MESSAGE ? `${flat.slice(0, MAX_MESSAGE - 1)}…` : flat}\n`;
}

/**
 * Reports an error nothing else caught: the one line, then its stack only under `--debug`.
 * `--debug` is looked for in the raw arguments: the error may come before or while they are parsed.
 */
export function reportUnexpected(
	error: unknown,
	argv: readonly string[] = process.argv.slice(2),
): void {
	process.stderr.write(unexpectedLine(error));
	if (argv.includes('--debug') && error instanceof Error && error.stack !== undefined)
		process.stderr.write(`${error.stack}\n`);
}

/**
 * Whatever escapes every handler (an exception in a callback, a rejection nobody awaited: a bug
 * here or in a dependency, or a race only a loaded machine hits) ends the CLI with one line and
 * exit 1, as any other failure does; without this, Node prints the stack (and the source line).
 */
export function installLastResort(): void {
	let failed = false;
	const fail = (error: unknown): void => {
		// The second of two errors in a row would only repeat the first line.
		if (failed) return;
		failed = true;
		reportUnexpected(error);
		process.exitCode = EXIT.failure;
		// The process is in a state nobody planned for: end it once stderr has the line.
		process.stderr.write('', () => process.exit(EXIT.failure));
	};
	process.on('uncaughtException', fail);
	process.on('unhandledRejection', fail);
}
