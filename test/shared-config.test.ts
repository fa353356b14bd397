import { describe, expect, it } from 'vitest';
import { ImportExportClient as CoreClient } from '../src/index.js';
import { ImportExportClient, loadSharedSettings } from '../src/node/index.js';
import { awsHome } from './aws-env.js';
import { caught, emulator } from './helpers.js';

// Settings as the AWS SDKs read them: explicit option > environment > profile > default,
// with the files parsed by @smithy/shared-ini-file-loader (awsHome() gives each test its own).

const instant = { sleep: async () => {}, random: () => 0 };
const keys = { accessKeyId: 'AKIASHAREDCONFIG0001', secretAccessKey: 'shared-config-secret' };
const credentialsFile = `[default]\naws_access_key_id = ${keys.accessKeyId}\naws_secret_access_key = ${keys.secretAccessKey}\n`;

describe('endpoint', () => {
	it('takes the services section of the profile, then its endpoint_url, then the default', async () => {
		await awsHome({
			config:
				'[profile svc]\nservices = local\nendpoint_url = http://127.0.0.1:1/\n\n[profile plain]\nendpoint_url = http://127.0.0.1:2/\n\n[services local]\nimportexport =\n  endpoint_url = http://127.0.0.1:3/\ns3 =\n  endpoint_url = http://127.0.0.1:4/\n',
		});
		expect((await loadSharedSettings({ profile: 'svc' })).endpoint).toEqual({
			value: 'http://127.0.0.1:3/',
			source: 'importexport endpoint_url in [services local] of profile "svc"',
		});
		expect((await loadSharedSettings({ profile: 'plain' })).endpoint).toEqual({
			value: 'http://127.0.0.1:2/',
			source: 'endpoint_url in profile "plain"',
		});
		expect((await loadSharedSettings({ profile: 'none' })).endpoint).toBeUndefined();
		process.env['AWS_ENDPOINT_URL'] = 'http://127.0.0.1:5/';
		expect((await loadSharedSettings({ profile: 'svc' })).endpoint?.source).toBe(
			'AWS_ENDPOINT_URL',
		);
		process.env['AWS_ENDPOINT_URL_IMPORTEXPORT'] = 'http://127.0.0.1:6/';
		expect((await loadSharedSettings({ profile: 'svc' })).endpoint?.value).toBe(
			'http://127.0.0.1:6/',
		);
	});

	it('lists from the endpoint of the profile named by AWS_PROFILE, and an explicit endpoint beats it', async () => {
		const server = await emulator({ jobCount: 2, credentials: keys });
		const other = await emulator({ jobCount: 1, credentials: keys });
		await awsHome({
			config: `[profile local]\nservices = here\n\n[services here]\nimportexport =\n  endpoint_url = ${server.endpoint}\n`,
			credentials: `[local]\naws_access_key_id = ${keys.accessKeyId}\naws_secret_access_key = ${keys.secretAccessKey}\n`,
		});
		process.env['AWS_PROFILE'] = 'local';
		const client = new ImportExportClient();
		expect((await client.listJobs()).Jobs).toHaveLength(2);
		expect(client.endpoint).toBe(`${server.endpoint}/`);
		expect(
			(await new ImportExportClient({ endpoint: other.endpoint }).listJobs()).Jobs,
		).toHaveLength(1);
		expect([server.counters.requests, other.counters.requests]).toEqual([1, 1]);
	});

	it('AWS_IGNORE_CONFIGURED_ENDPOINT_URLS (or ignore_configured_endpoint_urls) ignores env and profile, not the option', async () => {
		await awsHome({
			config:
				'[default]\nendpoint_url = http://127.0.0.1:1/\n\n[profile off]\nignore_configured_endpoint_urls = true\nendpoint_url = http://127.0.0.1:2/\n',
		});
		process.env['AWS_ENDPOINT_URL'] = 'http://127.0.0.1:3/';
		expect((await loadSharedSettings({ profile: 'off' })).endpoint).toBeUndefined();
		process.env['AWS_IGNORE_CONFIGURED_ENDPOINT_URLS'] = 'true';
		expect((await loadSharedSettings()).endpoint).toBeUndefined();
		const credentials = { accessKeyId: 'a', secretAccessKey: 'b' };
		expect(new CoreClient({ credentials }).endpoint).toBe('https://importexport.amazonaws.com/');
		expect(new CoreClient({ credentials, endpoint: 'http://127.0.0.1:4' }).endpoint).toBe(
			'http://127.0.0.1:4/',
		);
	});

	it('names the profile setting when its endpoint_url is not a URL', async () => {
		await awsHome({
			config: '[default]\nendpoint_url = not a url\n',
			credentials: credentialsFile,
		});
		const error = await caught(() => new ImportExportClient().listJobs());
		expect(error.message).toContain(
			'Expected endpoint_url in profile "default" to be an absolute http(s) URL',
		);
	});
});

