import { mulberry32, randomInt } from './random.js';

/** One job as the emulator stores and serves it. */
export interface EmulatorJob {
	/** Opaque 5-character id, e.g. `ABC12`, `00042` or `1E500`: never a number. */
	JobId: string;
	CreationDate: Date;
	IsCanceled: boolean;
	JobType: 'Import' | 'Export';
}

const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
// Dates fall in this window, newest first; fixed so that a seed always gives the same account.
const NEWEST = Date.UTC(2025, 10, 28, 17, 42, 11);
const OLDEST = Date.UTC(2010, 2, 28, 20, 27, 35);
/** Above this the id space (36^5) makes unique ids slow to find; no test or benchmark needs more. */
export const MAX_GENERATED_JOBS = 10_000_000;

const JOB_TYPES: readonly string[] = ['Import', 'Export'];

type IdShape = 'alphanumeric' | 'digits' | 'leading-zeros' | 'exponent';

/**
 * A deterministic account of `count` jobs, newest first: AWS-like 5-character ids (some all
 * digits, some with leading zeros, some shaped like `1E500`, all unique), dates spread over
 * fifteen years, about 7% canceled, both job types.
 */
export function generateJobs(count: number, seed = 1): EmulatorJob[] {
	if (!Number.isInteger(count) || count < 0 || count > MAX_GENERATED_JOBS) {
		throw new TypeError(
			`generateJobs: \`count\` must be an integer from 0 to ${MAX_GENERATED_JOBS}, got ${String(count)}.`,
		);
	}
	if (!Number.isInteger(seed))
		throw new TypeError(`generateJobs: \`seed\` must be an integer, got ${String(seed)}.`);
	const random = mulberry32(seed);
	// Pin one exponent-shaped and one zero-padded id so even small accounts exercise "ids are not numbers".
	const exponentAt = count >= 2 ? randomInt(random, count) : -1;
	const zerosAt = count >= 2 ? (exponentAt + 1 + randomInt(random, count - 1)) % count : -1;
	// One bit per possible id (36^5 ≈ 60M bits, 7.5 MB): far cheaper than a Set of a million strings.
	const seen = new Uint8Array(Math.ceil(ID_SPACE / 8));
	const jobs: EmulatorJob[] = new Array<EmulatorJob>(count);
	const meanGap = count === 0 ? 0 : (NEWEST - OLDEST) / count;
	let time = NEWEST;
	for (let i = 0; i < count; i++) {
		const roll = random();
		const shape: IdShape =
			i === exponentAt
				? 'exponent'
				: i === zerosAt
					? 'leading-zeros'
					: roll < 0.08
						? 'digits'
						: roll < 0.1
							? 'leading-zeros'
							: roll < 0.102
								? 'exponent'
								: 'alphanumeric';
		jobs[i] = {
			JobId: uniqueId(random, shape, seen),
			// Whole seconds, as the service's timestamps are.
			CreationDate: new Date(Math.floor(time / 1000) * 1000),
			IsCanceled: random() < 0.07,
			JobType: random() < 0.6 ? 'Import' : 'Export',
		};
		time -= random() * 2 * meanGap;
	}
	return jobs;
}

const ID_LENGTH = 5;
const ID_SPACE = 36 ** ID_LENGTH;
const CHAR_CODES = Array.from(ALPHANUMERIC, (c) => c.charCodeAt(0));
const E = ALPHANUMERIC.indexOf('E');

// Scratch space for the id being drawn: one array for the whole run, not one per job.
const d = [0, 0, 0, 0, 0];

function uniqueId(random: () => number, shape: IdShape, seen: Uint8Array): string {
	// The narrow shapes have small id spaces: after a few collisions fall back to the wide one.
	for (let attempt = 0; ; attempt++) {
		fillId(random, attempt < 8 ? shape : 'alphanumeric', d);
		const code =
			((((d[0] as number) * 36 + (d[1] as number)) * 36 + (d[2] as number)) * 36 +
				(d[3] as number)) *
				36 +
			(d[4] as number);
		const bit = 1 << (code & 7);
		const slot = code >>> 3;
		if (((seen[slot] as number) & bit) === 0) {
			seen[slot] = (seen[slot] as number) | bit;
			return String.fromCharCode(
				CHAR_CODES[d[0] as number] as number,
				CHAR_CODES[d[1] as number] as number,
				CHAR_CODES[d[2] as number] as number,
				CHAR_CODES[d[3] as number] as number,
				CHAR_CODES[d[4] as number] as number,
			);
		}
	}
}

/** Writes the alphabet indices of a new id of this shape into `out`. */
function fillId(random: () => number, shape: IdShape, out: number[]): void {
	let from = 0;
	let bound = 36;
	if (shape === 'digits') bound = 10;
	else if (shape === 'leading-zeros') {
		from = 2 + randomInt(random, 2);
		out.fill(0, 0, from);
		bound = 10;
	} else if (shape === 'exponent') {
		// `1E500`, `12E34`: what a careless parser turns into Infinity or 1.2e35.
		const mantissa = 1 + randomInt(random, 2);
		out[0] = 1 + randomInt(random, 9);
		if (mantissa === 2) out[1] = randomInt(random, 10);
		out[mantissa] = E;
		from = mantissa + 1;
		bound = 10;
	}
	for (let i = from; i < ID_LENGTH; i++) out[i] = randomInt(random, bound);
}

/** Checks and copies explicit jobs, ordered as the service serves them: newest first, ties in the given order. */
export function prepareJobs(jobs: readonly EmulatorJob[]): EmulatorJob[] {
	const seen = new Set<string>();
	const copies = jobs.map((job, index) => {
		const where = `startEmulator: \`jobs[${index}]\``;
		// A JavaScript caller may pass null in the list.
		const given = job as EmulatorJob | null | undefined;
		if (typeof given?.JobId !== 'string' || job.JobId === '')
			throw new TypeError(`${where}.JobId must be a non-empty string.`);
		if (seen.has(job.JobId))
			throw new TypeError(
				`${where}.JobId ${JSON.stringify(job.JobId)} is a duplicate: markers would be ambiguous.`,
			);
		seen.add(job.JobId);
		if (!(job.CreationDate instanceof Date) || Number.isNaN(job.CreationDate.getTime()))
			throw new TypeError(`${where}.CreationDate must be a valid Date.`);
		if (typeof job.IsCanceled !== 'boolean')
			throw new TypeError(`${where}.IsCanceled must be a boolean.`);
		if (!JOB_TYPES.includes(job.JobType))
			throw new TypeError(`${where}.JobType must be 'Import' or 'Export'.`);
		return {
			JobId: job.JobId,
			CreationDate: new Date(job.CreationDate.getTime()),
			IsCanceled: job.IsCanceled,
			JobType: job.JobType,
		};
	});
	// Array.prototype.sort is stable, so equal dates keep the caller's order.
	return copies.sort((a, b) => b.CreationDate.getTime() - a.CreationDate.getTime());
}
