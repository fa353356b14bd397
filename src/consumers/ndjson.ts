import type { Job } from '../protocol/schemas.js';

/** One job as an NDJSON line: keys in wire order, `CreationDate` as ISO 8601 UTC, ending in `\n`. */
export function jobToNdjson(job: Job): string {
	return `{"JobId":${JSON.stringify(job.JobId)},"CreationDate":"${job.CreationDate.toISOString()}","IsCanceled":${job.IsCanceled},"JobType":${JSON.stringify(job.JobType)}}\n`;
}

/** A web `TransformStream` from jobs to NDJSON lines. */
export function ndjsonWebTransform(): TransformStream<Job, string> {
	return new TransformStream<Job, string>({
		transform(job, controller) {
			controller.enqueue(jobToNdjson(job));
		},
	});
}