describe('max_attempts and retry_mode', () => {
	it('AWS_MAX_ATTEMPTS beats max_attempts, an explicit retry.maxAttempts beats both', async () => {
		const server = await emulator({ jobCount: 1, credentials: keys });
		await awsHome({
			config: `[default]\nmax_attempts = 5\nendpoint_url = ${server.endpoint}\n`,
			credentials: credentialsFile,
		});
		server.failNext({ kind: 'throttling' }, 4);
		expect((await new ImportExportClient({ retry: instant }).listJobs()).$metadata.attempts).toBe(
			5,
		);

		process.env['AWS_MAX_ATTEMPTS'] = '2';
		server.failNext({ kind: 'throttling' }, 4);
		const fromEnv = await caught(() => new ImportExportClient({ retry: instant }).listJobs());
		expect((fromEnv as { attempts?: number }).attempts).toBe(2);

		server.reset();
		server.failNext({ kind: 'throttling' }, 4);
		const explicit = await caught(() =>
			new ImportExportClient({ retry: { ...instant, maxAttempts: 1 } }).listJobs(),
		);
		expect((explicit as { attempts?: number }).attempts).toBe(1);
	});

	it('reads retry_mode (legacy as standard), AWS_RETRY_MODE first, and names a bad value', async () => {
		await awsHome({
			config:
				'[default]\nretry_mode = adaptive\n\n[profile old]\nretry_mode = legacy\n\n[profile typo]\nretry_mode = adaptiv\nmax_attempts = many\n',
		});
		expect((await loadSharedSettings()).retryMode).toEqual({
			value: 'adaptive',
			source: 'retry_mode in profile "default"',
		});
		expect((await loadSharedSettings({ profile: 'old' })).retryMode?.value).toBe('standard');
		process.env['AWS_RETRY_MODE'] = 'standard';
		expect((await loadSharedSettings()).retryMode).toEqual({
			value: 'standard',
			source: 'AWS_RETRY_MODE',
		});
		delete process.env['AWS_RETRY_MODE'];
		await expect(
			loadSharedSettings({ profile: 'typo', skip: { maxAttempts: true } }),
		).rejects.toThrow(
			`Expected retry_mode in profile "typo" to be 'standard' or 'adaptive', got "adaptiv".`,
		);
		await expect(loadSharedSettings({ profile: 'typo' })).rejects.toThrow(
			'Expected max_attempts in profile "typo" to be an integer from 1 to 100, got "many".',
		);
	});

	it('forwards the retry mode and attempts it found to the client as retry options', async () => {
		await awsHome({ config: '[profile fast]\nretry_mode = adaptive\nmax_attempts = 4\n' });
		class Probe extends ImportExportClient {
			found() {
				return this.loadOptions();
			}
		}
		const options = await new Probe({ profile: 'fast', endpoint: 'http://127.0.0.1:1' }).found();
		expect(options?.retry).toEqual({ mode: 'adaptive', maxAttempts: 4 });
		const explicit = await new Probe({
			profile: 'fast',
			endpoint: 'http://127.0.0.1:1',
			retry: { mode: 'standard' },
		}).found();
		expect(explicit?.retry).toEqual({ mode: 'standard', maxAttempts: 4 });
	});

	it('reads nothing it was given in code', async () => {
		await awsHome({
			config: '[default]\nretry_mode = bogus\nmax_attempts = bogus\nendpoint_url = bogus\n',
		});
		expect(
			await loadSharedSettings({ skip: { endpoint: true, maxAttempts: true, retryMode: true } }),
		).toEqual({ profile: 'default' });
	});
});
