import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
	AbortError,
	ImportExportError,
	NetworkError,
	ResponseTooLargeError,
	TimeoutError,
} from '../src/index.js';
import { sendRequest, type SendOptions } from '../src/transport/http.js';
import { caught } from './helpers.js';
import { loopbackServer } from './loopback-server.js';

// One HTTP attempt (transport/http.ts), called directly against loopback servers: what it
// reads, where it stops, and how each failure is named.

const options = (overrides: Partial<SendOptions> = {}): SendOptions => ({
	fetch,
	operation: 'ListJobs',
	timeoutMs: 60_000,
	maxResponseBytes: 1024,
	signal: undefined,
	...overrides,
});

const post: RequestInit = { method: 'POST', body: 'Action=ListJobs' };

afterEach(() => {
	vi.useRealTimers();
});

/** A server that sends `head` and `chunks`, then never ends the body. */
async function stalling(head: Record<string, string>, chunks: string[]): Promise<{ url: string }> {
	const sockets = new Set<import('node:net').Socket>();
	const server: Server = createServer((req, res) => {
		req.resume();
		res.writeHead(200, head);
		for (const chunk of chunks) res.write(chunk);
	});
	server.on('connection', (socket) => sockets.add(socket));
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	closers.push(
		() =>
			new Promise<void>((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			}),
	);
	return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
	await Promise.all(closers.splice(0).map((close) => close()));
});

