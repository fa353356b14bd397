import type { OutStream } from './io.js';

/** The reader went away (`| head`): not a failure, the CLI stops quietly. */
export class BrokenPipeError extends Error {
	override name = 'BrokenPipeError' as const;
}

// One write per job is one syscall per job; coalescing keeps a million-job listing cheap.
const FLUSH_AT = 64 * 1024;

export interface OutputOptions {
	/** Once aborted, writes stop waiting for 'drain' and `flush` waits `graceMs` at most. */
	signal?: AbortSignal | undefined;
	/** @default 500 */
	graceMs?: number | undefined;
}

/** What the stream has taken: the marked writes it confirmed, and the last of their marks. */
export interface Written<M> {
	count: number;
	last: M | undefined;
}

/**
 * Writes text to stdout with backpressure: `write` resolves once the text may be
 * followed by more, waiting for 'drain' when the stream asks for it. Small writes are
 * coalesced and flushed at 64 KiB or as soon as the event loop goes idle (the listing
 * is waiting on the network), so lines still appear as their jobs arrive.
 *
 * A write may carry a mark (the job it prints): `written` counts the marks whose text the
 * stream confirmed, so a failure can say exactly what reached stdout.
 */
export class Output<M = never> {
	readonly #stream: OutStream;
	readonly #graceMs: number;
	#pending = '';
	#pendingMarks = 0;
	#pendingLast: M | undefined;
	#scheduled = false;
	#drained: Promise<void> | undefined;
	/** Settles when the last chunk handed to the stream is written (or failed). */
	#lastWrite: Promise<void> = Promise.resolve();
	#broken: Error | undefined;
	readonly #written: Written<M> = { count: 0, last: undefined };
	/** Settles when the signal aborts: a reader that stopped reading must not hold a stop. */
	readonly #stopped: Promise<void>;
	readonly #signal: AbortSignal | undefined;

	constructor(stream: OutStream, options: OutputOptions = {}) {
		this.#stream = stream;
		this.#signal = options.signal;
		this.#graceMs = options.graceMs ?? 500;
		const signal = options.signal;
		this.#stopped = new Promise<void>((resolve) => {
			if (signal === undefined) return;
			if (signal.aborted) resolve();
			else signal.addEventListener('abort', () => resolve(), { once: true });
		});
		stream.on('error', (error: NodeJS.ErrnoException) => {
			// Without a listener an EPIPE would crash the process with a stack trace.
			this.#broken =
				error.code === 'EPIPE'
					? new BrokenPipeError('stdout was closed by the reader', { cause: error })
					: error;
		});
	}

	/** The error the stream failed with, if it did. */
	get failure(): Error | undefined {
		return this.#broken;
	}

	get written(): Readonly<Written<M>> {
		return this.#written;
	}

	async write(text: string, mark?: M): Promise<void> {
		await this.#backpressure();
		if (this.#broken !== undefined) throw this.#broken;
		// Closed without an error event: nothing would ever take the text.
		if (this.#stream.destroyed) throw new BrokenPipeError('stdout is closed');
		this.#pending += text;
		if (mark !== undefined) {
			this.#pendingMarks++;
			this.#pendingLast = mark;
		}
		if (this.#pending.length >= FLUSH_AT) this.#flush();
		else if (!this.#scheduled) {
			this.#scheduled = true;
			setImmediate(() => {
				this.#scheduled = false;
				this.#flush();
			});
		}
		await this.#backpressure();
	}

	/**
	 * Flushes what is pending and waits until the stream has written it all. Once the signal
	 * is aborted it waits `graceMs` at most, then throws the signal's reason.
	 */
	async flush(): Promise<void> {
		this.#flush();
		let timer: NodeJS.Timeout | undefined;
		const gaveUp = this.#stopped.then(
			() =>
				new Promise<true>((resolve) => {
					timer = setTimeout(() => resolve(true), this.#graceMs);
				}),
		);
		const outcome = await Promise.race([this.#lastWrite.then(() => false as const), gaveUp]);
		clearTimeout(timer);
		if (this.#broken !== undefined) throw this.#broken;
		if (outcome) throw this.#signal?.reason ?? new Error('Output stopped.');
	}

	/** Waits for 'drain' when the stream asked for it, but not once the signal is aborted. */
	async #backpressure(): Promise<void> {
		if (this.#drained !== undefined && this.#signal?.aborted !== true)
			await Promise.race([this.#drained, this.#stopped]);
	}

	#flush(): void {
		// Marks with no text (jobs a filter left out) still go through the stream, in order.
		if (
			(this.#pending === '' && this.#pendingMarks === 0) ||
			this.#broken !== undefined ||
			this.#stream.destroyed
		)
			return;
		const chunk = this.#pending;
		const marks = this.#pendingMarks;
		const last = this.#pendingLast;
		this.#pending = '';
		this.#pendingMarks = 0;
		this.#lastWrite = new Promise<void>((resolve) => {
			const accepted = this.#stream.write(chunk, (error?: Error | null) => {
				if (error == null && marks > 0) {
					this.#written.count += marks;
					this.#written.last = last;
				}
				resolve();
			});
			if (!accepted) this.#waitForDrain();
		});
	}

	#waitForDrain(): void {
		this.#drained ??= new Promise<void>((resolve) => {
			const done = (): void => {
				this.#stream.off('drain', done);
				this.#stream.off('error', done);
				this.#stream.off('close', done);
				this.#drained = undefined;
				resolve();
			};
			this.#stream.on('drain', done);
			this.#stream.on('error', done);
			this.#stream.on('close', done);
		});
	}
}
