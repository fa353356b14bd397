import { describe, expect, it } from 'vitest';
import {
	ImportExportError,
	InputValidationError,
	InvalidAccessKeyIdException,
	InvalidParameterException,
	InvalidVersionException,
	ResponseParseError,
	ResponseValidationError,
	ServiceError,
} from '../src/index.js';
import { MODELED_ERRORS, type ServiceErrorDetails } from '../src/protocol/errors.js';

const details: ServiceErrorDetails = {
	operation: 'ListJobs',
	code: 'ServiceUnavailable',
	message: 'Please slow down',
	type: 'Receiver',
	statusCode: 503,
	requestId: 'req-1',
	retryKind: 'transient',
	retryAfterMs: 2000,
};

describe('ServiceError', () => {
	it('says what failed, how, in the service’s words, and which request', () => {
		const cause = new Error('underneath');
		const error = new ServiceError(details, { cause });
		expect(error.message).toBe(
			'ListJobs failed with HTTP 503 ServiceUnavailable: Please slow down (request id req-1)',
		);
		expect(error).toBeInstanceOf(ImportExportError);
		expect(error).toMatchObject({
			name: 'ServiceError',
			operation: 'ListJobs',
			code: 'ServiceUnavailable',
			type: 'Receiver',
			statusCode: 503,
			requestId: 'req-1',
			serviceMessage: 'Please slow down',
			retryKind: 'transient',
			retryable: true,
			retryAfterMs: 2000,
			cause,
		});
	});

	it('leaves out the request id when there is none, and is not retryable without a retry kind', () => {
		const error = new ServiceError({
			...details,
			requestId: undefined,
			retryKind: undefined,
			retryAfterMs: undefined,
		});
		expect(error.message).toBe(
			'ListJobs failed with HTTP 503 ServiceUnavailable: Please slow down',
		);
		expect(error.retryable).toBe(false);
		expect(error.retryAfterMs).toBeUndefined();
		expect('cause' in error).toBe(false);
	});

	it('has a class per code the ListJobs model declares, named after it', () => {
		for (const [code, Class] of [
			['InvalidParameterException', InvalidParameterException],
			['InvalidAccessKeyIdException', InvalidAccessKeyIdException],
			['InvalidVersionException', InvalidVersionException],
		] as const) {
			expect(MODELED_ERRORS.get(code)).toBe(Class);
			const error = new Class({ ...details, code, statusCode: 400 });
			expect(error).toBeInstanceOf(ServiceError);
			expect(error.name).toBe(code);
			expect(String(error)).toMatch(new RegExp(`^${code}: ListJobs failed with HTTP 400 ${code}`));
		}
		expect(MODELED_ERRORS.size).toBe(3);
	});
});

describe('ResponseParseError', () => {
	it('carries the status, the request id and an excerpt of the body', () => {
		const cause = new Error('bad tag');
		const error = new ResponseParseError('ListJobs response is not XML', {
			operation: 'ListJobs',
			statusCode: 200,
			requestId: 'req-2',
			excerpt: '<html>',
			cause,
		});
		expect(error).toBeInstanceOf(ImportExportError);
		expect(error).toMatchObject({
			name: 'ResponseParseError',
			message: 'ListJobs response is not XML',
			operation: 'ListJobs',
			statusCode: 200,
			requestId: 'req-2',
			excerpt: '<html>',
			cause,
		});
	});
});

describe('validation errors', () => {
	const issues = (count: number) =>
		Array.from({ length: count }, (_, i) => ({ path: `Jobs[${i}].JobId`, message: `bad ${i}` }));

	it('a page: names the page, lists the issues and the request id', () => {
		const error = new ResponseValidationError({
			operation: 'ListJobs',
			page: 'the page after JobId A',
			statusCode: 200,
			requestId: 'req-3',
			issues: issues(2),
		});
		expect(error.message).toBe(
			'ListJobs response for the page after JobId A does not match the schema: Jobs[0].JobId: bad 0; Jobs[1].JobId: bad 1 (request id req-3)',
		);
		expect(error).toMatchObject({
			name: 'ResponseValidationError',
			operation: 'ListJobs',
			statusCode: 200,
			requestId: 'req-3',
			issues: issues(2),
		});
	});

	it('a page without a request id: the message ends with the issues', () => {
		const error = new ResponseValidationError({
			operation: 'ListJobs',
			page: 'the first page',
			statusCode: 200,
			requestId: undefined,
			issues: [{ path: '', message: 'expected an object' }],
		});
		expect(error.message).toBe(
			'ListJobs response for the first page does not match the schema: expected an object',
		);
	});

	it('shows five issues and counts the rest', () => {
		const error = new InputValidationError('ListJobs', issues(8));
		expect(error.message).toBe(
			'Invalid ListJobs input, nothing was sent: Jobs[0].JobId: bad 0; Jobs[1].JobId: bad 1; Jobs[2].JobId: bad 2; Jobs[3].JobId: bad 3; Jobs[4].JobId: bad 4; and 3 more',
		);
		expect(error.issues).toHaveLength(8);
		expect(error).toMatchObject({ name: 'InputValidationError', operation: 'ListJobs' });
		expect(new InputValidationError('ListJobs', issues(5)).message).not.toContain('more');
	});
});
