import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Emulator, EmulatorJob } from '../src/emulator/index.js';
import {
	isActive,
	isCanceled,
	isExport,
	isImport,
	jobFilter,
	paginateListJobs,
	type Job,
} from '../src/index.js';
import { exportJobs } from '../src/node/index.js';
import { collectOutput, startCli } from './cli-run.js';
import { caught, clientFor, emulator } from './helpers.js';

// Every third job an Export, every fourth canceled: each filter keeps a known set.
const JOBS: EmulatorJob[] = Array.from({ length: 30 }, (_, i) => ({
	JobId: `J${String(i).padStart(4, '0')}`,
	CreationDate: new Date(Date.UTC(2024, 0, 1) - i * 3_600_000),
	IsCanceled: i % 4 === 0,
	JobType: i % 3 === 0 ? 'Export' : 'Import',
}));

function envFor(server: Emulator): Record<string, string> {
	return {
		AWS_ACCESS_KEY_ID: server.credentials.accessKeyId,
		AWS_SECRET_ACCESS_KEY: server.credentials.secretAccessKey,
		AWS_ENDPOINT_URL_IMPORTEXPORT: server.endpoint,
	};
}

const ids = (jobs: ReadonlyArray<Pick<Job, 'JobId'>>): string[] => jobs.map((job) => job.JobId);
const listedIds = (stdout: string): string[] =>
	stdout
		.split('\n')
		.filter(Boolean)
		.map((line) => (JSON.parse(line) as Job).JobId);
const failPage3 = (server: Emulator): void =>
	server.injectFault(3, [
		{ kind: 'internal-failure' },
		{ kind: 'internal-failure' },
		{ kind: 'internal-failure' },
	]);

describe('job filters in the library: plain predicates', () => {
	it('isCanceled, isActive, isImport, isExport and jobFilter keep what they say', async () => {
		const server = await emulator({ jobs: JOBS });
		const jobs: Job[] = [];
		for await (const job of paginateListJobs(clientFor(server).client)) jobs.push(job);
		expect(ids(jobs.filter(isCanceled))).toEqual(ids(JOBS.filter((_, i) => i % 4 === 0)));
		expect(ids(jobs.filter(isActive))).toEqual(ids(JOBS.filter((_, i) => i % 4 !== 0)));
		expect(ids(jobs.filter(isExport))).toEqual(ids(JOBS.filter((_, i) => i % 3 === 0)));
		expect(ids(jobs.filter(isImport))).toEqual(ids(JOBS.filter((_, i) => i % 3 !== 0)));
		expect(ids(jobs.filter(jobFilter({ type: 'Export', canceled: false })))).toEqual(
			ids(JOBS.filter((_, i) => i % 3 === 0 && i % 4 !== 0)),
		);
		expect(jobs.filter(jobFilter({}))).toHaveLength(30);
	});

	it('a wrong filter is a TypeError naming the field', () => {
		expect(() => jobFilter({ type: 'export' as 'Export' })).toThrow(/`filter\.type`/);
		expect(() => jobFilter({ canceled: 'yes' as unknown as boolean })).toThrow(
			/`filter\.canceled`/,
		);
		expect(() => jobFilter({ since: 1 } as never)).toThrow(/Unknown job filter option `since`/);
	});
});

