import { describe, expect, it } from 'vitest';
import {
	InvalidParameterException,
	ResponseParseError,
	ResponseValidationError,
	ServiceError,
} from '../src/protocol/errors.js';
import {
	parseListJobsBody,
	serializeListJobs,
	throwIfServiceError,
	toIssues,
	type DeserializeContext,
} from '../src/protocol/list-jobs.js';
import type { HttpResponse } from '../src/transport/http.js';
import { pageXml } from './loopback-server.js';

const T = Date.parse('2026-03-01T12:00:00Z');
const first: DeserializeContext = { marker: undefined, now: T, redact: (text) => text };
const masking: DeserializeContext = {
	...first,
	redact: (text) => text.replaceAll('SECRETKEY', '[REDACTED]'),
};

function answer(status: number, body: string, headers: Record<string, string> = {}): HttpResponse {
	return { status, headers: new Headers(headers), body };
}

function thrown(fn: () => unknown): unknown {
	try {
		fn();
	} catch (error) {
		return error;
	}
	throw new Error('expected a throw, got none');
}

const errorResponse = (code: string, extra = '') =>
	`<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>It is wrong.</Message></Error>${extra}</ErrorResponse>`;

describe('serializeListJobs', () => {
	it('takes no input as an empty one', () => {
		expect(serializeListJobs(undefined)).toBe('Action=ListJobs&Version=2010-06-01');
	});
});

describe('throwIfServiceError: which statuses are errors', () => {
	it.each([200, 204, 299])('takes HTTP %i as an answer to parse', (status) => {
		expect(() => throwIfServiceError(answer(status, ''), first)).not.toThrow();
	});

	it.each([199, 300, 404])('takes HTTP %i as an error', (status) => {
		expect(thrown(() => throwIfServiceError(answer(status, ''), first))).toBeInstanceOf(
			ServiceError,
		);
	});
});

describe('throwIfServiceError: the error an ErrorResponse stands for', () => {
	it('reads code, message, type and request id of a query-protocol ErrorResponse', () => {
		const error = thrown(() =>
			throwIfServiceError(
				answer(400, errorResponse('ThrottlingException', '<RequestId>body-id</RequestId>'), {
					'x-amzn-requestid': 'header-id',
				}),
				first,
			),
		);
		expect(error).toMatchObject({
			name: 'ServiceError',
			operation: 'ListJobs',
			code: 'ThrottlingException',
			serviceMessage: 'It is wrong.',
			type: 'Sender',
			statusCode: 400,
			requestId: 'body-id',
			retryKind: 'throttling',
		});
	});

	it('reads the older <Response><Errors><Error> envelope and its RequestID', () => {
		const body =
			'<Response><Errors><Error><Code>InvalidParameterException</Code><Message>bad marker</Message></Error></Errors><RequestID>old-id</RequestID></Response>';
		const error = thrown(() => throwIfServiceError(answer(400, body), first));
		expect(error).toBeInstanceOf(InvalidParameterException);
		expect(error).toMatchObject({
			code: 'InvalidParameterException',
			serviceMessage: 'bad marker',
			requestId: 'old-id',
		});
	});

	it('falls back to the request id headers, x-amzn-requestid first', () => {
		const both = { 'x-amzn-requestid': 'amzn-id', 'x-amz-request-id': 'amz-id' };
		expect(
			thrown(() => throwIfServiceError(answer(400, errorResponse('Nope'), both), first)),
		).toMatchObject({ requestId: 'amzn-id' });
		expect(
			thrown(() =>
				throwIfServiceError(
					answer(400, errorResponse('Nope'), { 'x-amz-request-id': 'amz-id' }),
					first,
				),
			),
		).toMatchObject({ requestId: 'amz-id' });
	});

	it('has an empty message when the ErrorResponse carries none', () => {
		const body = '<ErrorResponse><Error><Code>Nope</Code></Error></ErrorResponse>';
		expect(thrown(() => throwIfServiceError(answer(400, body), first))).toMatchObject({
			code: 'Nope',
			serviceMessage: '',
			type: undefined,
		});
	});

	it.each([
		[400, 'Bad Request'],
		[403, 'Forbidden'],
		[404, 'Not Found'],
		[408, 'Request Timeout'],
		[429, 'Too Many Requests'],
		[500, 'Internal Server Error'],
		[502, 'Bad Gateway'],
		[503, 'Service Unavailable'],
		[504, 'Gateway Timeout'],
		[418, 'HTTP error'],
	])(
		'names HTTP %i "%s" when the body is not an ErrorResponse, and quotes the body',
		(status, text) => {
			const error = thrown(() => throwIfServiceError(answer(status, '<html>busy</html>'), first));
			expect(error).toMatchObject({
				code: String(status),
				statusCode: status,
				serviceMessage: `${text} (the body is not an AWS ErrorResponse: "<html>busy</html>")`,
			});
		},
	);

	it('codes an error with an empty body by its status', () => {
		expect(thrown(() => throwIfServiceError(answer(502, '  \n'), first))).toMatchObject({
			code: '502',
			serviceMessage: 'Bad Gateway (the body is not an AWS ErrorResponse: "")',
		});
	});

	it('reads Retry-After on 429 and 503 only, in seconds or as an HTTP date', () => {
		const retryAfter = (status: number, value: string) =>
			(
				thrown(() =>
					throwIfServiceError(
						answer(status, errorResponse('Busy'), { 'retry-after': value }),
						first,
					),
				) as ServiceError
			).retryAfterMs;
		expect(retryAfter(429, '3')).toBe(3000);
		expect(retryAfter(503, new Date(T + 5000).toUTCString())).toBe(5000);
		expect(retryAfter(500, '3')).toBeUndefined();
		expect(retryAfter(400, '3')).toBeUndefined();
	});
});

