export {
	ImportExportClient,
	type CallOptions,
	type ListJobsResponse,
	type ResponseMetadata,
} from './protocol/client.js';
export { DEFAULT_ENDPOINT, type ImportExportClientOptions } from './protocol/client-options.js';
export type { RequestEvent, ResponseEvent, RetryDecision } from './protocol/attempt-events.js';
export type { Logger } from './observe/logger.js';
export type { ListingReceipt } from './observe/receipt.js';
export { API_VERSION, type ListJobsOutput } from './protocol/list-jobs.js';
// Types only: the zod schemas stay internal, so the API does not tie callers to zod's major version.
export type { Job, ListJobsInput, ListJobsResult } from './protocol/schemas.js';
export {
	InputValidationError,
	InvalidAccessKeyIdException,
	InvalidParameterException,
	InvalidVersionException,
	ResponseParseError,
	ResponseValidationError,
	ServiceError,
	type ValidationIssue,
} from './protocol/errors.js';
export {
	AbortError,
	ImportExportError,
	NetworkError,
	TimeoutError,
	type RetryKind,
} from './transport/errors.js';
export {
	CredentialsError,
	type CredentialProvider,
	type Credentials,
} from './transport/credentials.js';
export { ResponseTooLargeError, type FetchFunction } from './transport/http.js';
export { ResponseEncodingError } from './transport/charset.js';
export { RedirectError } from './transport/redirect.js';
export type { RetryEvent, RetryOptions } from './transport/retry-policy.js';
export type { RetryMode } from './transport/retry-mode.js';
export type { AttemptHooks } from './protocol/attempt-events.js';
export {
	DuplicateJobError,
	OrderError,
	PaginationError,
	PaginationLoopError,
} from './pagination/errors.js';
export type { JobPage, ListJobsClient, PaginateOptions, StopPoint } from './pagination/options.js';
export { paginateListJobPages } from './pagination/paginate-pages.js';
export { paginateListJobs } from './pagination/paginate-jobs.js';
export {
	collectJobs,
	type CollectJobsError,
	type CollectOptions,
	type CollectedJobs,
	type JobSource,
} from './consumers/collect.js';
export { jobToNdjson, ndjsonWebTransform } from './consumers/ndjson.js';
export {
	isActive,
	isCanceled,
	isExport,
	isImport,
	jobFilter,
	type JobFilter,
	type JobPredicate,
} from './consumers/filters.js';
export { jobsWebStream } from './consumers/web-stream.js';
export { VERSION } from './version.js';
