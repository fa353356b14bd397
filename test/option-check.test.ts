import { describe, expect, it } from 'vitest';
import {
	collectJobs,
	ImportExportClient,
	jobFilter,
	jobsWebStream,
	paginateListJobPages,
	paginateListJobs,
	type ListJobsClient,
} from '../src/index.js';
import { exportJobs, ImportExportClient as NodeClient, jobsReadable } from '../src/node/index.js';
import { caught } from './helpers.js';

// Options are checked before any request: this client is never called.
const client: ListJobsClient = {
	listJobs: () => Promise.reject(new Error('no request expected')),
};
const credentials = { accessKeyId: 'AKID', secretAccessKey: 'not-a-secret' };
const endpoint = 'http://127.0.0.1:1';

/** Every option set, the call that checks it, and keys of its own that its known list must name. */
const OPTION_SETS: Array<[what: string, call: (options: object) => unknown, ownKeys: string[]]> = [
	['paginate', (options) => paginateListJobs(client, options), ['pageSize', 'maxItems', 'onPage']],
	['paginate', (options) => paginateListJobPages(client, options), ['pageSize', 'prefetch']],
	['paginate', (options) => jobsWebStream(client, options), ['startingMarker', 'signal']],
	['collectJobs', (options) => collectJobs(client, options), ['limit', 'pageSize']],
	['jobsReadable', (options) => jobsReadable(client, options), ['highWaterMark', 'pageSize']],
	[
		'exportJobs',
		(options) => exportJobs(client, { out: '/nonexistent/never-written', ...options }),
		['out', 'format', 'filter', 'pageSize'],
	],
	[
		'ImportExportClient',
		(options) => new ImportExportClient({ credentials, endpoint, ...options }),
		['credentials', 'retry', 'onResponse'],
	],
	[
		'ImportExportClient',
		(options) => new NodeClient({ credentials, endpoint, ...options }),
		['profile', 'credentials', 'credentialsTimeoutMs'],
	],
	[
		'retry',
		(options) => new ImportExportClient({ credentials, endpoint, retry: options }),
		['mode', 'maxAttempts', 'onRetry'],
	],
	['job filter', (options) => jobFilter(options), ['type', 'canceled']],
];

describe('one option validator', () => {
	it.each(OPTION_SETS)(
		'the %s options refuse an unknown key, name it and list their own keys',
		async (what, call, ownKeys) => {
			const error = await caught(() => call({ bogusOption: 1 }));
			expect(error).toBeInstanceOf(TypeError);
			const match = /^Unknown (.+) option `bogusOption`; known: (.+)\.$/.exec(error.message);
			expect(match?.[1], error.message).toBe(what);
			expect(match?.[2]?.split(', ')).toEqual(expect.arrayContaining(ownKeys));
		},
	);

	it('collectJobs refuses `maxItems`, which its `limit` replaces, instead of ignoring it', async () => {
		const error = await caught(() => collectJobs(client, { maxItems: 5 } as never));
		expect(error.message).toMatch(/^Unknown collectJobs option `maxItems`; known: .*\blimit\b/);
	});

	it('says what was expected and what it got, in one style', async () => {
		const cases: Array<[() => unknown, string]> = [
			[
				() => paginateListJobs(client, { pageSize: 0 }),
				'Expected `pageSize` to be an integer from 1 to 1000, got 0.',
			],
			[
				() => paginateListJobs(client, { maxItems: -1 }),
				'Expected `maxItems` to be an integer >= 0 or Infinity, got -1.',
			],
			[
				() => paginateListJobs(client, { prefetch: 2 as 1 }),
				'Expected `prefetch` to be 0 or 1, got 2.',
			],
			[
				() => paginateListJobs(client, { startingMarker: '' }),
				'Expected `startingMarker` to be a non-empty string (a JobId), got "".',
			],
			[
				() => paginateListJobs(client, 5 as never),
				'Expected the paginate options to be an object, got 5.',
			],
			[
				() => paginateListJobs({} as never),
				'Expected `client` to be an ImportExportClient (an object with a listJobs method), got an object.',
			],
			[
				() => collectJobs(client, { limit: 1.5 }),
				'Expected `limit` to be an integer >= 0 or Infinity, got 1.5.',
			],
			[
				() => jobsReadable(client, { highWaterMark: 0 }),
				'Expected `highWaterMark` to be an integer >= 1, got 0.',
			],
			[
				() => exportJobs(client, { out: '' }),
				'Expected `out` to be a non-empty file path, got "".',
			],
			[
				() => exportJobs(client, { out: 'x', format: 'json' as 'csv' }),
				"Expected `format` to be 'ndjson' or 'csv', got \"json\".",
			],
			[
				() => jobFilter({ type: 'export' as 'Export' }),
				"Expected `filter.type` to be 'Import' or 'Export', got \"export\".",
			],
			[
				() => new ImportExportClient({ credentials, endpoint, timeoutMs: 0 }),
				'Expected `timeoutMs` to be a number above 0 and at most 2147483647, got 0.',
			],
			[
				() => new ImportExportClient({ credentials, endpoint, retry: { maxAttempts: 0 } }),
				'Expected `retry.maxAttempts` to be an integer from 1 to 100, got 0.',
			],
			[
				() =>
					new ImportExportClient({ credentials, endpoint, retry: { mode: 'fast' as 'standard' } }),
				"Expected `retry.mode` to be 'standard' or 'adaptive', got \"fast\".",
			],
			[
				() => new ImportExportClient({ credentials, endpoint, retry: null as never }),
				'Expected the retry options to be an object, got null.',
			],
			[
				() => new ImportExportClient({ credentials, endpoint, fetch: 'fetch' as never }),
				'Expected `fetch` to be a function, got "fetch".',
			],
			[
				() => new NodeClient({ credentials, endpoint, profile: '' }),
				'Expected `profile` to be a profile name, got "".',
			],
		];
		for (const [call, message] of cases) {
			const error = await caught(call);
			expect(error).toBeInstanceOf(TypeError);
			expect(error.message).toBe(message);
		}
	});

	it('never echoes an endpoint that carries a password', async () => {
		const error = await caught(
			() => new ImportExportClient({ credentials, endpoint: 'http://user:hunter2@127.0.0.1:1' }),
		);
		expect(error.message).toBe('Expected `endpoint` to be a URL without a user name or password.');
	});
});
