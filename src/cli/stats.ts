import { ServiceError, type JobPage, type RetryEvent } from '../index.js';
import { escapeControls } from './escape.js';

const KIND_WORDS: Record<string, string> = {
	throttling: 'throttled',
	transient: 'transient',
	timeout: 'timed out',
};

/** Counts what a listing did, for the progress line and the summary. */
export class ListingStats {
	pages = 0;
	jobs = 0;
	retries = 0;
	/** Time spent waiting between attempts, in milliseconds. */
	retryDelayMs = 0;
	/** Retries by kind (`throttled`, `transient`, `timed out`). */
	readonly retryKinds = new Map<string, number>();
	/** Retries by what the service said (`Throttling`, `SlowDown`, `HTTP 429`, `NetworkError`…). */
	readonly retryCauses = new Map<string, number>();
	/** The latest retry, for the progress line. */
	lastRetry: { reason: string; delayMs: number } | undefined;
	readonly #now: () => number;
	readonly #startedAt: number;
	#endedAt: number | undefined;

	constructor(now: () => number = () => performance.now()) {
		this.#now = now;
		this.#startedAt = now();
	}

	readonly onPage = (_page: JobPage): void => {
		this.pages++;
	};

	readonly onRetry = (event: RetryEvent): void => {
		this.retries++;
		this.retryDelayMs += event.delayMs;
		const kind = KIND_WORDS[event.error.retryKind ?? ''] ?? 'other';
		const cause = retryCause(event.error);
		bump(this.retryKinds, kind);
		bump(this.retryCauses, cause);
		this.lastRetry = { reason: cause, delayMs: event.delayMs };
	};

	/** Freezes the clock: the summary reports the listing, not the time spent printing it. */
	stop(): void {
		this.#endedAt ??= this.#now();
	}

	get elapsedMs(): number {
		return (this.#endedAt ?? this.#now()) - this.#startedAt;
	}

	get jobsPerSecond(): number {
		const seconds = this.elapsedMs / 1000;
		return seconds > 0 ? this.jobs / seconds : 0;
	}

	/** `3 retries (3 throttled: 2 Throttling, 1 SlowDown)`, or `no retries`. */
	describeRetries(): string {
		if (this.retries === 0) return 'no retries';
		const kinds = [...this.retryKinds].map(([kind, n]) => `${n} ${kind}`).join(', ');
		const causes = [...this.retryCauses].map(([cause, n]) => `${n} ${cause}`).join(', ');
		return `${plural(this.retries, 'retry', 'retries')} (${kinds}: ${causes})`;
	}

	/** One line: `25,000 jobs in 25 pages, no retries, 0.84 s, 29,761 jobs/s`. */
	summary(): string {
		return `${plural(this.jobs, 'job')} in ${plural(this.pages, 'page')}, ${this.describeRetries()}, ${seconds(this.elapsedMs)}, ${count(Math.round(this.jobsPerSecond))} jobs/s`;
	}
}

// The code is the server's text: escaped, it can neither forge a line nor drive the terminal.
function retryCause(error: RetryEvent['error']): string {
	if (error instanceof ServiceError)
		return /^\d+$/.test(error.code)
			? `HTTP ${error.code}`
			: escapeControls(error.code.length > 64 ? `${error.code.slice(0, 63)}…` : error.code);
	return error.name;
}

function bump(map: Map<string, number>, key: string): void {
	map.set(key, (map.get(key) ?? 0) + 1);
}

/** `25,000`: grouped digits, whatever the locale of the machine. */
export function count(n: number): string {
	// Not toLocaleString: its first call loads ICU's number formats, about as long as a whole listing of ten jobs.
	const [whole = '', fraction] = String(Number(n.toFixed(3))).split('.');
	return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${fraction === undefined ? '' : `.${fraction}`}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
	return `${count(n)} ${n === 1 ? one : many}`;
}

export function seconds(ms: number): string {
	return `${(ms / 1000).toFixed(2)} s`;
}
