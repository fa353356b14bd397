// Issue 14: the paginate options, checked and defaulted in one place: each wrong value is a
// TypeError that says what was expected, and the defaults are the documented ones.
import { describe, expect, it } from 'vitest';
import {
	PAGINATE_KEYS,
	checkPaginateOptions,
	resolvePaginateOptions,
} from '../src/pagination/options.js';
import type { ListJobsClient, PaginateOptions } from '../src/pagination/options.js';

const client: ListJobsClient = {
	listJobs: () => Promise.reject(new Error('no request expected')),
};

describe('resolvePaginateOptions', () => {
	it('applies the documented defaults', () => {
		expect(resolvePaginateOptions(client)).toEqual({
			pageSize: 1000,
			startingMarker: undefined,
			maxItems: Infinity,
			maxPages: 100_000,
			signal: undefined,
			prefetch: 1,
			apiVersion: undefined,
			onPage: undefined,
			receipt: false,
			stopAtJobId: undefined,
			since: undefined,
		});
	});

	it('keeps every option given', () => {
		const signal = new AbortController().signal;
		const onPage = (): void => {};
		const since = new Date('2024-01-31T00:00:00Z');
		const resolved = resolvePaginateOptions(client, {
			pageSize: 5,
			startingMarker: 'M',
			maxItems: 0,
			maxPages: 1,
			signal,
			prefetch: 0,
			apiVersion: '2.0',
			onPage,
			receipt: true,
			stopAtJobId: 'S',
			since,
		});
		expect(resolved).toEqual({
			pageSize: 5,
			startingMarker: 'M',
			maxItems: 0,
			maxPages: 1,
			signal,
			prefetch: 0,
			apiVersion: '2.0',
			onPage,
			receipt: true,
			stopAtJobId: 'S',
			since,
		});
	});

	it('copies since: the caller changing its Date later does not move the stop point', () => {
		const since = new Date('2024-01-31T00:00:00Z');
		const resolved = resolvePaginateOptions(client, { since });
		since.setUTCFullYear(2000);
		expect(resolved.since?.toISOString()).toBe('2024-01-31T00:00:00.000Z');
	});

	it('refuses what is not a client, naming it', () => {
		for (const notClient of [undefined, null, {}, { listJobs: 'yes' }]) {
			expect(() => resolvePaginateOptions(notClient)).toThrow(
				new TypeError(
					`Expected \`client\` to be an ImportExportClient (an object with a listJobs method), got ${
						notClient === undefined ? 'undefined' : notClient === null ? 'null' : 'an object'
					}.`,
				),
			);
		}
	});
});

describe('checkPaginateOptions', () => {
	const check = (options: object): void =>
		checkPaginateOptions('paginate', options as PaginateOptions, PAGINATE_KEYS);

	it.each([
		[{ pageSize: 1001 }, 'Expected `pageSize` to be an integer from 1 to 1000, got 1001.'],
		[{ maxItems: -1 }, 'Expected `maxItems` to be an integer >= 0 or Infinity, got -1.'],
		[{ maxPages: 0 }, 'Expected `maxPages` to be an integer >= 1 or Infinity, got 0.'],
		[{ prefetch: 2 }, 'Expected `prefetch` to be 0 or 1, got 2.'],
		[
			{ startingMarker: '' },
			'Expected `startingMarker` to be a non-empty string (a JobId), got "".',
		],
		[{ startingMarker: 7 }, 'Expected `startingMarker` to be a non-empty string (a JobId), got 7.'],
		[{ apiVersion: 2 }, 'Expected `apiVersion` to be a string, got 2.'],
		[{ onPage: 'log' }, '`onPage`'],
		[{ receipt: 'yes' }, 'Expected `receipt` to be a boolean, got "yes".'],
		[{ stopAtJobId: '' }, 'Expected `stopAtJobId` to be a non-empty string (a JobId), got "".'],
		[{ stopAtJobId: 1 }, 'Expected `stopAtJobId` to be a non-empty string (a JobId), got 1.'],
		[{ since: new Date(Number.NaN) }, 'Expected `since` to be a valid Date'],
		[{ since: '2024-01-01' }, 'Expected `since` to be a valid Date, got "2024-01-01".'],
		[{ signal: {} }, 'Expected `signal` to be an AbortSignal, got an object.'],
		[{ signal: null }, 'Expected `signal` to be an AbortSignal, got null.'],
	])('%o is refused: %s', (options, message) => {
		expect(() => check(options)).toThrow(TypeError);
		expect(() => check(options)).toThrow(message);
	});

	it('takes every valid value, Infinity included where it is allowed', () => {
		expect(() =>
			check({
				pageSize: 1000,
				maxItems: Infinity,
				maxPages: Infinity,
				prefetch: 0,
				startingMarker: 'M',
				apiVersion: '',
				onPage: () => {},
				receipt: false,
				stopAtJobId: 'S',
				since: new Date(0),
				signal: new AbortController().signal,
			}),
		).not.toThrow();
	});
});
