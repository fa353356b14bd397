import { readFileSync } from 'node:fs';
import type { AddressInfo, Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { proxyFetch, quietly } from '../src/node/proxy-fetch.js';
import { awsHome } from './aws-env.js';
import { caught, emulator } from './helpers.js';
import { relayTo } from './loopback-server.js';

// AWS_CA_BUNDLE is trusted beside NODE_EXTRA_CA_CERTS, not instead of it, and a bundle that
// cannot be read is named with its variable. Real TLS on loopback only.

const closers: Array<() => void> = [];
afterEach(() => {
	for (const close of closers.splice(0)) close();
});

const fixture = (name: string): string =>
	fileURLToPath(new URL(`fixtures/tls/${name}`, import.meta.url));

/** TLS with a certificate of a private CA in front of the emulator; its https endpoint. */
async function privateTls(): Promise<string> {
	const server = await emulator({ jobCount: 1 });
	const target = new URL(server.endpoint);
	const sockets = new Set<Socket>();
	const tls = createTlsServer(
		{ cert: readFileSync(fixture('server.pem')), key: readFileSync(fixture('server.key')) },
		relayTo(Number(target.port), target.hostname),
	);
	tls.on('connection', (socket: Socket) => sockets.add(socket));
	closers.push(() => {
		tls.close();
		for (const socket of sockets) socket.destroy();
	});
	await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
	return `https://127.0.0.1:${(tls.address() as AddressInfo).port}/`;
}

describe('proxyFetch and private CAs', () => {
	it('trusts NODE_EXTRA_CA_CERTS beside AWS_CA_BUNDLE', async () => {
		const endpoint = await privateTls();
		await awsHome();
		// A bundle that does not hold the private CA: only the extra certificates do.
		vi.stubEnv('AWS_CA_BUNDLE', fixture('server.pem'));
		vi.stubEnv('NODE_EXTRA_CA_CERTS', fixture('ca.pem'));
		const response = await proxyFetch()(endpoint, { method: 'GET' });
		await response.arrayBuffer();
		expect(response.status).toBeGreaterThanOrEqual(200);
	});

	it('trusts AWS_CA_BUNDLE alone when NODE_EXTRA_CA_CERTS is not set', async () => {
		const endpoint = await privateTls();
		await awsHome();
		vi.stubEnv('NODE_EXTRA_CA_CERTS', undefined);
		vi.stubEnv('AWS_CA_BUNDLE', fixture('ca.pem'));
		const response = await proxyFetch()(endpoint, { method: 'GET' });
		await response.arrayBuffer();
		expect(response.status).toBeGreaterThanOrEqual(200);
	});

	it('a CA bundle that cannot be read is a TypeError naming its variable and path', async () => {
		const home = await awsHome();
		const missing = join(home.dir, 'no-such.pem');
		vi.stubEnv('AWS_CA_BUNDLE', missing);
		const error = await caught(() => proxyFetch()('https://127.0.0.1:1/'));
		expect(error).toBeInstanceOf(TypeError);
		expect(error.message).toMatch(
			new RegExp(`^Cannot read the CA bundle named by AWS_CA_BUNDLE \\(${missing}\\): ENOENT`),
		);
		expect(error.cause).toMatchObject({ code: 'ENOENT' });
		vi.stubEnv('AWS_CA_BUNDLE', fixture('ca.pem'));
		vi.stubEnv('NODE_EXTRA_CA_CERTS', missing);
		expect((await caught(() => proxyFetch()('https://127.0.0.1:1/'))).message).toMatch(
			/^Cannot read the CA bundle named by NODE_EXTRA_CA_CERTS /,
		);
	});
});

describe('quietly', () => {
	it('drops only undici’s EnvHttpProxyAgent warning while it builds, then puts emitWarning back', () => {
		const seen: unknown[] = [];
		// eslint-disable-next-line @typescript-eslint/unbound-method -- kept to be put back, as it was
		const original = process.emitWarning;
		const spy = ((warning: string, options?: { code?: string }) => {
			seen.push([warning, options?.code]);
		}) as typeof process.emitWarning;
		process.emitWarning = spy;
		try {
			const built = quietly(() => {
				process.emitWarning('experimental', { code: 'UNDICI-EHPA' });
				process.emitWarning('something else', { code: 'OTHER' });
				process.emitWarning('no code at all');
				return 'agent';
			});
			expect(built).toBe('agent');
			// eslint-disable-next-line @typescript-eslint/unbound-method -- compared by identity, never called
			expect(process.emitWarning).toBe(spy);
			expect(() =>
				quietly(() => {
					throw new Error('build failed');
				}),
			).toThrow('build failed');
			// eslint-disable-next-line @typescript-eslint/unbound-method -- compared by identity, never called
			expect(process.emitWarning).toBe(spy);
		} finally {
			process.emitWarning = original;
		}
		expect(seen).toEqual([
			['something else', 'OTHER'],
			['no code at all', undefined],
		]);
	});
});
