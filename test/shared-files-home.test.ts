import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { sharedFilesExist } from '../src/node/shared-files.js';
import { loadSharedSettings } from '../src/node/index.js';
import { awsHome } from './aws-env.js';

// The home dir as the SDK's getHomeDir finds it when HOME is not set (Windows), and which
// paths count as surely missing: only then is the SDK's loader skipped.

describe('shared files: the home dir and missing paths', () => {
	it('takes HOMEDRIVE and HOMEPATH when neither HOME nor USERPROFILE is set', async () => {
		const home = await awsHome();
		vi.stubEnv('AWS_CONFIG_FILE', undefined);
		vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', undefined);
		await mkdir(join(home.dir, '.aws'));
		await writeFile(join(home.dir, '.aws', 'config'), '[default]\nmax_attempts = 9\n');
		vi.stubEnv('HOME', undefined);
		vi.stubEnv('USERPROFILE', undefined);
		vi.stubEnv('HOMEDRIVE', '/');
		vi.stubEnv('HOMEPATH', home.dir.slice(1));
		expect(await sharedFilesExist()).toBe(true);
		expect((await loadSharedSettings()).maxAttempts?.value).toBe(9);
	});

	it('looks for ~/.aws/config and ~/.aws/credentials when no variable names the files', async () => {
		const home = await awsHome();
		vi.stubEnv('AWS_CONFIG_FILE', undefined);
		vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', undefined);
		// awsHome() wrote `config` and `credentials` in HOME itself: the wrong place.
		expect(await sharedFilesExist()).toBe(false);
		const dir = join(home.dir, '.aws');
		await mkdir(dir);
		await writeFile(join(dir, 'unrelated'), '');
		expect(await sharedFilesExist()).toBe(false);
		await writeFile(join(dir, 'config'), '');
		expect(await sharedFilesExist()).toBe(true);
		await rm(join(dir, 'config'));
		await writeFile(join(dir, 'credentials'), '');
		expect(await sharedFilesExist()).toBe(true);
	});

	it('a path that is missing, or runs through a file, is not there; the credentials file alone is enough', async () => {
		const home = await awsHome();
		const file = await home.write('plain', '');
		vi.stubEnv('AWS_CONFIG_FILE', join(home.dir, 'missing'));
		vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(file, 'credentials'));
		expect(await sharedFilesExist()).toBe(false);
		vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', home.credentialsFile);
		expect(await sharedFilesExist()).toBe(true);
		vi.stubEnv('AWS_CONFIG_FILE', home.configFile);
		vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(home.dir, 'missing'));
		expect(await sharedFilesExist()).toBe(true);
	});

	it('a path that fails for another reason (a symlink loop) is left to the loader, which reads what it can', async () => {
		const home = await awsHome();
		await symlink(join(home.dir, 'b'), join(home.dir, 'a'));
		await symlink(join(home.dir, 'a'), join(home.dir, 'b'));
		vi.stubEnv('AWS_CONFIG_FILE', join(home.dir, 'a'));
		vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(home.dir, 'missing'));
		expect(await sharedFilesExist()).toBe(true);
		expect(await loadSharedSettings()).toEqual({
			profile: 'default',
			endpoint: undefined,
			maxAttempts: undefined,
			retryMode: undefined,
		});
	});
});
