import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { loadSharedSettings } from '../src/node/index.js';
import { awsHome } from './aws-env.js';

// The SDK's loader is loaded only when a shared file exists (test/cli-startup.test.ts shows it is
// not loaded without them): the files must still be found wherever the SDK would find them.

async function homeWithout(): Promise<string> {
	const home = await awsHome();
	vi.stubEnv('AWS_CONFIG_FILE', undefined);
	vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', undefined);
	await mkdir(join(home.dir, '.aws'));
	return home.dir;
}

describe('shared files, found where the AWS SDK finds them', () => {
	it('without any file, the environment and the profile name still count', async () => {
		const home = await awsHome();
		vi.stubEnv('AWS_CONFIG_FILE', join(home.dir, 'missing', 'config'));
		vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(home.dir, 'missing', 'credentials'));
		vi.stubEnv('AWS_PROFILE', 'ci');
		vi.stubEnv('AWS_MAX_ATTEMPTS', '3');
		vi.stubEnv('AWS_RETRY_MODE', 'adaptive');
		vi.stubEnv('AWS_ENDPOINT_URL', 'http://127.0.0.1:9');
		expect(await loadSharedSettings()).toEqual({
			profile: 'ci',
			endpoint: { value: 'http://127.0.0.1:9', source: 'AWS_ENDPOINT_URL' },
			maxAttempts: { value: 3, source: 'AWS_MAX_ATTEMPTS' },
			retryMode: { value: 'adaptive', source: 'AWS_RETRY_MODE' },
		});
		expect(await loadSharedSettings({ profile: 'named' })).toMatchObject({ profile: 'named' });
	});

	it('reads ~/.aws/config under HOME when AWS_CONFIG_FILE is not set', async () => {
		const home = await homeWithout();
		await awsFile(home, '.aws/config', '[default]\nmax_attempts = 7\n');
		expect((await loadSharedSettings()).maxAttempts).toEqual({
			value: 7,
			source: 'max_attempts in profile "default"',
		});
	});

	it('reads the credentials file alone when there is no config file', async () => {
		const home = await homeWithout();
		await awsFile(home, '.aws/credentials', '[default]\nretry_mode = adaptive\n');
		expect((await loadSharedSettings()).retryMode?.value).toBe('adaptive');
	});

	it('resolves a ~/ path in AWS_CONFIG_FILE against the home dir', async () => {
		const home = await homeWithout();
		await mkdir(join(home, 'elsewhere'));
		await awsFile(home, 'elsewhere/config', '[default]\nmax_attempts = 6\n');
		vi.stubEnv('AWS_CONFIG_FILE', '~/elsewhere/config');
		expect((await loadSharedSettings()).maxAttempts?.value).toBe(6);
	});

	it('takes the home dir from USERPROFILE when HOME is not set', async () => {
		const home = await homeWithout();
		await awsFile(home, '.aws/config', '[default]\nmax_attempts = 8\n');
		vi.stubEnv('HOME', undefined);
		vi.stubEnv('USERPROFILE', home);
		expect((await loadSharedSettings()).maxAttempts?.value).toBe(8);
	});
});

async function awsFile(home: string, name: string, content: string): Promise<void> {
	await writeFile(join(home, name), content, { mode: 0o600 });
}
