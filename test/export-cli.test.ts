import { execFileSync, spawn } from 'node:child_process';
import {
	chmodSync,
	existsSync,
	mkdtempSync,
	readFileSync,
	readdirSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { jobToNdjson } from '../src/consumers/ndjson.js';
import type { Emulator } from '../src/emulator/index.js';
import { CLI, cliEnvironment, collectOutput, startCli } from './cli-run.js';
import { exportJobs } from '../src/node/index.js';
import { scriptedFileSystem, tempDirs } from './export-fs.js';
import { caught, clientFor, emulator, until } from './helpers.js';

const OLD = 'the previous export\n';
const cleanups: Array<() => void> = [];
afterEach(() => {
	for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

const tempDir = tempDirs('export-cli');

function envFor(server: Emulator): Record<string, string> {
	return {
		AWS_ACCESS_KEY_ID: server.credentials.accessKeyId,
		AWS_SECRET_ACCESS_KEY: server.credentials.secretAccessKey,
		AWS_ENDPOINT_URL_IMPORTEXPORT: server.endpoint,
	};
}

const exportCli = (server: Emulator, args: string[]) =>
	collectOutput(startCli(['export', ...args], envFor(server)));
const ndjsonOf = (server: Emulator): string => server.jobs.map(jobToNdjson).join('');

describe('importexport-jobs export', () => {
	it('writes the file, prints one summary line, leaves no side file', async () => {
		const server = await emulator({ jobCount: 1200 });
		const dir = tempDir();
		const out = join(dir, 'jobs.ndjson');
		const result = await exportCli(server, ['--out', out, '--page-size', '500']);
		expect(result.code, result.stderr).toBe(0);
		expect(result.stdout).toBe('');
		expect(result.stderr).toMatch(
			new RegExp(
				`^importexport-jobs export: done, 1,200 jobs \\(${Buffer.byteLength(ndjsonOf(server)).toLocaleString('en-US')} bytes\\) in ${out}; this run: 1,200 jobs in 3 pages, no retries, [\\d.]+ s, [\\d,]+ jobs/s\\n$`,
			),
		);
		expect(readFileSync(out, 'utf8')).toBe(ndjsonOf(server));
		expect(readdirSync(dir)).toEqual(['jobs.ndjson']);
	});

	it('SIGTERM: exit 143 and a line saying to run it again; the rerun finishes the same file', async () => {
		const server = await emulator({ jobCount: 1000 });
		const out = join(tempDir(), 'jobs.csv');
		writeFileSync(out, OLD);
		server.injectFault(4, { kind: 'hang' });
		const child = startCli(
			['export', '--out', out, '--format', 'csv', '--page-size', '100'],
			envFor(server),
		);
		const exited = collectOutput(child);
		// Request 4 hangs: three pages are on disk or on their way.
		await until(() => server.counters.requests >= 4, 30_000);
		child.kill('SIGTERM');
		const stopped = await exited;
		expect(stopped.code).toBe(143);
		expect(stopped.stderr).toMatch(
			/^importexport-jobs export: AbortError: .*; run the same command again to resume\n$/,
		);
		expect(readFileSync(out, 'utf8')).toBe(OLD);
		server.reset();
		const resumed = await exportCli(server, [
			'--out',
			out,
			'--format',
			'csv',
			'--page-size',
			'100',
		]);
		expect(resumed.code, resumed.stderr).toBe(0);
		expect(resumed.stderr).toMatch(/\(resumed after [\d,]+ jobs listed before\)/);
		expect(server.requests[0]!.params['Marker']).toBeDefined();
		const lines = readFileSync(out, 'utf8').split('\r\n');
		expect(lines).toHaveLength(1002);
		expect(lines.slice(1, -1).map((line) => line.split(',')[0])).toEqual(
			server.jobs.map((job) => job.JobId),
		);
	});

	it('a rerun with another --format is refused with exit 1 and what differs', async () => {
		const server = await emulator({ jobCount: 500 });
		const out = join(tempDir(), 'jobs.out');
		server.injectFault(3, [
			{ kind: 'internal-failure' },
			{ kind: 'internal-failure' },
			{ kind: 'internal-failure' },
		]);
		const failed = await exportCli(server, [
			'--out',
			out,
			'--page-size',
			'100',
			'--max-attempts',
			'3',
		]);
		expect(failed.code).toBe(1);
		expect(failed.stderr).toMatch(/ServiceError: .*; run the same command again to resume\n$/);
		const refused = await exportCli(server, ['--out', out, '--format', 'csv']);
		expect(refused.code).toBe(1);
		expect(refused.stderr).toMatch(
			/ExportCheckpointError: .*format "csv" \(checkpoint: "ndjson"\)/,
		);
		expect(refused.stderr.trim().split('\n')).toHaveLength(1);
	});

	it('usage errors: no --out, --canceled with --active, a format export does not write', async () => {
		const server = await emulator({ jobCount: 1 });
		const dir = tempDir();
		const out = join(dir, 'x');
		const results = await Promise.all([
			exportCli(server, []),
			exportCli(server, ['--out', out, '--canceled', '--active']),
			exportCli(server, ['--out', out, '--format', 'json']),
			exportCli(server, ['--out', out, '--type', 'import']),
		]);
		expect(results.map((result) => result.code)).toEqual([2, 2, 2, 2]);
		expect(results[0].stderr).toContain('--out FILE is needed');
		expect(results[1].stderr).toContain('--canceled and --active exclude each other');
		expect(results[2].stderr).toContain('--format must be one of ndjson, csv, got "json"');
		expect(results[3].stderr).toContain('--type must be Import or Export, got "import"');
		expect(readdirSync(dir)).toEqual([]);
		const help = await exportCli(server, ['--help']);
		expect(help.stdout).toMatch(/^Usage: importexport-jobs export --out FILE/);
	});
});

/** A 64 KiB tmpfs, when this process may mount one (root on Linux); `undefined` otherwise. */
function tinyDisk(): string | undefined {
	if (process.platform !== 'linux' || process.getuid?.() !== 0) return undefined;
	const dir = mkdtempSync(join(tmpdir(), 'importexport-full-'));
	try {
		execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'ignore' });
	} catch {
		rmSync(dir, { recursive: true, force: true });
		return undefined;
	}
	cleanups.push(() => {
		execFileSync('umount', [dir]);
		rmSync(dir, { recursive: true, force: true });
	});
	return dir;
}

describe('export where the disk says no', () => {
	it('a full disk (a real 64 KiB tmpfs): exit 1, one line with ENOSPC and what was kept, the previous file untouched; with room, the rerun finishes', async () => {
		const server = await emulator({ jobCount: 2000 });
		const dir = tinyDisk();
		if (dir === undefined) {
			// Not root: the kernel cannot be made to fill up here, so the disk is an injected one, in process.
			const out = join(tempDir(), 'jobs.ndjson');
			writeFileSync(out, OLD);
			const client = clientFor(server).client;
			const error = await caught(() =>
				exportJobs(client, {
					out,
					pageSize: 100,
					fileSystem: scriptedFileSystem({ capacity: 64 * 1024 }).fs,
				}),
			);
			expect(error).toMatchObject({ name: 'ExportError', code: 'ENOSPC' });
			expect(readFileSync(out, 'utf8')).toBe(OLD);
			await exportJobs(client, { out, pageSize: 100 });
			expect(readFileSync(out, 'utf8')).toBe(ndjsonOf(server));
			return;
		}
		const out = join(dir, 'jobs.ndjson');
		writeFileSync(out, OLD);
		const full = await exportCli(server, ['--out', out, '--page-size', '100']);
		expect(full.code).toBe(1);
		expect(full.stderr).toMatch(
			/^importexport-jobs export: ExportError: Export to .* failed: cannot write .*jobs\.ndjson\.(partial|checkpoint\.json\.tmp): ENOSPC: no space left on device.* was not changed; [\d]+ jobs \([\d]+ listed\) are kept in .*; run the same export again to resume after JobId "\w+" \(code ENOSPC\)\n$/,
		);
		expect(readFileSync(out, 'utf8')).toBe(OLD);
		execFileSync('mount', ['-o', 'remount,size=1m', dir]);
		const resumed = await exportCli(server, ['--out', out, '--page-size', '100']);
		expect(resumed.code, resumed.stderr).toBe(0);
		expect(resumed.stderr).toContain('resumed after');
		expect(readFileSync(out, 'utf8')).toBe(ndjsonOf(server));
	});

	it('a read-only directory (0555, the CLI run as an unprivileged user): exit 1, EACCES, the previous file untouched', async () => {
		const server = await emulator({ jobCount: 300 });
		const dir = tempDir();
		const out = join(dir, 'jobs.ndjson');
		writeFileSync(out, OLD);
		chmodSync(dir, 0o555);
		// Root ignores permission bits: run the CLI as nobody, so that the kernel really refuses.
		const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
		const child = spawn(process.execPath, [CLI, 'export', '--out', out], {
			env: cliEnvironment(envFor(server)),
			...asNobody,
		});
		const result = await collectOutput(child);
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(
			/^importexport-jobs export: ExportError: Export to .* failed: cannot create .*jobs\.ndjson\.partial: EACCES: permission denied.* was not changed; nothing was saved yet \(code EACCES\)\n$/,
		);
		expect(readFileSync(out, 'utf8')).toBe(OLD);
		expect(readdirSync(dir)).toEqual(['jobs.ndjson']);
		expect(existsSync(`${out}.checkpoint.json`)).toBe(false);
	});
});