describe('sendRequest: what it reads', () => {
	it('joins a body that arrives in many chunks, in order', async () => {
		const server = await loopbackServer((_request, response) => {
			// Written in parts: chunked, with no Content-Length.
			response.writeHead(200, { 'content-type': 'text/xml' });
			response.write('<a>one ');
			response.end('two three</a>');
		});
		// Every byte its own chunk, as a slow link may deliver it.
		const byteByByte = new TransformStream<Uint8Array, Uint8Array>({
			transform(chunk, stream) {
				for (const byte of chunk) stream.enqueue(Uint8Array.of(byte));
			},
		});
		const response = await sendRequest(
			server.endpoint,
			post,
			options({
				fetch: async (input, init) => {
					const real = await fetch(input, init);
					return new Response(real.body!.pipeThrough(byteByByte), real);
				},
			}),
		);
		expect(response.status).toBe(200);
		expect(response.body).toBe('<a>one two three</a>');
		expect(response.headers.get('content-type')).toBe('text/xml');
		expect(server.requests.map((r) => r.method)).toEqual(['POST']);
	});

	it('reads a streamed body of exactly maxResponseBytes, and refuses one byte more', async () => {
		let size = 0;
		const server = await loopbackServer((_request, response) => {
			response.writeHead(200, { 'content-type': 'text/xml' });
			response.write('x'.repeat(size - 10));
			response.end('y'.repeat(10));
		});
		size = 1024;
		expect((await sendRequest(server.endpoint, post, options())).body).toHaveLength(1024);
		size = 1025;
		const error = (await caught(() =>
			sendRequest(server.endpoint, post, options()),
		)) as ResponseTooLargeError;
		expect(error).toBeInstanceOf(ResponseTooLargeError);
		expect(error.message).toBe(
			`ListJobs POST ${server.endpoint}: the HTTP 200 response body is larger than the 1024-byte limit (maxResponseBytes); the read was stopped.`,
		);
		expect(error).toMatchObject({ limitBytes: 1024, statusCode: 200, operation: 'ListJobs' });
		expect(error.retryKind).toBeUndefined();
	});

	it('refuses a declared Content-Length over the limit before reading it, naming the status', async () => {
		const server = await loopbackServer((_request, response) => {
			const body = 'z'.repeat(2000);
			response.writeHead(503, { 'content-length': String(body.length) });
			response.end(body);
		});
		const error = (await caught(() =>
			sendRequest(server.endpoint, post, options()),
		)) as ResponseTooLargeError;
		expect(error).toBeInstanceOf(ResponseTooLargeError);
		expect(error).toMatchObject({ limitBytes: 1024, statusCode: 503 });
		expect(error.message).toContain(
			'the HTTP 503 response body is larger than the 1024-byte limit',
		);
	});

	it('reads a declared Content-Length of exactly the limit', async () => {
		const server = await loopbackServer((_request, response) => {
			response.writeHead(200, { 'content-length': '1024' });
			response.end('k'.repeat(1024));
		});
		expect((await sendRequest(server.endpoint, post, options())).body).toBe('k'.repeat(1024));
	});

	it('measures a compressed body by what it inflates to, not by its Content-Length', async () => {
		const inflated = 'j'.repeat(5000);
		const compressed = gzipSync(inflated);
		expect(compressed.byteLength).toBeLessThan(1024);
		const server = await loopbackServer((_request, response) => {
			response.writeHead(200, {
				'content-encoding': 'gzip',
				'content-length': String(compressed.byteLength),
			});
			response.end(compressed);
		});
		const error = await caught(() => sendRequest(server.endpoint, post, options()));
		expect(error).toBeInstanceOf(ResponseTooLargeError);
		const roomy = await sendRequest(server.endpoint, post, options({ maxResponseBytes: 5000 }));
		expect(roomy.body).toBe(inflated);
	});

	it('reads an identity-encoded body with a Content-Length in one go', async () => {
		const server = await loopbackServer((_request, response) => {
			response.writeHead(200, { 'content-encoding': 'identity', 'content-length': '5' });
			response.end('hello');
		});
		expect((await sendRequest(server.endpoint, post, options())).body).toBe('hello');
	});

	it('gives an empty body for a response that has none', async () => {
		const server = await loopbackServer((_request, response) => {
			response.writeHead(204);
			response.end();
		});
		expect(await sendRequest(server.endpoint, post, options())).toMatchObject({
			status: 204,
			body: '',
		});
	});

	it('never follows a redirect, and says where it pointed', async () => {
		const server = await loopbackServer((_request, response) => {
			response.writeHead(307, { location: 'http://elsewhere.invalid:8443/path?secret=1' });
			response.end('moved');
		});
		const error = await caught(() => sendRequest(server.endpoint, post, options()));
		expect(error.name).toBe('RedirectError');
		expect(error.message).toContain('HTTP 307 to http://elsewhere.invalid:8443');
		expect(server.requests).toHaveLength(1);
	});

	it('reads a body of declared length in one native read, and streams the rest', async () => {
		const server = await loopbackServer((request, response) => {
			if (request.url === '/sized') response.writeHead(200, { 'content-length': '5' });
			else if (request.url === '/identity')
				response.writeHead(200, { 'content-length': '5', 'content-encoding': 'identity' });
			else response.writeHead(200, { 'transfer-encoding': 'chunked' });
			response.end('hello');
		});
		const reads: Array<[string, boolean]> = [];
		const watching: SendOptions['fetch'] = async (input, init) => {
			const response = await fetch(input, init);
			const native = response.arrayBuffer.bind(response);
			const entry: [string, boolean] = [
				new URL(input instanceof Request ? input.url : input).pathname,
				false,
			];
			reads.push(entry);
			response.arrayBuffer = async () => {
				entry[1] = true;
				return native();
			};
			return response;
		};
		for (const path of ['/sized', '/identity', '/chunked'])
			expect(
				(await sendRequest(`${server.origin}${path}`, post, options({ fetch: watching }))).body,
			).toBe('hello');
		expect(reads).toEqual([
			['/sized', true],
			['/identity', true],
			['/chunked', false],
		]);
	});

	it.each([
		['declared by Content-Length', true],
		['streamed', false],
	])(
		'stops downloading an oversized body %s: the server sees the connection end',
		async (_name, declared) => {
			let closed!: () => void;
			const connectionEnded = new Promise<void>((resolve) => (closed = resolve));
			const server = await loopbackServer((_request, response) => {
				const chunk = 'x'.repeat(64 * 1024);
				const total = 256;
				response.writeHead(200, declared ? { 'content-length': String(chunk.length * total) } : {});
				response.on('close', () => closed());
				// Written as the socket drains: a client that stops reading leaves it pending.
				let sent = 0;
				const more = (): void => {
					while (sent < total) {
						sent++;
						if (!response.write(chunk)) return void response.once('drain', more);
					}
					response.end();
				};
				more();
			});
			const error = await caught(() => sendRequest(server.endpoint, post, options()));
			expect(error).toBeInstanceOf(ResponseTooLargeError);
			await connectionEnded;
		},
	);

	it('handles responses without a body (HEAD): a redirect, an oversized length, an empty read', async () => {
		const server = await loopbackServer((request, response) => {
			if (request.url === '/moved') response.writeHead(302, { location: '/elsewhere' });
			else if (request.url === '/large') response.writeHead(200, { 'content-length': '5000' });
			else response.writeHead(200, { 'content-type': 'text/xml' });
			response.end();
		});
		const head: RequestInit = { method: 'HEAD' };
		const redirect = await caught(() => sendRequest(`${server.origin}/moved`, head, options()));
		expect(redirect.name).toBe('RedirectError');
		const large = await caught(() => sendRequest(`${server.origin}/large`, head, options()));
		expect(large).toBeInstanceOf(ResponseTooLargeError);
		expect(await sendRequest(`${server.origin}/plain`, head, options())).toMatchObject({
			status: 200,
			body: '',
		});
	});
});

