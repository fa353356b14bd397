import { describe, expect, it } from 'vitest';
import { RedirectError } from '../src/index.js';
import { isRedirect, redirectError } from '../src/transport/redirect.js';
import { sendRequest } from '../src/transport/http.js';
import { caught } from './helpers.js';
import { loopbackServer } from './loopback-server.js';

// Where a redirect starts and ends, and how one whose Location cannot be read is named.

const send = (url: string) =>
	sendRequest(
		url,
		{ method: 'POST' },
		{
			fetch,
			operation: 'ListJobs',
			timeoutMs: 60_000,
			maxResponseBytes: 4096,
			signal: undefined,
		},
	);

describe('redirects: the edges', () => {
	it('every 3xx is a redirect, from 300 to 399; 299 and 400 are not', async () => {
		const server = await loopbackServer((request, response) => {
			response.writeHead(Number(request.url.slice(1)), { location: 'http://other.invalid/' });
			response.end();
		});
		for (const status of [300, 399]) {
			const error = (await caught(() => send(`${server.origin}/${status}`))) as RedirectError;
			expect(error, `HTTP ${status}`).toBeInstanceOf(RedirectError);
			expect(error.statusCode).toBe(status);
		}
		for (const status of [299, 400])
			expect((await send(`${server.origin}/${status}`)).status, `HTTP ${status}`).toBe(status);
	});

	it('a redirect with no Location, or one that is no URL, says so and names no origin', async () => {
		const server = await loopbackServer((request, response) => {
			response.writeHead(302, request.url === '/bad' ? { location: 'http://[::1' } : {});
			response.end();
		});
		for (const path of ['/none', '/bad']) {
			const error = (await caught(() => send(`${server.origin}${path}`))) as RedirectError;
			expect(error.locationOrigin, path).toBeUndefined();
			expect(error.message, path).toBe(
				`ListJobs POST ${server.origin}${path} was answered with HTTP 302 with no readable Location; redirects are never followed, so the signed request stays with the endpoint. Check the endpoint.`,
			);
		}
	});

	it('a relative Location is read against the request URL', async () => {
		const server = await loopbackServer((_request, response) => {
			response.writeHead(301, { location: '/moved/here?x=1' });
			response.end();
		});
		const error = (await caught(() => send(`${server.origin}/`))) as RedirectError;
		expect(error.locationOrigin).toBe(server.origin);
		expect(error.message).toContain(`HTTP 301 to ${server.origin};`);
		expect(error.operation).toBe('ListJobs');
	});

	it('a browser’s opaque redirect is named as a redirect, with its status 0', () => {
		// Only a browser's fetch makes these: a Response's type cannot be set from outside.
		const opaque = { type: 'opaqueredirect', status: 0, headers: new Headers() } as Response;
		expect(isRedirect(opaque)).toBe(true);
		const error = redirectError(opaque, 'https://h/', 'ListJobs POST https://h/', 'ListJobs');
		expect(error.statusCode).toBe(0);
		expect(error.message).toMatch(
			/^ListJobs POST https:\/\/h\/ was answered with a redirect with no readable Location;/,
		);
	});
});
