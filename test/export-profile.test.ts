import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectOutput, startCli } from './cli-run.js';
import { emulator } from './helpers.js';
import { tempDirs } from './export-fs.js';

// `export` finds credentials and settings as `list` does: the AWS credential chain and the
// profile of the shared files, not only the three AWS_* key variables.

const tempDir = tempDirs('export-profile');

describe('export with a profile', () => {
	it('takes the keys and the endpoint of --profile from the shared files', async () => {
		const server = await emulator({ jobCount: 7 });
		const dir = tempDir();
		const config = join(dir, 'config');
		const credentials = join(dir, 'credentials');
		writeFileSync(config, `[profile audit]\nendpoint_url = ${server.endpoint}\n`);
		writeFileSync(
			credentials,
			`[audit]\naws_access_key_id = ${server.credentials.accessKeyId}\naws_secret_access_key = ${server.credentials.secretAccessKey}\n`,
		);
		const out = join(dir, 'jobs.ndjson');
		const result = await collectOutput(
			startCli(['export', '--out', out, '--profile', 'audit'], {
				HOME: dir,
				AWS_CONFIG_FILE: config,
				AWS_SHARED_CREDENTIALS_FILE: credentials,
			}),
		);
		expect(result.code, result.stderr).toBe(0);
		expect(
			readFileSync(out, 'utf8')
				.trim()
				.split('\n')
				.map((line) => (JSON.parse(line) as { JobId: string }).JobId),
		).toEqual(server.jobs.map((job) => job.JobId));
	});
});
