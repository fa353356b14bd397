// The words of the log lines test/logger.test.ts does not reach: later pages, attempts without
// a response, a corrected clock, a call that fails on its first attempt, singular counts.
import { describe, expect, it } from 'vitest';
import { paginateListJobPages } from '../src/index.js';
import { checkLogger } from '../src/observe/logger.js';
import { caught, clientFor, drain, emulator, recordingLogger } from './helpers.js';

/** The `in N ms` of a listing line. */
const listingMs = (line: string | undefined): number =>
	Number(/ in (\d+) ms/.exec(line ?? '')?.[1]);

describe('log lines', () => {
	it('name the marker of a later page, and count one page of one job in the singular', async () => {
		const server = await emulator({ jobCount: 2 });
		const { logger, at } = recordingLogger();
		const { client } = clientFor(server, { logger });
		await drain(paginateListJobPages(client, { pageSize: 1, prefetch: 0 }));
		const first = server.jobs[0]!.JobId;
		expect(at('debug')[1]).toMatch(
			new RegExp(
				`^importexport-jobs: ListJobs attempt 1 \\(marker "${first}"\\): HTTP 200, request id [0-9a-f-]{36}, \\d+\\.\\d ms; success$`,
			),
		);
		const one = await emulator({ jobCount: 1 });
		const single = recordingLogger();
		const started = performance.now();
		await drain(paginateListJobPages(clientFor(one, { logger: single.logger }).client));
		const elapsed = performance.now() - started;
		expect(single.at('info')).toEqual([
			expect.stringMatching(/^importexport-jobs: ListJobs listing done: 1 page, 1 job in \d+ ms$/),
		]);
		expect(listingMs(single.at('info')[0])).toBeLessThanOrEqual(Math.ceil(elapsed));
	});

	it('say `no response` for an attempt cut before its response, and the retry', async () => {
		const server = await emulator({ jobCount: 2 });
		server.injectFault(1, { kind: 'reset-before-response' });
		const { logger, at } = recordingLogger();
		const { client } = clientFor(server, { logger });
		await drain(paginateListJobPages(client));
		expect(at('debug')[0]).toMatch(
			/^importexport-jobs: ListJobs attempt 1 \(first page\): no response, \d+\.\d ms, NetworkError: .+; retry$/,
		);
		expect(at('warn')).toEqual([
			expect.stringMatching(
				/^importexport-jobs: ListJobs attempt 1 failed \(NetworkError: .+\); retrying in \d+ ms$/,
			),
		]);
	});

	it('say by how much the clock was corrected', async () => {
		const server = await emulator({ jobCount: 2, clockOffsetMs: 30 * 60_000 });
		const { logger, at } = recordingLogger();
		const { client } = clientFor(server, { logger });
		await drain(paginateListJobPages(client));
		expect(at('warn')).toEqual([
			expect.stringMatching(
				/^importexport-jobs: ListJobs attempt 1 failed \(clock corrected by \d{7} ms\); retrying in \d+ ms$/,
			),
		]);
	});

	it('say a call failed after 1 attempt, without a request id when none came, and a listing failed on its first page starts over', async () => {
		const server = await emulator({ jobCount: 2 });
		server.injectFault(1, { kind: 'reset-before-response' });
		const { logger, at } = recordingLogger();
		const { client } = clientFor(server, { logger, retry: { maxAttempts: 1 } });
		await caught(() => drain(paginateListJobPages(client)));
		expect(at('error')).toEqual([
			expect.stringMatching(
				/^importexport-jobs: ListJobs failed after 1 attempt: NetworkError: .+\(UND_ERR_SOCKET\)\.$/,
			),
			expect.stringMatching(
				/^importexport-jobs: ListJobs listing failed after 0 pages, 0 jobs in \d+ ms: NetworkError: .+; start over$/,
			),
		]);
	});
});

describe('checkLogger', () => {
	it.each(['debug', 'info', 'warn', 'error'])('takes a logger with only %s', (level) => {
		expect(() => checkLogger({ [level]: () => {} })).not.toThrow();
	});

	it.each([
		['null', null],
		['a function', () => {}],
		['an object without any level as a function', { info: 'yes', log: () => {} }],
	])('refuses %s', (_name, logger) => {
		expect(() => checkLogger(logger)).toThrow(
			new TypeError(
				'Expected `logger` to be an object with debug, info, warn or error methods (console, pino…).',
			),
		);
	});
});
