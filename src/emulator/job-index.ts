import type { EmulatorJob } from './jobs.js';

const INDEX_BITS = 2 ** 24;

/**
 * JobId → position. AWS-shaped ids (5 characters of 0-9A-Z) are packed with their position
 * into one sorted Float64Array and binary-searched: for a million jobs that is 8 MB built in
 * a sort, where a Map costs several times the memory and the time. Other ids use a Map.
 */
export class JobIndex {
	readonly #packed: Float64Array;
	readonly #others = new Map<string, number>();

	constructor(jobs: readonly EmulatorJob[]) {
		// Positions must fit in 24 bits next to a 26-bit code within a double's 53.
		const packable = jobs.length < INDEX_BITS;
		const packed = new Float64Array(packable ? jobs.length : 0);
		let count = 0;
		for (let i = 0; i < jobs.length; i++) {
			const id = (jobs[i] as EmulatorJob).JobId;
			const code = packable ? idCode(id) : -1;
			if (code === -1) this.#others.set(id, i);
			else packed[count++] = code * INDEX_BITS + i;
		}
		this.#packed = packed.subarray(0, count).sort();
	}

	get(id: string): number | undefined {
		const code = idCode(id);
		if (code === -1) return this.#others.get(id);
		const packed = this.#packed;
		let low = 0;
		let high = packed.length - 1;
		while (low <= high) {
			const middle = (low + high) >>> 1;
			const value = packed[middle] as number;
			const found = Math.floor(value / INDEX_BITS);
			if (found === code) return value - found * INDEX_BITS;
			if (found < code) low = middle + 1;
			else high = middle - 1;
		}
		return undefined;
	}
}

/** The base-36 value of a 5-character 0-9A-Z id, else -1. */
function idCode(id: string): number {
	if (id.length !== 5) return -1;
	let code = 0;
	for (let i = 0; i < 5; i++) {
		const c = id.charCodeAt(i);
		const digit = c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 90 ? c - 55 : -1;
		if (digit === -1) return -1;
		code = code * 36 + digit;
	}
	return code;
}
