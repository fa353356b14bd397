import { EXIT } from './io.js';

export type StopSignal = 'SIGINT' | 'SIGTERM';

export const SIGNAL_EXIT: Record<StopSignal, number> = {
	SIGINT: EXIT.sigint,
	SIGTERM: EXIT.sigterm,
};

/**
 * Calls `handler` on the first SIGINT or SIGTERM, for an orderly stop. A second signal
 * ends the process at once: a stop that hangs must not need `kill -9`.
 * Returns a function that removes the handlers.
 */
export function onStopSignal(handler: (signal: StopSignal) => void): () => void {
	let stopping = false;
	const listener = (signal: StopSignal): void => {
		if (stopping) process.exit(SIGNAL_EXIT[signal]);
		stopping = true;
		handler(signal);
	};
	process.on('SIGINT', listener);
	process.on('SIGTERM', listener);
	return () => {
		process.off('SIGINT', listener);
		process.off('SIGTERM', listener);
	};
}
