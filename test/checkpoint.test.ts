import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jobToNdjson } from '../src/consumers/ndjson.js';
import {
	describeMismatch,
	fingerprintOf,
	readCheckpoint,
	type ExportSettings,
} from '../src/node/checkpoint.js';
import { NODE_FILE_SYSTEM } from '../src/node/export-fs.js';
import { ExportCheckpointError, exportJobs } from '../src/node/index.js';
import { caught, clientFor, emulator } from './helpers.js';
import { tempDirs } from './export-fs.js';

// A checkpoint is a file that outlives the process that wrote it, and the version too: its
// fingerprint and its schema are a format, kept stable so that a rerun by a later release resumes.

const tempDir = tempDirs('checkpoint');

const sha256 = (value: unknown): string =>
	createHash('sha256').update(JSON.stringify(value)).digest('hex');

const plain: ExportSettings = {
	format: 'ndjson',
	filter: null,
	startingMarker: null,
	maxItems: null,
};

describe('fingerprintOf', () => {
	it('hashes format, filter, startingMarker and maxItems, in that order, as released before stopAtJobId and since', () => {
		expect(fingerprintOf(plain)).toBe(sha256(['ndjson', null, null, null]));
		expect(
			fingerprintOf({ format: 'csv', filter: 'type=Export', startingMarker: 'M', maxItems: 7 }),
		).toBe(sha256(['csv', 'type=Export', 'M', 7]));
	});

	it('adds stopAtJobId and since, either alone, when set', () => {
		expect(fingerprintOf({ ...plain, stopAtJobId: 'S' })).toBe(
			sha256(['ndjson', null, null, null, 'S', null]),
		);
		expect(fingerprintOf({ ...plain, since: '2024-01-01T00:00:00.000Z' })).toBe(
			sha256(['ndjson', null, null, null, null, '2024-01-01T00:00:00.000Z']),
		);
		expect(fingerprintOf({ ...plain, stopAtJobId: 'S', since: '2024-01-01T00:00:00.000Z' })).toBe(
			sha256(['ndjson', null, null, null, 'S', '2024-01-01T00:00:00.000Z']),
		);
	});
});

describe('describeMismatch', () => {
	it('names every setting that differs, wanted first, joined by commas', () => {
		expect(
			describeMismatch(
				{ ...plain, stopAtJobId: 'A' },
				{ ...plain, format: 'csv', maxItems: 5, since: '2024-01-01T00:00:00.000Z' },
			),
		).toBe(
			'format "csv" (checkpoint: "ndjson"), maxItems 5 (checkpoint: null), stopAtJobId null (checkpoint: "A"), since "2024-01-01T00:00:00.000Z" (checkpoint: null)',
		);
		expect(describeMismatch(plain, { ...plain })).toBe('');
	});
});

describe('readCheckpoint', () => {
	const valid = {
		version: 1,
		fingerprint: fingerprintOf(plain),
		settings: plain,
		lastJobId: 'J1',
		jobsListed: 1,
		jobsWritten: 1,
		bytes: 10,
		complete: false,
	};

	async function read(content: unknown): Promise<unknown> {
		const path = join(tempDir(), 'x.checkpoint.json');
		writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
		return readCheckpoint(NODE_FILE_SYSTEM, path, 'x').catch((error: unknown) => error);
	}

	it('reads back what a run wrote, and none when there is no file', async () => {
		expect(await read(valid)).toEqual(valid);
		expect(await readCheckpoint(NODE_FILE_SYSTEM, join(tempDir(), 'none'), 'x')).toBeUndefined();
	});

	it('refuses a file that is not JSON, another shape, or settings that do not match their fingerprint', async () => {
		const refused = [
			'',
			'not json',
			{ ...valid, version: 2 },
			{ ...valid, extra: true },
			{ ...valid, settings: { ...plain, format: 'xml' } },
			{ ...valid, settings: { ...plain, startingMarker: '' } },
			{ ...valid, settings: { ...plain, maxItems: 1.5 } },
			{ ...valid, lastJobId: '' },
			{ ...valid, jobsListed: -1 },
			{ ...valid, bytes: 1.5 },
			{ ...valid, complete: 'no' },
			{ ...valid, fingerprint: fingerprintOf({ ...plain, format: 'csv' }) },
		];
		for (const content of refused) {
			const error = await read(content);
			expect(error, JSON.stringify(content)).toBeInstanceOf(ExportCheckpointError);
			expect(error).toMatchObject({
				out: 'x',
				path: expect.stringMatching(/x\.checkpoint\.json$/),
			});
			expect((error as Error).message).toMatch(
				/x\.checkpoint\.json is not a checkpoint this version of importexport-jobs wrote; delete it and x\.partial to start the export over\.$/,
			);
		}
	});

	it("says why in `cause`: the JSON syntax error, the schema's issues, or nothing for a fingerprint of other settings", async () => {
		expect(((await read('{"version":')) as Error).cause).toBeInstanceOf(SyntaxError);
		const shape = (await read({ ...valid, jobsListed: -1 })) as Error;
		expect(shape.cause).toBeInstanceOf(Error);
		expect((shape.cause as Error).message).toContain('jobsListed');
		const other = (await read({ ...valid, fingerprint: 'f'.repeat(64) })) as Error;
		expect(other).toBeInstanceOf(ExportCheckpointError);
		expect(other.cause).toBeUndefined();
	});
});

describe('a checkpoint written by a release before stopAtJobId and since', () => {
	it('still resumes', async () => {
		const server = await emulator({ jobCount: 250 });
		const out = join(tempDir(), 'jobs.ndjson');
		const saved = server.jobs.slice(0, 100).map(jobToNdjson).join('');
		writeFileSync(`${out}.partial`, saved);
		writeFileSync(
			`${out}.checkpoint.json`,
			`${JSON.stringify({
				version: 1,
				fingerprint: sha256(['ndjson', null, null, null]),
				settings: plain,
				lastJobId: server.jobs[99]!.JobId,
				jobsListed: 100,
				jobsWritten: 100,
				bytes: Buffer.byteLength(saved),
				complete: false,
			})}\n`,
		);
		const result = await exportJobs(clientFor(server).client, { out, pageSize: 100 });
		expect(result).toMatchObject({ resumed: true, jobsListedNow: 150 });
		expect(readFileSync(out, 'utf8')).toBe(server.jobs.map(jobToNdjson).join(''));
	});

	it('is refused with a mismatch naming the option when the rerun sets one', async () => {
		const server = await emulator({ jobCount: 5 });
		const out = join(tempDir(), 'jobs.ndjson');
		writeFileSync(`${out}.partial`, '');
		writeFileSync(
			`${out}.checkpoint.json`,
			JSON.stringify({
				version: 1,
				fingerprint: sha256(['ndjson', null, null, null]),
				settings: plain,
				lastJobId: null,
				jobsListed: 0,
				jobsWritten: 0,
				bytes: 0,
				complete: false,
			}),
		);
		const error = await caught(() =>
			exportJobs(clientFor(server).client, { out, stopAtJobId: server.jobs[3]!.JobId }),
		);
		expect(error).toBeInstanceOf(ExportCheckpointError);
		expect(error.message).toContain(
			`other options: stopAtJobId ${JSON.stringify(server.jobs[3]!.JobId)} (checkpoint: null).`,
		);
	});
});
