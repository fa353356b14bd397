/**
 * The emulator's clock: the injected `now` (else the system clock) moved by `clockOffsetMs`,
 * so that a client whose clock is off can be tested against a server whose clock is right.
 * It signs the `Date` header and decides which requests have expired.
 */
export function emulatorClock(now: (() => Date) | undefined, clockOffsetMs: number): () => Date {
	if (!Number.isFinite(clockOffsetMs))
		throw new TypeError(
			`startEmulator: \`clockOffsetMs\` must be a finite number of milliseconds, got ${String(clockOffsetMs)}.`,
		);
	const base = now ?? (() => new Date());
	return clockOffsetMs === 0 ? base : () => new Date(base().getTime() + clockOffsetMs);
}

/** Whether responses need a `Date` header of our own: Node's is the system clock's. */
export function needsOwnDateHeader(now: (() => Date) | undefined, clockOffsetMs: number): boolean {
	return now !== undefined || clockOffsetMs !== 0;
}
