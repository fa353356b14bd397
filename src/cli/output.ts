import type { OutStream } from './io.js';

/** The reader went away (`| head`): not a failure, the CLI stops quietly. */
export class BrokenPipeError extends Error {
	override name = 'BrokenPipeError' as const;
}

// One write per job is one syscall per job; coalescing keeps a million-job listing cheap.
const FLUSH_AT = 64 * 1024;

/**
 * Writes text to stdout with backpressure: `write` resolves once the text may be
 * followed by more, waiting for 'drain' when the stream asks for it. Small writes are
 * coalesced and flushed at 64 KiB or as soon as the event loop goes idle (the listing
 * is waiting on the network), so lines still appear as their jobs arrive.
 */
export class Output {
	readonly #stream: OutStream;
	#pending = '';
	#scheduled = false;
	#drained: Promise<void> | undefined;
	#broken: Error | undefined;

	constructor(stream: OutStream) {
		this.#stream = stream;
		stream.on('error', (error: NodeJS.ErrnoException) => {
			// Without a listener an EPIPE would crash the process with a stack trace.
			this.#broken = error.code === 'EPIPE' ? new BrokenPipeError('stdout was closed by the reader', { cause: error }) : error;
		});
	}

	async write(text: string): Promise<void> {
		if (this.#drained !== undefined) await this.#drained;
		if (this.#broken !== undefined) throw this.#broken;
		// Closed without an error event: nothing would ever take the text.
		if (this.#stream.destroyed) throw new BrokenPipeError('stdout is closed');
		this.#pending += text;
		if (this.#pending.length >= FLUSH_AT) this.#flush();
		else if (!this.#scheduled) {
			this.#scheduled = true;
			setImmediate(() => {
				this.#scheduled = false;
				this.#flush();
			});
		}
		if (this.#drained !== undefined) await this.#drained;
	}

	/** Flushes what is pending and waits until the stream has taken it. */
	async flush(): Promise<void> {
		this.#flush();
		if (this.#drained !== undefined) await this.#drained;
		if (this.#broken !== undefined) throw this.#broken;
	}

	#flush(): void {
		if (this.#pending === '' || this.#broken !== undefined || this.#stream.destroyed) return;
		const chunk = this.#pending;
		this.#pending = '';
		if (this.#stream.write(chunk)) return;
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
