import type { Writable } from 'node:stream';

/** A stream the CLI writes to; `isTTY` decides whether progress is drawn. */
export type OutStream = Writable & { isTTY?: boolean; columns?: number };

/** What a command needs of the process: injected so tests can hand it fakes. */
export interface Io {
	stdout: OutStream;
	stderr: OutStream;
}

/** Exit statuses, one meaning each. */
export const EXIT = {
	ok: 0,
	/** The listing (or the server) failed. */
	failure: 1,
	/** A bad flag or value. */
	usage: 2,
	/** Stopped by SIGINT (128 + 2), as shells report it. */
	sigint: 130,
	/** Stopped by SIGTERM (128 + 15). */
	sigterm: 143,
} as const;
