import type * as z from 'zod/mini';

/**
 * English messages for the issues the ListJobs schemas can raise, in zod's own words.
 * zod/mini carries none ("Invalid input"); its English locale would cost the core bundle
 * more than these few cases, and `z.config()` would change the caller's schemas too.
 */
export const issueMessage: z.core.$ZodErrorMap = (issue) => {
	switch (issue.code) {
		case 'invalid_type':
			return `Invalid input: expected ${issue.expected}, received ${typeName(issue.input)}`;
		case 'invalid_value':
			return `Invalid option: expected one of ${issue.values.map((value) => JSON.stringify(value)).join('|')}`;
		case 'too_small':
			return `Too small: expected ${issue.origin} to ${size(issue.origin, '>=', issue.minimum)}`;
		case 'too_big':
			return `Too big: expected ${issue.origin} to ${size(issue.origin, '<=', issue.maximum)}`;
		case 'unrecognized_keys':
			return `Unrecognized key${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.map((key) => JSON.stringify(key)).join(', ')}`;
		default:
			return undefined;
	}
};

function size(origin: string, sign: string, bound: number | bigint): string {
	return origin === 'string' ? `have ${sign}${bound} characters` : `be ${sign}${bound}`;
}

function typeName(input: unknown): string {
	if (input === null) return 'null';
	if (Array.isArray(input)) return 'array';
	if (typeof input === 'number' && Number.isNaN(input)) return 'NaN';
	return typeof input;
}
