import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/emulator/index.js';
import type { ListingReceipt } from '../src/index.js';
import { collectOutput, startCli } from './cli-run.js';
import { emulator } from './helpers.js';

const dirs: string[] = [];
afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
	const dir = mkdtempSync(join(tmpdir(), 'importexport-receipt-'));
	dirs.push(dir);
	return dir;
}

function envFor(server: Emulator, dir: string): Record<string, string> {
	return {
		AWS_ACCESS_KEY_ID: server.credentials.accessKeyId,
		AWS_SECRET_ACCESS_KEY: server.credentials.secretAccessKey,
		AWS_ENDPOINT_URL_IMPORTEXPORT: server.endpoint,
		AWS_EC2_METADATA_DISABLED: 'true',
		HOME: dir,
		AWS_CONFIG_FILE: join(dir, 'config'),
		AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
	};
}

const read = (path: string): ListingReceipt =>
	JSON.parse(readFileSync(path, 'utf8')) as ListingReceipt;

describe('--receipt FILE', () => {
	it('list writes the listing’s receipt; two listings in other page sizes have the same digest', async () => {
		const server = await emulator({ jobCount: 30 });
		server.injectFault(2, { kind: 'throttling' });
		const dir = tempDir();
		const first = await collectOutput(
			startCli(['list', '--page-size', '7', '--receipt', join(dir, 'a.json')], envFor(server, dir)),
		);
		expect(first.code).toBe(0);
		const second = await collectOutput(
			startCli(
				['list', '--page-size', '1000', '--receipt', join(dir, 'b.json')],
				envFor(server, dir),
			),
		);
		expect(second.code).toBe(0);
		const [a, b] = [read(join(dir, 'a.json')), read(join(dir, 'b.json'))];
		expect(a).toMatchObject({
			complete: true,
			pages: 5,
			jobs: 30,
			retries: { throttling: 1 },
			firstJobId: server.jobs[0]!.JobId,
			lastJobId: server.jobs[29]!.JobId,
		});
		expect(b).toMatchObject({ complete: true, pages: 1, jobs: 30, retries: {} });
		expect(a.jobIdsDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
		expect(b.jobIdsDigest).toBe(a.jobIdsDigest);
	});

	it('list writes it when the listing fails too', async () => {
		const server = await emulator({ jobCount: 30 });
		server.injectFault(2, { kind: 'internal-failure' });
		const dir = tempDir();
		const result = await collectOutput(
			startCli(
				['list', '--page-size', '10', '--max-attempts', '1', '--receipt', join(dir, 'r.json')],
				envFor(server, dir),
			),
		);
		expect(result.code).toBe(1);
		expect(read(join(dir, 'r.json'))).toMatchObject({
			complete: false,
			pages: 1,
			jobs: 10,
			resumeMarker: server.jobs[9]!.JobId,
			error: { name: 'ServiceError' },
		});
	});

	it('export writes this run’s receipt', async () => {
		const server = await emulator({ jobCount: 25 });
		const dir = tempDir();
		const result = await collectOutput(
			startCli(
				[
					'export',
					'--out',
					join(dir, 'jobs.ndjson'),
					'--page-size',
					'10',
					'--receipt',
					join(dir, 'r.json'),
				],
				envFor(server, dir),
			),
		);
		expect(result.code).toBe(0);
		expect(read(join(dir, 'r.json'))).toMatchObject({
			complete: true,
			pages: 3,
			jobs: 25,
			requests: 3,
		});
	});

	it('says so when the receipt cannot be written', async () => {
		const server = await emulator({ jobCount: 3 });
		const dir = tempDir();
		const path = join(dir, 'missing-dir', 'r.json');
		const result = await collectOutput(startCli(['list', '--receipt', path], envFor(server, dir)));
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/could not write the receipt to .*r\.json: ENOENT/);
		expect(existsSync(path)).toBe(false);
	});
});
