import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
	ImportExportClient,
	InvalidParameterException,
	NetworkError,
	PaginationError,
	PaginationLoopError,
	ResponseParseError,
	ResponseTooLargeError,
	ResponseValidationError,
	ServiceError,
	TimeoutError,
	paginateListJobs,
	type ImportExportError,
	type Job,
} from '../src/index.js';
import type { Fault } from '../src/emulator/index.js';
import { clientFor, emulator, HANG_TIMEOUT_MS, until } from './helpers.js';
import { faultAtMarker } from './marker-faults.js';

async function listUntilError(
	iterable: AsyncIterable<Job>,
): Promise<{ jobs: Job[]; error: ImportExportError }> {
	const jobs: Job[] = [];
	try {
		for await (const job of iterable) jobs.push(job);
	} catch (error) {
		return { jobs, error: error as ImportExportError };
	}
	throw new Error(`expected the listing to fail; it yielded ${jobs.length} jobs`);
}

type ErrorClass = new (...args: never[]) => Error;

const schemaBreak = (
	field: 'JobId' | 'JobType' | 'CreationDate' | 'IsCanceled',
): [string, Fault, ErrorClass, RegExp] => [
	`a page that breaks the schema (${field})`,
	{ kind: 'schema-violation', field },
	ResponseValidationError,
	new RegExp(`Jobs\\[\\d+\\]\\.${field}`),
];

// Each hostile answer is served for page 2's marker (and its retries): page 1 must be yielded whole,
// nothing of page 2, and the error must say where to resume.
const cases: Array<[string, Fault, ErrorClass, RegExp]> = [
	['malformed XML', { kind: 'malformed-xml' }, ResponseParseError, /cannot be read/],
	['a body cut short by a reset', { kind: 'reset-mid-body' }, NetworkError, /while reading/],
	['an empty 200', { kind: 'raw', status: 200, body: '' }, ResponseParseError, /empty/],
	['an HTML 502 from a proxy, after retries', { kind: 'bad-gateway' }, ServiceError, /502/],
	[
		'a DOCTYPE with entities',
		{
			kind: 'raw',
			status: 200,
			body: '<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">]><ListJobsResponse>&a;</ListJobsResponse>',
		},
		ResponseParseError,
		/DTD/,
	],
	schemaBreak('JobId'),
	schemaBreak('JobType'),
	schemaBreak('CreationDate'),
	schemaBreak('IsCanceled'),
	[
		'IsTruncated true with an empty page',
		{ kind: 'truncated-empty-page' },
		PaginationError,
		/IsTruncated/,
	],
	['a repeated marker', { kind: 'repeat-marker' }, PaginationLoopError, /already sent/],
	['a server that never answers', { kind: 'hang' }, TimeoutError, /timed out/],
	[
		'a refused signature (not retried)',
		{
			kind: 'error',
			status: 403,
			code: 'SignatureDoesNotMatch',
			message: 'The request signature we calculated does not match',
		},
		ServiceError,
		/403 SignatureDoesNotMatch/,
	],
	[
		'an expired request (not retried)',
		{ kind: 'error', status: 403, code: 'RequestExpired', message: 'Request has expired.' },
		ServiceError,
		/RequestExpired/,
	],
];

