// Issue 14: collectJobs, jobFilter and the NDJSON transform, stated where a mutation run found
// no test: limit 0, the keys a result holds, the errors of an iterable, the filter's fields.
import { describe, expect, it } from 'vitest';
import {
	collectJobs,
	isActive,
	isCanceled,
	isExport,
	isImport,
	jobFilter,
	ndjsonWebTransform,
	type Job,
} from '../src/index.js';
import { checkJobFilter } from '../src/consumers/filters.js';
import { ImportExportError } from '../src/transport/errors.js';
import { caught, clientFor, emulator } from './helpers.js';
import { recordingClient } from './recording-client.js';

const job = (JobId: string, JobType: Job['JobType'], IsCanceled: boolean): Job => ({
	JobId,
	CreationDate: new Date('2024-01-01T00:00:00Z'),
	IsCanceled,
	JobType,
});

describe('collectJobs with limit 0', () => {
	it('from a client: collects nothing, asks for one job, and says whether jobs exist', async () => {
		const server = await emulator({ jobCount: 5 });
		const result = await collectJobs(clientFor(server).client, { limit: 0 });
		expect(result).toStrictEqual({ jobs: [], truncated: true, resumeMarker: undefined });
		expect(server.requests.map((request) => request.params['MaxJobs'])).toEqual(['1']);
	});

	it('from a client, after a starting marker: the resume marker is that marker', async () => {
		const server = await emulator({ jobCount: 5 });
		const start = server.jobs[1]!.JobId;
		const result = await collectJobs(clientFor(server).client, {
			limit: 0,
			startingMarker: start,
		});
		expect(result).toStrictEqual({ jobs: [], truncated: true, resumeMarker: start });
	});

	it('from an empty account: not truncated, nowhere to resume', async () => {
		const server = await emulator({ jobCount: 0 });
		const result = await collectJobs(clientFor(server).client, { limit: 0 });
		expect(result).toStrictEqual({ jobs: [], truncated: false, resumeMarker: undefined });
	});

	it('from an iterable: truncated when it holds a job, without taking it', async () => {
		expect(await collectJobs([job('A', 'Import', false)], { limit: 0 })).toStrictEqual({
			jobs: [],
			truncated: true,
			resumeMarker: undefined,
		});
		expect(await collectJobs([], { limit: 0 })).toStrictEqual({
			jobs: [],
			truncated: false,
			resumeMarker: undefined,
		});
	});
});

describe('collectJobs results', () => {
	it('from a client without receipt or stop point: no such keys at all', async () => {
		const server = await emulator({ jobCount: 3 });
		const result = await collectJobs(clientFor(server).client);
		expect(Object.keys(result).sort()).toEqual(['jobs', 'resumeMarker', 'truncated']);
	});

	it('with receipt and stopAtJobId: both on the result', async () => {
		const server = await emulator({ jobCount: 10 });
		const result = await collectJobs(clientFor(server).client, {
			pageSize: 4,
			receipt: true,
			stopAtJobId: server.jobs[6]!.JobId,
		});
		expect(result.jobs).toHaveLength(6);
		expect(result.stopPoint).toBe('reached');
		expect(result.truncated).toBe(false);
		expect(result.receipt).toMatchObject({ jobs: 6 });
	});

	it('from an iterable that holds exactly the limit: not truncated', async () => {
		const jobs = [job('A', 'Import', false), job('B', 'Export', true)];
		expect(await collectJobs(jobs, { limit: 2 })).toStrictEqual({
			jobs,
			truncated: false,
			resumeMarker: undefined,
		});
		expect(await collectJobs(jobs, { limit: 1 })).toStrictEqual({
			jobs: [jobs[0]],
			truncated: true,
			resumeMarker: 'A',
		});
	});

	it('refuses maxItems (limit is its name here), a bad limit, and a source that is not iterable', async () => {
		const server = await emulator({ jobCount: 3 });
		const recorded = recordingClient(clientFor(server).client);
		const unknown = await caught(() => collectJobs(recorded.client, { maxItems: 2 } as never));
		expect(unknown).toBeInstanceOf(TypeError);
		expect(unknown.message).toMatch(/^Unknown collectJobs option `maxItems`; known: .*\blimit\b/);
		expect(unknown.message).not.toMatch(/known: .*\bmaxItems\b/);
		const limit = await caught(() => collectJobs(recorded.client, { limit: 1.5 }));
		expect(limit.message).toBe('Expected `limit` to be an integer >= 0 or Infinity, got 1.5.');
		for (const source of [null, 'jobs', {}]) {
			const error = await caught(() => collectJobs(source as never));
			expect(error).toBeInstanceOf(TypeError);
			expect(error.message).toMatch(
				/^Expected `source` to be a client or an iterable of jobs, got .+\.$/,
			);
		}
		expect(recorded.calls).toHaveLength(0);
	});
});