describe('sendRequest: how it fails', () => {
	it('sends nothing when the caller has already aborted, and keeps the reason as the cause', async () => {
		const server = await loopbackServer((_request, response) => response.end());
		const controller = new AbortController();
		const reason = new Error('user gave up');
		controller.abort(reason);
		const error = await caught(() =>
			sendRequest(server.endpoint, post, options({ signal: controller.signal })),
		);
		expect(error).toBeInstanceOf(AbortError);
		expect(error.message).toBe(`ListJobs POST ${server.endpoint} aborted before it was sent.`);
		expect(error.cause).toBe(reason);
		expect((error as AbortError).operation).toBe('ListJobs');
		expect(server.requests).toHaveLength(0);
	});

	it('names GET when the request has no method', async () => {
		const server = await loopbackServer((_request, response) => response.end());
		const controller = new AbortController();
		controller.abort();
		const error = await caught(() =>
			sendRequest(server.endpoint, {}, options({ signal: controller.signal })),
		);
		expect(error.message).toBe(`ListJobs GET ${server.endpoint} aborted before it was sent.`);
	});

	it('says a port fetch refuses is the problem, and does not make it retryable', async () => {
		const error = await caught(() => sendRequest('http://127.0.0.1:1/', post, options()));
		expect(error).toBeInstanceOf(ImportExportError);
		expect(error).not.toBeInstanceOf(NetworkError);
		expect((error as ImportExportError).retryKind).toBeUndefined();
		expect(error.message).toBe(
			'ListJobs POST http://127.0.0.1:1/ was refused by fetch: the port is one fetch never connects to ("bad port"); use another port.',
		);
		expect((error.cause as Error).message).toBe('fetch failed');
	});

	it('names the socket error of a refused connection in a retryable NetworkError', async () => {
		// A port that was just free: nothing listens there any more.
		const server = createServer();
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
		await new Promise<void>((resolve) => server.close(() => resolve()));
		const error = await caught(() => sendRequest(url, post, options()));
		expect(error).toBeInstanceOf(NetworkError);
		expect((error as NetworkError).retryKind).toBe('transient');
		expect(error.message).toMatch(
			new RegExp(
				`^ListJobs POST ${url} failed before a response arrived: connect ECONNREFUSED .* \\(ECONNREFUSED\\)\\.$`,
			),
		);
	});

	it('describes a thrown value that is not a TypeError as it is', async () => {
		const error = await caught(() =>
			sendRequest(
				'http://127.0.0.1:9/',
				post,
				options({
					fetch: () => Promise.reject(new RangeError('no route', { cause: new Error('hidden') })),
				}),
			),
		);
		expect(error).toBeInstanceOf(NetworkError);
		expect(error.message).toBe(
			'ListJobs POST http://127.0.0.1:9/ failed before a response arrived: no route.',
		);
	});

	it('describes a TypeError with no cause by its own message', async () => {
		const error = await caught(() =>
			sendRequest(
				'http://127.0.0.1:9/',
				post,
				options({ fetch: () => Promise.reject(new TypeError('Failed to fetch')) }),
			),
		);
		expect(error).toBeInstanceOf(NetworkError);
		expect(error.message).toBe(
			'ListJobs POST http://127.0.0.1:9/ failed before a response arrived: Failed to fetch.',
		);
	});

	it('turns a fetch that rejects with nothing at all into a NetworkError', async () => {
		const error = await caught(() =>
			// eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- a fetch that rejects with nothing
			sendRequest('http://127.0.0.1:9/', post, options({ fetch: () => Promise.reject(undefined) })),
		);
		expect(error).toBeInstanceOf(NetworkError);
		expect(error.message).toBe(
			'ListJobs POST http://127.0.0.1:9/ failed before a response arrived: undefined.',
		);
	});

	it('passes an error of its own kind through unchanged', async () => {
		const own = new ImportExportError('already explained');
		const error = await caught(() =>
			sendRequest('http://127.0.0.1:9/', post, options({ fetch: () => Promise.reject(own) })),
		);
		expect(error).toBe(own);
	});

	it('ends a fetch that ignores its signal at the timeout, as a TimeoutError', async () => {
		const error = (await caught(() =>
			sendRequest(
				'http://127.0.0.1:9/',
				post,
				options({ timeoutMs: 30, fetch: () => new Promise<Response>(() => {}) }),
			),
		)) as TimeoutError;
		expect(error).toBeInstanceOf(TimeoutError);
		expect(error.timeoutMs).toBe(30);
		expect(error.retryKind).toBe('timeout');
		expect(error.message).toBe(
			'ListJobs POST http://127.0.0.1:9/ timed out after 30 ms before a response arrived.',
		);
	});

	it('times out a body that stops half way, saying it was reading it', async () => {
		const { url } = await stalling({ 'content-type': 'text/xml' }, ['<ListJobsResponse>']);
		const error = await caught(() => sendRequest(url, post, options({ timeoutMs: 100 })));
		expect(error).toBeInstanceOf(TimeoutError);
		expect(error.message).toBe(
			`ListJobs POST ${url} timed out after 100 ms while reading the HTTP 200 response body.`,
		);
	});

	it('aborts a body that stops half way when the caller aborts, with the caller’s reason', async () => {
		const { url } = await stalling({ 'content-type': 'text/xml' }, ['<ListJobsResponse>']);
		const controller = new AbortController();
		const reason = new Error('stop reading');
		// The caller aborts once the first bytes of the body are read.
		const abortOnFirstChunk = new TransformStream<Uint8Array, Uint8Array>({
			transform(chunk, stream) {
				stream.enqueue(chunk);
				controller.abort(reason);
			},
		});
		const pending = caught(() =>
			sendRequest(
				url,
				post,
				options({
					signal: controller.signal,
					fetch: async (input, init) => {
						const response = await fetch(input, init);
						return new Response(response.body!.pipeThrough(abortOnFirstChunk), response);
					},
				}),
			),
		);
		const error = await pending;
		expect(error).toBeInstanceOf(AbortError);
		expect(error.message).toBe(
			`ListJobs POST ${url} aborted while reading the HTTP 200 response body.`,
		);
		expect(error.cause).toBe(reason);
	});

	it('aborts a request waiting for its response when the caller aborts', async () => {
		const url = 'http://127.0.0.1:9/';
		const controller = new AbortController();
		const pending = caught(() =>
			sendRequest(
				url,
				post,
				options({
					signal: controller.signal,
					// A fetch that answers only to its signal, aborted by the caller once it is waiting.
					fetch: (_input, init) => {
						queueMicrotask(() => controller.abort(new Error('cancelled')));
						return new Promise<Response>((_resolve, reject) =>
							init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
						);
					},
				}),
			),
		);
		const error = await pending;
		expect(error).toBeInstanceOf(AbortError);
		expect(error.message).toBe(`ListJobs POST ${url} aborted before a response arrived.`);
		expect((error.cause as Error).message).toBe('cancelled');
	});
});

