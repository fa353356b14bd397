// Spawning the emulator and the measured clients, each in its own process.
import { fork, spawn } from 'node:child_process';
import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const EMULATOR_SCRIPT = here('./emulator-process.mjs');

// Every child carries a deadline: a hung child fails the run instead of hanging it.
const EMULATOR_START_TIMEOUT_MS = 120_000;
const CLIENT_TIMEOUT_MS = Number(process.env.BENCH_CLIENT_TIMEOUT_MS ?? 180_000);

const live = new Set();
/** Kills every child still running (SIGKILL): for the failure path. */
export function killAll() {
	for (const child of live) child.kill('SIGKILL');
	live.clear();
}

/**
 * Starts an emulator process. Resolves once it listens, with its endpoint, credentials and
 * the first and last JobId of its account, which every client must see.
 */
export function startEmulatorProcess(options) {
	return new Promise((resolve, reject) => {
		const child = fork(EMULATOR_SCRIPT, [JSON.stringify(options)], {
			execArgv: [],
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		});
		live.add(child);
		let nextId = 0;
		const waiting = new Map();
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(
				new Error(
					`the emulator (${JSON.stringify(options)}) did not start within ${EMULATOR_START_TIMEOUT_MS} ms`,
				),
			);
		}, EMULATOR_START_TIMEOUT_MS);
		child.on('exit', (code, signal) => {
			live.delete(child);
			clearTimeout(timer);
			const error = new Error(`the emulator process exited (code ${code}, signal ${signal})`);
			reject(error);
			for (const { reject: fail } of waiting.values()) fail(error);
			waiting.clear();
		});
		child.on('message', (message) => {
			if (message.type === 'ready') {
				clearTimeout(timer);
				resolve({
					...message,
					/** The emulator's counters; `reset` clears them and the request log afterwards. */
					counters: (reset = false) =>
						new Promise((ok, fail) => {
							const id = nextId++;
							waiting.set(id, { resolve: ok, reject: fail });
							child.send({ type: 'counters', id, reset });
						}),
					close: () =>
						new Promise((ok) => {
							if (child.exitCode !== null || child.signalCode !== null) return ok();
							const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
							child.once('exit', () => {
								clearTimeout(force);
								ok();
							});
							child.send({ type: 'close' });
						}),
				});
			} else if (message.type === 'counters') {
				const entry = waiting.get(message.id);
				waiting.delete(message.id);
				entry?.resolve(message.counters);
			}
		});
	});
}

/**
 * Runs one client script (relative to bench/, or absolute) in a fresh Node process with `config` as its argument and returns
 * the JSON it prints as its last stdout line. A non-zero exit, a timeout or a missing report
 * fails loudly, with the child's stderr.
 */
export function runClient(script, config, { nodeArgs = [], env = {} } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(
			process.execPath,
			[...nodeArgs, isAbsolute(script) ? script : here(`../${script}`), JSON.stringify(config)],
			{
				stdio: ['ignore', 'pipe', 'pipe'],
				env: { ...process.env, AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1', ...env },
			},
		);
		live.add(child);
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
		child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
		const timer = setTimeout(() => child.kill('SIGKILL'), CLIENT_TIMEOUT_MS);
		child.on('close', (code, signal) => {
			live.delete(child);
			clearTimeout(timer);
			const lines = stdout.trim().split('\n');
			let report;
			try {
				report = JSON.parse(lines[lines.length - 1] ?? '');
			} catch {
				report = undefined;
			}
			if (code !== 0 || report === undefined) {
				const why =
					signal === 'SIGKILL'
						? `killed after ${CLIENT_TIMEOUT_MS} ms`
						: `exit code ${code}${signal ? `, signal ${signal}` : ''}`;
				reject(
					new Error(
						`${script} failed (${why}): ${report?.error ?? 'no report'}\n--- stdout\n${stdout.slice(-2000)}\n--- stderr\n${stderr.slice(-4000)}`,
					),
				);
				return;
			}
			resolve(report);
		});
	});
}
