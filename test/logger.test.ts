import { describe, expect, it } from 'vitest';
import { ImportExportClient, paginateListJobPages } from '../src/index.js';
import { caught, clientFor, drain, emulator, recordingLogger } from './helpers.js';
import { loopbackServer, pageXml } from './loopback-server.js';

describe('logger', () => {
	it('logs each attempt at debug, a retry at warn, the listing at info', async () => {
		const server = await emulator({ jobCount: 12 });
		server.injectFault(2, { kind: 'throttling' });
		const { logger, at } = recordingLogger();
		const { client } = clientFor(server, { logger });
		await drain(paginateListJobPages(client, { pageSize: 5 }));
		expect(at('debug')).toHaveLength(4);
		expect(at('debug')[0]).toMatch(
			/^importexport-jobs: ListJobs attempt 1 \(first page\): HTTP 200, request id [0-9a-f-]{36}, [\d.]+ ms; success$/,
		);
		expect(at('warn')).toEqual([
			expect.stringMatching(
				/^importexport-jobs: ListJobs attempt 1 failed \(ServiceError: .*\); retrying in \d+ ms$/,
			),
		]);
		expect(at('info')).toEqual([
			expect.stringMatching(
				/^importexport-jobs: ListJobs listing done: 3 pages, 12 jobs in \d+ ms$/,
			),
		]);
		expect(at('error')).toEqual([]);
	});

	it('logs a call that failed and the listing it ended at error, with where to resume', async () => {
		const server = await emulator({ jobCount: 12 });
		server.injectFault(2, [{ kind: 'internal-failure' }, { kind: 'internal-failure' }]);
		const { logger, at } = recordingLogger();
		const { client } = clientFor(server, { logger, retry: { maxAttempts: 2 } });
		await caught(() => drain(paginateListJobPages(client, { pageSize: 5, prefetch: 0 })));
		expect(at('warn')).toHaveLength(1);
		expect(at('error')).toEqual([
			expect.stringMatching(
				/^importexport-jobs: ListJobs failed after 2 attempts: ServiceError: .*\(request id [0-9a-f-]{36}\)$/,
			),
			expect.stringMatching(
				/^importexport-jobs: ListJobs listing failed after 1 page, 5 jobs in \d+ ms: ServiceError: .*; resume with startingMarker "/,
			),
		]);
		expect(at('info')).toEqual([]);
	});

	it('says a listing stopped by its consumer at info', async () => {
		const server = await emulator({ jobCount: 12 });
		const { logger, at } = recordingLogger();
		const { client } = clientFor(server, { logger });
		for await (const _page of paginateListJobPages(client, { pageSize: 5 })) break;
		expect(at('info')).toEqual([
			expect.stringMatching(/stopped by its consumer after 1 page, 5 jobs/),
		]);
	});

	it('never logs a secret a server echoes back, at any level', async () => {
		const TOKEN = 'TOKENq8Wf3Lz7Rt2Yp9Mx4Kc6Vb1Nh5Gj0Sd8Ae3Ui7Oy2Tr6Ew9Qa4Zs1Xc5Dv';
		const SECRET = 'SECRETk7Qm2vX9pL4rT8wZ1nB6cY3hJ5dF0gA2sE';
		let served = 0;
		const server = await loopbackServer((request, response) => {
			const token = String(request.headers['x-amz-security-token']);
			served++;
			if (served === 1) {
				// Throttled, the token in the code, the message and the request id.
				response.writeHead(400, { 'content-type': 'text/xml', 'x-amzn-requestid': token });
				response.end(
					`<ErrorResponse><Error><Code>Throttling</Code><Message>slow down ${token}</Message></Error><RequestId>${token}</RequestId></ErrorResponse>`,
				);
			} else if (served === 2) {
				response.writeHead(500, {
					'content-type': 'text/xml',
					'x-amzn-requestid': token.slice(0, 30),
				});
				response.end(
					`<ErrorResponse><Error><Code>InternalFailure</Code><Message>${request.headers.authorization} ${token.slice(5)}</Message></Error></ErrorResponse>`,
				);
			} else {
				response.writeHead(200, { 'content-type': 'text/xml', 'x-amzn-requestid': token });
				response.end(pageXml([{ JobId: 'A1', CreationDate: token }], { requestId: token }));
			}
		});
		const { logger, lines } = recordingLogger();
		const client = new ImportExportClient({
			endpoint: server.endpoint,
			credentials: {
				accessKeyId: 'ASIAREDACTCHECK00001',
				secretAccessKey: SECRET,
				sessionToken: TOKEN,
			},
			logger,
			retry: { sleep: async () => {}, maxAttempts: 3 },
		});
		await caught(() => drain(paginateListJobPages(client)));
		expect(served).toBe(3);
		expect(lines.map(([level]) => level)).toEqual([
			'debug',
			'warn',
			'debug',
			'warn',
			'debug',
			'error',
		]);
		const all = lines.map(([, text]) => text).join('\n');
		expect(all).toContain('[REDACTED]');
		for (const secret of [TOKEN, SECRET]) {
			expect(all).not.toContain(secret.slice(0, 16));
			expect(all).not.toContain(secret.slice(-16));
		}
		expect(all).not.toMatch(/Signature=[0-9a-f]{16}/);
	});

	it('takes a logger with only some levels (pino-like), and one that throws', async () => {
		const server = await emulator({ jobCount: 3 });
		server.injectFault(1, { kind: 'throttling' });
		const warned: unknown[][] = [];
		const { client } = clientFor(server, {
			logger: { warn: (...content) => warned.push(content) },
		});
		await drain(paginateListJobPages(client));
		expect(warned).toHaveLength(1);
		const throwing = clientFor(server, {
			logger: {
				debug: () => {
					throw new Error('disk full');
				},
				info: () => {
					throw new Error('disk full');
				},
			},
		});
		await drain(paginateListJobPages(throwing.client));
	});

	it('is checked like every option', () => {
		const target = {
			endpoint: 'http://127.0.0.1:1',
			credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
		} as never;
		expect(() => clientFor(target, { logger: 'console' as never })).toThrow(/`logger`/);
		expect(() => clientFor(target, { logger: {} })).toThrow(/`logger`/);
		expect(() => clientFor(target, { logger: console })).not.toThrow();
	});
});
