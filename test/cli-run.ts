import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built CLI, as `npm test` leaves it (it builds first). */
export const CLI = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

export interface CliResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

/** The inherited environment without any AWS_* variable, plus `extra`. */
export function cliEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
	const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));
	return { ...env, ...extra };
}

/** Starts the built CLI with `args`, in a clean AWS environment plus `env`. */
export function startCli(args: readonly string[], env: Record<string, string> = {}): ChildProcessWithoutNullStreams {
	return spawn(process.execPath, [CLI, ...args], { env: cliEnvironment(env) });
}

/** Everything a child prints, once it has exited. */
export function collectOutput(child: ChildProcessWithoutNullStreams): Promise<CliResult> {
	let stdout = '';
	let stderr = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
	return new Promise((resolve, reject) => {
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, stdout, stderr }));
	});
}
