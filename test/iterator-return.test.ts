// Issue 9, items 9 and 10: return() while a next() is pending aborts the request in flight and
// settles; once onPage aborts, the page paginator yields nothing more.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
	AbortError,
	ImportExportClient,
	jobsWebStream,
	paginateListJobPages,
	paginateListJobs,
} from '../src/index.js';
import { jobsReadable } from '../src/node/index.js';
import { caught, clientFor, emulator } from './helpers.js';

/** A loopback server that reads every request and never answers; it reports each request and each socket closed. */
async function silentServer(): Promise<{
	server: Server;
	endpoint: string;
	request: Promise<IncomingMessage>;
	closed: Promise<void>;
}> {
	let onRequest: (request: IncomingMessage) => void = () => {};
	let onClosed: () => void = () => {};
	const request = new Promise<IncomingMessage>((resolve) => {
		onRequest = resolve;
	});
	const closed = new Promise<void>((resolve) => {
		onClosed = resolve;
	});
	const server = createServer((incoming) => {
		incoming.resume();
		incoming.socket.once('close', onClosed);
		onRequest(incoming);
	});
	servers.push(server);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		server,
		endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		request,
		closed,
	};
}

const servers: Server[] = [];
afterEach(async () => {
	for (const server of servers.splice(0)) {
		server.closeAllConnections();
		await new Promise((resolve) => server.close(resolve));
	}
});

function clientOf(endpoint: string): ImportExportClient {
	// The defaults: a 30 s timeout and 3 attempts, so only an abort can end the wait in time.
	return new ImportExportClient({
		endpoint,
		credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret-for-a-silent-server' },
	});
}

describe('return() while next() is pending', () => {
	for (const [name, open] of [
		['paginateListJobs', (client: ImportExportClient) => paginateListJobs(client)],
		['paginateListJobPages', (client: ImportExportClient) => paginateListJobPages(client)],
	] as const) {
		it(`${name}: aborts the request in flight; return() and the pending next() settle`, async () => {
			const silent = await silentServer();
			const iterator: AsyncGenerator<unknown, void, undefined> = open(clientOf(silent.endpoint));
			const pending = iterator.next().then(
				(result) => ({ result }),
				(error: unknown) => ({ error }),
			);
			await silent.request;
			const returned = await iterator.return(undefined);
			expect(returned).toEqual({ done: true, value: undefined });
			// The server sees the client go away; the pending next() ends as an abort.
			await silent.closed;
			const outcome = await pending;
			expect((outcome as { error?: unknown }).error).toBeInstanceOf(AbortError);
			expect(await iterator.next()).toEqual({ done: true, value: undefined });
		});
	}

	it('return() before the first next() sends nothing and ends the iterator', async () => {
		const server = await emulator({ jobCount: 5 });
		const iterator = paginateListJobs(clientFor(server).client);
		expect(await iterator.return(undefined)).toEqual({ done: true, value: undefined });
		expect(await iterator.next()).toEqual({ done: true, value: undefined });
		expect(server.counters.requests).toBe(0);
	});

	it('jobsWebStream: cancel while a read is pending closes the socket', async () => {
		const silent = await silentServer();
		const reader = jobsWebStream(clientOf(silent.endpoint)).getReader();
		const read = reader.read().then(
			(result) => ({ result }),
			(error: unknown) => ({ error }),
		);
		await silent.request;
		await reader.cancel();
		await silent.closed;
		expect(await read).toEqual({ result: { done: true, value: undefined } });
	});

	it('jobsReadable: destroy while a read is pending closes the socket', async () => {
		const silent = await silentServer();
		const stream = jobsReadable(clientOf(silent.endpoint));
		stream.resume();
		await silent.request;
		const closedStream = new Promise((resolve) => stream.once('close', resolve));
		stream.destroy();
		await silent.closed;
		await closedStream;
	});
});

describe('an abort from onPage', () => {
	it('paginateListJobPages yields no page once onPage aborted, as paginateListJobs yields no job', async () => {
		const server = await emulator({ jobCount: 30 });
		const { client } = clientFor(server);
		for (const list of [paginateListJobPages, paginateListJobs] as const) {
			const controller = new AbortController();
			const yielded: unknown[] = [];
			const error = await caught(async () => {
				const listing = list(client, {
					pageSize: 10,
					signal: controller.signal,
					onPage: () => controller.abort(),
				}) as AsyncIterable<unknown>;
				for await (const item of listing) yielded.push(item);
			});
			expect(error, list.name).toBeInstanceOf(AbortError);
			expect(yielded, list.name).toEqual([]);
			expect((error as AbortError).resumeMarker).toBeUndefined();
			expect((error as AbortError).pagesRead).toBe(0);
		}
	});
});
