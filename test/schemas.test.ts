import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { issueMessage } from '../src/protocol/issue-messages.js';
import { JobSchema, ListJobsInputSchema, ListJobsResultSchema } from '../src/protocol/schemas.js';

const PARSE = { error: issueMessage };
const job = (fields: Record<string, unknown> = {}): Record<string, unknown> => ({
	JobId: 'A',
	CreationDate: '2010-03-28T20:27:35Z',
	IsCanceled: 'false',
	JobType: 'Import',
	...fields,
});
const dateOf = (value: string): Date | undefined => {
	const parsed = z.safeParse(JobSchema, job({ CreationDate: value }), PARSE);
	return parsed.success ? parsed.data.CreationDate : undefined;
};
const messages = (
	schema: typeof JobSchema | typeof ListJobsInputSchema,
	value: unknown,
): string[] => z.safeParse(schema, value, PARSE).error?.issues.map((issue) => issue.message) ?? [];

describe('CreationDate: a real ISO 8601 instant or a validation issue', () => {
	it.each([
		['UTC', '2010-03-28T20:27:35Z', '2010-03-28T20:27:35.000Z'],
		['fractional seconds', '2010-03-28T20:27:35.123456789Z', '2010-03-28T20:27:35.123Z'],
		['one fractional digit', '2010-03-28T20:27:35.5Z', '2010-03-28T20:27:35.500Z'],
		['an offset with a colon', '2010-03-28T20:27:35+02:00', '2010-03-28T18:27:35.000Z'],
		['an offset without one', '2010-03-28T20:27:35-0130', '2010-03-28T21:57:35.000Z'],
		['the first instant of a year', '2010-01-01T00:00:00Z', '2010-01-01T00:00:00.000Z'],
		['the last second of a year', '2010-12-31T23:59:59Z', '2010-12-31T23:59:59.000Z'],
		['the last day of April', '2010-04-30T00:00:00Z', '2010-04-30T00:00:00.000Z'],
		['29 February of a leap year', '2012-02-29T00:00:00Z', '2012-02-29T00:00:00.000Z'],
		['29 February of a year divisible by 400', '2000-02-29T00:00:00Z', '2000-02-29T00:00:00.000Z'],
		['28 February of a common year', '2011-02-28T00:00:00Z', '2011-02-28T00:00:00.000Z'],
	])('reads %s', (_name, value, iso) => {
		expect(dateOf(value)?.toISOString()).toBe(iso);
	});

	it.each([
		['30 February', '2010-02-30T00:00:00Z'],
		['29 February of a common year', '2011-02-29T00:00:00Z'],
		['29 February of a century that is not a leap year', '1900-02-29T00:00:00Z'],
		['31 April', '2010-04-31T00:00:00Z'],
		['32 January', '2010-01-32T00:00:00Z'],
		['day 0', '2010-01-00T00:00:00Z'],
		['month 0', '2010-00-10T00:00:00Z'],
		['month 13', '2010-13-10T00:00:00Z'],
		['hour 24', '2010-01-10T24:00:00Z'],
		['minute 60', '2010-01-10T23:60:00Z'],
		['second 60', '2010-01-10T23:59:60Z'],
		['no zone', '2010-01-10T10:00:00'],
		['a date alone', '2010-01-10'],
		['one-digit month', '2010-1-10T10:00:00Z'],
		['a two-digit year', '10-01-10T10:00:00Z'],
		['a space for the T', '2010-01-10 10:00:00Z'],
		['text before', 'on 2010-01-10T10:00:00Z'],
		['text after', '2010-01-10T10:00:00Z!'],
		['ten fractional digits', '2010-01-10T10:00:00.1234567890Z'],
		['a bare dot', '2010-01-10T10:00:00.Z'],
		['a one-digit offset', '2010-01-10T10:00:00+1:00'],
		['milliseconds since 1970', '1269807955000'],
	])('refuses %s', (_name, value) => {
		expect(dateOf(value)).toBeUndefined();
	});

	it('says what it got, cut to 40 characters', () => {
		expect(
			messages(JobSchema, job({ CreationDate: `2010-02-30T00:00:00Z${'x'.repeat(40)}` })),
		).toEqual([`expected an ISO 8601 timestamp, got "2010-02-30T00:00:00Z${'x'.repeat(20)}"`]);
	});
});

describe('the other job fields', () => {
	it('reads IsCanceled as a boolean', () => {
		expect(z.parse(JobSchema, job({ IsCanceled: 'true' })).IsCanceled).toBe(true);
		expect(z.parse(JobSchema, job({ IsCanceled: 'false' })).IsCanceled).toBe(false);
		expect(messages(JobSchema, job({ IsCanceled: 'TRUE' }))).toEqual(['expected true or false']);
	});

	it('keeps a JobId as text and refuses an empty one', () => {
		expect(z.parse(JobSchema, job({ JobId: '00042' })).JobId).toBe('00042');
		expect(z.safeParse(JobSchema, job({ JobId: '' })).success).toBe(false);
	});

	it('drops elements it does not know', () => {
		expect(z.parse(JobSchema, job({ Extra: 'x' }))).not.toHaveProperty('Extra');
	});
});

describe('ListJobsResult', () => {
	const result = (fields: Record<string, unknown>) =>
		ListJobsResultSchema.safeParse({ IsTruncated: 'false', ...fields }, PARSE);

	it('reads <Jobs/> and an absent <Jobs> as no jobs', () => {
		expect(result({ Jobs: '' }).data).toEqual({ Jobs: [], IsTruncated: false });
		expect(result({}).data).toEqual({ Jobs: [], IsTruncated: false });
		expect(result({ Jobs: {} }).data).toEqual({ Jobs: [], IsTruncated: false });
	});

	it('reads the members in order', () => {
		const parsed = result({ Jobs: { member: [job({ JobId: 'B' }), job()] }, IsTruncated: 'true' });
		expect(parsed.data?.Jobs.map((one) => one.JobId)).toEqual(['B', 'A']);
		expect(parsed.data?.IsTruncated).toBe(true);
	});

	it('refuses text or another child in <Jobs>', () => {
		expect(result({ Jobs: 'text' }).success).toBe(false);
		expect(result({ Jobs: { item: [job()] } }).success).toBe(false);
	});

	it('refuses a page without IsTruncated', () => {
		expect(ListJobsResultSchema.safeParse({ Jobs: '' }, PARSE).success).toBe(false);
	});
});

describe('ListJobs input', () => {
	it.each([{}, { MaxJobs: 0 }, { MaxJobs: 1000 }, { Marker: 'A' }, { APIVersion: '' }])(
		'accepts %j',
		(input) => {
			expect(ListJobsInputSchema.safeParse(input).data).toEqual(input);
		},
	);

	it.each([
		[{ MaxJobs: -1 }, 'Too small: expected number to be >=0'],
		[{ MaxJobs: 1001 }, 'Too big: expected number to be <=1000'],
		[{ Marker: '' }, 'Too small: expected string to have >=1 characters'],
		[{ APIVersion: 1 }, 'Invalid input: expected string, received number'],
		[{ MaxJobs: 1, Other: 1, More: 2 }, 'Unrecognized keys: "Other", "More"'],
	])('refuses %j', (input, message) => {
		expect(messages(ListJobsInputSchema, input)).toEqual([message]);
	});
});