describe('list --type / --canceled / --active', () => {
	it.each([
		[['--type', 'Export'], (_: unknown, i: number) => i % 3 === 0, 'matched --type Export'],
		[['--canceled'], (_: unknown, i: number) => i % 4 === 0, 'matched --canceled'],
		[
			['--type', 'Import', '--active'],
			(_: unknown, i: number) => i % 3 !== 0 && i % 4 !== 0,
			'matched --type Import --active',
		],
	] as const)(
		'%j writes only the jobs it keeps and counts them in the summary',
		async (flags, keep, summary) => {
			const server = await emulator({ jobs: JOBS });
			const result = await collectOutput(
				startCli(['list', '--page-size', '7', ...flags], envFor(server)),
			);
			expect(result.code, result.stderr).toBe(0);
			const expected = ids(JOBS.filter(keep));
			expect(listedIds(result.stdout)).toEqual(expected);
			expect(result.stderr).toMatch(
				new RegExp(`done, 30 jobs in 5 pages, .*; ${expected.length} jobs ${summary}\\n$`),
			);
		},
	);

	it('a failed filtered listing resumes after the last job listed, even one the filter left out', async () => {
		const server = await emulator({ jobs: JOBS });
		failPage3(server);
		// Page 2 ends on J0019: an Import, left out by --type Export. The last Export written is J0018.
		const result = await collectOutput(
			startCli(['list', '--page-size', '10', '--type', 'Export'], envFor(server)),
		);
		expect(result.code).toBe(1);
		expect(listedIds(result.stdout)).toEqual([
			'J0000',
			'J0003',
			'J0006',
			'J0009',
			'J0012',
			'J0015',
			'J0018',
		]);
		expect(result.stderr).toMatch(/20 jobs listed; resume with --starting-marker=J0019\n$/);
	});

	it('a page the filter leaves out entirely still moves the resume marker past it', async () => {
		const server = await emulator({ jobs: JOBS });
		// Pages of 3: the fourth (J0009 to J0011) holds no canceled job; the fifth request fails.
		server.injectFault(5, [
			{ kind: 'internal-failure' },
			{ kind: 'internal-failure' },
			{ kind: 'internal-failure' },
		]);
		const result = await collectOutput(
			startCli(['list', '--page-size', '3', '--canceled'], envFor(server)),
		);
		expect(result.code).toBe(1);
		expect(listedIds(result.stdout)).toEqual(['J0000', 'J0004', 'J0008']);
		expect(result.stderr).toMatch(/12 jobs listed; resume with --starting-marker=J0011\n$/);
	});
});

describe('export filters', () => {
	it('filtered-out jobs advance the checkpoint: the rerun starts after the last job listed', async () => {
		const server = await emulator({ jobs: JOBS });
		const { client } = clientFor(server);
		const dir = mkdtempSync(join(tmpdir(), 'importexport-filters-'));
		try {
			const out = join(dir, 'exports.ndjson');
			failPage3(server);
			await caught(() => exportJobs(client, { out, pageSize: 10, filter: { type: 'Export' } }));
			const checkpoint = JSON.parse(readFileSync(`${out}.checkpoint.json`, 'utf8')) as Record<
				string,
				unknown
			>;
			expect(checkpoint).toMatchObject({ lastJobId: 'J0019', jobsListed: 20, jobsWritten: 7 });
			server.reset();
			const result = await exportJobs(client, { out, pageSize: 10, filter: { type: 'Export' } });
			expect(server.requests.map((request) => request.params['Marker'])).toEqual(['J0019']);
			expect(result).toMatchObject({ jobsListed: 30, jobsWritten: 10, resumed: true });
			expect(listedIds(readFileSync(out, 'utf8'))).toEqual(ids(JOBS.filter((_, i) => i % 3 === 0)));
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('export --type Export --active from the CLI', async () => {
		const server = await emulator({ jobs: JOBS });
		const dir = mkdtempSync(join(tmpdir(), 'importexport-filters-'));
		try {
			const out = join(dir, 'x.ndjson');
			const result = await collectOutput(
				startCli(
					['export', '--out', out, '--type', 'Export', '--active', '--page-size', '7'],
					envFor(server),
				),
			);
			expect(result.code, result.stderr).toBe(0);
			expect(result.stderr).toMatch(
				/^importexport-jobs export: done, 7 jobs matching --type Export --active /,
			);
			expect(listedIds(readFileSync(out, 'utf8'))).toEqual(
				ids(JOBS.filter((_, i) => i % 3 === 0 && i % 4 !== 0)),
			);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
