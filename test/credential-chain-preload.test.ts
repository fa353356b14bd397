import { describe, expect, it, vi } from 'vitest';
import { CredentialsError } from '../src/transport/credentials.js';
import { awsHome } from './aws-env.js';

// The SDK's chain, counted where it is built: the real one, wrapped (nothing about it changes).
const built = vi.hoisted(() => ({ chains: 0 }));
vi.mock('@aws-sdk/credential-providers', async (importOriginal) => {
	const actual = await importOriginal<typeof import('@aws-sdk/credential-providers')>();
	return {
		...actual,
		fromNodeProviderChain: (...args: Parameters<typeof actual.fromNodeProviderChain>) => {
			built.chains++;
			return actual.fromNodeProviderChain(...args);
		},
	};
});

const { awsCredentialChain } = await import('../src/node/credential-chain.js');

describe('awsCredentialChain().preload()', () => {
	it('builds the SDK chain once, and only when the environment keys will not do', async () => {
		await awsHome();
		process.env['AWS_ACCESS_KEY_ID'] = 'AKIAPRELOADEXAMPLE01';
		process.env['AWS_SECRET_ACCESS_KEY'] = 'preload-secret';
		await awsCredentialChain().preload();
		expect(built.chains).toBe(0);

		delete process.env['AWS_ACCESS_KEY_ID'];
		const chain = awsCredentialChain();
		await chain.preload();
		expect(built.chains).toBe(1);
		await chain.preload();
		// The call after it walks the chain preload built (nothing to find here: metadata is off).
		await expect(chain()).rejects.toBeInstanceOf(CredentialsError);
		expect(built.chains).toBe(1);
	});
});
