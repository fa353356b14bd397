import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, vi } from 'vitest';

// Everything the AWS credential chain and the settings read: cleared for every test, so that
// neither the developer's environment nor another test's leaks in.
const CLEARED = [
	'AWS_PROFILE',
	'AWS_ACCESS_KEY_ID',
	'AWS_SECRET_ACCESS_KEY',
	'AWS_SESSION_TOKEN',
	'AWS_CREDENTIAL_EXPIRATION',
	'AWS_WEB_IDENTITY_TOKEN_FILE',
	'AWS_ROLE_ARN',
	'AWS_ROLE_SESSION_NAME',
	'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
	'AWS_CONTAINER_CREDENTIALS_FULL_URI',
	'AWS_CONTAINER_AUTHORIZATION_TOKEN',
	'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
	'AWS_EC2_METADATA_SERVICE_ENDPOINT',
	'AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE',
	'AWS_EC2_METADATA_V1_DISABLED',
	'AWS_ENDPOINT_URL',
	'AWS_ENDPOINT_URL_IMPORTEXPORT',
	'AWS_ENDPOINT_URL_STS',
	'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS',
	'AWS_MAX_ATTEMPTS',
	'AWS_RETRY_MODE',
	'AWS_REGION',
	'AWS_DEFAULT_REGION',
	'AWS_CA_BUNDLE',
	'AWS_SDK_LOAD_CONFIG',
	'HTTP_PROXY',
	'HTTPS_PROXY',
	'NO_PROXY',
	'http_proxy',
	'https_proxy',
	'no_proxy',
];

const dirs: string[] = [];

afterEach(async () => {
	vi.unstubAllEnvs();
	await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

export interface AwsHome {
	dir: string;
	configFile: string;
	credentialsFile: string;
	/** Writes a file in the temp dir and returns its path. */
	write(name: string, content: string): Promise<string>;
}

/**
 * A fresh temp dir as HOME, holding the `config` and `credentials` files given (each test
 * its own paths: the AWS SDK caches files by path for the life of the process), every AWS
 * and proxy variable cleared and instance metadata off. Restored after the test.
 */
export async function awsHome(
	files: { config?: string; credentials?: string } = {},
): Promise<AwsHome> {
	const dir = await mkdtemp(join(tmpdir(), 'importexport-jobs-aws-'));
	dirs.push(dir);
	const write = async (name: string, content: string): Promise<string> => {
		const path = join(dir, name);
		await writeFile(path, content, { mode: 0o700 });
		return path;
	};
	const configFile = await write('config', files.config ?? '');
	const credentialsFile = await write('credentials', files.credentials ?? '');
	for (const name of CLEARED) vi.stubEnv(name, undefined);
	vi.stubEnv('HOME', dir);
	vi.stubEnv('AWS_CONFIG_FILE', configFile);
	vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', credentialsFile);
	vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
	return { dir, configFile, credentialsFile, write };
}
