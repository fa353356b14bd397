import { describe, expect, it, vi } from 'vitest';
import { ImportExportClient, type ImportExportClientOptions } from '../src/node/index.js';
import { awsHome } from './aws-env.js';
import { caught, emulator } from './helpers.js';

// The Node client's own options: `profile` checked by name, settings found in the environment
// and the profile only where code gave none, and a configured endpoint checked where its
// source can be named.

class Probe extends ImportExportClient {
	found() {
		return this.loadOptions();
	}
}

const keys = { accessKeyId: 'AKIANODECLIENT000001', secretAccessKey: 'node-client-secret' };

describe('the Node ImportExportClient', () => {
	it('refuses an empty profile name or one that could break out of its section', () => {
		for (const profile of ['', 'a]b', 'a\nb', 'a\rb', 5]) {
			expect(
				() => new ImportExportClient({ profile } as ImportExportClientOptions),
				String(profile),
			).toThrow(/^Expected `profile` to be a profile name, got /);
		}
		expect(() => new ImportExportClient(null as never)).toThrow(TypeError);
	});

	it('with everything given in code, reads no file and loads nothing', async () => {
		await awsHome({ config: '[default]\nendpoint_url = bogus\nmax_attempts = bogus\n' });
		const given = {
			endpoint: 'http://127.0.0.1:1',
			credentials: keys,
			retry: { maxAttempts: 2, mode: 'standard' },
		} as const;
		expect(new Probe(given).found()).toBeUndefined();
		// The credential chain is still preloaded; the options are those given.
		const { credentials: _, ...rest } = given;
		vi.stubEnv('AWS_ACCESS_KEY_ID', keys.accessKeyId);
		vi.stubEnv('AWS_SECRET_ACCESS_KEY', keys.secretAccessKey);
		const options = await new Probe(rest).found();
		expect(options).toMatchObject(rest);
	});

	it('the default endpoint when none is configured; a retry option set to undefined hides nothing', async () => {
		await awsHome({ config: '[default]\nmax_attempts = 4\n' });
		const options = await new Probe({
			credentials: keys,
			retry: { maxAttempts: undefined, mode: 'adaptive' },
		}).found();
		expect(options?.endpoint).toBe('https://importexport.amazonaws.com');
		expect(options?.retry).toEqual({ maxAttempts: 4, mode: 'adaptive' });
	});

	it('takes an https endpoint from the profile and refuses any other scheme, naming the setting', async () => {
		await awsHome({
			config:
				'[profile secure]\nendpoint_url = https://importexport.example.test\n\n[profile ftp]\nendpoint_url = ftp://importexport.example.test\n',
		});
		expect((await new Probe({ credentials: keys, profile: 'secure' }).found())?.endpoint).toBe(
			'https://importexport.example.test',
		);
		const error = await caught(() => new Probe({ credentials: keys, profile: 'ftp' }).found());
		expect(error).toBeInstanceOf(TypeError);
		expect(error.message).toBe(
			'Expected endpoint_url in profile "ftp" to be an absolute http(s) URL, got "ftp://importexport.example.test".',
		);
	});

	it('uses the fetch it is given', async () => {
		const server = await emulator({ jobCount: 2, credentials: keys });
		await awsHome();
		const urls: string[] = [];
		const client = new ImportExportClient({
			endpoint: server.endpoint,
			credentials: keys,
			fetch: (input, init) => {
				urls.push(String(input instanceof Request ? input.url : input));
				return fetch(input, init);
			},
		});
		expect((await client.listJobs()).Jobs).toHaveLength(2);
		expect(urls).toHaveLength(1);
	});
});
