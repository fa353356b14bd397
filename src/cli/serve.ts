import { DEMO_CREDENTIALS, type EmulatorCredentials } from '../emulator/credentials.js';
import { MAX_GENERATED_JOBS } from '../emulator/jobs.js';
import { startEmulator } from '../emulator/server.js';
import type { EmulatorOptions } from '../emulator/types.js';
import { UsageError, integerFlag, nonEmptyFlag, parseFlags, rateFlag } from './args.js';
import { reportFailure } from './errors.js';
import { EXIT, type Io } from './io.js';
import { onStopSignal } from './signals.js';
import { count } from './stats.js';
import { SERVE_USAGE } from './usage.js';
import type { FaultKind } from '../emulator/faults.js';

/** The faults a throttled request gets: AWS's throttling error, S3-style SlowDown, a proxy's bare 429. */
export const THROTTLE_KINDS: FaultKind[] = ['throttling', 'slow-down', 'too-many-requests'];

export interface ServeArgs {
	emulator: EmulatorOptions & { jobCount: number; seed: number };
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
			debug: { type: 'boolean' },
			help: { type: 'boolean', short: 'h' },
		},
		SERVE_USAGE,
	);
	const accessKeyId = nonEmptyFlag('access-key-id', flags['access-key-id'], SERVE_USAGE);
	const secretAccessKey = nonEmptyFlag('secret-access-key', flags['secret-access-key'], SERVE_USAGE);
	if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
		throw new UsageError('--access-key-id and --secret-access-key go together: give both, or neither for the demo credentials.', SERVE_USAGE);
	}
	const credentials: EmulatorCredentials = accessKeyId !== undefined && secretAccessKey !== undefined ? { accessKeyId, secretAccessKey } : DEMO_CREDENTIALS;
	const throttleRate = rateFlag('throttle-rate', flags['throttle-rate'], SERVE_USAGE) ?? 0;
	const latencyMs = integerFlag('latency-ms', flags['latency-ms'], { min: 0, max: 600_000 }, SERVE_USAGE) ?? 0;
	return {
		emulator: {
			host: nonEmptyFlag('host', flags.host, SERVE_USAGE) ?? '127.0.0.1',
			port: integerFlag('port', flags.port, { min: 0, max: 65_535 }, SERVE_USAGE) ?? 0,
			jobCount: integerFlag('jobs', flags.jobs, { min: 0, max: MAX_GENERATED_JOBS }, SERVE_USAGE) ?? 1000,
			seed: integerFlag('seed', flags.seed, { min: 0, max: 2 ** 32 - 1 }, SERVE_USAGE) ?? 1,
			credentials,
			latencyMs,
			faults: { rate: throttleRate, kinds: THROTTLE_KINDS },
		},
		demoCredentials: accessKeyId === undefined,
		debug: flags.debug ?? false,
	};
}

/** `importexport-jobs serve`: the endpoint on stdout's first line, then serves until SIGINT or SIGTERM. */
export async function serve(argv: readonly string[], io: Io): Promise<number> {
	const args = parseServeArgs(argv);
	let emulator;
	try {
		emulator = await startEmulator(args.emulator);
	} catch (error) {
		reportFailure(io.stderr, 'serve', error, args.debug);
		return EXIT.failure;
	}
	const { endpoint } = emulator;
	io.stdout.write(`endpoint: ${endpoint}\n`);
	io.stderr.write(describeServer(args, endpoint));

	const signal = await new Promise<string>((resolve) => {
		const remove = onStopSignal((name) => {
			remove();
			resolve(name);
		});
	});
	await emulator.close();
	io.stderr.write(`importexport-jobs serve: stopped by ${signal} after ${count(emulator.counters.requests)} requests (${count(emulator.counters.jobsServed)} jobs served)\n`);
	return EXIT.ok;
}

function describeServer(args: ServeArgs, endpoint: string): string {
	const { jobCount, seed, faults, latencyMs } = args.emulator;
	const extras = [faults?.rate ? `${(faults.rate * 100).toFixed(1)}% of requests throttled` : '', latencyMs ? `${count(latencyMs)} ms latency` : ''].filter(Boolean);
	const lines = [`importexport-jobs serve: ${count(jobCount)} jobs (seed ${seed}) at ${endpoint}${extras.length > 0 ? `, ${extras.join(', ')}` : ''}`];
	if (args.demoCredentials) {
		// Public on purpose: they open this emulator and nothing else.
		lines.push('Demo credentials (public, they only open this emulator); paste into another shell:');
		lines.push(`  export AWS_ACCESS_KEY_ID=${DEMO_CREDENTIALS.accessKeyId}`);
		lines.push(`  export AWS_SECRET_ACCESS_KEY=${DEMO_CREDENTIALS.secretAccessKey}`);
	} else {
		lines.push('Accepting the access key given with --access-key-id; paste into another shell, then set your secret key:');
	}
	lines.push(`  export AWS_ENDPOINT_URL_IMPORTEXPORT=${endpoint}`);
	lines.push('  importexport-jobs list --format table --max-items 20');
	lines.push('Stop with Ctrl-C (SIGINT) or SIGTERM.');
	return `${lines.join('\n')}\n`;
}
