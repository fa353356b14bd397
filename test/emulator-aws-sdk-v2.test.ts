import './fixtures/emulator/quiet-aws-sdk-v2.js';
import { createRequire } from 'node:module';
import type ImportExport from 'aws-sdk/clients/importexport.js';
import type { Credentials } from 'aws-sdk/lib/credentials.js';
import type { AWSError } from 'aws-sdk/lib/error.js';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
	DEMO_CREDENTIALS,
	startEmulator,
	type Emulator,
	type EmulatorCredentials,
	type EmulatorOptions,
} from '../src/emulator/index.js';

// aws-sdk-js v2 signs ImportExport with SigV2 in the form body: the emulator must pass for the real service to it.

// The SDK as a whole, typed by the files of the two classes used here: the types of `aws-sdk`
// itself are those of its ~400 clients (51 MB), which tsc and typed ESLint parsed on every run.
const AWS = createRequire(import.meta.url)('aws-sdk') as {
	ImportExport: typeof ImportExport;
	Credentials: typeof Credentials;
};

async function start(options: EmulatorOptions): Promise<Emulator> {
	const emulator = await startEmulator(options);
	onTestFinished(() => emulator.close());
	return emulator;
}

function sdkClient(emulator: Emulator, credentials: EmulatorCredentials): ImportExport {
	return new AWS.ImportExport({
		endpoint: emulator.endpoint,
		region: 'us-east-1',
		credentials: new AWS.Credentials(credentials),
		maxRetries: 0,
	});
}

interface Listed {
	jobs: ImportExport.Job[];
	pages: number;
}

/** Every job through the SDK's own paginator (Marker = last JobId while IsTruncated). */
function listAll(client: ImportExport, params: ImportExport.ListJobsInput): Promise<Listed> {
	const jobs: ImportExport.Job[] = [];
	let pages = 0;
	return new Promise((resolve, reject) => {
		// The SDK's types say neither is ever null; it passes null for the absent one.
		client
			.listJobs(params)
			.eachPage((error: AWSError | null, data: ImportExport.ListJobsOutput | null) => {
				if (error) {
					reject(error);
					return false;
				}
				if (data === null) {
					resolve({ jobs, pages });
					return false;
				}
				pages++;
				jobs.push(...(data.Jobs ?? []));
				return true;
			});
	});
}

function expectSameJobs(listed: ImportExport.Job[], emulator: Emulator): void {
	expect(listed.map((job) => job.JobId)).toEqual(emulator.jobs.map((job) => job.JobId));
	expect(listed).toEqual(emulator.jobs.map((job) => ({ ...job })));
}

describe('aws-sdk v2 AWS.ImportExport against the emulator', () => {
	it('lists every job, in order, with listJobs().eachPage and the demo credentials', async () => {
		const emulator = await start({ jobCount: 2345, seed: 3 });
		const { jobs, pages } = await listAll(sdkClient(emulator, DEMO_CREDENTIALS), { MaxJobs: 500 });
		expectSameJobs(jobs, emulator);
		expect(pages).toBe(5);
		expect(emulator.requests.every((entry) => entry.auth === 'sigv2' && entry.status === 200)).toBe(
			true,
		);
		expect(emulator.counters).toMatchObject({
			listJobsServed: 5,
			jobsServed: 2345,
			signaturesRefused: 0,
		});
	});

	it('reads ids that look like numbers as the strings they are', async () => {
		const at = new Date('2015-01-01T00:00:00Z');
		const emulator = await start({
			jobs: [
				{ JobId: '00042', CreationDate: at, IsCanceled: false, JobType: 'Import' },
				{ JobId: '1E500', CreationDate: at, IsCanceled: true, JobType: 'Export' },
				{ JobId: '12345', CreationDate: at, IsCanceled: false, JobType: 'Export' },
			],
		});
		const { jobs } = await listAll(sdkClient(emulator, DEMO_CREDENTIALS), { MaxJobs: 2 });
		expectSameJobs(jobs, emulator);
	});

	it('lists with temporary credentials (SecurityToken)', async () => {
		const temporary = {
			accessKeyId: 'ASIAEMULATORV2TEMP00',
			secretAccessKey: 'temporary/secret+with=chars',
			sessionToken: 'FwoGZXIvYXdzEJr//////////wEaDO+token=',
		};
		const emulator = await start({ jobCount: 120, credentials: temporary });
		const { jobs } = await listAll(sdkClient(emulator, temporary), { MaxJobs: 50 });
		expectSameJobs(jobs, emulator);
		expect(emulator.requests[0]?.params['SecurityToken']).toBe('[REDACTED]');
		expect(JSON.stringify(emulator.requests)).not.toContain(temporary.sessionToken);
	});

	it('refuses a wrong secret with SignatureDoesNotMatch', async () => {
		const emulator = await start({ jobCount: 10 });
		const error = await listAll(
			sdkClient(emulator, { ...DEMO_CREDENTIALS, secretAccessKey: 'not-the-secret' }),
			{},
		).then(
			() => undefined,
			(e: unknown) => e as AWSError,
		);
		expect(error).toMatchObject({ code: 'SignatureDoesNotMatch', statusCode: 403 });
		expect(error?.message).toMatch(/^The request signature we calculated does not match/);
		expect(emulator.counters).toMatchObject({ requests: 1, signaturesRefused: 1 });
	});

	it('refuses a missing session token with InvalidClientTokenId', async () => {
		const emulator = await start({
			jobCount: 10,
			credentials: { ...DEMO_CREDENTIALS, sessionToken: 'required-token' },
		});
		const error = await listAll(sdkClient(emulator, DEMO_CREDENTIALS), {}).then(
			() => undefined,
			(e: unknown) => e as AWSError,
		);
		expect(error).toMatchObject({ code: 'InvalidClientTokenId', statusCode: 403 });
	});

	it('surfaces the service error codes the SDK models', async () => {
		const emulator = await start({ jobCount: 10 });
		const error = await listAll(sdkClient(emulator, DEMO_CREDENTIALS), { Marker: 'NOPE1' }).then(
			() => undefined,
			(e: unknown) => e as AWSError,
		);
		expect(error).toMatchObject({ code: 'InvalidParameterException', statusCode: 400 });
		expect(error?.message).toMatch(/NOPE1/);
		expect(error?.requestId).toMatch(
			/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
		);
	});
});
