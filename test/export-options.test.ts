import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jobToNdjson } from '../src/consumers/ndjson.js';
import type { ListJobsClient } from '../src/index.js';
import { ExportCheckpointError, exportJobs, type ExportJobsOptions } from '../src/node/index.js';
import { caught, clientFor, emulator } from './helpers.js';
import { tempDirs } from './export-fs.js';

// exportJobs' own options: checked by name before any file is touched, and the filter as the
// checkpoint records it, so that a rerun with another filter is refused, naming both.

const tempDir = tempDirs('export-options');

// Options are checked before any request: this client is never called.
const never: ListJobsClient = { listJobs: () => Promise.reject(new Error('no request expected')) };

describe('exportJobs options', () => {
	it('refuses a missing or non-string out, a filter, onCheckpoint or fileSystem of the wrong kind, naming each', async () => {
		const dir = tempDir();
		const out = join(dir, 'x');
		const cases: Array<[Partial<ExportJobsOptions>, string]> = [
			[{ out: undefined as never }, 'Expected `out` to be a non-empty file path, got undefined.'],
			[{ out: 5 as never }, 'Expected `out` to be a non-empty file path, got 5.'],
			[
				{ out, filter: null as never },
				'Expected `filter` to be a job filter or a predicate, got null.',
			],
			[
				{ out, filter: 'Export' as never },
				'Expected `filter` to be a job filter or a predicate, got "Export".',
			],
			[{ out, onCheckpoint: true as never }, 'Expected `onCheckpoint` to be a function, got true.'],
			[
				{ out, fileSystem: null as never },
				'Expected `fileSystem` to be an object of file system calls, got null.',
			],
			[
				{ out, fileSystem: 'fs' as never },
				'Expected `fileSystem` to be an object of file system calls, got "fs".',
			],
		];
		for (const [options, message] of cases) {
			const error = await caught(() => exportJobs(never, options as ExportJobsOptions));
			expect(error, message).toBeInstanceOf(TypeError);
			expect(error.message).toBe(message);
		}
		expect(readdirSync(dir)).toEqual([]);
	});

	it('a relative out is resolved against the working directory, and so are its side files', async () => {
		const server = await emulator({ jobCount: 3 });
		const dir = tempDir();
		const absolute = join(dir, 'jobs.ndjson');
		const result = await exportJobs(clientFor(server).client, {
			out: relative(process.cwd(), absolute),
			onCheckpoint: () => expect(readdirSync(dir).sort()).toContain('jobs.ndjson.partial'),
		});
		expect(result.out).toBe(absolute);
		expect(readFileSync(absolute, 'utf8')).toBe(server.jobs.map(jobToNdjson).join(''));
	});
});

describe('the filter, as the checkpoint records it', () => {
	async function interrupted(filter: ExportJobsOptions['filter']) {
		const server = await emulator({ jobCount: 300 });
		const out = join(tempDir(), 'jobs.ndjson');
		server.injectFault(2, { kind: 'internal-failure' });
		const { client } = clientFor(server, { retry: { maxAttempts: 1 } });
		await caught(() => exportJobs(client, { out, pageSize: 100, filter }));
		server.reset();
		return {
			server,
			rerun: (other: ExportJobsOptions['filter']) =>
				exportJobs(client, { out, pageSize: 100, filter: other }),
		};
	}

	it('a plain filter by its fields; an empty one is no filter at all', async () => {
		const { rerun, server } = await interrupted({ type: 'Export', canceled: false });
		const other = await caught(() => rerun({ canceled: false }));
		expect(other).toBeInstanceOf(ExportCheckpointError);
		expect(other.message).toContain(
			'filter "canceled=false" (checkpoint: "type=Export,canceled=false")',
		);
		expect((await caught(() => rerun({}))).message).toContain(
			'filter null (checkpoint: "type=Export,canceled=false")',
		);
		expect((await caught(() => rerun({ type: 'Export' }))).message).toContain(
			'filter "type=Export" (checkpoint: "type=Export,canceled=false")',
		);
		expect(server.counters.requests).toBe(0);
		await rerun({ canceled: false, type: 'Export' });
	});

	it('no filter and an empty filter are the same export', async () => {
		const { rerun, server } = await interrupted({});
		const result = await rerun(undefined);
		expect(result).toMatchObject({ resumed: true, jobsWritten: 300 });
		expect(server.counters.requests).toBeGreaterThan(0);
	});

	it('a predicate by a hash of its source text: the same source resumes, another is refused', async () => {
		const { rerun, server } = await interrupted((job) => job.JobType === 'Export');
		const other = await caught(() => rerun((job) => job.JobType === 'Import'));
		expect(other.message).toMatch(
			/filter "function sha256:[0-9a-f]{16}" \(checkpoint: "function sha256:[0-9a-f]{16}"\)/,
		);
		const plain = await caught(() => rerun({ type: 'Export' }));
		expect(plain.message).toMatch(
			/filter "type=Export" \(checkpoint: "function sha256:[0-9a-f]{16}"\)/,
		);
		const result = await rerun((job) => job.JobType === 'Export');
		expect(result).toMatchObject({
			resumed: true,
			jobsListed: 300,
			jobsWritten: server.jobs.filter((job) => job.JobType === 'Export').length,
		});
	});
});
