import type * as z from 'zod/mini';
import { classifyResponse, parseRetryAfter } from '../transport/retry-policy.js';
import type { HttpResponse } from '../transport/http.js';
import {
	InputValidationError,
	MODELED_ERRORS,
	ResponseParseError,
	ResponseValidationError,
	ServiceError,
	type ValidationIssue,
} from './errors.js';
import { issueMessage } from './issue-messages.js';
import { encodeForm } from './query.js';
import { ListJobsInputSchema, ListJobsResultSchema, type ListJobsResult } from './schemas.js';
import { scrubError, type Redact } from './redact.js';
import { XmlSyntaxError, child, parseXml, text, type XmlObject } from './xml.js';

export const OPERATION = 'ListJobs';
export const API_VERSION = '2010-06-01';
export const CONTENT_TYPE = 'application/x-www-form-urlencoded; charset=utf-8';

// Messages per parse, not set globally with z.config(): that would change the caller's own schemas.
const PARSE = { error: issueMessage };

/** Validates the input and builds the form body; throws InputValidationError before anything is sent. */
export function serializeListJobs(input: unknown): string {
	const parsed = ListJobsInputSchema.safeParse(input ?? {}, PARSE);
	if (!parsed.success) throw new InputValidationError(OPERATION, toIssues(parsed.error.issues));
	const { MaxJobs, Marker, APIVersion } = parsed.data;
	const params: Array<[string, string]> = [
		['Action', OPERATION],
		['Version', API_VERSION],
	];
	if (MaxJobs !== undefined) params.push(['MaxJobs', String(MaxJobs)]);
	if (Marker !== undefined) params.push(['Marker', Marker]);
	if (APIVersion !== undefined) params.push(['APIVersion', APIVersion]);
	return encodeForm(params);
}

export interface DeserializeContext {
	/** The Marker sent, so that errors say which page failed. */
	marker: string | undefined;
	/** The client's clock, for `Retry-After` given as an HTTP date. */
	now: number;
	/** Removes secrets from text that came from the server before it goes into an error. */
	redact: Redact;
}

export interface ListJobsOutput extends ListJobsResult {
	RequestId?: string | undefined;
}

/** Throws the ServiceError an HTTP error response stands for; the retry layer decides on it. */
export function throwIfServiceError(response: HttpResponse, context: DeserializeContext): void {
	if (response.status < 200 || response.status >= 300)
		throw toServiceError(response, requestIdHeader(response.headers), context);
}

/**
 * Parses and validates a 2xx ListJobs body. Every error it raises is scrubbed on the way
 * out: element names, request ids, schema messages all quote the server.
 */
export function parseListJobsBody(
	response: HttpResponse,
	context: DeserializeContext,
): ListJobsOutput {
	try {
		return readListJobs(response, context);
	} catch (error) {
		throw scrubError(error, context.redact);
	}
}

function readListJobs(response: HttpResponse, context: DeserializeContext): ListJobsOutput {
	const headerRequestId = requestIdHeader(response.headers);
	const document = parseDocument(response, headerRequestId, context);
	const root = child(document, 'ListJobsResponse');
	if (root === undefined) {
		// Some gateways answer errors with 200; treat a well-formed ErrorResponse as the error it is.
		if (child(document, 'ErrorResponse') !== undefined)
			throw toServiceError(response, headerRequestId, context);
		throw parseError(
			response,
			headerRequestId,
			context,
			`expected a <ListJobsResponse> document, got ${describeRoot(document)}`,
		);
	}
	const requestId = text(child(root, 'ResponseMetadata'), 'RequestId') ?? headerRequestId;
	const parsed = ListJobsResultSchema.safeParse(root['ListJobsResult'] ?? '', PARSE);
	if (!parsed.success) {
		throw new ResponseValidationError({
			operation: OPERATION,
			page: describePage(context),
			statusCode: response.status,
			requestId,
			issues: toIssues(parsed.error.issues),
		});
	}
	return requestId === undefined ? parsed.data : { ...parsed.data, RequestId: requestId };
}

function parseDocument(
	response: HttpResponse,
	requestId: string | undefined,
	context: DeserializeContext,
): XmlObject {
	if (response.body.trim() === '')
		throw parseError(response, requestId, context, 'the body is empty');
	try {
		return parseXml(response.body);
	} catch (error) {
		if (error instanceof XmlSyntaxError)
			throw parseError(response, requestId, context, error.message, error);
		throw error;
	}
}

