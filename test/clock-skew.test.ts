import { describe, expect, it } from 'vitest';
import { paginateListJobs } from '../src/pagination/paginate-jobs.js';
import type { ListJobsClient } from '../src/pagination/options.js';
import type { ResponseMetadata } from '../src/protocol/client.js';
import { ServiceError } from '../src/protocol/errors.js';
import { caught, clientFor, emulator } from './helpers.js';

const MINUTE = 60_000;

/** The client, recording the $metadata of every page it returns. */
function recording(client: ListJobsClient): {
	client: ListJobsClient;
	metadata: ResponseMetadata[];
} {
	const metadata: ResponseMetadata[] = [];
	return {
		metadata,
		client: {
			async listJobs(input, options) {
				const response = await (
					client as ListJobsClient & { listJobs: ListJobsClient['listJobs'] }
				).listJobs(input, options);
				metadata.push(response.$metadata);
				return response;
			},
		},
	};
}

function errorWithDate(
	code: string,
	status: number,
	date: Date,
	headers: Record<string, string> = {},
) {
	return {
		kind: 'error' as const,
		status,
		code,
		message: 'refused',
		headers: { Date: date.toUTCString(), ...headers },
	};
}

describe('clock skew', () => {
	it.each([
		['behind', 30 * MINUTE],
		['ahead of', -30 * MINUTE],
	])(
		'a client 30 minutes %s the server lists every job with exactly one extra request, and says so in $metadata',
		async (_, offset) => {
			const server = await emulator({ jobCount: 1000, clockOffsetMs: offset });
			const { client } = clientFor(server);
			const recorder = recording(client);
			const ids: string[] = [];
			for await (const job of paginateListJobs(recorder.client, { pageSize: 100 }))
				ids.push(job.JobId);

			expect(ids).toEqual(server.jobs.map((job) => job.JobId));
			// Ten pages, and the one refusal before the clock was corrected.
			expect(server.counters.requests).toBe(11);
			expect(server.requests[0]).toMatchObject({ status: 400 });
			expect(server.counters.signaturesRefused).toBe(1);
			const [first, ...rest] = recorder.metadata;
			expect(first).toMatchObject({ attempts: 2, clockSkewCorrected: true });
			// The Date header has whole seconds; the round trip adds a little.
			expect(Math.abs(first!.clockOffsetMs - offset)).toBeLessThan(5_000);
			// The offset stays on the client: every later page is signed right the first time.
			expect(
				rest.every(
					(m) =>
						m.attempts === 1 && !m.clockSkewCorrected && m.clockOffsetMs === first!.clockOffsetMs,
				),
			).toBe(true);
			expect(client.clockOffsetMs).toBe(first!.clockOffsetMs);
		},
	);

	it('reads the skew from an injected client clock as well: the offset is server minus local', async () => {
		const server = await emulator({ jobCount: 10 });
		const { client } = clientFor(server, { now: () => new Date(Date.now() - 20 * MINUTE) });
		const response = await client.listJobs();
		expect(response.$metadata).toMatchObject({ attempts: 2, clockSkewCorrected: true });
		expect(Math.abs(client.clockOffsetMs - 20 * MINUTE)).toBeLessThan(5_000);
	});

	it('corrects on SignatureDoesNotMatch when the server Date is far from ours', async () => {
		const server = await emulator({ jobCount: 10 });
		server.injectFault(
			1,
			errorWithDate('SignatureDoesNotMatch', 403, new Date(Date.now() + 10 * MINUTE)),
		);
		const { client, retries } = clientFor(server);
		const response = await client.listJobs();
		expect(response.$metadata).toMatchObject({ attempts: 2, clockSkewCorrected: true });
		expect(retries[0]?.error).toMatchObject({
			name: 'ClockSkewError',
			code: 'SignatureDoesNotMatch',
			retryKind: 'transient',
		});
		// The retry was signed 10 minutes ahead: the emulator's clock is right, and it still took it.
		expect(server.counters.listJobsServed).toBe(1);
	});

	it('does not retry a SignatureDoesNotMatch whose server Date agrees with ours: that is a wrong secret', async () => {
		const server = await emulator({ jobCount: 10 });
		const { client } = clientFor(server, {
			credentials: { ...server.credentials, secretAccessKey: 'not-the-secret' },
		});
		const error = await caught(() => client.listJobs());
		expect(error).toBeInstanceOf(ServiceError);
		expect(error).toMatchObject({ code: 'SignatureDoesNotMatch', attempts: 1 });
		expect(server.counters.requests).toBe(1);
		expect(client.clockOffsetMs).toBe(0);
	});

	it.each(['RequestTimeTooSkewed', 'RequestInTheFuture', 'RequestExpired'])(
		'corrects on %s',
		async (code) => {
			const server = await emulator({ jobCount: 10 });
			server.injectFault(1, errorWithDate(code, 400, new Date(Date.now() - 6 * MINUTE)));
			const { client } = clientFor(server);
			const response = await client.listJobs();
			expect(response.$metadata).toMatchObject({ attempts: 2, clockSkewCorrected: true });
			expect(client.clockOffsetMs).toBeLessThan(-5 * MINUTE);
		},
	);

	it('retries once per call: a second refusal after the correction is final', async () => {
		const server = await emulator({ jobCount: 10 });
		server.injectFault(1, [
			errorWithDate('RequestExpired', 400, new Date(Date.now() + 30 * MINUTE)),
			errorWithDate('RequestExpired', 400, new Date(Date.now() + 60 * MINUTE)),
		]);
		const { client } = clientFor(server);
		const error = await caught(() => client.listJobs());
		expect(error).toMatchObject({ name: 'ServiceError', code: 'RequestExpired', attempts: 2 });
		expect(server.counters.requests).toBe(2);
	});

	it('ignores a Date from a cache (an Age header)', async () => {
		const server = await emulator({ jobCount: 10 });
		server.injectFault(
			1,
			errorWithDate('RequestExpired', 400, new Date(Date.now() + 30 * MINUTE), { Age: '100' }),
		);
		const { client } = clientFor(server);
		await expect(client.listJobs()).rejects.toMatchObject({ code: 'RequestExpired', attempts: 1 });
		expect(client.clockOffsetMs).toBe(0);
	});

	it('does not retry a refusal that has no Date to correct from', async () => {
		const server = await emulator({ jobCount: 10, clockOffsetMs: 30 * MINUTE });
		// Node always sends a Date: a proxy that drops it is played by dropping it on arrival.
		const withoutDate: typeof fetch = async (input, init) => {
			const response = await fetch(input, init);
			const headers = new Headers(response.headers);
			headers.delete('date');
			return new Response(response.body, { status: response.status, headers });
		};
		const { client } = clientFor(server, { fetch: withoutDate });
		await expect(client.listJobs()).rejects.toMatchObject({ code: 'RequestExpired', attempts: 1 });
		expect(client.clockOffsetMs).toBe(0);
	});

	it('does not retry RequestExpired when the server Date agrees with ours within its precision: nothing to correct', async () => {
		const server = await emulator({ jobCount: 10 });
		server.injectFault(1, {
			kind: 'error',
			status: 400,
			code: 'RequestExpired',
			message: 'Request has expired.',
		});
		const { client } = clientFor(server);
		await expect(client.listJobs()).rejects.toMatchObject({ code: 'RequestExpired', attempts: 1 });
		expect(client.clockOffsetMs).toBe(0);
	});

	it('takes the server Date as the time even when it is close, for a code that says the time is wrong', async () => {
		const server = await emulator({ jobCount: 10 });
		server.injectFault(
			1,
			errorWithDate('RequestTimeTooSkewed', 400, new Date(Date.now() + 90_000)),
		);
		const { client } = clientFor(server);
		const response = await client.listJobs();
		expect(response.$metadata).toMatchObject({ attempts: 2, clockSkewCorrected: true });
		expect(client.clockOffsetMs).toBeGreaterThan(80_000);
	});

	it('counts the corrected retry against maxAttempts, as the AWS SDKs do', async () => {
		const server = await emulator({ jobCount: 10, clockOffsetMs: 30 * MINUTE });
		const { client } = clientFor(server, { retry: { maxAttempts: 1 } });
		// No attempt left: the refusal itself, not a promise of a retry.
		await expect(client.listJobs()).rejects.toMatchObject({
			name: 'ServiceError',
			code: 'RequestExpired',
			attempts: 1,
			retryable: false,
		});
		// The offset is learnt all the same: the next call is signed right.
		const response = await client.listJobs();
		expect(response.$metadata).toMatchObject({ attempts: 1, clockSkewCorrected: false });
	});
});
