import { describe, expect, it } from 'vitest';
import { encodeForm, encodeRfc3986 } from '../src/protocol/query.js';
import { serializeListJobs } from '../src/protocol/list-jobs.js';
import { InputValidationError } from '../src/protocol/errors.js';

describe('encodeRfc3986', () => {
	it('keeps unreserved characters and upper-cases hex', () => {
		expect(encodeRfc3986('AZaz09-_.~')).toBe('AZaz09-_.~');
		expect(encodeRfc3986("a b+c/d=e&f!'()*")).toBe('a%20b%2Bc%2Fd%3De%26f%21%27%28%29%2A');
		expect(encodeRfc3986('é')).toBe('%C3%A9');
	});
});

describe('serializeListJobs', () => {
	it('sends Action and Version first, then the set inputs in model order', () => {
		expect(serializeListJobs({})).toBe('Action=ListJobs&Version=2010-06-01');
		expect(serializeListJobs({ APIVersion: '2.0', Marker: 'ABC12', MaxJobs: 1000 })).toBe(
			'Action=ListJobs&Version=2010-06-01&MaxJobs=1000&Marker=ABC12&APIVersion=2.0',
		);
	});
	it('sends MaxJobs=0 (it is a valid value, not an absent one)', () => {
		expect(serializeListJobs({ MaxJobs: 0 })).toBe('Action=ListJobs&Version=2010-06-01&MaxJobs=0');
	});
	it('encodes markers byte-exactly', () => {
		expect(serializeListJobs({ Marker: 'a b&c' })).toBe(
			'Action=ListJobs&Version=2010-06-01&Marker=a%20b%26c',
		);
	});
	it.each([
		[{ MaxJobs: 1001 }, 'MaxJobs'],
		[{ MaxJobs: -1 }, 'MaxJobs'],
		[{ MaxJobs: 1.5 }, 'MaxJobs'],
		[{ MaxJobs: '10' }, 'MaxJobs'],
		[{ Marker: '' }, 'Marker'],
		[{ Marker: 42 }, 'Marker'],
		[{ APIVersion: 2 }, 'APIVersion'],
		[{ MaxItems: 5 }, 'MaxItems'],
	])('refuses %j, naming %s', (input, field) => {
		const error = (() => {
			try {
				serializeListJobs(input);
			} catch (caught) {
				return caught;
			}
			return undefined;
		})();
		expect(error).toBeInstanceOf(InputValidationError);
		expect((error as InputValidationError).message).toContain(field);
		expect((error as InputValidationError).message).toContain('nothing was sent');
	});
	it('encodeForm joins pairs in order', () => {
		expect(
			encodeForm([
				['B', '2'],
				['A', '1'],
			]),
		).toBe('B=2&A=1');
	});
});
