import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CredentialsError } from '../src/index.js';
import { awsCredentialChain } from '../src/node/index.js';
import { describeError } from '../src/transport/errors.js';
import { awsHome } from './aws-env.js';
import { caught } from './helpers.js';

// The chain's first link (the environment's keys, read without loading the SDK) and what its
// failure says: the profile, the sources tried, and the SDK's reason, cut short when long.

const closers: Array<() => void> = [];
afterEach(() => {
	for (const close of closers.splice(0)) close();
});

/** A loopback STS that refuses every call with `refusal.message`. */
async function refusingSts(refusal: { message: string }): Promise<string> {
	const server = createServer((req, res) => {
		req.resume().on('end', () => {
			res.writeHead(400, { 'content-type': 'text/xml' });
			res.end(
				`<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>InvalidIdentityToken</Code><Message>${refusal.message}</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`,
			);
		});
	});
	closers.push(() => {
		server.close();
		server.closeAllConnections();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

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

	it('cuts a reason longer than 300 characters there, the whole of it in `cause`', async () => {
		const home = await awsHome();
		vi.stubEnv('AWS_WEB_IDENTITY_TOKEN_FILE', await home.write('token', 'a-token'));
		vi.stubEnv('AWS_ROLE_ARN', 'arn:aws:iam::123456789012:role/pod');
		vi.stubEnv('AWS_REGION', 'us-east-1');
		const refusal = { message: 'x' };
		vi.stubEnv('AWS_ENDPOINT_URL_STS', await refusingSts(refusal));
		const reason = async (): Promise<{ message: string; full: string }> => {
			const error = await caught(() => awsCredentialChain()());
			expect(error).toBeInstanceOf(CredentialsError);
			return { message: error.message, full: describeError(error.cause) };
		};
		// The SDK's words around the service's message, measured once.
		const around = (await reason()).full.length - 1;
		refusal.message = 'x'.repeat(300 - around);
		const exact = await reason();
		expect(exact.full).toHaveLength(300);
		expect(exact.message.endsWith(`): ${exact.full}`)).toBe(true);
		refusal.message = 'x'.repeat(301 - around);
		const long = await reason();
		expect(long.full).toHaveLength(301);
		expect(long.message.endsWith(`): ${long.full.slice(0, 300)}…`)).toBe(true);
	});
});