describe('hostile or broken responses', () => {
	it.each(cases)(
		'%s: a typed error in bounded time, page 1 whole, nothing of page 2',
		async (_name, fault, ErrorClass, message) => {
			// Keyed by marker, not request number: a retry of page 1 on a slow machine cannot take the fault.
			const {
				endpoint,
				clean: server,
				faulty,
			} = await faultAtMarker({ jobCount: 30 }, (jobs) => jobs[9]!.JobId, fault);
			// A short timeout only where silence is the case; elsewhere the default (30 s). Silence is
			// retried once, then reported: a third attempt would only wait out another timeout.
			const { client } = clientFor(server, {
				endpoint,
				...(fault.kind === 'hang' ? { timeoutMs: HANG_TIMEOUT_MS, retry: { maxAttempts: 2 } } : {}),
			});
			const { jobs, error } = await listUntilError(paginateListJobs(client, { pageSize: 10 }));
			expect(error).toBeInstanceOf(ErrorClass);
			expect(error.message).toMatch(message);
			expect(faulty.counters.faultsServed).toBeGreaterThan(0);
			expect(jobs.map((job) => job.JobId)).toEqual(
				server.jobs.slice(0, 10).map((job) => job.JobId),
			);
			expect(error.resumeMarker).toBe(server.jobs[9]!.JobId);
			expect(error.jobsYielded).toBe(10);
			if (error instanceof ServiceError && !error.retryable) expect(error.attempts).toBe(1);
			// Validation and parse errors say which page: the one after page 1's last job.
			if (error instanceof ResponseValidationError || error instanceof ResponseParseError)
				expect(error.message).toContain(server.jobs[9]!.JobId);
		},
	);

	it('an A→B→A cycle', async () => {
		const server = await emulator({ jobCount: 6 });
		const [a1, a2, b1, b2] = server.jobs;
		server.injectFault(1, { kind: 'page', jobs: [a1!, a2!], isTruncated: true });
		server.injectFault(2, { kind: 'page', jobs: [b1!, b2!], isTruncated: true });
		server.injectFault(3, { kind: 'page', jobs: [a1!, a2!], isTruncated: true });
		const { jobs, error } = await listUntilError(
			paginateListJobs(clientFor(server).client, { pageSize: 2 }),
		);
		expect(error).toBeInstanceOf(PaginationLoopError);
		expect(jobs).toHaveLength(4);
	});

	it('an unknown starting marker', async () => {
		const server = await emulator({ jobCount: 6 });
		const { jobs, error } = await listUntilError(
			paginateListJobs(clientFor(server).client, { startingMarker: 'ZZZZZ' }),
		);
		expect(error).toBeInstanceOf(InvalidParameterException);
		expect(jobs).toEqual([]);
		expect(error.resumeMarker).toBe('ZZZZZ');
	});

	it('a body over the size limit (declared length): the read stops at the limit', async () => {
		const server = await emulator({ jobCount: 1000 });
		const { client } = clientFor(server, { maxResponseBytes: 64 * 1024 });
		const { error } = await listUntilError(paginateListJobs(client));
		expect(error).toBeInstanceOf(ResponseTooLargeError);
		expect((error as ResponseTooLargeError).limitBytes).toBe(65536);
		expect(error.message).toContain('maxResponseBytes');
	});

	it('a body that streams without end: the read stops at the limit and the socket is released', async () => {
		let written = 0;
		let closed = false;
		const endless: Server = createServer((request, response) => {
			request.resume();
			response.writeHead(200, { 'content-type': 'text/xml' });
			const chunk = Buffer.alloc(64 * 1024, '<member>x</member>');
			const pump = (): void => {
				while (!closed && response.write(chunk)) written += chunk.length;
				if (!closed) response.once('drain', pump);
			};
			response.on('close', () => {
				closed = true;
			});
			pump();
		});
		await new Promise<void>((resolve) => endless.listen(0, '127.0.0.1', resolve));
		try {
			const { port } = endless.address() as AddressInfo;
			const client = new ImportExportClient({
				endpoint: `http://127.0.0.1:${port}`,
				credentials: { accessKeyId: 'AKIDENDLESS', secretAccessKey: 'endless-secret' },
				maxResponseBytes: 1024 * 1024,
				retry: { maxAttempts: 1 },
			});
			// The server never ends the body: only the limit can end the read (a hang is the test's timeout).
			const { error } = await listUntilError(paginateListJobs(client));
			expect(error).toBeInstanceOf(ResponseTooLargeError);
			await until(() => closed);
			// Bounded: the server got at most the limit plus what the socket buffers held.
			expect(written).toBeLessThan(16 * 1024 * 1024);
		} finally {
			endless.closeAllConnections();
			await new Promise((resolve) => endless.close(resolve));
		}
	});
});
