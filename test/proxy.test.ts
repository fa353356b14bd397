import { createServer, request as httpRequest } from 'node:http';
import { readFileSync } from 'node:fs';
import { connect, createServer as createTcpServer, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { NetworkError, paginateListJobs } from '../src/index.js';
import { ImportExportClient } from '../src/node/index.js';
import { awsHome } from './aws-env.js';
import { caught, emulator } from './helpers.js';
import { relayTo } from './loopback-server.js';

// The Node client's default fetch: HTTP(S)_PROXY / NO_PROXY through undici's EnvHttpProxyAgent,
// and one keep-alive connection for a whole listing. Real servers on loopback only.

const closers: Array<() => void> = [];
afterEach(() => {
	for (const close of closers.splice(0)) close();
});

/** Closes the server and every socket it handed out, tunnels included. */
function track(server: {
	close: () => unknown;
	on: (event: 'connection', listener: (socket: Socket) => void) => unknown;
}): void {
	const sockets = new Set<Socket>();
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	closers.push(() => {
		server.close();
		for (const socket of sockets) socket.destroy();
	});
}

/** A forward proxy: CONNECT tunnels (what undici sends) and plain absolute-URI forwarding. */
async function forwardProxy(): Promise<{ url: string; tunnels: string[]; forwarded: string[] }> {
	const tunnels: string[] = [];
	const forwarded: string[] = [];
	const server = createServer((req, res) => {
		forwarded.push(`${req.method} ${req.url}`);
		const upstream = httpRequest(
			req.url ?? '',
			{ method: req.method, headers: req.headers },
			(answer) => {
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
			},
		);
		upstream.on('error', () => res.destroy());
		req.pipe(upstream);
	});
	server.on('connect', (req, client: Socket, head: Buffer) => {
		tunnels.push(req.url ?? '');
		const [host, port] = (req.url ?? '').split(':');
		const upstream = connect(Number(port), host ?? '', () => {
			client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			upstream.write(head);
			upstream.pipe(client);
			client.pipe(upstream);
		});
		upstream.on('error', () => client.destroy());
		client.on('error', () => upstream.destroy());
		client.on('close', () => upstream.destroy());
	});
	track(server);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, tunnels, forwarded };
}

async function listAll(client: ImportExportClient): Promise<number> {
	let count = 0;
	for await (const _ of paginateListJobs(client, { pageSize: 10 })) count++;
	return count;
}

describe('proxies (Node client)', () => {
	it('sends the listing through HTTPS_PROXY / HTTP_PROXY, every page over one tunnel', async () => {
		const server = await emulator({ jobCount: 35 });
		const proxy = await forwardProxy();
		await awsHome();
		process.env['HTTP_PROXY'] = proxy.url;
		process.env['HTTPS_PROXY'] = proxy.url;
		const client = new ImportExportClient({
			endpoint: server.endpoint,
			credentials: server.credentials,
		});
		expect(await listAll(client)).toBe(35);
		expect(server.counters.listJobsServed).toBe(4);
		expect(proxy.tunnels).toEqual([new URL(server.endpoint).host]);
	});

	it.each(['http_proxy', 'HTTP_PROXY'])('reads %s alone', async (variable) => {
		const server = await emulator({ jobCount: 5 });
		const proxy = await forwardProxy();
		await awsHome();
		process.env[variable] = proxy.url;
		const client = new ImportExportClient({
			endpoint: server.endpoint,
			credentials: server.credentials,
		});
		expect(await listAll(client)).toBe(5);
		expect(proxy.tunnels).toHaveLength(1);
	});

	it('goes direct for a host in NO_PROXY', async () => {
		const server = await emulator({ jobCount: 15 });
		const proxy = await forwardProxy();
		await awsHome();
		process.env['HTTP_PROXY'] = proxy.url;
		process.env['NO_PROXY'] = '127.0.0.1';
		const client = new ImportExportClient({
			endpoint: server.endpoint,
			credentials: server.credentials,
		});
		expect(await listAll(client)).toBe(15);
		expect([...proxy.tunnels, ...proxy.forwarded]).toEqual([]);
	});

	it('keeps one connection alive for every page of a listing without a proxy', async () => {
		const server = await emulator({ jobCount: 50 });
		// A TCP relay in front of the emulator counts the connections the client opens.
		let connections = 0;
		const target = new URL(server.endpoint);
		const relayed = relayTo(Number(target.port), target.hostname);
		const relay = createTcpServer((socket) => {
			connections++;
			relayed(socket);
		});
		track(relay);
		await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
		await awsHome();
		const client = new ImportExportClient({
			endpoint: `http://127.0.0.1:${(relay.address() as AddressInfo).port}`,
			credentials: server.credentials,
		});
		let count = 0;
		for await (const _ of paginateListJobs(client, { pageSize: 5 })) count++;
		expect(count).toBe(50);
		expect(server.counters.listJobsServed).toBe(10);
		expect(connections).toBe(1);
	});

	it('trusts the private CA of AWS_CA_BUNDLE, directly and through a proxy tunnel', async () => {
		const server = await emulator({ jobCount: 12 });
		const target = new URL(server.endpoint);
		const fixture = (name: string): string =>
			fileURLToPath(new URL(`fixtures/tls/${name}`, import.meta.url));
		// TLS in front of a loopback port, with a certificate from a CA no system trusts.
		const tlsFront = async (port: number): Promise<string> => {
			const tls = createTlsServer(
				{ cert: readFileSync(fixture('server.pem')), key: readFileSync(fixture('server.key')) },
				relayTo(port),
			);
			track(tls);
			await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
			return `https://127.0.0.1:${(tls.address() as AddressInfo).port}`;
		};
		const endpoint = await tlsFront(Number(target.port));
		await awsHome();
		const untrusted = new ImportExportClient({
			endpoint,
			credentials: server.credentials,
			retry: { maxAttempts: 1 },
		});
		expect(await caught(() => untrusted.listJobs())).toBeInstanceOf(NetworkError);

		process.env['AWS_CA_BUNDLE'] = fixture('ca.pem');
		expect(
			await listAll(new ImportExportClient({ endpoint, credentials: server.credentials })),
		).toBe(12);

		const proxy = await forwardProxy();
		process.env['HTTPS_PROXY'] = proxy.url;
		expect(
			await listAll(new ImportExportClient({ endpoint, credentials: server.credentials })),
		).toBe(12);
		expect(proxy.tunnels).toEqual([new URL(endpoint).host]);

		// The lower-case https_proxy alone does the same.
		delete process.env['HTTPS_PROXY'];
		process.env['https_proxy'] = proxy.url;
		expect(
			await listAll(new ImportExportClient({ endpoint, credentials: server.credentials })),
		).toBe(12);
		expect(proxy.tunnels).toEqual([new URL(endpoint).host, new URL(endpoint).host]);

		// An HTTPS proxy (TLS to the proxy itself), its certificate from the same private CA.
		delete process.env['https_proxy'];
		process.env['HTTPS_PROXY'] = await tlsFront(Number(new URL(proxy.url).port));
		expect(
			await listAll(new ImportExportClient({ endpoint, credentials: server.credentials })),
		).toBe(12);
		expect(proxy.tunnels).toHaveLength(3);
	});
});
