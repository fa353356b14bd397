// What every measured client process shares: its config, the measurement window, the
// check that it saw exactly the account's jobs, and the one JSON line it reports.

/** The config the orchestrator passes as the first argument: endpoint, credentials, expected jobs… */
export const config = JSON.parse(process.argv[2] ?? '{}');

/** Ends the process with a failing report: the orchestrator shows `error` and stops. */
export function fail(error) {
	const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
	process.stdout.write(`${JSON.stringify({ ok: false, error: message })}\n`);
	process.exit(1);
}

process.on('unhandledRejection', fail);

/** Checks a listing against the account the emulator serves; fails the process on any difference. */
export function verify(seen, expected = config.expected) {
	const problems = [];
	if (seen.count !== expected.count)
		problems.push(`saw ${seen.count} jobs, expected ${expected.count}`);
	if (seen.first !== expected.first)
		problems.push(`first JobId ${seen.first}, expected ${expected.first}`);
	if (seen.last !== expected.last)
		problems.push(`last JobId ${seen.last}, expected ${expected.last}`);
	if (problems.length > 0) fail(new Error(`verification failed: ${problems.join('; ')}`));
}

/**
 * Times `list` (client already constructed, modules already loaded) and reports wall time,
 * CPU time of the whole process over the same window, time to the first job, jobs/s and
 * peak RSS. `list(start)` returns `{ count, first, last, firstJobAt }` (performance.now());
 * `extra()` adds a client's own figures to the report.
 */
export async function measure(name, list, extra = () => ({})) {
	let seen;
	const cpuBefore = process.cpuUsage();
	// hrtime shares the clock of V8's CPU profiles: the window lets a profile be cut to it.
	const startUs = Number(process.hrtime.bigint() / 1000n);
	const start = performance.now();
	try {
		seen = await list(start);
	} catch (error) {
		fail(error);
	}
	const end = performance.now();
	const cpu = process.cpuUsage(cpuBefore);
	verify(seen);
	const wallMs = end - start;
	const report = {
		ok: true,
		client: name,
		jobs: seen.count,
		first: seen.first,
		last: seen.last,
		wallMs,
		cpuMs: (cpu.user + cpu.system) / 1000,
		cpuUserMs: cpu.user / 1000,
		cpuSystemMs: cpu.system / 1000,
		jobsPerSecond: seen.count / (wallMs / 1000),
		firstJobMs: seen.firstJobAt - start,
		// maxRSS is in KiB: the process's high-water mark, module loading included.
		peakRssMB: (process.resourceUsage().maxRSS * 1024) / 1e6,
		window: {
			startUs,
			firstJobUs: startUs + (seen.firstJobAt - start) * 1000,
			endUs: startUs + wallMs * 1000,
		},
		...extra(),
	};
	process.stdout.write(`${JSON.stringify(report)}\n`);
}