describe('collectJobs from an iterable that fails', () => {
	it('a plain error is wrapped with the jobs collected, the last of them to resume from', async () => {
		const cause = new Error('source broke');
		async function* source(): AsyncGenerator<Job> {
			yield job('A', 'Import', false);
			yield job('B', 'Import', false);
			throw cause;
		}
		const error = (await caught(() => collectJobs(source()))) as ImportExportError & {
			jobs: Job[];
		};
		expect(error).toBeInstanceOf(ImportExportError);
		expect(error.cause).toBe(cause);
		expect(error.operation).toBe('ListJobs');
		expect(error.resumeMarker).toBe('B');
		expect(error.jobsYielded).toBe(2);
		expect(error.jobs.map((item) => item.JobId)).toEqual(['A', 'B']);
		// Not enumerable: logging the error does not print every job.
		expect(Object.keys(error)).not.toContain('jobs');
	});

	it('an error that already carries resume facts keeps them', async () => {
		const facts = new ImportExportError('upstream', { operation: 'ListJobs' });
		Object.assign(facts, { resumeMarker: 'Z', jobsYielded: 40 });
		async function* source(): AsyncGenerator<Job> {
			yield job('A', 'Import', false);
			throw facts;
		}
		const error = (await caught(() => collectJobs(source()))) as ImportExportError & {
			jobs: Job[];
		};
		expect(error).toBe(facts);
		expect(error.resumeMarker).toBe('Z');
		expect(error.jobsYielded).toBe(40);
		expect(error.jobs.map((item) => item.JobId)).toEqual(['A']);
	});
});

describe('job filters', () => {
	const jobs = [
		job('import-active', 'Import', false),
		job('import-canceled', 'Import', true),
		job('export-active', 'Export', false),
		job('export-canceled', 'Export', true),
	];
	const kept = (keep: (job: Job) => boolean): string[] =>
		jobs.filter(keep).map((item) => item.JobId);

	it('each field alone, both together, and none', () => {
		expect(kept(jobFilter({ type: 'Export' }))).toEqual(['export-active', 'export-canceled']);
		expect(kept(jobFilter({ canceled: true }))).toEqual(['import-canceled', 'export-canceled']);
		expect(kept(jobFilter({ canceled: false }))).toEqual(['import-active', 'export-active']);
		expect(kept(jobFilter({ type: 'Import', canceled: false }))).toEqual(['import-active']);
		expect(kept(jobFilter({}))).toHaveLength(4);
		expect(kept(isCanceled)).toEqual(['import-canceled', 'export-canceled']);
		expect(kept(isActive)).toEqual(['import-active', 'export-active']);
		expect(kept(isImport)).toEqual(['import-active', 'import-canceled']);
		expect(kept(isExport)).toEqual(['export-active', 'export-canceled']);
	});

	it('checkJobFilter drops the fields not given, and names a wrong one', () => {
		expect(checkJobFilter({ type: undefined, canceled: undefined })).toStrictEqual({});
		expect(checkJobFilter({ type: 'Import', canceled: false })).toStrictEqual({
			type: 'Import',
			canceled: false,
		});
		expect(() => checkJobFilter({ type: 'import' as never })).toThrow(
			new TypeError("Expected `filter.type` to be 'Import' or 'Export', got \"import\"."),
		);
		expect(() => checkJobFilter({ canceled: 'yes' as never })).toThrow(
			new TypeError('Expected `filter.canceled` to be a boolean, got "yes".'),
		);
		expect(() => checkJobFilter({ kind: 'Import' } as never)).toThrow(
			/^Unknown job filter option `kind`/,
		);
	});
});

describe('ndjsonWebTransform', () => {
	it('turns each job into one NDJSON line', async () => {
		const lines: string[] = [];
		await new ReadableStream<Job>({
			start(controller) {
				controller.enqueue(job('A', 'Import', false));
				controller.enqueue(job('B', 'Export', true));
				controller.close();
			},
		})
			.pipeThrough(ndjsonWebTransform())
			.pipeTo(new WritableStream({ write: (line) => void lines.push(line) }));
		expect(lines).toEqual([
			'{"JobId":"A","CreationDate":"2024-01-01T00:00:00.000Z","IsCanceled":false,"JobType":"Import"}\n',
			'{"JobId":"B","CreationDate":"2024-01-01T00:00:00.000Z","IsCanceled":true,"JobType":"Export"}\n',
		]);
	});
});