describe('sendRequest: what it leaves behind', () => {
	it('stops listening to the caller’s signal once the attempt is over', async () => {
		const server = await loopbackServer((_request, response) => response.end('ok'));
		const controller = new AbortController();
		const added = vi.spyOn(controller.signal, 'addEventListener');
		const removed = vi.spyOn(controller.signal, 'removeEventListener');
		await sendRequest(server.endpoint, post, options({ signal: controller.signal }));
		expect(added).toHaveBeenCalledTimes(1);
		expect(removed).toHaveBeenCalledWith('abort', added.mock.calls[0]![1]);
	});

	it('leaves no timer running once the response is read', async () => {
		vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
		const response = await sendRequest(
			'http://127.0.0.1:9/',
			post,
			options({ fetch: async () => new Response('done', { status: 200 }) }),
		);
		expect(response.body).toBe('done');
		expect(vi.getTimerCount()).toBe(0);
	});

	it('leaves no timer running once an attempt failed', async () => {
		vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
		await caught(() =>
			sendRequest(
				'http://127.0.0.1:9/',
				post,
				options({ fetch: () => Promise.reject(new TypeError('fetch failed')) }),
			),
		);
		expect(vi.getTimerCount()).toBe(0);
	});

	it('asks fetch not to follow redirects, with its own signal', async () => {
		let seen: RequestInit | undefined;
		await sendRequest(
			'http://127.0.0.1:9/',
			{ ...post, headers: { 'x-test': '1' } },
			options({
				fetch: async (_input, init) => {
					seen = init;
					return new Response('ok');
				},
			}),
		);
		expect(seen?.redirect).toBe('manual');
		expect(seen?.method).toBe('POST');
		expect(seen?.body).toBe('Action=ListJobs');
		expect(seen?.headers).toEqual({ 'x-test': '1' });
		expect(seen?.signal).toBeInstanceOf(AbortSignal);
		expect(seen?.signal?.aborted).toBe(false);
	});
});
