import type { Readable, Writable } from 'node:stream';

/** Where a stream of ours was piped: the stages a held-back error waits for. */
export const pipedTo = Symbol('importexport-jobs.pipedTo');

export interface TracksPipes {
	readonly [pipedTo]: Set<NodeJS.WritableStream>;
}

function tracksPipes(stream: object): stream is TracksPipes {
	return (stream as Partial<TracksPipes>)[pipedTo] instanceof Set;
}

function settled(stream: NodeJS.WritableStream): boolean {
	const writable = stream as Partial<Writable> & Partial<Readable>;
	if (writable.destroyed === true || writable.writableFinished === true) return true;
	// Everything handed over has been through `_write` (for a Transform, out its readable side too).
	return (writable.writableLength ?? 0) === 0 && (writable.readableLength ?? 0) === 0;
}

/**
 * Waits until every stage downstream has processed what it was given: on a listing error,
 * `pipeline()` destroys every stage, and whatever they still buffer is dropped, though
 * `resumeMarker` counts it as delivered. Followed through the stages of ours (`toNdjson()`)
 * to the next one; a stage of another kind ends the walk. Writable has no event for an empty
 * buffer short of 'drain', which only follows a refused write: hence a check on a timer, backing
 * off to 100 ms so that a stalled stage does not spin. Kept referenced: a process must not exit
 * with the error unreported.
 */
export async function downstreamSettled(
	destinations: Iterable<NodeJS.WritableStream>,
): Promise<void> {
	for (const destination of destinations) {
		// Stryker disable next-line ArithmeticOperator,MethodExpression: only the polling interval changes, not what is waited for.
		for (let delayMs = 1; !settled(destination); delayMs = Math.min(delayMs * 2, 100)) {
			await new Promise((resolve) => setTimeout(resolve, delayMs));
		}
		if (tracksPipes(destination)) await downstreamSettled(destination[pipedTo]);
	}
}
