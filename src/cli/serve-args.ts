import {
	DEMO_CREDENTIALS,
	MAX_GENERATED_JOBS,
	type EmulatorCredentials,
	type EmulatorOptions,
	type FaultKind,
} from '../emulator/index.js';
import { UsageError, integerFlag, nonEmptyFlag, parseFlags, rateFlag } from './args.js';
import { SERVE_USAGE } from './usage.js';

/** The faults a throttled request gets: AWS's throttling error, S3-style SlowDown, a proxy's bare 429. */
export const THROTTLE_KINDS: FaultKind[] = ['throttling', 'slow-down', 'too-many-requests'];

/** The request log `serve` keeps, at about 1 KB a request. */
export const SERVE_LOG_ENTRIES = 1000;

export interface ServeArgs {
	emulator: EmulatorOptions & { jobCount: number; seed: number; credentials: EmulatorCredentials };
	/** False when the caller chose the keys: then nothing secret is printed. */
	demoCredentials: boolean;
	debug: boolean;
}

export function parseServeArgs(argv: readonly string[]): ServeArgs {
	const flags = parseFlags(
		argv,
		{
			host: { type: 'string' },
			port: { type: 'string' },
			jobs: { type: 'string' },
			seed: { type: 'string' },
			'access-key-id': { type: 'string' },
			'secret-access-key': { type: 'string' },
			'throttle-rate': { type: 'string' },
			'latency-ms': { type: 'string' },
			'rate-limit': { type: 'string' },
			'clock-offset-ms': { type: 'string' },
			debug: { type: 'boolean' },
			help: { type: 'boolean', short: 'h' },
		},
		SERVE_USAGE,
	);
	const accessKeyId = nonEmptyFlag('access-key-id', flags['access-key-id'], SERVE_USAGE);
	const secretAccessKey = nonEmptyFlag(
		'secret-access-key',
		flags['secret-access-key'],
		SERVE_USAGE,
	);
	if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
		throw new UsageError(
			'--access-key-id and --secret-access-key go together: give both, or neither for the demo credentials.',
			SERVE_USAGE,
		);
	}
	const credentials: EmulatorCredentials =
		accessKeyId !== undefined && secretAccessKey !== undefined
			? { accessKeyId, secretAccessKey }
			: DEMO_CREDENTIALS;
	const throttleRate = rateFlag('throttle-rate', flags['throttle-rate'], SERVE_USAGE) ?? 0;
	const latencyMs =
		integerFlag('latency-ms', flags['latency-ms'], { min: 0, max: 600_000 }, SERVE_USAGE) ?? 0;
	const rateLimit = positiveNumberFlag('rate-limit', flags['rate-limit']);
	const clockOffsetMs = signedIntegerFlag('clock-offset-ms', flags['clock-offset-ms']);
	return {
		emulator: {
			host: nonEmptyFlag('host', flags.host, SERVE_USAGE) ?? '127.0.0.1',
			port: integerFlag('port', flags.port, { min: 0, max: 65_535 }, SERVE_USAGE) ?? 0,
			jobCount:
				integerFlag('jobs', flags.jobs, { min: 0, max: MAX_GENERATED_JOBS }, SERVE_USAGE) ?? 1000,
			seed: integerFlag('seed', flags.seed, { min: 0, max: 2 ** 32 - 1 }, SERVE_USAGE) ?? 1,
			credentials,
			latencyMs,
			faults: { rate: throttleRate, kinds: THROTTLE_KINDS },
			...(rateLimit === undefined ? {} : { rateLimit: { requestsPerSecond: rateLimit } }),
			...(clockOffsetMs === undefined ? {} : { clockOffsetMs }),
			// serve runs for days and never reads the log: keep it small.
			maxLogEntries: SERVE_LOG_ENTRIES,
		},
		demoCredentials: accessKeyId === undefined,
		debug: flags.debug ?? false,
	};
}

/** Requests per second: a positive decimal number. */
function positiveNumberFlag(flag: string, raw: string | undefined): number | undefined {
	if (raw === undefined) return undefined;
	const value = /^(?:\d+(?:\.\d*)?|\.\d+)$/.test(raw) ? Number(raw) : Number.NaN;
	if (!(value > 0 && value <= 1_000_000))
		throw new UsageError(
			`--${flag} must be a number of requests per second above 0, got ${JSON.stringify(raw)}.`,
			SERVE_USAGE,
		);
	return value;
}

/** Milliseconds either way, up to a day: `-1800000` puts the emulator 30 minutes behind. */
function signedIntegerFlag(flag: string, raw: string | undefined): number | undefined {
	if (raw === undefined) return undefined;
	const value = /^[-+]?\d+$/.test(raw) ? Number(raw) : Number.NaN;
	if (!(Math.abs(value) <= 86_400_000))
		throw new UsageError(
			`--${flag} must be an integer from -86400000 to 86400000 (a day either way), got ${JSON.stringify(raw)}.`,
			SERVE_USAGE,
		);
	return value;
}
