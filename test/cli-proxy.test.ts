import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { collectOutput, startCli } from './cli-run.js';
import { emulator } from './helpers.js';

// The built CLI (a bundle) behind a proxy: undici, which only a proxy or AWS_CA_BUNDLE loads,
// must work from the bundle as it does from the library (test/proxy.test.ts).

const closers: Array<() => void> = [];
afterEach(() => {
	for (const close of closers.splice(0)) close();
});

/** A CONNECT-only forward proxy on loopback, which records the tunnels it opened. */
async function tunnelProxy(): Promise<{ url: string; tunnels: string[] }> {
	const tunnels: string[] = [];
	const sockets = new Set<Socket>();
	const server = createServer((client) => {
		sockets.add(client);
		client.on('close', () => sockets.delete(client));
		client.once('data', (head: Buffer) => {
			const target = /^CONNECT (\S+) HTTP/.exec(head.toString('latin1'))?.[1];
			const [host, port] = (target ?? '').split(':');
			if (target === undefined || host === undefined || port === undefined) {
				client.destroy();
				return;
			}
			tunnels.push(target);
			const upstream = connect(Number(port), host, () => {
				client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
				upstream.pipe(client);
				client.pipe(upstream);
			});
			sockets.add(upstream);
			upstream.on('error', () => client.destroy());
			client.on('error', () => upstream.destroy());
			client.on('close', () => upstream.destroy());
		});
	});
	closers.push(() => {
		server.close();
		for (const socket of sockets) socket.destroy();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, tunnels };
}

describe('the CLI behind a proxy', () => {
	it('list goes through HTTP_PROXY and lists every job', async () => {
		const server = await emulator({ jobCount: 12 });
		const proxy = await tunnelProxy();
		const env = {
			AWS_ACCESS_KEY_ID: server.credentials.accessKeyId,
			AWS_SECRET_ACCESS_KEY: server.credentials.secretAccessKey,
			HTTP_PROXY: proxy.url,
		};
		const result = await collectOutput(
			startCli(['list', '--endpoint', server.endpoint, '--page-size', '5'], env),
		);
		expect(result.code, result.stderr).toBe(0);
		expect(result.stdout.trim().split('\n')).toHaveLength(12);
		expect(proxy.tunnels).toEqual([new URL(server.endpoint).host]);
	});
});