describe('parseListJobsBody', () => {
	it('reads a page and its request id, from the body before the header', () => {
		const output = parseListJobsBody(
			answer(200, pageXml([{ JobId: 'ABC12' }], { truncated: true, requestId: 'body-id' }), {
				'x-amzn-requestid': 'header-id',
			}),
			first,
		);
		expect(output).toMatchObject({ IsTruncated: true, RequestId: 'body-id' });
		expect(output.Jobs.map((job) => job.JobId)).toEqual(['ABC12']);
	});

	it('takes the header request id when the body has none, and has no RequestId when neither has', () => {
		const body =
			'<ListJobsResponse><ListJobsResult><Jobs/><IsTruncated>false</IsTruncated></ListJobsResult></ListJobsResponse>';
		expect(
			parseListJobsBody(answer(200, body, { 'x-amz-request-id': 'header-id' }), first).RequestId,
		).toBe('header-id');
		expect(parseListJobsBody(answer(200, body), first)).not.toHaveProperty('RequestId');
	});

	it('refuses an empty or blank body, saying which page and quoting the request id', () => {
		const error = thrown(() =>
			parseListJobsBody(answer(200, ' \n ', { 'x-amzn-requestid': 'rid-1' }), {
				...first,
				marker: 'JOB 7',
			}),
		);
		expect(error).toBeInstanceOf(ResponseParseError);
		expect(error).toMatchObject({
			message:
				'ListJobs returned HTTP 200 for the page after marker "JOB 7" with a body that cannot be read: the body is empty (body starts: "", request id rid-1)',
			operation: 'ListJobs',
			statusCode: 200,
			requestId: 'rid-1',
			excerpt: '""',
		});
	});

	it('refuses malformed XML with the parser’s reason, keeping it as the cause', () => {
		const error = thrown(() => parseListJobsBody(answer(200, '<ListJobsResponse>'), first));
		expect(error).toBeInstanceOf(ResponseParseError);
		expect((error as Error).message).toMatch(
			/^ListJobs returned HTTP 200 for the first page with a body that cannot be read: .+ \(body starts: "<ListJobsResponse>"\)$/,
		);
		expect((error as Error).cause).toMatchObject({ name: 'XmlSyntaxError' });
	});

	it('names the root element it got instead of <ListJobsResponse>, past the XML declaration', () => {
		const error = thrown(() =>
			parseListJobsBody(answer(200, '<?xml version="1.0"?><Other/>'), first),
		);
		expect((error as Error).message).toContain(
			'expected a <ListJobsResponse> document, got <Other>',
		);
	});

	it('raises the ServiceError of an ErrorResponse that came with HTTP 200', () => {
		const error = thrown(() =>
			parseListJobsBody(answer(200, errorResponse('InternalError')), first),
		);
		expect(error).toMatchObject({ name: 'ServiceError', code: 'InternalError', statusCode: 200 });
	});

	it('collapses white space in the excerpt, cuts it at 160 characters, and redacts before cutting', () => {
		const body = `not   xml\n\n${'x'.repeat(150)}SECRETKEY${'y'.repeat(100)}`;
		const error = thrown(() => parseListJobsBody(answer(200, body), masking)) as ResponseParseError;
		const flat = `not xml ${'x'.repeat(150)}[REDACTED]${'y'.repeat(100)}`;
		expect(error.excerpt).toBe(JSON.stringify(`${flat.slice(0, 160)}…`));
		const short = thrown(() => parseListJobsBody(answer(200, '  not xml  '), first));
		expect((short as ResponseParseError).excerpt).toBe('"not xml"');
		const exact = 'z'.repeat(160);
		expect(
			(thrown(() => parseListJobsBody(answer(200, exact), first)) as ResponseParseError).excerpt,
		).toBe(JSON.stringify(exact));
	});

	it('looks at the first 64 KiB of the body for the excerpt', () => {
		const seen: number[] = [];
		const context = { ...first, redact: (text: string) => (seen.push(text.length), text) };
		thrown(() => parseListJobsBody(answer(200, 'q'.repeat(100_000)), context));
		expect(Math.max(...seen)).toBe(64 * 1024);
	});

	it('refuses a page that does not match the schema, naming the page, the fields and the request id', () => {
		const body =
			'<ListJobsResponse><ListJobsResult><Jobs><member><CreationDate>2010-03-28T20:27:35Z</CreationDate></member></Jobs></ListJobsResult><ResponseMetadata><RequestId>rid-2</RequestId></ResponseMetadata></ListJobsResponse>';
		const error = thrown(() => parseListJobsBody(answer(200, body), { ...first, marker: 'M1' }));
		expect(error).toBeInstanceOf(ResponseValidationError);
		const { issues, message, statusCode, requestId } = error as ResponseValidationError;
		expect({ statusCode, requestId }).toEqual({ statusCode: 200, requestId: 'rid-2' });
		expect(issues.map((issue) => issue.path)).toEqual(
			expect.arrayContaining(['Jobs[0].JobId', 'IsTruncated']),
		);
		expect(message).toContain('ListJobs response for the page after marker "M1"');
	});

	it('refuses a <ListJobsResponse> without a result', () => {
		const error = thrown(() =>
			parseListJobsBody(
				answer(
					200,
					'<ListJobsResponse><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></ListJobsResponse>',
				),
				first,
			),
		);
		expect(error).toBeInstanceOf(ResponseValidationError);
	});
});

describe('toIssues', () => {
	it('writes zod paths as the wire shows them: list members as indexes, fields joined by dots', () => {
		expect(
			toIssues([
				{ code: 'custom', path: ['Jobs', 'member', 3, 'JobType'], message: 'bad', input: 1 },
				{ code: 'custom', path: [], message: 'root', input: 1 },
				{ code: 'custom', path: [0, 'A'], message: 'x', input: 1 },
			]),
		).toEqual([
			{ path: 'Jobs[3].JobType', message: 'bad' },
			{ path: '', message: 'root' },
			{ path: '[0].A', message: 'x' },
		]);
	});
});
