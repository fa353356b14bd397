import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { issueMessage } from '../src/protocol/issue-messages.js';
import { JobSchema, ListJobsInputSchema } from '../src/protocol/schemas.js';

const PARSE = { error: issueMessage };
const job = {
	JobId: 'A',
	CreationDate: '2010-03-28T20:27:35Z',
	IsCanceled: 'false',
	JobType: 'Import',
};
const jobIdMessage = (JobId: unknown): string | undefined =>
	z.safeParse(JobSchema, { ...job, JobId }, PARSE).error?.issues[0]?.message;

describe('the English message of each kind of issue', () => {
	it.each([
		['null', null],
		['array', []],
		['undefined', undefined],
		['object', {}],
		['number', 42],
		['boolean', true],
	])('names what was received instead of a string: %s', (name, value) => {
		expect(jobIdMessage(value)).toBe(`Invalid input: expected string, received ${name}`);
	});

	it('names NaN apart from other numbers', () => {
		expect(
			ListJobsInputSchema.safeParse({ MaxJobs: Number.NaN }, PARSE).error?.issues[0]?.message,
		).toBe('Invalid input: expected number, received NaN');
	});

	it('lists the options of an enum, each quoted', () => {
		expect(
			z.safeParse(JobSchema, { ...job, JobType: 'Other' }, PARSE).error?.issues[0]?.message,
		).toBe('Invalid option: expected one of "Import"|"Export"');
	});

	it('a key alone, or keys in the plural', () => {
		const unknown = (input: object): string | undefined =>
			ListJobsInputSchema.safeParse(input, PARSE).error?.issues[0]?.message;
		expect(unknown({ Foo: 1 })).toBe('Unrecognized key: "Foo"');
		expect(unknown({ Foo: 1, Bar: 2 })).toBe('Unrecognized keys: "Foo", "Bar"');
	});

	it('a bound on a string counts characters, on a number states the value', () => {
		const tooBig = { code: 'too_big', origin: 'string', maximum: 3, input: 'abcd' };
		expect(issueMessage(tooBig as unknown as z.core.$ZodRawIssue)).toBe(
			'Too big: expected string to have <=3 characters',
		);
		const tooSmall = { code: 'too_small', origin: 'number', minimum: 0, input: -1 };
		expect(issueMessage(tooSmall as unknown as z.core.$ZodRawIssue)).toBe(
			'Too small: expected number to be >=0',
		);
	});

	it('leaves any other kind to zod', () => {
		const other = { code: 'not_multiple_of', divisor: 2, input: 3 };
		expect(issueMessage(other as unknown as z.core.$ZodRawIssue)).toBeUndefined();
	});
});
