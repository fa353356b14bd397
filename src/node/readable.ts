import { Readable, Transform } from 'node:stream';
import type { Job } from '../protocol/schemas.js';
import { jobToNdjson } from '../consumers/ndjson.js';
import { openJobs } from '../pagination/paginate-jobs.js';
import {
	checkPaginateOptions,
	PAGINATE_KEYS,
	resolvePaginateOptions,
	type ListJobsClient,
	type PaginateOptions,
} from '../pagination/options.js';
import { checkInteger, type OptionKeys } from '../transport/option-check.js';
import { downstreamSettled, pipedTo, type TracksPipes } from './downstream.js';

export interface JobsReadableOptions extends PaginateOptions {
	/**
	 * Jobs buffered in the stream before it stops pulling from the paginator.
	 * @default 1000
	 */
	highWaterMark?: number | undefined;
}

/**
 * Every job as an object-mode `Readable` with backpressure: a paused consumer stops the
 * fetching (beyond the one prefetched page); destroying the stream aborts the request in
 * flight. A listing error arrives as a stream error carrying `resumeMarker` only once every
 * job buffered before it has been read (and, in a pipe, processed by the next stage and by
 * `toNdjson()`'s own next stage): the marker is the last job the consumer received.
 *
 * @example
 * await pipeline(jobsReadable(client), toNdjson(), createWriteStream('jobs.ndjson'));
 */
export function jobsReadable(client: ListJobsClient, options: JobsReadableOptions = {}): Readable {
	checkPaginateOptions('jobsReadable', options, READABLE_KEYS);
	const { highWaterMark = 1000, ...paginate } = options;
	checkInteger('highWaterMark', highWaterMark, 1);
	return new JobsReadable(
		openJobs(client, resolvePaginateOptions(client, paginate)),
		highWaterMark,
	);
}

const READABLE_KEYS = {
	...PAGINATE_KEYS,
	highWaterMark: true,
} as const satisfies OptionKeys<JobsReadableOptions>;

class JobsReadable extends Readable implements TracksPipes {
	readonly [pipedTo] = new Set<NodeJS.WritableStream>();
	readonly #jobs: AsyncGenerator<Job, void, undefined>;
	#pumping = false;
	/** A listing error held back until the reader has drained the jobs buffered before it. */
	#failure: Error | undefined;
	#failing = false;

	constructor(jobs: AsyncGenerator<Job, void, undefined>, highWaterMark: number) {
		super({ objectMode: true, highWaterMark });
		this.#jobs = jobs;
	}

	override _read(): void {
		if (this.#pumping || this.#failure !== undefined) return;
		this.#pumping = true;
		void this.#pump();
	}

	// Every read, whether by `for await`, 'data' or a pipe, goes through here: the moment the
	// buffer runs dry is the moment the held-back error may surface.
	override read(size?: number): unknown {
		const chunk: unknown = super.read(size);
		this.#failWhenDrained();
		return chunk;
	}

	override pipe<T extends NodeJS.WritableStream>(
		destination: T,
		options?: { end?: boolean | undefined },
	): T {
		this[pipedTo].add(destination);
		return super.pipe(destination, options);
	}

	override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
		this.#jobs.return(undefined).then(
			() => callback(error),
			// Stryker disable next-line ArrowFunction: the paginator's return() never rejects (its finally blocks do not throw); this only keeps a rejection from leaving the stream open.
			() => callback(error),
		);
	}

	/** Pushes until the buffer is full; the next `_read()` resumes. */
	async #pump(): Promise<void> {
		try {
			for (;;) {
				// Once destroyed, push() is a no-op that returns false: the loop ends there.
				const next = await this.#jobs.next();
				if (next.done) {
					this.push(null);
					return;
				}
				if (!this.push(next.value)) return;
			}
		} catch (error) {
			// The paginator counted the buffered jobs as handed over (resumeMarker is the last of
			// them): destroying now would drop them. They are delivered first. It throws only
			// ImportExportErrors (withResumeFacts wraps anything else).
			this.#failure = error as Error;
			this.#failWhenDrained();
		} finally {
			this.#pumping = false;
		}
	}

	#failWhenDrained(): void {
		const failure = this.#failure;
		if (failure === undefined || this.readableLength > 0) return;
		// Stryker disable next-line ConditionalExpression,LogicalOperator: spares a second wait only; destroy() on a destroyed stream is a no-op.
		if (this.#failing || this.destroyed) return;
		// Stryker disable next-line BooleanLiteral: as above.
		this.#failing = true;
		void downstreamSettled(this[pipedTo]).then(() => this.destroy(failure));
	}
}

/** An object-to-text `Transform`: one job in, one NDJSON line out. */
export function toNdjson(): Transform {
	return new NdjsonTransform();
}

class NdjsonTransform extends Transform implements TracksPipes {
	readonly [pipedTo] = new Set<NodeJS.WritableStream>();

	constructor() {
		super({ writableObjectMode: true, readableObjectMode: false });
	}

	override _transform(
		job: Job,
		_encoding: BufferEncoding,
		callback: (error?: Error | null, data?: string) => void,
	): void {
		callback(null, jobToNdjson(job));
	}

	// Recorded so that a jobsReadable error upstream waits for the stage after this one too.
	override pipe<T extends NodeJS.WritableStream>(
		destination: T,
		options?: { end?: boolean | undefined },
	): T {
		this[pipedTo].add(destination);
		return super.pipe(destination, options);
	}
}
