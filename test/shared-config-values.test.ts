import { describe, expect, it, vi } from 'vitest';
import { loadSharedSettings } from '../src/node/index.js';
import { awsHome } from './aws-env.js';

// What the AWS SDKs accept for each setting, and where they look for it: the values a user
// copies from their AWS CLI config must mean the same here, and a typo must be named.

describe('the profile', () => {
	it('an empty profile name counts as none: AWS_PROFILE, else default', async () => {
		await awsHome({ config: '[profile ci]\nmax_attempts = 3\n\n[default]\nmax_attempts = 4\n' });
		expect(await loadSharedSettings({ profile: '' })).toMatchObject({
			profile: 'default',
			maxAttempts: { value: 4 },
		});
		vi.stubEnv('AWS_PROFILE', 'ci');
		expect(await loadSharedSettings({ profile: '' })).toMatchObject({
			profile: 'ci',
			maxAttempts: { value: 3, source: 'max_attempts in profile "ci"' },
		});
	});

	it('a setting in the credentials file counts, and the config file beats it', async () => {
		await awsHome({
			config: '[default]\nretry_mode = adaptive\n',
			credentials: '[default]\nretry_mode = standard\nmax_attempts = 6\n',
		});
		expect(await loadSharedSettings()).toMatchObject({
			maxAttempts: { value: 6 },
			retryMode: { value: 'adaptive' },
		});
	});

	it('reads the files for any one setting not given in code', async () => {
		await awsHome({
			config:
				'[default]\nmax_attempts = 7\nretry_mode = adaptive\nendpoint_url = http://127.0.0.1:8/\n',
		});
		expect(await loadSharedSettings({ skip: { endpoint: true, retryMode: true } })).toEqual({
			profile: 'default',
			maxAttempts: { value: 7, source: 'max_attempts in profile "default"' },
		});
		expect(await loadSharedSettings({ skip: { maxAttempts: true, retryMode: true } })).toEqual({
			profile: 'default',
			endpoint: { value: 'http://127.0.0.1:8/', source: 'endpoint_url in profile "default"' },
		});
		expect(await loadSharedSettings({ skip: { endpoint: true, maxAttempts: true } })).toEqual({
			profile: 'default',
			retryMode: { value: 'adaptive', source: 'retry_mode in profile "default"' },
		});
	});
});

describe('ignore_configured_endpoint_urls', () => {
	it('takes any case of true, and AWS_IGNORE_CONFIGURED_ENDPOINT_URLS beats the profile', async () => {
		await awsHome({
			config:
				'[profile loud]\nignore_configured_endpoint_urls = TRUE\nendpoint_url = http://127.0.0.1:1/\n\n[profile off]\nignore_configured_endpoint_urls = false\nendpoint_url = http://127.0.0.1:2/\n',
		});
		expect((await loadSharedSettings({ profile: 'loud' })).endpoint).toBeUndefined();
		expect((await loadSharedSettings({ profile: 'off' })).endpoint?.value).toBe(
			'http://127.0.0.1:2/',
		);
		vi.stubEnv('AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', 'false');
		expect((await loadSharedSettings({ profile: 'loud' })).endpoint?.value).toBe(
			'http://127.0.0.1:1/',
		);
		vi.stubEnv('AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', 'True');
		expect((await loadSharedSettings({ profile: 'off' })).endpoint).toBeUndefined();
	});

	it('a services section without an importexport endpoint falls back to endpoint_url', async () => {
		await awsHome({
			config:
				'[default]\nservices = other\nendpoint_url = http://127.0.0.1:2/\n\n[services other]\ns3 =\n  endpoint_url = http://127.0.0.1:3/\n\n[services undefined]\nimportexport =\n  endpoint_url = http://127.0.0.1:4/\n\n[profile bare]\nendpoint_url = http://127.0.0.1:5/\n',
		});
		expect((await loadSharedSettings()).endpoint).toEqual({
			value: 'http://127.0.0.1:2/',
			source: 'endpoint_url in profile "default"',
		});
		// No `services` key: no services section is looked up at all.
		expect((await loadSharedSettings({ profile: 'bare' })).endpoint?.value).toBe(
			'http://127.0.0.1:5/',
		);
	});
});

describe('max_attempts', () => {
	it('takes an integer from 1 to 100, spaces around it allowed', async () => {
		await awsHome();
		for (const [raw, value] of [
			['1', 1],
			['100', 100],
			[' 3 ', 3],
			['07', 7],
		] as const) {
			vi.stubEnv('AWS_MAX_ATTEMPTS', raw);
			expect((await loadSharedSettings()).maxAttempts, raw).toEqual({
				value,
				source: 'AWS_MAX_ATTEMPTS',
			});
		}
	});

	it('refuses anything else, naming the source and the value', async () => {
		await awsHome();
		for (const raw of ['0', '101', '2.5', '1e2', '0x10', '-3', '3 tries', 'x3', 'three']) {
			vi.stubEnv('AWS_MAX_ATTEMPTS', raw);
			await expect(loadSharedSettings(), raw).rejects.toThrow(
				`Expected AWS_MAX_ATTEMPTS to be an integer from 1 to 100, got ${JSON.stringify(raw)}.`,
			);
		}
	});

	it('an empty max_attempts or retry_mode in the profile is not set', async () => {
		await awsHome({ config: '[default]\nmax_attempts =\nretry_mode =\n' });
		expect(await loadSharedSettings({ skip: { endpoint: true } })).toEqual({
			profile: 'default',
			maxAttempts: undefined,
			retryMode: undefined,
		});
	});
});

describe('retry_mode', () => {
	it('takes any case and spaces around it; legacy runs as standard', async () => {
		await awsHome();
		for (const [raw, value] of [
			[' Adaptive ', 'adaptive'],
			['STANDARD', 'standard'],
			['Legacy', 'standard'],
		] as const) {
			vi.stubEnv('AWS_RETRY_MODE', raw);
			expect((await loadSharedSettings()).retryMode, raw).toEqual({
				value,
				source: 'AWS_RETRY_MODE',
			});
		}
		vi.stubEnv('AWS_RETRY_MODE', 'fast');
		await expect(loadSharedSettings()).rejects.toThrow(
			`Expected AWS_RETRY_MODE to be 'standard' or 'adaptive', got "fast".`,
		);
	});
});
