import { existsSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jobToNdjson } from '../src/consumers/ndjson.js';
import type { Emulator } from '../src/emulator/index.js';
import {
	CSV_HEADER,
	ExportCheckpointError,
	ExportError,
	exportJobs,
	jobsToCsv,
	type ExportJobsOptions,
} from '../src/node/index.js';
import { ServiceError } from '../src/index.js';
import { caught, clientFor, emulator } from './helpers.js';
import { scriptedFileSystem, tempDirs } from './export-fs.js';

const tempDir = tempDirs('export');

const ndjsonOf = (server: Emulator): string => server.jobs.map(jobToNdjson).join('');
const csvOf = (server: Emulator): string => CSV_HEADER + jobsToCsv(server.jobs);
const OLD = 'the previous export\n';

function run(server: Emulator, options: ExportJobsOptions) {
	return exportJobs(clientFor(server).client, options);
}

describe('exportJobs', () => {
	it('writes every job as NDJSON, then leaves only the target', async () => {
		const server = await emulator({ jobCount: 250 });
		const dir = tempDir();
		const out = join(dir, 'jobs.ndjson');
		writeFileSync(out, OLD);
		const result = await run(server, { out, pageSize: 100 });
		expect(readFileSync(out, 'utf8')).toBe(ndjsonOf(server));
		expect(readdirSync(dir)).toEqual(['jobs.ndjson']);
		expect(result).toEqual({
			out,
			format: 'ndjson',
			jobsListed: 250,
			jobsWritten: 250,
			jobsListedNow: 250,
			bytes: Buffer.byteLength(ndjsonOf(server)),
			lastJobId: server.jobs[249]!.JobId,
			resumed: false,
		});
	});

	it('writes CSV: the header row, then one CRLF-ended record per job', async () => {
		const server = await emulator({ jobCount: 120 });
		const out = join(tempDir(), 'jobs.csv');
		await run(server, { out, format: 'csv', pageSize: 50 });
		const text = readFileSync(out, 'utf8');
		expect(text).toBe(csvOf(server));
		expect(text.startsWith('JobId,CreationDate,IsCanceled,JobType\r\n')).toBe(true);
		const job = server.jobs[0]!;
		expect(text.split('\r\n')[1]).toBe(
			`${job.JobId},${job.CreationDate.toISOString()},${job.IsCanceled},${job.JobType}`,
		);
		expect(text.split('\r\n')).toHaveLength(122);
	});

	it('an empty account gives an empty file (a header alone in CSV)', async () => {
		const server = await emulator({ jobCount: 0 });
		const dir = tempDir();
		await run(server, { out: join(dir, 'a.ndjson') });
		await run(server, { out: join(dir, 'a.csv'), format: 'csv' });
		expect(readFileSync(join(dir, 'a.ndjson'), 'utf8')).toBe('');
		expect(readFileSync(join(dir, 'a.csv'), 'utf8')).toBe(CSV_HEADER);
	});

	it('a listing that fails leaves the previous file untouched; the rerun resumes after the checkpoint and equals an uninterrupted export', async () => {
		const server = await emulator({ jobCount: 500 });
		const dir = tempDir();
		const out = join(dir, 'jobs.csv');
		writeFileSync(out, OLD);
		// Page 3 fails on every attempt.
		server.injectFault(3, [
			{ kind: 'internal-failure' },
			{ kind: 'internal-failure' },
			{ kind: 'internal-failure' },
		]);
		const error = await caught(() => run(server, { out, format: 'csv', pageSize: 100 }));
		expect(error).toBeInstanceOf(ServiceError);
		expect(readFileSync(out, 'utf8')).toBe(OLD);
		const checkpoint = JSON.parse(readFileSync(`${out}.checkpoint.json`, 'utf8')) as {
			lastJobId: string;
			jobsListed: number;
			bytes: number;
		};
		expect(checkpoint).toMatchObject({
			lastJobId: server.jobs[199]!.JobId,
			jobsListed: 200,
			bytes: Buffer.byteLength(CSV_HEADER + jobsToCsv(server.jobs.slice(0, 200))),
		});

		server.reset();
		const result = await run(server, { out, format: 'csv', pageSize: 100 });
		expect(result).toMatchObject({ resumed: true, jobsListed: 500, jobsListedNow: 300 });
		expect(server.requests[0]!.params['Marker']).toBe(server.jobs[199]!.JobId);
		expect(readFileSync(out, 'utf8')).toBe(csvOf(server));
		expect(readdirSync(dir)).toEqual(['jobs.csv']);
	});

	it('cut off at any file system step (a write half done), the rerun produces the same bytes and the previous file survives until the end', async () => {
		const server = await emulator({ jobCount: 25 });
		const dir = tempDir();
		const options = { format: 'csv', pageSize: 10, filter: { canceled: false } } as const;
		const reference = join(dir, 'reference.csv');
		const clean = scriptedFileSystem({ skipSync: true });
		await run(server, { ...options, out: reference, fileSystem: clean.fs });
		const expected = readFileSync(reference, 'utf8');
		expect(expected).toBe(CSV_HEADER + jobsToCsv(server.jobs.filter((job) => !job.IsCanceled)));
		const steps = clean.calls.length;
		expect(steps).toBeGreaterThan(25);
		for (let failAt = 1; failAt <= steps; failAt++) {
			const out = join(dir, `cut-${failAt}.csv`);
			writeFileSync(out, OLD);
			const cut = scriptedFileSystem({ failAt, skipSync: true });
			const failed = await run(server, { ...options, out, fileSystem: cut.fs }).then(
				() => undefined,
				(error: unknown) => error,
			);
			const step = `step ${failAt} (${clean.calls[failAt - 1]})`;
			// The last steps come after the rename: the file is complete by then.
			if (readFileSync(out, 'utf8') === OLD) expect(failed, step).toBeInstanceOf(ExportError);
			else expect(readFileSync(out, 'utf8'), step).toBe(expected);
			await run(server, { ...options, out, fileSystem: scriptedFileSystem({ skipSync: true }).fs });
			expect(readFileSync(out, 'utf8'), step).toBe(expected);
			expect(
				existsSync(`${out}.partial`) ||
					existsSync(`${out}.checkpoint.json`) ||
					existsSync(`${out}.checkpoint.json.tmp`),
				step,
			).toBe(false);
		}
	});

	it('a side file longer than its checkpoint (killed between the write and the checkpoint) is cut back before resuming', async () => {
		const server = await emulator({ jobCount: 300 });
		const dir = tempDir();
		const out = join(dir, 'jobs.ndjson');
		server.injectFault(2, [
			{ kind: 'internal-failure' },
			{ kind: 'internal-failure' },
			{ kind: 'internal-failure' },
		]);
		await caught(() => run(server, { out, pageSize: 100 }));
		// More than the rest of the export will write: left in place, it would trail the last job.
		writeFileSync(
			`${out}.partial`,
			`{"JobId":"a page that was written but never checkpointed${'x'.repeat(100_000)}`,
			{ flag: 'a' },
		);
		server.reset();
		await run(server, { out, pageSize: 100 });
		expect(readFileSync(out, 'utf8')).toBe(ndjsonOf(server));
	});

	it('refuses a checkpoint written with other options, naming them, and changes nothing', async () => {
		const server = await emulator({ jobCount: 300 });
		const out = join(tempDir(), 'jobs.out');
		server.injectFault(2, [
			{ kind: 'internal-failure' },
			{ kind: 'internal-failure' },
			{ kind: 'internal-failure' },
		]);
		await caught(() => run(server, { out, pageSize: 100, filter: { type: 'Export' } }));
		const before = [readFileSync(`${out}.partial`), readFileSync(`${out}.checkpoint.json`)];
		const error = await caught(() => run(server, { out, pageSize: 100, format: 'csv' }));
		expect(error).toBeInstanceOf(ExportCheckpointError);
		expect(error.message).toContain('format "csv" (checkpoint: "ndjson")');
		expect(error.message).toContain('filter null (checkpoint: "type=Export")');
		expect(error.message).toContain(`${out}.partial`);
		expect([readFileSync(`${out}.partial`), readFileSync(`${out}.checkpoint.json`)]).toEqual(
			before,
		);
		expect(existsSync(out)).toBe(false);
		// The same options finish it; the page size is not part of the file's bytes.
		await run(server, { out, pageSize: 1000, filter: { type: 'Export' } });
		expect(readFileSync(out, 'utf8')).toBe(
			server.jobs
				.filter((job) => job.JobType === 'Export')
				.map(jobToNdjson)
				.join(''),
		);
	});

	it('refuses a checkpoint that is not one, and a side file shorter than its checkpoint', async () => {
		const server = await emulator({ jobCount: 300 });
		const dir = tempDir();
		const out = join(dir, 'jobs.ndjson');
		writeFileSync(`${out}.checkpoint.json`, '{"version":1,"bytes":');
		const garbled = await caught(() => run(server, { out }));
		expect(garbled).toBeInstanceOf(ExportCheckpointError);
		expect(garbled.message).toMatch(/is not a checkpoint .* delete it/);
		rmSync(`${out}.checkpoint.json`);

		server.injectFault(2, [
			{ kind: 'internal-failure' },
			{ kind: 'internal-failure' },
			{ kind: 'internal-failure' },
		]);
		await caught(() => run(server, { out, pageSize: 100 }));
		writeFileSync(`${out}.partial`, 'short');
		const short = await caught(() => run(server, { out, pageSize: 100 }));
		expect(short).toBeInstanceOf(ExportCheckpointError);
		expect(short.message).toMatch(/holds 5 bytes but its checkpoint vouches for \d+/);
	});

	it('a full disk: an ExportError with ENOSPC saying what was kept, the previous file untouched; with room again the rerun finishes', async () => {
		const server = await emulator({ jobCount: 400 });
		const out = join(tempDir(), 'jobs.ndjson');
		writeFileSync(out, OLD);
		const full = scriptedFileSystem({ capacity: 20_000 });
		const error = await caught(() => run(server, { out, pageSize: 100, fileSystem: full.fs }));
		expect(error).toBeInstanceOf(ExportError);
		expect(error).toMatchObject({ code: 'ENOSPC', out });
		expect(error.message).toMatch(
			/^Export to .*jobs\.ndjson failed: cannot write .*: ENOSPC.* was not changed; 100 jobs \(100 listed\) are kept in .*\.partial; run the same export again to resume after JobId "\w+"\.$/,
		);
		expect(readFileSync(out, 'utf8')).toBe(OLD);
		await run(server, { out, pageSize: 100 });
		expect(readFileSync(out, 'utf8')).toBe(ndjsonOf(server));
	});

	it('never writes through a link planted at the side file or the checkpoint’s temporary name', async () => {
		const server = await emulator({ jobCount: 50 });
		const dir = tempDir();
		const out = join(dir, 'jobs.ndjson');
		const victim = join(dir, 'victim');
		writeFileSync(victim, 'precious\n');
		symlinkSync(victim, `${out}.partial`);
		symlinkSync(victim, `${out}.checkpoint.json.tmp`);
		await run(server, { out });
		expect(readFileSync(victim, 'utf8')).toBe('precious\n');
		expect(readFileSync(out, 'utf8')).toBe(ndjsonOf(server));
		expect(readdirSync(dir).sort()).toEqual(['jobs.ndjson', 'victim']);
	});

	it('checks its options by name before anything is written', async () => {
		const server = await emulator({ jobCount: 1 });
		const { client } = clientFor(server);
		const dir = tempDir();
		const out = join(dir, 'x');
		await expect(exportJobs(client, { out: '' })).rejects.toThrow(/`out`/);
		await expect(exportJobs(client, { out, format: 'json' as 'csv' })).rejects.toThrow(/`format`/);
		await expect(
			exportJobs(client, { out, filter: { type: 'import' as 'Import' } }),
		).rejects.toThrow(/`filter\.type`/);
		await expect(exportJobs(client, { out, pageSize: 0 })).rejects.toThrow(/`pageSize`/);
		await expect(exportJobs(client, { out, bogus: 1 } as ExportJobsOptions)).rejects.toThrow(
			/`bogus`/,
		);
		expect(readdirSync(dir)).toEqual([]);
	});
});
