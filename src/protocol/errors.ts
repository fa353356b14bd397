import { ImportExportError, type RetryKind } from '../transport/errors.js';

export interface ServiceErrorDetails {
	operation: string;
	code: string;
	message: string;
	/** `Sender` or `Receiver`, as the ErrorResponse says. */
	type: string | undefined;
	statusCode: number;
	requestId: string | undefined;
	retryKind: RetryKind | undefined;
	retryAfterMs: number | undefined;
}

/** The service answered with an error (an ErrorResponse, or an HTTP error with a body that is not one). */
export class ServiceError extends ImportExportError {
	override name = 'ServiceError';
	/** The AWS error code, e.g. `InvalidParameterException`; the HTTP status when the body had none. */
	readonly code: string;
	readonly type: string | undefined;
	readonly statusCode: number;
	readonly requestId: string | undefined;
	/** The service's own words. */
	readonly serviceMessage: string;
	/** Whether the retry policy treats this error as retryable (throttling or transient). */
	readonly retryable: boolean;
	/** `Retry-After` in milliseconds, when the response carried one. */
	readonly retryAfterMs: number | undefined;

	constructor(details: ServiceErrorDetails, options: { cause?: unknown } = {}) {
		const where = details.requestId === undefined ? '' : ` (request id ${details.requestId})`;
		super(
			`${details.operation} failed with HTTP ${details.statusCode} ${details.code}: ${details.message}${where}`,
			{
				operation: details.operation,
				retryKind: details.retryKind,
				cause: options.cause,
			},
		);
		this.code = details.code;
		this.type = details.type;
		this.statusCode = details.statusCode;
		this.requestId = details.requestId;
		this.serviceMessage = details.message;
		this.retryable = details.retryKind !== undefined;
		this.retryAfterMs = details.retryAfterMs;
	}
}

/** A parameter is out of range, or the marker is not a known JobId. */
export class InvalidParameterException extends ServiceError {
	override name = 'InvalidParameterException' as const;
}

/** The access key id is not known to the service. */
export class InvalidAccessKeyIdException extends ServiceError {
	override name = 'InvalidAccessKeyIdException' as const;
}

/** The `APIVersion` sent is not one the service supports. */
export class InvalidVersionException extends ServiceError {
	override name = 'InvalidVersionException' as const;
}

/** The classes for the codes the ListJobs model declares, so `instanceof` works. */
export const MODELED_ERRORS: ReadonlyMap<string, typeof ServiceError> = new Map<
	string,
	typeof ServiceError
>([
	['InvalidParameterException', InvalidParameterException],
	['InvalidAccessKeyIdException', InvalidAccessKeyIdException],
	['InvalidVersionException', InvalidVersionException],
]);

/** The response body is not the XML document it should be: not XML, malformed, cut short, or carrying a DTD. */
export class ResponseParseError extends ImportExportError {
	override name = 'ResponseParseError' as const;
	readonly statusCode: number;
	readonly requestId: string | undefined;
	/** The first characters of the body, for diagnosis. */
	readonly excerpt: string;

	constructor(
		message: string,
		details: {
			operation: string;
			statusCode: number;
			requestId: string | undefined;
			excerpt: string;
			cause?: unknown;
		},
	) {
		super(message, { operation: details.operation, cause: details.cause });
		this.statusCode = details.statusCode;
		this.requestId = details.requestId;
		this.excerpt = details.excerpt;
	}
}

/** One problem found by schema validation, with a path such as `Jobs[3].JobType`. */
export interface ValidationIssue {
	path: string;
	message: string;
}

/** A well-formed response that breaks the ListJobs schema (a missing JobId, an unknown JobType, a bad date…). */
export class ResponseValidationError extends ImportExportError {
	override name = 'ResponseValidationError' as const;
	readonly statusCode: number;
	readonly requestId: string | undefined;
	readonly issues: readonly ValidationIssue[];

	constructor(details: {
		operation: string;
		page: string;
		statusCode: number;
		requestId: string | undefined;
		issues: ValidationIssue[];
	}) {
		const where = details.requestId === undefined ? '' : ` (request id ${details.requestId})`;
		super(
			`${details.operation} response for ${details.page} does not match the schema: ${formatIssues(details.issues)}${where}`,
			{ operation: details.operation },
		);
		this.statusCode = details.statusCode;
		this.requestId = details.requestId;
		this.issues = details.issues;
	}
}

/** The input given to an operation is invalid; nothing was sent. */
export class InputValidationError extends ImportExportError {
	override name = 'InputValidationError' as const;
	readonly issues: readonly ValidationIssue[];

	constructor(operation: string, issues: ValidationIssue[]) {
		super(`Invalid ${operation} input, nothing was sent: ${formatIssues(issues)}`, { operation });
		this.issues = issues;
	}
}

function formatIssues(issues: readonly ValidationIssue[]): string {
	const shown = issues
		.slice(0, 5)
		.map((issue) => (issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`));
	if (issues.length > shown.length) shown.push(`and ${issues.length - shown.length} more`);
	return shown.join('; ');
}
