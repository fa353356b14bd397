import { describe, expect, it, vi } from 'vitest';
import { CredentialsError } from '../src/index.js';
import { awsCredentialChain } from '../src/node/index.js';
import { describeError } from '../src/transport/errors.js';
import { awsHome } from './aws-env.js';
import { caught } from './helpers.js';

// The chain's first link (the environment's keys, read without loading the SDK) and what its
// failure says: the profile, the sources tried, and the SDK's reason, cut short when long.

describe('awsCredentialChain', () => {
	it('gives the environment keys as the SDK does, AWS_CREDENTIAL_EXPIRATION as a Date', async () => {
		await awsHome();
		vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAENVFIRSTLINK0001');
		vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'env-first-secret');
		const chain = awsCredentialChain();
		expect(chain.name).toBe('the AWS credential chain');
		const plain = await chain();
		expect(plain).toMatchObject({
			accessKeyId: 'AKIAENVFIRSTLINK0001',
			secretAccessKey: 'env-first-secret',
		});
		expect(plain).not.toHaveProperty('expiration');
		vi.stubEnv('AWS_SESSION_TOKEN', 'env-token');
		vi.stubEnv('AWS_CREDENTIAL_EXPIRATION', '2030-01-02T03:04:05Z');
		expect(await chain()).toMatchObject({
			sessionToken: 'env-token',
			expiration: new Date('2030-01-02T03:04:05Z'),
		});
	});

	it('an access key without its secret is not taken from the environment', async () => {
		await awsHome();
		vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAHALFKEY000000001');
		const error = await caught(() => awsCredentialChain()());
		expect(error).toBeInstanceOf(CredentialsError);
		expect(error.message).toMatch(
			/^No AWS credentials from the AWS credential chain \(profile "default"; tried fromEnv, /,
		);
	});

	it("names the profile of AWS_PROFILE and ends with the SDK's reason, the error itself in `cause`", async () => {
		await awsHome();
		vi.stubEnv('AWS_PROFILE', 'from-env');
		const error = await caught(() => awsCredentialChain()());
		expect(error.message).toContain('(profile "from-env"; tried ');
		expect(error.cause).toBeInstanceOf(Error);
		expect(error.message.endsWith(`): ${describeError(error.cause)}`)).toBe(true);
	});
});
