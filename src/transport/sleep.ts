/** A setTimeout-based sleep that ends at once, rejecting with the reason, when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve, reject) => {
		if (signal === undefined) {
			setTimeout(resolve, ms);
			return;
		}
		if (signal.aborted) {
			reject(signal.reason);
			return;
		}
		// No `once`: a signal aborts once, and the timer's end takes the listener off.
		const onAbort = (): void => {
			clearTimeout(timer);
			reject(signal.reason);
		};
		const timer = setTimeout(() => {
			signal.removeEventListener('abort', onAbort);
			resolve();
		}, ms);
		signal.addEventListener('abort', onAbort);
	});
}
