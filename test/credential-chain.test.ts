import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startStsEmulator, type StsEmulator } from '../src/emulator/index.js';
import { fromIni } from '@aws-sdk/credential-providers';
import {
	CredentialsError,
	ImportExportClient as CoreClient,
	paginateListJobs,
} from '../src/index.js';
import { ImportExportClient } from '../src/node/index.js';
import { awsHome } from './aws-env.js';
import { collectOutput, startCli } from './cli-run.js';
import { caught, emulator } from './helpers.js';

// Every test here resolves credentials through the real AWS chain: awsHome() points HOME and
// both shared files at a temp dir and turns instance metadata off (one test points it at its
// own loopback server instead).

const servers: Array<{ close: () => unknown }> = [];
afterEach(async () => {
	await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A loopback HTTP server for one test, closed after it. */
async function serve(
	handler: (req: IncomingMessage, res: ServerResponse, body: string) => void,
): Promise<{ url: string; server: Server }> {
	const server = createServer((req, res) => {
		let body = '';
		req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
		req.on('end', () => handler(req, res, body));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	servers.push({
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	});
	return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const later = (ms: number): string => new Date(Date.now() + ms).toISOString();

describe('the AWS credential chain (Node client)', () => {
	it('reads a profile of the shared credentials file, named by AWS_PROFILE or the profile option', async () => {
		const audit = { accessKeyId: 'AKIAPROFILEAUDIT0001', secretAccessKey: 'audit-secret' };
		const other = { accessKeyId: 'AKIAPROFILEOTHER0001', secretAccessKey: 'other-secret' };
		const server = await emulator({ jobCount: 3, credentials: [audit, other] });
		await awsHome({
			credentials: `[audit]\naws_access_key_id = ${audit.accessKeyId}\naws_secret_access_key = ${audit.secretAccessKey}\n\n[other]\naws_access_key_id = ${other.accessKeyId}\naws_secret_access_key = ${other.secretAccessKey}\n`,
		});
		process.env['AWS_PROFILE'] = 'audit';
		const fromEnv = new ImportExportClient({ endpoint: server.endpoint });
		expect((await fromEnv.listJobs()).Jobs).toHaveLength(3);
		const fromOption = new ImportExportClient({ endpoint: server.endpoint, profile: 'other' });
		expect((await fromOption.listJobs()).Jobs).toHaveLength(3);
		expect(server.requests.map((r) => r.accessKeyId)).toEqual([
			audit.accessKeyId,
			other.accessKeyId,
		]);
	});

	it('takes an AWS SDK provider as `credentials`, in the core client too', async () => {
		const keys = { accessKeyId: 'AKIASDKPROVIDER00001', secretAccessKey: 'sdk-provider-secret' };
		const server = await emulator({ jobCount: 2, credentials: keys });
		await awsHome({
			credentials: `[sdk]\naws_access_key_id = ${keys.accessKeyId}\naws_secret_access_key = ${keys.secretAccessKey}\n`,
		});
		const client = new CoreClient({
			endpoint: server.endpoint,
			credentials: fromIni({ profile: 'sdk' }),
		});
		expect((await client.listJobs()).Jobs).toHaveLength(2);
	});

	it('takes the environment keys first, unless a profile is named (as the SDK does)', async () => {
		const env = {
			accessKeyId: 'ASIAENVIRONMENTCHAIN',
			secretAccessKey: 'env-chain-secret',
			sessionToken: 'env-chain-token',
		};
		const named = { accessKeyId: 'AKIANAMEDPROFILE0001', secretAccessKey: 'named-secret' };
		const server = await emulator({ jobCount: 1, credentials: [env, named] });
		await awsHome({
			credentials: `[named]\naws_access_key_id = ${named.accessKeyId}\naws_secret_access_key = ${named.secretAccessKey}\n`,
		});
		process.env['AWS_ACCESS_KEY_ID'] = env.accessKeyId;
		process.env['AWS_SECRET_ACCESS_KEY'] = env.secretAccessKey;
		process.env['AWS_SESSION_TOKEN'] = env.sessionToken;
		process.env['AWS_CREDENTIAL_EXPIRATION'] = later(3_600_000);
		await new ImportExportClient({ endpoint: server.endpoint }).listJobs();
		process.env['AWS_PROFILE'] = 'named';
		await new ImportExportClient({ endpoint: server.endpoint }).listJobs();
		expect(server.requests.map((r) => r.accessKeyId)).toEqual([env.accessKeyId, named.accessKeyId]);
	});

	it('skips the environment keys for a profile named by the option, and leaves half a pair of keys to the chain', async () => {
		const named = { accessKeyId: 'AKIANAMEDPROFILE0002', secretAccessKey: 'named-secret-2' };
		const fallback = { accessKeyId: 'AKIADEFAULTPROFILE01', secretAccessKey: 'default-secret' };
		const server = await emulator({ jobCount: 1, credentials: [named, fallback] });
		await awsHome({
			credentials: `[named]\naws_access_key_id = ${named.accessKeyId}\naws_secret_access_key = ${named.secretAccessKey}\n[default]\naws_access_key_id = ${fallback.accessKeyId}\naws_secret_access_key = ${fallback.secretAccessKey}\n`,
		});
		process.env['AWS_ACCESS_KEY_ID'] = 'AKIAENVIRONMENT00001';
		process.env['AWS_SECRET_ACCESS_KEY'] = 'env-secret';
		await new ImportExportClient({ endpoint: server.endpoint, profile: 'named' }).listJobs();
		// A secret without its key id (or the reverse) is no pair: the SDK goes on to the files.
		delete process.env['AWS_ACCESS_KEY_ID'];
		await new ImportExportClient({ endpoint: server.endpoint }).listJobs();
		process.env['AWS_ACCESS_KEY_ID'] = 'AKIAENVIRONMENT00001';
		delete process.env['AWS_SECRET_ACCESS_KEY'];
		await new ImportExportClient({ endpoint: server.endpoint }).listJobs();
		expect(server.requests.map((r) => r.accessKeyId)).toEqual([
			named.accessKeyId,
			fallback.accessKeyId,
			fallback.accessKeyId,
		]);
	});

	it('assumes role_arn with the keys of source_profile, through STS at AWS_ENDPOINT_URL_STS', async () => {
		const base = { accessKeyId: 'AKIASOURCEPROFILE001', secretAccessKey: 'source-secret' };
		const role = {
			accessKeyId: 'ASIAASSUMEDROLE00001',
			secretAccessKey: 'role-secret',
			sessionToken: 'role-session-token',
		};
		// The service accepts only the role's keys: a listing proves the role was assumed.
		const server = await emulator({ jobCount: 4, credentials: role });
		const sts: StsEmulator = await startStsEmulator({ callers: [base], issues: role });
		servers.push(sts);
		await awsHome({
			config: `[profile lister]\nrole_arn = arn:aws:iam::123456789012:role/lister\nsource_profile = base\nregion = us-east-1\n`,
			credentials: `[base]\naws_access_key_id = ${base.accessKeyId}\naws_secret_access_key = ${base.secretAccessKey}\n`,
		});
		process.env['AWS_ENDPOINT_URL_STS'] = sts.endpoint;
		const client = new ImportExportClient({ endpoint: server.endpoint, profile: 'lister' });
		const jobs = [];
		for await (const job of paginateListJobs(client, { pageSize: 2 })) jobs.push(job);
		expect(jobs).toHaveLength(4);
		expect(sts.calls).toEqual([
			{
				roleArn: 'arn:aws:iam::123456789012:role/lister',
				roleSessionName: expect.any(String),
				accessKeyId: base.accessKeyId,
			},
		]);
		expect(server.requests.map((r) => r.accessKeyId)).toEqual([role.accessKeyId, role.accessKeyId]);
	});

	it('exchanges the token of AWS_WEB_IDENTITY_TOKEN_FILE for AWS_ROLE_ARN through STS', async () => {
		const role = {
			accessKeyId: 'ASIAWEBIDENTITY00001',
			secretAccessKey: 'web-identity-secret',
			sessionToken: 'web-identity-session',
		};
		const server = await emulator({ jobCount: 2, credentials: role });
		const sts = await startStsEmulator({
			callers: [],
			issues: role,
			webIdentityToken: 'oidc-token-from-the-cluster',
		});
		servers.push(sts);
		const home = await awsHome();
		process.env['AWS_WEB_IDENTITY_TOKEN_FILE'] = await home.write(
			'token',
			'oidc-token-from-the-cluster',
		);
		process.env['AWS_ROLE_ARN'] = 'arn:aws:iam::123456789012:role/pod';
		process.env['AWS_ROLE_SESSION_NAME'] = 'pod-session';
		process.env['AWS_REGION'] = 'us-east-1';
		process.env['AWS_ENDPOINT_URL_STS'] = sts.endpoint;
		const client = new ImportExportClient({ endpoint: server.endpoint });
		expect((await client.listJobs()).Jobs).toHaveLength(2);
		expect(sts.calls).toEqual([
			{
				roleArn: 'arn:aws:iam::123456789012:role/pod',
				roleSessionName: 'pod-session',
				accessKeyId: undefined,
			},
		]);
	});

	it('runs credential_process and uses what it prints', async () => {
		const keys = {
			accessKeyId: 'ASIAPROCESS000000001',
			secretAccessKey: 'process-secret',
			sessionToken: 'process-token',
		};
		const server = await emulator({ jobCount: 2, credentials: keys });
		const home = await awsHome();
		const script = await home.write(
			'credential-process.mjs',
			`console.log(JSON.stringify({ Version: 1, AccessKeyId: '${keys.accessKeyId}', SecretAccessKey: '${keys.secretAccessKey}', SessionToken: '${keys.sessionToken}', Expiration: '${later(3_600_000)}' }));\n`,
		);
		await home.write(
			'config',
			`[profile tool]\ncredential_process = "${process.execPath}" "${script}"\n`,
		);
		const client = new ImportExportClient({ endpoint: server.endpoint, profile: 'tool' });
		expect((await client.listJobs()).Jobs).toHaveLength(2);
		expect(server.requests[0]?.accessKeyId).toBe(keys.accessKeyId);
	});

	it('gets container credentials from AWS_CONTAINER_CREDENTIALS_FULL_URI with its authorization token', async () => {
		const keys = {
			accessKeyId: 'ASIACONTAINER0000001',
			secretAccessKey: 'container-secret',
			sessionToken: 'container-token',
		};
		const server = await emulator({ jobCount: 2, credentials: keys });
		const seen: Array<string | undefined> = [];
		const container = await serve((req, res) => {
			seen.push(req.headers.authorization);
			if (req.headers.authorization !== 'container-auth') return void res.writeHead(401).end();
			res.writeHead(200, { 'content-type': 'application/json' }).end(
				JSON.stringify({
					AccessKeyId: keys.accessKeyId,
					SecretAccessKey: keys.secretAccessKey,
					Token: keys.sessionToken,
					Expiration: later(3_600_000),
				}),
			);
		});
		await awsHome();
		process.env['AWS_CONTAINER_CREDENTIALS_FULL_URI'] = `${container.url}/v2/credentials`;
		process.env['AWS_CONTAINER_AUTHORIZATION_TOKEN'] = 'container-auth';
		const client = new ImportExportClient({ endpoint: server.endpoint });
		expect((await client.listJobs()).Jobs).toHaveLength(2);
		expect(seen).toEqual(['container-auth']);
	});

	it('gets instance credentials from IMDSv2 (token first) at AWS_EC2_METADATA_SERVICE_ENDPOINT', async () => {
		const keys = {
			accessKeyId: 'ASIAINSTANCE00000001',
			secretAccessKey: 'instance-secret',
			sessionToken: 'instance-token',
		};
		const server = await emulator({ jobCount: 2, credentials: keys });
		const log: string[] = [];
		const imds = await serve((req, res) => {
			log.push(`${req.method} ${req.url}`);
			if (req.method === 'PUT' && req.url === '/latest/api/token') {
				if (req.headers['x-aws-ec2-metadata-token-ttl-seconds'] === undefined)
					return void res.writeHead(400).end();
				return void res.writeHead(200).end('imds-session');
			}
			if (req.headers['x-aws-ec2-metadata-token'] !== 'imds-session')
				return void res.writeHead(401).end();
			if (req.url === '/latest/meta-data/iam/security-credentials/')
				return void res.writeHead(200).end('instance-role');
			if (req.url === '/latest/meta-data/iam/security-credentials/instance-role') {
				return void res.writeHead(200).end(
					JSON.stringify({
						Code: 'Success',
						Type: 'AWS-HMAC',
						AccessKeyId: keys.accessKeyId,
						SecretAccessKey: keys.secretAccessKey,
						Token: keys.sessionToken,
						Expiration: later(3_600_000),
						LastUpdated: new Date().toISOString(),
					}),
				);
			}
			res.writeHead(404).end();
		});
		await awsHome();
		delete process.env['AWS_EC2_METADATA_DISABLED'];
		process.env['AWS_EC2_METADATA_SERVICE_ENDPOINT'] = imds.url;
		const client = new ImportExportClient({ endpoint: server.endpoint });
		expect((await client.listJobs()).Jobs).toHaveLength(2);
		expect(log[0]).toBe('PUT /latest/api/token');
		expect(log).toContain('GET /latest/meta-data/iam/security-credentials/instance-role');
	});

	it('says which sources it tried when none has credentials, and sends nothing', async () => {
		const server = await emulator({ jobCount: 1 });
		await awsHome();
		const client = new ImportExportClient({ endpoint: server.endpoint });
		const error = await caught(() => client.listJobs());
		expect(error).toBeInstanceOf(CredentialsError);
		expect(error.message).toMatch(
			/AWS credential chain \(profile "default"; tried fromEnv, fromSSO, fromIni, fromProcess, fromTokenFile, remoteProvider\)/,
		);
		expect(server.counters.requests).toBe(0);
	});

	it('refreshes expiring credentials ahead of expiry mid-listing, once, and the listing goes on with the new key', async () => {
		const first = {
			accessKeyId: 'ASIAROTATEFIRST00001',
			secretAccessKey: 'first-secret',
			sessionToken: 'first-token',
		};
		const second = {
			accessKeyId: 'ASIAROTATESECOND0001',
			secretAccessKey: 'second-secret',
			sessionToken: 'second-token',
		};
		// One clock for the client and the emulator, moved by the test: no waiting.
		let clock = Date.now();
		const server = await emulator({ jobCount: 6, credentials: first, now: () => new Date(clock) });
		let served = first;
		let hits = 0;
		const container = await serve((_req, res) => {
			hits++;
			res.writeHead(200, { 'content-type': 'application/json' }).end(
				JSON.stringify({
					AccessKeyId: served.accessKeyId,
					SecretAccessKey: served.secretAccessKey,
					Token: served.sessionToken,
					Expiration: new Date(clock + 3_600_000).toISOString(),
				}),
			);
		});
		await awsHome();
		process.env['AWS_CONTAINER_CREDENTIALS_FULL_URI'] = `${container.url}/creds`;
		const client = new ImportExportClient({
			endpoint: server.endpoint,
			now: () => new Date(clock),
		});
		const onPage = (page: { pageIndex: number }): void => {
			if (page.pageIndex !== 0) return;
			// The old key stops working; the new one is what the container serves; the clock
			// reaches four minutes before the old key's expiry: inside the refresh window.
			server.rotateCredentials(second);
			served = second;
			clock += 56 * 60_000;
		};
		const jobs = [];
		for await (const job of paginateListJobs(client, { pageSize: 2, prefetch: 0, onPage }))
			jobs.push(job.JobId);
		expect(jobs).toEqual(server.jobs.map((job) => job.JobId));
		expect(server.requests.map((r) => [r.accessKeyId, r.status])).toEqual([
			[first.accessKeyId, 200],
			[second.accessKeyId, 200],
			[second.accessKeyId, 200],
		]);
		// Not per request: once at the start, once ahead of expiry.
		expect(hits).toBe(2);
	});

	it('bounds a credential_process that never answers by credentialsTimeoutMs, retried, then a CredentialsError', async () => {
		const server = await emulator({ jobCount: 1 });
		const home = await awsHome();
		// Hangs until its stdin closes (the test process exits) or a minute passes.
		const script = await home.write(
			'hang.mjs',
			'process.stdin.resume(); process.stdin.on("end", () => process.exit(1)); setTimeout(() => process.exit(1), 60_000);\n',
		);
		await home.write(
			'config',
			`[profile stuck]\ncredential_process = "${process.execPath}" "${script}"\n`,
		);
		const client = new ImportExportClient({
			endpoint: server.endpoint,
			profile: 'stuck',
			credentialsTimeoutMs: 200,
			retry: { maxAttempts: 2, baseDelayMs: 0 },
		});
		const error = await caught(() => client.listJobs());
		expect(error).toBeInstanceOf(CredentialsError);
		expect(error.message).toBe(
			'No credentials from the AWS credential chain within 200 ms (credentialsTimeoutMs); retried as a timeout.',
		);
		expect((error as CredentialsError).attempts).toBe(2);
		expect(server.counters.requests).toBe(0);
	});

	it('CLI: --profile picks the profile of the shared files', async () => {
		const keys = { accessKeyId: 'AKIACLIPROFILE000001', secretAccessKey: 'cli-profile-secret' };
		const server = await emulator({ jobCount: 3, credentials: keys });
		const home = await awsHome({
			credentials: `[cli]\naws_access_key_id = ${keys.accessKeyId}\naws_secret_access_key = ${keys.secretAccessKey}\n`,
		});
		const env = {
			HOME: home.dir,
			AWS_CONFIG_FILE: home.configFile,
			AWS_SHARED_CREDENTIALS_FILE: home.credentialsFile,
		};
		const result = await collectOutput(
			startCli(['list', '--profile', 'cli', '--endpoint', server.endpoint], env),
		);
		expect(result.stderr).toMatch(/^importexport-jobs list: done, 3 jobs/);
		expect(result.stdout.trim().split('\n')).toHaveLength(3);
		expect(result.code).toBe(0);
		const missing = await collectOutput(
			startCli(['list', '--profile', 'absent', '--endpoint', server.endpoint], env),
		);
		expect(missing.code).toBe(1);
		expect(missing.stderr).toMatch(
			/CredentialsError: No AWS credentials from the AWS credential chain \(profile "absent"/,
		);
		expect(missing.stderr).not.toContain(keys.secretAccessKey);
	});
});
