import { ImportExportError, type CollectJobsError } from '../src/index.js';

/** What `collectJobs` rejected with, checked to be one of ours (`CollectJobsError`). */
export async function rejection(promise: Promise<unknown>): Promise<CollectJobsError> {
	const outcome = await promise.then(
		() => undefined,
		(error: unknown) => error,
	);
	if (!(outcome instanceof ImportExportError))
		throw new Error(`expected an ImportExportError, got ${String(outcome)}`);
	return outcome as CollectJobsError;
}
