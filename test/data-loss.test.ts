// Issue 9, item 1: a job counts as delivered only when the consumer has it. Every consumer is
// run over 3,000 jobs in pages of 100 with an unreadable page after job 1,000; resuming from the
// error's resumeMarker must then give every job exactly once.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { jobsReadable, toNdjson } from '../src/node/index.js';
import {
	ImportExportError,
	ResponseParseError,
	jobsWebStream,
	paginateListJobs,
	type ImportExportClient,
	type Job,
} from '../src/index.js';
import type { Emulator } from '../src/emulator/index.js';
import { clientFor, emulator, until } from './helpers.js';

const PAGE_SIZE = 100;
const FAILING_PAGE = 10; // jobs 1,000 to 1,099

/** 3,000 jobs; the page after job 1,000 is cut short. */
async function failingAccount(): Promise<{ server: Emulator; client: ImportExportClient }> {
	const server = await emulator({ jobCount: 3000 });
	// Page k is request k + 1: nothing here is retried, and every early guess is right
	// (checked below through the Marker the failing request carried).
	server.injectFault(FAILING_PAGE + 1, { kind: 'malformed-xml' });
	return { server, client: clientFor(server).client };
}

/**
 * Holds the consumer until the failing page has been answered: by then the stream has buffered
 * every job it could, so a consumer slower than the listing is certain, whatever the machine.
 */
function failingPageAnswered(server: Emulator): Promise<void> {
	return until(() => server.requests[FAILING_PAGE]?.status !== undefined, 20_000);
}

/** The first run's jobs, its error, and the resumed run: every job exactly once, in order. */
async function expectExactlyOnce(
	server: Emulator,
	client: ImportExportClient,
	received: string[],
	error: unknown,
): Promise<void> {
	expect(error).toBeInstanceOf(ResponseParseError);
	expect(server.requests[FAILING_PAGE]?.params['Marker']).toBe(
		server.jobs[FAILING_PAGE * PAGE_SIZE - 1]!.JobId,
	);
	const failure = error as ImportExportError;
	expect(received).toEqual(server.jobs.slice(0, FAILING_PAGE * PAGE_SIZE).map((job) => job.JobId));
	expect(failure.resumeMarker).toBe(received.at(-1));
	expect(failure.jobsYielded).toBe(received.length);
	const rest: string[] = [];
	for await (const job of paginateListJobs(client, {
		pageSize: PAGE_SIZE,
		startingMarker: failure.resumeMarker,
	}))
		rest.push(job.JobId);
	expect([...received, ...rest]).toEqual(server.jobs.map((job) => job.JobId));
}

/** A sink that takes its time over every job, as a database or a slow disk does. */
function slowSink(server: Emulator, received: string[]): Writable {
	return new Writable({
		objectMode: true,
		write(job: Job, _encoding, callback) {
			received.push(job.JobId);
			if (received.length === 1) void failingPageAnswered(server).then(() => callback(), callback);
			else setImmediate(callback);
		},
	});
}

const tempDirs: string[] = [];
afterEach(async () => {
	await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('jobsReadable delivers every buffered job before the error', () => {
	it('for await over the stream', async () => {
		const { server, client } = await failingAccount();
		const received: string[] = [];
		let error: unknown;
		try {
			for await (const job of jobsReadable(client, { pageSize: PAGE_SIZE })) {
				received.push((job as Job).JobId);
				// A slow loop body: the stream's buffer fills up to its highWaterMark.
				if (received.length === 1) await failingPageAnswered(server);
			}
		} catch (caught) {
			error = caught;
		}
		await expectExactlyOnce(server, client, received, error);
	});

	it('pipeline into a slow Writable sink', async () => {
		const { server, client } = await failingAccount();
		const received: string[] = [];
		const error = await pipeline(
			jobsReadable(client, { pageSize: PAGE_SIZE }),
			slowSink(server, received),
		).then(
			() => undefined,
			(caught: unknown) => caught,
		);
		await expectExactlyOnce(server, client, received, error);
	});

	it('pipeline through toNdjson() into a file', async () => {
		const { server, client } = await failingAccount();
		const dir = await mkdtemp(join(tmpdir(), 'importexport-jobs-'));
		tempDirs.push(dir);
		const file = join(dir, 'jobs.ndjson');
		// Corked until the failing page is answered: the file lags behind the listing, as a disk under load does.
		const output = createWriteStream(file);
		output.cork();
		void failingPageAnswered(server).then(() => output.uncork());
		const error = await pipeline(
			jobsReadable(client, { pageSize: PAGE_SIZE }),
			toNdjson(),
			output,
		).then(
			() => undefined,
			(caught: unknown) => caught,
		);
		const text = await readFile(file, 'utf8');
		const received =
			text === ''
				? []
				: text
						.trimEnd()
						.split('\n')
						.map((line) => (JSON.parse(line) as { JobId: string }).JobId);
		await expectExactlyOnce(server, client, received, error);
	});
});

// The web stream pulls only when read (highWaterMark 0): it holds no job of its own, so a
// consumer slower than the listing cannot strand any. Checked all the same.
describe('jobsWebStream delivers every job it listed before the error', () => {
	it('for await over the stream', async () => {
		const { server, client } = await failingAccount();
		const received: string[] = [];
		let error: unknown;
		try {
			for await (const job of jobsWebStream(client, {
				pageSize: PAGE_SIZE,
			}) as unknown as AsyncIterable<Job>) {
				received.push(job.JobId);
				await new Promise((resolve) => setImmediate(resolve));
			}
		} catch (caught) {
			error = caught;
		}
		await expectExactlyOnce(server, client, received, error);
	});

	it('pipeTo a slow WritableStream', async () => {
		const { server, client } = await failingAccount();
		const received: string[] = [];
		const sink = new WritableStream<Job>({
			async write(job) {
				received.push(job.JobId);
				await new Promise((resolve) => setImmediate(resolve));
			},
		});
		const error = await jobsWebStream(client, { pageSize: PAGE_SIZE })
			.pipeTo(sink)
			.then(
				() => undefined,
				(caught: unknown) => caught,
			);
		await expectExactlyOnce(server, client, received, error);
	});
});
