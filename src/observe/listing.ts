import { joinSinks, type AttemptSink } from '../protocol/attempt-events.js';
import type { JobPage } from '../pagination/options.js';
import { log, loggerOf, type Logger } from './logger.js';
import { ReceiptBuilder } from './receipt.js';
import { ListingSpan, registeredOpenTelemetry } from './tracing.js';

/**
 * What watches one listing: its span, its receipt, its log line. The paginator calls it at a
 * few points (start, each page, the end, a failure, `finally`) and hands `callSink()` to each
 * request; when nothing watches, every call is a no-op.
 */
export interface ListingObserver {
	/** The per-call watcher to pass as the call's `observe` option; `undefined` when not needed. */
	callSink(): AttemptSink | undefined;
	page(page: JobPage): void;
	/** The listing ends with this page: puts the receipt on it, when asked for. */
	done(page: JobPage): Promise<void>;
	/** The listing failed: puts the receipt on the error, when asked for. `resumeMarker`: after the last page handed over. */
	fail(error: Error & { receipt?: unknown }, resumeMarker: string | undefined): Promise<void>;
	/** Always, last: a listing stopped early (`break`) ends its span here. */
	close(): void;
}

export const NO_OBSERVER: ListingObserver = {
	callSink: () => undefined,
	page: () => {},
	done: async () => {},
	fail: async () => {},
	close: () => {},
};

export async function observeListing(
	client: object,
	options: { receipt: boolean; startingMarker: string | undefined },
): Promise<ListingObserver> {
	const api = await registeredOpenTelemetry();
	const span = api === undefined ? undefined : ListingSpan.start(api, options.startingMarker);
	const logger = loggerOf(client);
	const receipt = options.receipt ? new ReceiptBuilder(options.startingMarker) : undefined;
	if (span === undefined && logger === undefined && receipt === undefined) return NO_OBSERVER;
	return new ActiveObserver(span, logger, receipt);
}

class ActiveObserver implements ListingObserver {
	readonly #span: ListingSpan | undefined;
	readonly #logger: Logger | undefined;
	readonly #receipt: ReceiptBuilder | undefined;
	readonly #receiptSink: AttemptSink | undefined;
	readonly #started = performance.now();
	#pages = 0;
	#jobs = 0;
	#ended = false;

	constructor(
		span: ListingSpan | undefined,
		logger: Logger | undefined,
		receipt: ReceiptBuilder | undefined,
	) {
		this.#span = span;
		this.#logger = logger;
		this.#receipt = receipt;
		this.#receiptSink =
			receipt === undefined
				? undefined
				: { onRequest: () => receipt.request(), onResponse: (event) => receipt.response(event) };
	}

	callSink(): AttemptSink | undefined {
		return joinSinks(this.#receiptSink, this.#span?.callSink());
	}

	page(page: JobPage): void {
		this.#pages++;
		this.#jobs += page.jobs.length;
		this.#span?.page(page.pageIndex, page.jobs.length);
		this.#receipt?.page(page.jobs.map((job) => job.JobId));
	}

	async done(page: JobPage): Promise<void> {
		this.#ended = true;
		this.#span?.end({ pages: this.#pages, jobs: this.#jobs, complete: true });
		if (this.#logger !== undefined)
			log(
				this.#logger,
				'info',
				`importexport-jobs: ListJobs listing done: ${this.#describe()}`,
				undefined,
			);
		if (this.#receipt !== undefined)
			page.receipt = await this.#receipt.build({ complete: true, resumeMarker: page.nextMarker });
	}

	async fail(
		error: Error & { receipt?: unknown },
		resumeMarker: string | undefined,
	): Promise<void> {
		this.#ended = true;
		this.#span?.end({ pages: this.#pages, jobs: this.#jobs, complete: false }, error);
		if (this.#logger !== undefined) {
			const resume =
				resumeMarker === undefined
					? 'start over'
					: `resume with startingMarker ${JSON.stringify(resumeMarker)}`;
			log(
				this.#logger,
				'error',
				`importexport-jobs: ListJobs listing failed after ${this.#describe()}: ${error.name}: ${error.message}; ${resume}`,
				undefined,
			);
		}
		if (this.#receipt !== undefined)
			error.receipt = await this.#receipt.build({ complete: false, resumeMarker, error });
	}

	close(): void {
		if (this.#ended) return;
		this.#ended = true;
		this.#span?.end({ pages: this.#pages, jobs: this.#jobs, complete: false });
		if (this.#logger !== undefined)
			log(
				this.#logger,
				'info',
				`importexport-jobs: ListJobs listing stopped by its consumer after ${this.#describe()}`,
				undefined,
			);
	}

	#describe(): string {
		return `${this.#pages} page${this.#pages === 1 ? '' : 's'}, ${this.#jobs} job${this.#jobs === 1 ? '' : 's'} in ${Math.round(performance.now() - this.#started)} ms`;
	}
}
