import { DEMO_CREDENTIALS, startEmulator } from '../emulator/index.js';
import { reportFailure } from './errors.js';
import { EXIT, type Io } from './io.js';
import type { ServeArgs } from './serve-args.js';
import { onStopSignal, type StopSignal } from './signals.js';
import { count, plural } from './stats.js';

/** `importexport-jobs serve`: the endpoint on stdout's first line, then serves until SIGINT or SIGTERM. */
export async function serve(args: ServeArgs, io: Io): Promise<number> {
	// Listening before the endpoint is printed: whoever reads it may signal at once.
	let remove = (): void => {};
	const stopped = new Promise<StopSignal>((resolve) => {
		remove = onStopSignal((name) => {
			remove();
			resolve(name);
		});
	});
	let emulator;
	try {
		emulator = await startEmulator(args.emulator);
	} catch (error) {
		remove();
		reportFailure(io.stderr, 'serve', error, args.debug);
		return EXIT.failure;
	}
	const { endpoint } = emulator;
	io.stdout.write(`endpoint: ${endpoint}\n`);
	io.stderr.write(describeServer(args, endpoint));

	const signal = await stopped;
	await emulator.close();
	io.stderr.write(
		`importexport-jobs serve: stopped by ${signal} after ${plural(emulator.counters.requests, 'request')} (${plural(emulator.counters.jobsServed, 'job')} served)\n`,
	);
	return EXIT.ok;
}

function describeServer(args: ServeArgs, endpoint: string): string {
	const { jobCount, seed, faults, latencyMs, rateLimit, clockOffsetMs } = args.emulator;
	const extras = [
		faults?.rate ? `${(faults.rate * 100).toFixed(1)}% of requests throttled` : '',
		latencyMs ? `${count(latencyMs)} ms latency` : '',
		rateLimit ? `rate limit ${count(rateLimit.requestsPerSecond)} requests/s` : '',
		clockOffsetMs ? `clock ${count(clockOffsetMs)} ms off` : '',
	].filter(Boolean);
	const lines = [
		`importexport-jobs serve: ${count(jobCount)} jobs (seed ${seed}) at ${endpoint}${extras.length > 0 ? `, ${extras.join(', ')}` : ''}`,
	];
	const { accessKeyId } = args.emulator.credentials;
	if (args.demoCredentials) {
		// Public on purpose: they open this emulator and nothing else.
		lines.push(
			'Demo credentials (public, they only open this emulator); paste into another shell:',
		);
		lines.push(`  export AWS_ACCESS_KEY_ID=${accessKeyId}`);
		lines.push(`  export AWS_SECRET_ACCESS_KEY=${DEMO_CREDENTIALS.secretAccessKey}`);
	} else {
		// The secret was given by the caller and is never printed.
		lines.push(
			'Accepting the keys given; paste into another shell, then set AWS_SECRET_ACCESS_KEY to the secret given:',
		);
		lines.push(`  export AWS_ACCESS_KEY_ID=${accessKeyId}`);
	}
	lines.push(`  export AWS_ENDPOINT_URL_IMPORTEXPORT=${endpoint}`);
	lines.push('  importexport-jobs list --format table --max-items 20');
	lines.push('Stop with Ctrl-C (SIGINT) or SIGTERM.');
	return `${lines.join('\n')}\n`;
}
