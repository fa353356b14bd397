import { afterEach, describe, expect, it, vi } from 'vitest';
import { CredentialsError, ImportExportClient } from '../src/index.js';
import { DEFAULT_ENDPOINT } from '../src/protocol/client-options.js';
import { caught, emulator } from './helpers.js';

// These tests are about reading the environment, so they set it (and vitest restores it).
afterEach(() => {
	vi.unstubAllEnvs();
});

describe('credentials and endpoint from the environment', () => {
	it('reads AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN', async () => {
		const credentials = {
			accessKeyId: 'ASIAENVIRONMENT00001',
			secretAccessKey: 'env-secret',
			sessionToken: 'env-token',
		};
		const server = await emulator({ jobCount: 2, credentials });
		vi.stubEnv('AWS_ACCESS_KEY_ID', credentials.accessKeyId);
		vi.stubEnv('AWS_SECRET_ACCESS_KEY', credentials.secretAccessKey);
		vi.stubEnv('AWS_SESSION_TOKEN', credentials.sessionToken);
		vi.stubEnv('AWS_ENDPOINT_URL_IMPORTEXPORT', server.endpoint);
		const client = new ImportExportClient();
		expect(client.endpoint).toBe(`${server.endpoint}/`);
		expect((await client.listJobs()).Jobs).toHaveLength(2);
	});

	it('fails with a clear CredentialsError before any request when there are none', async () => {
		const server = await emulator({ jobCount: 1 });
		vi.stubEnv('AWS_ACCESS_KEY_ID', '');
		vi.stubEnv('AWS_SECRET_ACCESS_KEY', '');
		const client = new ImportExportClient({ endpoint: server.endpoint });
		const error = await caught(() => client.listJobs());
		expect(error).toBeInstanceOf(CredentialsError);
		expect(error.message).toContain('AWS_ACCESS_KEY_ID');
		expect(server.counters.requests).toBe(0);
	});

	it('refuses incomplete static credentials at construction', () => {
		expect(
			() => new ImportExportClient({ credentials: { accessKeyId: 'a', secretAccessKey: '' } }),
		).toThrow(CredentialsError);
	});

	it('wraps a failing provider, sending nothing', async () => {
		const server = await emulator({ jobCount: 1 });
		const client = new ImportExportClient({
			endpoint: server.endpoint,
			credentials: async () => {
				throw new Error('sso expired');
			},
		});
		const error = await caught(() => client.listJobs());
		expect(error).toBeInstanceOf(CredentialsError);
		expect((error.cause as Error).message).toBe('sso expired');
		expect(server.counters.requests).toBe(0);
	});

	it('prefers AWS_ENDPOINT_URL_IMPORTEXPORT, then AWS_ENDPOINT_URL, then the real endpoint', () => {
		const credentials = { accessKeyId: 'a', secretAccessKey: 'b' };
		vi.stubEnv('AWS_ENDPOINT_URL_IMPORTEXPORT', '');
		vi.stubEnv('AWS_ENDPOINT_URL', '');
		expect(new ImportExportClient({ credentials }).endpoint).toBe(`${DEFAULT_ENDPOINT}/`);
		vi.stubEnv('AWS_ENDPOINT_URL', 'http://127.0.0.1:9999');
		expect(new ImportExportClient({ credentials }).endpoint).toBe('http://127.0.0.1:9999/');
		vi.stubEnv('AWS_ENDPOINT_URL_IMPORTEXPORT', 'http://127.0.0.1:8888');
		expect(new ImportExportClient({ credentials }).endpoint).toBe('http://127.0.0.1:8888/');
		expect(
			new ImportExportClient({ credentials, endpoint: 'http://localhost:7777' }).endpoint,
		).toBe('http://localhost:7777/');
		vi.stubEnv('AWS_ENDPOINT_URL_IMPORTEXPORT', 'nonsense');
		expect(() => new ImportExportClient({ credentials })).toThrow(/AWS_ENDPOINT_URL_IMPORTEXPORT/);
	});
});
