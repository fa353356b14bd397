// The build puts the hashbang on dist/cli/main.js (esbuild --banner, package.json build:cli): here,
// ESLint would read it as a comment, and typescript-eslint builds the whole program again for a file
// whose text differs from the one TypeScript parsed.
import { setFlagsFromString } from 'node:v8';
import { UsageError, parseFlags, wantsHelp } from './args.js';
import { EXIT, type Io } from './io.js';
import { installLastResort, reportUnexpected } from './last-resort.js';
import { DEMO_USAGE, EXPORT_USAGE, LIST_USAGE, MAIN_USAGE, SERVE_USAGE } from './usage.js';

// fetch (undici) compiles its HTTP parser, WebAssembly, at the first request. Optimising it
// costs about 30 MB of peak RSS and tens of ms: more than a short-lived command wins back.
// Set before anything is sent, as V8 reads it when it compiles.
setFlagsFromString('--liftoff-only');
// The CLI is a minified bundle (dist/cli): with --debug, stacks point into src/ through its source maps.
if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);

interface Command {
	usage: string;
	start(argv: readonly string[], io: Io): Promise<number>;
}

type Parse<A> = (argv: readonly string[]) => A;

/**
 * Only the command asked for is loaded: `list` never loads the emulator. Its flags are
 * checked first, by a light module; the command itself (the client, the emulator) is
 * loaded only once they are good, so a usage error or `--help` is instant.
 */
function defineCommand<A>(
	usage: string,
	loadParse: () => Promise<Parse<A>>,
	load: () => Promise<(args: A, io: Io) => Promise<number>>,
): Command {
	return {
		usage,
		async start(argv, io) {
			const args = (await loadParse())(argv);
			const run = await load();
			return run(args, io);
		},
	};
}

const COMMANDS: Readonly<Record<string, Command>> = {
	list: defineCommand(
		LIST_USAGE,
		async () => (await import('./list-args.js')).parseListArgs,
		async () => (await import('./list.js')).list,
	),
	export: defineCommand(
		EXPORT_USAGE,
		async () => (await import('./export-args.js')).parseExportArgs,
		async () => (await import('./export.js')).exportCommand,
	),
	serve: defineCommand(
		SERVE_USAGE,
		async () => (await import('./serve-args.js')).parseServeArgs,
		async () => (await import('./serve.js')).serve,
	),
	demo: defineCommand(
		DEMO_USAGE,
		async () => (await import('./demo-args.js')).parseDemoArgs,
		async () => (await import('./demo.js')).demo,
	),
};

/** Runs the command line `argv` (without node and the script) and returns the exit status. */
async function main(argv: readonly string[], io: Io): Promise<number> {
	const [first = '', ...rest] = argv;
	// Own keys only: `constructor` is an unknown command, not a property of Object.
	const command = Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : undefined;
	const name = command === undefined ? 'importexport-jobs' : `importexport-jobs ${first}`;
	try {
		if (command === undefined) return await topLevel(argv, io);
		if (wantsHelp(rest)) {
			io.stdout.write(command.usage);
			return EXIT.ok;
		}
		return await command.start(rest, io);
	} catch (error) {
		if (!(error instanceof UsageError)) throw error;
		// One line and where to look: the whole help would bury the line that matters.
		io.stderr.write(`${name}: ${error.message}\nRun ${name} --help for usage.\n`);
		return EXIT.usage;
	}
}

async function topLevel(argv: readonly string[], io: Io): Promise<number> {
	const [first] = argv;
	if (first === undefined) throw new UsageError('a command is needed.', MAIN_USAGE);
	if (first === 'help') {
		io.stdout.write(MAIN_USAGE);
		return EXIT.ok;
	}
	if (!first.startsWith('-'))
		throw new UsageError(`unknown command ${JSON.stringify(first)}.`, MAIN_USAGE);
	const flags = parseFlags(
		argv,
		{ help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' } },
		MAIN_USAGE,
	);
	if (flags.version === true) {
		io.stdout.write(`${(await import('../index.js')).VERSION}\n`);
		return EXIT.ok;
	}
	io.stdout.write(MAIN_USAGE);
	return EXIT.ok;
}

// A closed stdout or stderr (`| head`, a terminal gone) is no crash: `list` watches stdout
// itself and stops quietly; for the other commands there is nothing left to tell anyone.
process.stdout.on('error', () => {});
process.stderr.on('error', () => {});
// No Node stack dump, whatever escapes: a stack only under --debug.
installLastResort();
main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
	(status) => {
		process.exitCode = status;
		// Stopped by a signal: end now, once stderr has its line. Writes to a stdout that nobody
		// reads any more would otherwise keep the process alive.
		if (status === EXIT.sigint || status === EXIT.sigterm) {
			process.stderr.write('', () => process.exit(status));
			setTimeout(() => process.exit(status), 1000).unref();
		}
	},
	(error: unknown) => {
		// A bug in the CLI itself: still one line unless --debug asked for the stack.
		reportUnexpected(error);
		process.exitCode = EXIT.failure;
	},
);
