import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built CLI, as `npm test` leaves it (it builds first). */
export const CLI = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

export interface CliResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

// Where the AWS credential chain finds nothing: the developer's own ~/.aws never leaks into a test.
const NOWHERE = join(tmpdir(), 'importexport-jobs-test-no-aws-files');

/**
 * The inherited environment without any AWS_* or proxy variable, with the shared files
 * pointed at nothing and instance metadata off (no traffic leaves loopback), plus `extra`.
 */
export function cliEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
	const env = Object.fromEntries(
		Object.entries(process.env).filter(
			([name]) => !name.startsWith('AWS_') && !/^(https?|no|all)_proxy$/i.test(name),
		),
	);
	return {
		...env,
		HOME: NOWHERE,
		AWS_CONFIG_FILE: join(NOWHERE, 'config'),
		AWS_SHARED_CREDENTIALS_FILE: join(NOWHERE, 'credentials'),
		AWS_EC2_METADATA_DISABLED: 'true',
		...extra,
	};
}

/** Starts the built CLI with `args`, in a clean AWS environment plus `env`. */
export function startCli(
	args: readonly string[],
	env: Record<string, string> = {},
): ChildProcessWithoutNullStreams {
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
