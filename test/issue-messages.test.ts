import { describe, expect, it } from 'vitest';
import { InputValidationError, ResponseValidationError } from '../src/index.js';
import { parseListJobsBody, serializeListJobs } from '../src/protocol/list-jobs.js';

// zod/mini has no messages of its own ("Invalid input"): these pin the English ones it is given.
describe('validation messages after the switch to zod/mini', () => {
	it.each([
		[{ MaxJobs: -1 }, 'MaxJobs: Too small: expected number to be >=0'],
		[{ MaxJobs: 2000 }, 'MaxJobs: Too big: expected number to be <=1000'],
		[{ MaxJobs: '10' }, 'MaxJobs: Invalid input: expected number, received string'],
		[{ MaxJobs: 1.5 }, 'MaxJobs: Invalid input: expected int, received number'],
		[{ Marker: '' }, 'Marker: Too small: expected string to have >=1 characters'],
		[{ Foo: 1 }, 'Unrecognized key: "Foo"'],
	])('input %j: %s', (input, message) => {
		expect(() => serializeListJobs(input)).toThrow(InputValidationError);
		expect(() => serializeListJobs(input)).toThrow(message);
	});

	it('a page: every issue with its wire path and an English message', () => {
		const body =
			'<ListJobsResponse><ListJobsResult><Jobs><member><JobId>A</JobId><CreationDate>2010-03-28T20:27:35Z</CreationDate><IsCanceled>false</IsCanceled><JobType>Import</JobType></member>' +
			'<member><JobId></JobId><CreationDate>x</CreationDate><IsCanceled>yes</IsCanceled><JobType>T</JobType></member></Jobs></ListJobsResult></ListJobsResponse>';
		let error: unknown;
		try {
			parseListJobsBody(
				{ status: 200, headers: new Headers(), body },
				{ marker: undefined, now: 0, redact: (text) => text },
			);
		} catch (caught) {
			error = caught;
		}
		expect(error).toBeInstanceOf(ResponseValidationError);
		expect((error as ResponseValidationError).issues).toEqual([
			{ path: 'Jobs[1].JobId', message: 'Too small: expected string to have >=1 characters' },
			{ path: 'Jobs[1].CreationDate', message: 'expected an ISO 8601 timestamp, got "x"' },
			{ path: 'Jobs[1].IsCanceled', message: 'expected true or false' },
			{ path: 'Jobs[1].JobType', message: 'Invalid option: expected one of "Import"|"Export"' },
			{ path: 'IsTruncated', message: 'expected true or false' },
		]);
	});
});
