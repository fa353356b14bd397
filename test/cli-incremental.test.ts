// Issue 11: `list --after-job ID` and `list --since TIME` (and on export), with a summary line
// that says where the listing stopped.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../src/cli/args.js';
import { exportCommand } from '../src/cli/export.js';
import { parseExportArgs } from '../src/cli/export-args.js';
import { parseListArgs } from '../src/cli/list-args.js';
import { list } from '../src/cli/list.js';
import type { Emulator } from '../src/emulator/index.js';
import { jobToNdjson } from '../src/index.js';
import { fingerprintOf } from '../src/node/checkpoint.js';
import { emulator } from './helpers.js';

function sink(): { stream: Writable; text: () => string } {
	let text = '';
	const stream = new Writable({
		write(chunk: Buffer, _encoding, callback) {
			text += chunk.toString();
			callback();
		},
	});
	return { stream, text: () => text };
}

async function listCli(
	server: Emulator,
	argv: string[],
): Promise<{ code: number; ids: string[]; stderr: string }> {
	const stdout = sink();
	const stderr = sink();
	const args = parseListArgs(argv);
	const code = await list(
		{ ...args, client: { endpoint: server.endpoint, credentials: server.credentials } },
		{ stdout: stdout.stream, stderr: stderr.stream },
	);
	const ids = stdout
		.text()
		.split('\n')
		.filter(Boolean)
		.map((line) => (JSON.parse(line) as { JobId: string }).JobId);
	return { code, ids, stderr: stderr.text() };
}

const cleanups: Array<() => void> = [];
afterEach(() => {
	for (const cleanup of cleanups.splice(0)) cleanup();
});

describe('list --after-job / --since', () => {
	it('--after-job lists only newer jobs and says it stopped at the job already seen', async () => {
		const server = await emulator({ jobCount: 50 });
		const seen = server.jobs[23]!.JobId;
		const { code, ids, stderr } = await listCli(server, ['--page-size', '10', '--after-job', seen]);
		expect(code).toBe(0);
		expect(ids).toEqual(server.jobs.slice(0, 23).map((job) => job.JobId));
		expect(stderr).toMatch(
			new RegExp(
				`^importexport-jobs list: done, 23 jobs in 3 pages, .*; stopped at job "${seen}" \\(already seen\\)\\n$`,
			),
		);
		expect(server.requests).toHaveLength(3);
	});

	it('--since lists the jobs created strictly after it and says where it stopped', async () => {
		const server = await emulator({ jobCount: 50 });
		const since = server.jobs[7]!.CreationDate.toISOString();
		const { ids, stderr } = await listCli(server, ['--page-size', '10', '--since', since]);
		expect(ids).toEqual(server.jobs.slice(0, 7).map((job) => job.JobId));
		expect(stderr).toContain(`; stopped at the first job created at or before ${since}\n`);
	});

	it('a point never reached: the whole account, and the summary says so', async () => {
		const server = await emulator({ jobCount: 50 });
		const { code, ids, stderr } = await listCli(server, [
			'--page-size',
			'10',
			'--after-job',
			'GONE1',
		]);
		expect(code).toBe(0);
		expect(ids).toHaveLength(50);
		expect(stderr).toContain('; job "GONE1" was not found: the whole account was listed\n');
		const since = await listCli(server, ['--since', '2000-01-01']);
		expect(since.stderr).toContain(
			'; no job created at or before 2000-01-01T00:00:00.000Z: the whole account was listed\n',
		);
	});

	it('a job out of order fails the listing: exit 1, the jobs before its page kept, the resume line', async () => {
		const server = await emulator({ jobCount: 30 });
		const all = server.jobs;
		const newer = { ...all[10]!, CreationDate: new Date(all[9]!.CreationDate.getTime() + 1000) };
		server.injectFault(2, { kind: 'page', jobs: [newer, ...all.slice(11, 20)], isTruncated: true });
		const { code, ids, stderr } = await listCli(server, [
			'--page-size',
			'10',
			'--after-job',
			all[25]!.JobId,
		]);
		expect(code).toBe(1);
		expect(ids).toEqual(all.slice(0, 10).map((job) => job.JobId));
		expect(stderr).toMatch(
			/^importexport-jobs list: OrderError: ListJobs page 1 lists JobId .*; resume with --starting-marker=\S+\n$/,
		);
		expect(stderr).toContain(`--starting-marker=${all[9]!.JobId}`);
	});

	it('refuses a --since that is not an ISO 8601 time with its zone, or an empty --after-job', () => {
		for (const bad of ['yesterday', '2024-01-31T00:00:00', '2024-13-01', '1706659200']) {
			expect(() => parseListArgs(['--since', bad])).toThrow(UsageError);
		}
		expect(() => parseListArgs(['--after-job', ''])).toThrow(/--after-job/);
		expect(
			parseListArgs(['--since', '2024-01-31T00:00:00+01:00']).paginate.since?.toISOString(),
		).toBe('2024-01-30T23:00:00.000Z');
	});
});

describe('export --after-job / --since', () => {
	it('writes only the newer jobs; the checkpoint fingerprint holds the stop point, unchanged without one', async () => {
		const server = await emulator({ jobCount: 50 });
		const dir = mkdtempSync(join(tmpdir(), 'importexport-incremental-'));
		cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
		const out = join(dir, 'new.ndjson');
		const args = parseExportArgs([
			'--out',
			out,
			'--page-size',
			'10',
			'--after-job',
			server.jobs[12]!.JobId,
		]);
		const stderr = sink();
		const code = await exportCommand(
			{ ...args, client: { endpoint: server.endpoint, credentials: server.credentials } },
			{ stdout: sink().stream, stderr: stderr.stream },
		);
		expect(code).toBe(0);
		expect(readFileSync(out, 'utf8')).toBe(server.jobs.slice(0, 12).map(jobToNdjson).join(''));
		expect(stderr.text()).toContain(
			`; stopped at job "${server.jobs[12]!.JobId}" (already seen)\n`,
		);

		const plain = { format: 'ndjson' as const, filter: null, startingMarker: null, maxItems: null };
		// A checkpoint written before these options existed still matches a run without them.
		expect(fingerprintOf(plain)).toBe(
			createHash('sha256')
				.update(JSON.stringify(['ndjson', null, null, null]))
				.digest('hex'),
		);
		expect(fingerprintOf({ ...plain, stopAtJobId: 'ABC12' })).not.toBe(fingerprintOf(plain));
		expect(fingerprintOf({ ...plain, since: '2024-01-31T00:00:00.000Z' })).not.toBe(
			fingerprintOf(plain),
		);
		expect(fingerprintOf({ ...plain, since: '2024-01-31T00:00:00.000Z' })).not.toBe(
			fingerprintOf({ ...plain, stopAtJobId: '2024-01-31T00:00:00.000Z' }),
		);
	});
});
