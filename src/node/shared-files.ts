import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, sep } from 'node:path';
import { readEnv } from '../transport/credentials.js';

/**
 * Whether the shared config or credentials file exists where the AWS SDK's loader
 * (@smithy/shared-ini-file-loader) would look: AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE,
 * else ~/.aws/config and ~/.aws/credentials, `~/` resolved against the same home dir.
 * With neither, the loader would find nothing: a stat is cheaper than loading it.
 */
export async function sharedFilesExist(): Promise<boolean> {
	const home = homeDir();
	const paths = [
		readEnv('AWS_CONFIG_FILE') ?? join(home, '.aws', 'config'),
		readEnv('AWS_SHARED_CREDENTIALS_FILE') ?? join(home, '.aws', 'credentials'),
	];
	const found = await Promise.all(
		paths.map((path) => mayExist(path.startsWith('~/') ? join(home, path.slice(2)) : path)),
	);
	return found.includes(true);
}

// The SDK's getHomeDir, in its order.
function homeDir(): string {
	const homePath = readEnv('HOMEPATH');
	return (
		readEnv('HOME') ??
		readEnv('USERPROFILE') ??
		(homePath === undefined ? homedir() : `${readEnv('HOMEDRIVE') ?? `C:${sep}`}${homePath}`)
	);
}

// Only a path that surely is not there is skipped; anything else (no permission to look, say)
// is left to the loader, which reads what it can.
async function mayExist(path: string): Promise<boolean> {
	try {
		await stat(path);
		return true;
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		return code !== 'ENOENT' && code !== 'ENOTDIR';
	}
}