function toServiceError(
	response: HttpResponse,
	headerRequestId: string | undefined,
	context: DeserializeContext,
): ServiceError {
	let document: XmlObject | undefined;
	try {
		document = parseXml(response.body);
	} catch {
		// Not XML, or no element at all (an empty body): the status code speaks for it.
		document = undefined;
	}
	// Query services answer <ErrorResponse><Error>…; some older endpoints <Response><Errors><Error>….
	const envelope = child(document, 'ErrorResponse') ?? child(document, 'Response');
	const error = child(envelope, 'Error') ?? child(child(envelope, 'Errors'), 'Error');
	// Every field is server text: the client scrubs the error this builds (scrubError), fields included.
	const code = text(error, 'Code');
	const requestId = text(envelope, 'RequestId') ?? text(envelope, 'RequestID') ?? headerRequestId;
	const statusCode = response.status;
	const message =
		code === undefined
			? `${STATUS_TEXT[statusCode] ?? 'HTTP error'} (the body is not an AWS ErrorResponse: ${excerpt(response.body, context)})`
			: (text(error, 'Message') ?? '');
	const retryKind = classifyResponse(statusCode, code);
	const retryAfterMs =
		statusCode === 429 || statusCode === 503
			? parseRetryAfter(response.headers.get('retry-after'), context.now)
			: undefined;
	// A status code is never the name of a modeled error.
	const errorCode = code ?? String(statusCode);
	const ErrorClass = MODELED_ERRORS.get(errorCode) ?? ServiceError;
	return new ErrorClass({
		operation: OPERATION,
		code: errorCode,
		message,
		type: text(error, 'Type'),
		statusCode,
		requestId,
		retryKind,
		retryAfterMs,
	});
}

function parseError(
	response: HttpResponse,
	requestId: string | undefined,
	context: DeserializeContext,
	why: string,
	cause?: unknown,
): ResponseParseError {
	const where = requestId === undefined ? '' : `, request id ${requestId}`;
	const start = excerpt(response.body, context);
	return new ResponseParseError(
		`${OPERATION} returned HTTP ${response.status} for ${describePage(context)} with a body that cannot be read: ${why} (body starts: ${start}${where})`,
		{
			operation: OPERATION,
			statusCode: response.status,
			requestId,
			excerpt: start,
			cause,
		},
	);
}

function describePage(context: DeserializeContext): string {
	return context.marker === undefined
		? 'the first page'
		: `the page after marker ${JSON.stringify(context.marker)}`;
}

function requestIdHeader(headers: Headers): string | undefined {
	return headers.get('x-amzn-requestid') ?? headers.get('x-amz-request-id') ?? undefined;
}

function excerpt(body: string, context: DeserializeContext): string {
	// Redact before cutting: a secret straddling the cut would no longer match whole.
	const flat = context
		.redact(body.slice(0, 64 * 1024))
		.replace(/\s+/g, ' ')
		.trim();
	return JSON.stringify(flat.length > 160 ? `${flat.slice(0, 160)}…` : flat);
}

function describeRoot(document: XmlObject): string {
	// parseXml refuses a body without an element: there is always one to name.
	const root = Object.keys(document).find((name) => !name.startsWith('?')) ?? '';
	return `<${root}>`;
}

/** Zod issue paths, written the way the wire shows them: `Jobs[3].JobType`. */
export function toIssues(issues: readonly z.core.$ZodIssue[]): ValidationIssue[] {
	return issues.map((issue) => {
		let path = '';
		for (const segment of issue.path) {
			if (segment === 'member') continue;
			if (typeof segment === 'number') path += `[${segment}]`;
			else path += path === '' ? String(segment) : `.${String(segment)}`;
		}
		return { path, message: issue.message };
	});
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
	400: 'Bad Request',
	403: 'Forbidden',
	404: 'Not Found',
	408: 'Request Timeout',
	429: 'Too Many Requests',
	500: 'Internal Server Error',
	502: 'Bad Gateway',
	503: 'Service Unavailable',
	504: 'Gateway Timeout',
};
