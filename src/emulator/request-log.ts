import type { RequestLogEntry } from './types.js';

/** The latest `capacity` entries, the oldest dropped first: an emulator that runs for days keeps a bounded log. */
export class RequestLog {
	readonly #capacity: number;
	#entries: RequestLogEntry[] = [];
	/** Where the oldest entry sits once the buffer is full. */
	#oldest = 0;

	constructor(capacity: number) {
		this.#capacity = capacity;
	}

	add(entry: RequestLogEntry): void {
		if (this.#capacity === 0) return;
		if (this.#entries.length < this.#capacity) {
			this.#entries.push(entry);
			return;
		}
		this.#entries[this.#oldest] = entry;
		this.#oldest = (this.#oldest + 1) % this.#capacity;
	}

	/** Copies of the entries, oldest first: what a caller does with them cannot change the log. */
	snapshot(): RequestLogEntry[] {
		const ordered =
			this.#oldest === 0
				? this.#entries
				: [...this.#entries.slice(this.#oldest), ...this.#entries.slice(0, this.#oldest)];
		return ordered.map((entry) => ({
			...entry,
			headers: { ...entry.headers },
			params: { ...entry.params },
		}));
	}

	clear(): void {
		this.#entries = [];
		this.#oldest = 0;
	}
}
