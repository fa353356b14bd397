/** A seeded PRNG (mulberry32): fast, 32-bit state, good enough for test data and fault dice. */
export function mulberry32(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * A PRNG keyed on (seed, n): the draw for request n does not depend on how many draws
 * came before it, so random faults land on the same requests whatever the timing.
 */
export function keyedRandom(seed: number, n: number): () => number {
	// Mix the two keys (murmur3's finaliser) so neighbouring n give unrelated streams.
	let h = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(n >>> 0, 0x85ebca6b)) >>> 0;
	h ^= h >>> 16;
	h = Math.imul(h, 0x85ebca6b);
	h ^= h >>> 13;
	h = Math.imul(h, 0xc2b2ae35);
	h ^= h >>> 16;
	return mulberry32(h);
}

/** An integer in [0, bound). */
export function randomInt(random: () => number, bound: number): number {
	return Math.floor(random() * bound);
}
