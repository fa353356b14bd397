import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A bad command line: reported in one line with a pointer to the command's `--help`, exit status 2. */
export class UsageError extends Error {
	override name = 'UsageError' as const;
	readonly usage: string;

	constructor(message: string, usage: string) {
		super(message);
		this.usage = usage;
	}
}

type Options = NonNullable<ParseArgsConfig['options']>;
interface StrictConfig<T extends Options> {
	args: string[];
	options: T;
	strict: true;
	allowPositionals: false;
}
/** The flags `parseFlags` returns, typed from the options given. */
export type Flags<T extends Options> = ReturnType<typeof parseArgs<StrictConfig<T>>>['values'];

/** `parseArgs` in strict mode, no positionals; its errors become UsageErrors carrying `usage`. */
export function parseFlags<T extends Options>(
	argv: readonly string[],
	options: T,
	usage: string,
): Flags<T> {
	try {
		const config: StrictConfig<T> = {
			args: joinNegativeValues(argv, options),
			options,
			strict: true,
			allowPositionals: false,
		};
		return parseArgs(config).values;
	} catch (error) {
		throw new UsageError(error instanceof Error ? error.message : String(error), usage);
	}
}

/**
 * `--max-items -1` as `--max-items=-1`: parseArgs refuses a value that starts with a dash as
 * "ambiguous", and the flag's own check then says what it expects instead.
 */
function joinNegativeValues(argv: readonly string[], options: Options): string[] {
	const args: string[] = [];
	for (let i = 0; i < argv.length; i++) {
		// eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- i < argv.length
		const arg = argv[i]!;
		const next = argv[i + 1];
		const takesValue = arg.startsWith('--') && options[arg.slice(2)]?.type === 'string';
		if (takesValue && next !== undefined && /^-[\d.]/.test(next)) {
			args.push(`${arg}=${next}`);
			i++;
		} else args.push(arg);
	}
	return args;
}

/** Whether the user asked for help, even alongside flags that do not parse. */
export function wantsHelp(argv: readonly string[]): boolean {
	return argv.includes('--help') || argv.includes('-h');
}

export interface IntegerRange {
	min: number;
	max?: number;
}

/** A decimal integer flag within `range`; `undefined` when the flag is absent. */
export function integerFlag(
	flag: string,
	raw: string | undefined,
	range: IntegerRange,
	usage: string,
): number | undefined {
	if (raw === undefined) return undefined;
	const max = range.max ?? Number.MAX_SAFE_INTEGER;
	// Digits only: Number() would also take '', '0x10', '1e3' and ' 7 '.
	const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
	if (!(value >= range.min && value <= max)) {
		const expected =
			range.max === undefined
				? `an integer >= ${range.min}`
				: `an integer from ${range.min} to ${range.max}`;
		throw new UsageError(`--${flag} must be ${expected}, got ${JSON.stringify(raw)}.`, usage);
	}
	return value;
}

/** A fraction flag from 0 to 1 (e.g. `0.05`); `undefined` when the flag is absent. */
export function rateFlag(flag: string, raw: string | undefined, usage: string): number | undefined {
	if (raw === undefined) return undefined;
	const value = /^(?:\d+(?:\.\d*)?|\.\d+)$/.test(raw) ? Number(raw) : Number.NaN;
	if (!(value >= 0 && value <= 1))
		throw new UsageError(
			`--${flag} must be a number from 0 to 1, got ${JSON.stringify(raw)}.`,
			usage,
		);
	return value;
}

/** An absolute http(s) URL flag, checked here so that a typo is a usage error, not a failed request. */
export function urlFlag(flag: string, raw: string | undefined, usage: string): string | undefined {
	if (raw === undefined) return undefined;
	let url: URL | undefined;
	try {
		url = new URL(raw);
	} catch {
		url = undefined;
	}
	if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
		throw new UsageError(
			`--${flag} must be an absolute http(s) URL, got ${JSON.stringify(raw)}.`,
			usage,
		);
	}
	if (url.username !== '' || url.password !== '')
		throw new UsageError(`--${flag} must not carry a user name or password.`, usage);
	return raw;
}

/** A string flag that must not be empty. */
export function nonEmptyFlag(
	flag: string,
	raw: string | undefined,
	usage: string,
): string | undefined {
	if (raw === undefined) return undefined;
	if (raw === '') throw new UsageError(`--${flag} must not be empty.`, usage);
	return raw;
}
