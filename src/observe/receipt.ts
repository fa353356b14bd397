import type { ResponseEvent } from '../protocol/attempt-events.js';
import { ClockSkewError } from '../protocol/clock-skew.js';

/**
 * What one listing did, small enough to keep beside its output: `paginateListJobPages`'s
 * final page (`page.receipt`), `collectJobs`'s result, and the error of a listing that failed
 * carry one when the `receipt` option is set. Two listings of the same jobs, in any page size,
 * have the same `jobIdsDigest`.
 */
export interface ListingReceipt {
	/** Version of this record's shape. */
	version: 1;
	operation: 'ListJobs';
	/** When the listing started, ISO 8601. */
	startedAt: string;
	/** From the first request to the end of the listing, in milliseconds. */
	wallTimeMs: number;
	/** The listing reached its end (no more jobs, or `maxItems`); false when it failed or was stopped. */
	complete: boolean;
	/** The `startingMarker`; `null` for the first page of the account. */
	startMarker: string | null;
	pages: number;
	jobs: number;
	firstJobId: string | null;
	lastJobId: string | null;
	/** Where a next listing would continue (`startingMarker`): set when more jobs were left or the listing failed, `null` once the account's last job was listed. */
	resumeMarker: string | null;
	/** Attempts put on the wire, retries included. */
	requests: number;
	/** Retries by what caused them: `throttling`, `transient`, `timeout`, `clock-skew`. */
	retries: Record<string, number>;
	/** Request ids of the attempts that failed (retried or not), in order. */
	failedRequestIds: string[];
	/** See README "Receipts": `sha256:` and the hex of the last link of the chain over the JobIds. `null` without WebCrypto. */
	jobIdsDigest: string | null;
	/** The error that ended the listing: its name and message (scrubbed). */
	error?: { name: string; message: string } | undefined;
}

// JobIds are hashed in blocks of this many, whatever the page size, so that the digest does not depend on it.
export const DIGEST_BLOCK = 1000;

/**
 * The digest of a sequence of JobIds: h0 = '' (the empty string); for each block of up to
 * 1000 JobIds in listing order, h = hex(SHA-256(UTF-8(h + id1 + '\n' + id2 + '\n' + … + idn + '\n')));
 * the digest is 'sha256:' + the last h, or 'sha256:' + hex(SHA-256('')) for no jobs.
 */
export class JobIdDigest {
	#link: Promise<string> = Promise.resolve('');
	#block: string[] = [];
	#blocks = 0;

	add(jobIds: readonly string[]): void {
		for (const id of jobIds) {
			this.#block.push(id);
			if (this.#block.length === DIGEST_BLOCK) this.#seal();
		}
	}

	async digest(): Promise<string | null> {
		const subtle = (globalThis as { crypto?: { subtle?: SubtleCrypto } }).crypto?.subtle;
		if (subtle === undefined) return null;
		if (this.#block.length > 0 || this.#blocks === 0) this.#seal();
		return `sha256:${await this.#link}`;
	}

	// Chained without waiting: the page in hand is not held back by the hash of the one before.
	#seal(): void {
		const text = this.#block.map((id) => `${id}\n`).join('');
		this.#block = [];
		this.#blocks++;
		this.#link = this.#link.then((previous) => sha256Hex(previous + text));
	}
}

async function sha256Hex(text: string): Promise<string> {
	const subtle = (globalThis as { crypto?: { subtle?: SubtleCrypto } }).crypto?.subtle;
	if (subtle === undefined) return '';
	const hash = new Uint8Array(await subtle.digest('SHA-256', new TextEncoder().encode(text)));
	let hex = '';
	for (const byte of hash) hex += byte.toString(16).padStart(2, '0');
	return hex;
}

/** Accumulates a listing's receipt from its attempts and pages. */
export class ReceiptBuilder {
	readonly #startedAt = new Date();
	readonly #started = performance.now();
	readonly #startMarker: string | null;
	readonly #digest = new JobIdDigest();
	readonly #retries: Record<string, number> = {};
	readonly #failedRequestIds: string[] = [];
	#pages = 0;
	#jobs = 0;
	#requests = 0;
	#first: string | null = null;
	#last: string | null = null;

	constructor(startMarker: string | undefined) {
		this.#startMarker = startMarker ?? null;
	}

	request(): void {
		this.#requests++;
	}

	response(event: ResponseEvent): void {
		const { error, decision } = event;
		if (error === undefined) return;
		if (event.requestId !== undefined) this.#failedRequestIds.push(event.requestId);
		if (decision.action !== 'retry') return;
		const cause =
			error instanceof ClockSkewError
				? 'clock-skew'
				: ((error as { retryKind?: string }).retryKind ?? 'other');
		this.#retries[cause] = (this.#retries[cause] ?? 0) + 1;
	}

	page(jobIds: readonly string[]): void {
		this.#pages++;
		this.#jobs += jobIds.length;
		if (jobIds.length === 0) return;
		this.#first ??= jobIds[0] ?? null;
		this.#last = jobIds.at(-1) ?? null;
		this.#digest.add(jobIds);
	}

	async build(ending: {
		complete: boolean;
		resumeMarker: string | undefined;
		error?: unknown;
	}): Promise<ListingReceipt> {
		const { error } = ending;
		return {
			version: 1,
			operation: 'ListJobs',
			startedAt: this.#startedAt.toISOString(),
			wallTimeMs: Math.round((performance.now() - this.#started) * 1000) / 1000,
			complete: ending.complete,
			startMarker: this.#startMarker,
			pages: this.#pages,
			jobs: this.#jobs,
			firstJobId: this.#first,
			lastJobId: this.#last,
			resumeMarker: ending.resumeMarker ?? null,
			requests: this.#requests,
			retries: { ...this.#retries },
			failedRequestIds: [...this.#failedRequestIds],
			jobIdsDigest: await this.#digest.digest(),
			...(error === undefined
				? {}
				: {
						error:
							error instanceof Error
								? { name: error.name, message: error.message }
								: // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a thrown non-Error, as it is
									{ name: 'Error', message: String(error) },
					}),
		};
	}
}
