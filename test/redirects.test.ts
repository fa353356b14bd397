import { describe, expect, it } from 'vitest';
import {
	ImportExportClient,
	ImportExportError,
	RedirectError,
	paginateListJobs,
} from '../src/index.js';
import { caught } from './helpers.js';
import { loopbackServer, pageXml } from './loopback-server.js';

const TOKEN = 'redirect-TOKEN-7c1e9a4f2b8d6e3a5c0f';
const credentials = {
	accessKeyId: 'ASIAREDIRECTCHECK001',
	secretAccessKey: 'redirect-secret-00000000000000000000000',
	sessionToken: TOKEN,
};

describe('redirects are never followed', () => {
	it.each([301, 302, 303, 307, 308])(
		'HTTP %i to another origin: a RedirectError naming the status and that origin, not retried, nothing sent there',
		async (status) => {
			// The other origin would serve a valid page: following the redirect would look like success.
			const elsewhere = await loopbackServer((_request, response) => {
				response.writeHead(200, { 'content-type': 'text/xml' });
				response.end(pageXml([{ JobId: 'STOLEN' }]));
			});
			const endpoint = await loopbackServer((_request, response) => {
				response.writeHead(status, {
					location: `${elsewhere.origin}/collect?from=importexport&t=abc`,
					'content-type': 'text/html',
				});
				response.end('<a>moved</a>');
			});
			const client = new ImportExportClient({
				endpoint: endpoint.endpoint,
				credentials,
				retry: { maxAttempts: 3, sleep: async () => {} },
			});
			const error = await caught(async () => {
				for await (const _job of paginateListJobs(client)) {
					// drain
				}
			});
			expect(error).toBeInstanceOf(RedirectError);
			expect(error).toBeInstanceOf(ImportExportError);
			const redirect = error as RedirectError;
			expect(redirect.statusCode).toBe(status);
			expect(redirect.locationOrigin).toBe(elsewhere.origin);
			expect(redirect.retryKind).toBeUndefined();
			expect(redirect.message).toContain(`HTTP ${status} to ${elsewhere.origin}`);
			// Only the origin: the path and query are the server's and may carry anything.
			expect(redirect.message).not.toMatch(/collect|from=|t=abc/);
			expect(endpoint.requests).toHaveLength(1);
			// fetch settles only after a redirect it follows is answered: had it followed, the request would be here.
			expect(elsewhere.requests).toHaveLength(0);
		},
	);

	it('https to http: the request is handed to fetch with redirect "manual", once, and the 307 is refused', async () => {
		// A socket cannot show TLS here without a certificate: this fetch stands in for the network.
		const calls: RequestInit[] = [];
		const client = new ImportExportClient({
			endpoint: 'https://importexport.example.com/',
			credentials,
			retry: { maxAttempts: 3, sleep: async () => {} },
			fetch: async (_input, init) => {
				calls.push(init ?? {});
				return new Response('', {
					status: 307,
					headers: { location: `http://importexport.example.com/?token=${TOKEN}` },
				});
			},
		});
		const error = await caught(() => client.listJobs());
		expect(error).toBeInstanceOf(RedirectError);
		expect((error as RedirectError).locationOrigin).toBe('http://importexport.example.com');
		expect(error.message).not.toContain(TOKEN);
		expect(calls).toHaveLength(1);
		expect(calls[0]!.redirect).toBe('manual');
	});

	it('a browser’s opaque redirect (status 0, no Location) is refused too', async () => {
		const opaque = {
			type: 'opaqueredirect',
			status: 0,
			ok: false,
			headers: new Headers(),
			body: null,
		} as unknown as Response;
		const client = new ImportExportClient({
			endpoint: 'https://importexport.example.com/',
			credentials,
			retry: { maxAttempts: 3 },
			fetch: async () => opaque,
		});
		const error = await caught(() => client.listJobs());
		expect(error).toBeInstanceOf(RedirectError);
		expect(error.message).toContain('a redirect with no readable Location');
	});

	it('a Location that is not an http(s) URL is named by its scheme only', async () => {
		const endpoint = await loopbackServer((_request, response) => {
			response.writeHead(302, { location: 'data:text/plain,hello' });
			response.end();
		});
		const client = new ImportExportClient({ endpoint: endpoint.endpoint, credentials });
		const error = (await caught(() => client.listJobs())) as RedirectError;
		expect(error.locationOrigin).toBeUndefined();
		expect(error.message).toContain('HTTP 302 to a data: URL');
		expect(error.message).not.toContain('hello');
	});
});
