#!/usr/bin/env node
import { VERSION } from '../version.js';
import { UsageError, parseFlags, wantsHelp } from './args.js';
import { demo } from './demo.js';
import { EXIT, type Io } from './io.js';
import { list } from './list.js';
import { serve } from './serve.js';
import { DEMO_USAGE, LIST_USAGE, MAIN_USAGE, SERVE_USAGE } from './usage.js';

interface Command {
	usage: string;
	run(argv: readonly string[], io: Io): Promise<number>;
}

const COMMANDS: Readonly<Record<string, Command>> = {
	list: { usage: LIST_USAGE, run: list },
	serve: { usage: SERVE_USAGE, run: serve },
	demo: { usage: DEMO_USAGE, run: demo },
};

/** Runs the command line `argv` (without node and the script) and returns the exit status. */
async function main(argv: readonly string[], io: Io): Promise<number> {
	const [first, ...rest] = argv;
	const command = first === undefined ? undefined : COMMANDS[first];
	const name = command === undefined ? 'importexport-jobs' : `importexport-jobs ${first}`;
	try {
		if (command === undefined) return topLevel(argv, io);
		if (wantsHelp(rest)) {
			io.stdout.write(command.usage);
			return EXIT.ok;
		}
		return await command.run(rest, io);
	} catch (error) {
		if (!(error instanceof UsageError)) throw error;
		io.stderr.write(`${name}: ${error.message}\n\n${error.usage}`);
		return EXIT.usage;
	}
}

function topLevel(argv: readonly string[], io: Io): number {
	const [first] = argv;
	if (first === undefined) throw new UsageError('a command is needed.', MAIN_USAGE);
	if (first === 'help') {
		io.stdout.write(MAIN_USAGE);
		return EXIT.ok;
	}
	if (!first.startsWith('-')) throw new UsageError(`unknown command ${JSON.stringify(first)}.`, MAIN_USAGE);
	const flags = parseFlags(argv, { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' } }, MAIN_USAGE);
	if (flags.version === true) {
		io.stdout.write(`${VERSION}\n`);
		return EXIT.ok;
	}
	io.stdout.write(MAIN_USAGE);
	return EXIT.ok;
}

// A stray error on stderr (the terminal went away) must not crash the report of another.
process.stderr.on('error', () => {});
main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
	(status) => {
		process.exitCode = status;
	},
	(error: unknown) => {
		// A bug in the CLI itself: still one line unless --debug asked for the stack.
		const debug = process.argv.includes('--debug');
		process.stderr.write(`importexport-jobs: unexpected ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`);
		if (debug && error instanceof Error && error.stack !== undefined) process.stderr.write(`${error.stack}\n`);
		process.exitCode = EXIT.failure;
	},
);
