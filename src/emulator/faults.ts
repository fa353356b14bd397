import type { EmulatorJob } from './jobs.js';
import { isObject } from '../transport/option-check.js';
import { keyedRandom, randomInt } from './random.js';

/** A way for one request to go wrong. */
export type Fault =
	/** 400 ErrorResponse, code `Throttling`, type Sender. */
	| { kind: 'throttling' }
	/** 503 `SlowDown` with `Retry-After` (seconds, default 1). */
	| { kind: 'slow-down'; retryAfterSeconds?: number }
	/** 429 with an empty body, as a proxy in front of the service answers. */
	| { kind: 'too-many-requests' }
	/** 500 `InternalFailure`, type Receiver. */
	| { kind: 'internal-failure' }
	/** 502 with an HTML body, as a load balancer answers. */
	| { kind: 'bad-gateway' }
	/** The socket is destroyed before anything is written. */
	| { kind: 'reset-before-response' }
	/** Headers with the full Content-Length and part of the real page, then the socket is destroyed. Like every fault that carries jobs, served only to a request that passed the checks. */
	| { kind: 'reset-mid-body' }
	/** Waits `ms`, then serves normally. */
	| { kind: 'latency'; ms: number }
	/** Never answers, until the client goes away or the emulator closes. */
	| { kind: 'hang' }
	/** 200 with the real page cut short: not well-formed XML. Served only to a request that passed the checks. */
	| { kind: 'malformed-xml' }
	/** 200, a real page with one job broken in `field` (default `JobType`). */
	| { kind: 'schema-violation'; field?: 'JobId' | 'JobType' | 'CreationDate' | 'IsCanceled' }
	/** 200, a truncated page whose last JobId is the Marker sent (without a Marker: its last job twice). */
	| { kind: 'repeat-marker' }
	/** 200, `IsTruncated` true and no jobs: nothing to continue from. */
	| { kind: 'truncated-empty-page' }
	/** 200, exactly this page. */
	| { kind: 'page'; jobs: EmulatorJob[]; isTruncated: boolean }
	/** Any ErrorResponse; `type` defaults to Receiver for 5xx, Sender otherwise. */
	| {
			kind: 'error';
			status: number;
			code: string;
			message?: string;
			type?: 'Sender' | 'Receiver';
			headers?: Record<string, string>;
	  }
	/** Any raw response, nothing added but Content-Length. */
	| { kind: 'raw'; status: number; body: string; headers?: Record<string, string> };

export type FaultKind = Fault['kind'];

export interface FaultOptions {
	/**
	 * Probability (0 to 1) that a request gets a random fault. Drawn from a PRNG keyed on
	 * (seed, request number), so the same requests fail whatever the timing.
	 * @default 0
	 */
	rate?: number;
	/**
	 * The kinds random faults pick from. Kinds that take arguments get seeded ones
	 * (`latency` 50–250 ms, `schema-violation` any field, `error` 503 ServiceUnavailable,
	 * `raw` 504 text). `page` has nothing to invent and is refused here: use `byRequest`.
	 * @default ['throttling', 'slow-down', 'too-many-requests', 'internal-failure', 'bad-gateway', 'reset-before-response', 'reset-mid-body']
	 */
	kinds?: FaultKind[];
	/**
	 * Faults for given request numbers (1-based, every request that reaches the server counts).
	 * An array covers that many consecutive requests.
	 * @example byRequest: { 3: { kind: 'throttling' }, 7: [{ kind: 'hang' }, { kind: 'internal-failure' }] }
	 */
	byRequest?: Record<number, Fault | Fault[]>;
}

export const DEFAULT_RANDOM_KINDS: readonly FaultKind[] = [
	'throttling',
	'slow-down',
	'too-many-requests',
	'internal-failure',
	'bad-gateway',
	'reset-before-response',
	'reset-mid-body',
];

const KINDS: ReadonlySet<string> = new Set<FaultKind>([
	'throttling',
	'slow-down',
	'too-many-requests',
	'internal-failure',
	'bad-gateway',
	'reset-before-response',
	'reset-mid-body',
	'latency',
	'hang',
	'malformed-xml',
	'schema-violation',
	'repeat-marker',
	'truncated-empty-page',
	'page',
	'error',
	'raw',
]);
const FIELDS = ['JobId', 'JobType', 'CreationDate', 'IsCanceled'] as const;

/** Decides which fault, if any, each request gets: scheduled ones first, then `failNext`, then the dice. */
export class FaultPlan {
	readonly #seed: number;
	readonly #rate: number;
	readonly #kinds: readonly FaultKind[];
	readonly #byRequest = new Map<number, Fault>();
	#next: Fault[] = [];

	constructor(options: FaultOptions | undefined, seed: number) {
		this.#seed = seed;
		this.#rate = options?.rate ?? 0;
		if (!(this.#rate >= 0 && this.#rate <= 1))
			throw new TypeError(
				`startEmulator: \`faults.rate\` must be a number from 0 to 1, got ${String(options?.rate)}.`,
			);
		this.#kinds = options?.kinds ?? DEFAULT_RANDOM_KINDS;
		if (
			this.#kinds.length === 0 ||
			!this.#kinds.every((kind) => KINDS.has(kind) && kind !== 'page')
		) {
			throw new TypeError(
				`startEmulator: \`faults.kinds\` must list known fault kinds other than 'page', got ${JSON.stringify(this.#kinds)}.`,
			);
		}
		for (const [number, fault] of Object.entries(options?.byRequest ?? {}))
			this.inject(Number(number), fault);
	}

	inject(requestNumber: number, fault: Fault | Fault[]): void {
		if (!Number.isInteger(requestNumber) || requestNumber < 1)
			throw new TypeError(`Fault request numbers start at 1, got ${String(requestNumber)}.`);
		const faults = Array.isArray(fault) ? fault : [fault];
		faults.forEach((f, offset) => this.#byRequest.set(requestNumber + offset, checkFault(f)));
	}

	failNext(fault: Fault, count: number): void {
		if (!Number.isInteger(count) || count < 0)
			throw new TypeError(
				`failNext: \`count\` must be a non-negative integer, got ${String(count)}.`,
			);
		const checked = checkFault(fault);
		for (let i = 0; i < count; i++) this.#next.push(checked);
	}

	clear(): void {
		this.#byRequest.clear();
		this.#next = [];
	}

	/** The fault for request `number`, consuming it. */
	take(number: number): Fault | undefined {
		const scheduled = this.#byRequest.get(number);
		if (scheduled !== undefined) {
			this.#byRequest.delete(number);
			return scheduled;
		}
		const next = this.#next.shift();
		if (next !== undefined) return next;
		if (this.#rate === 0) return undefined;
		const random = keyedRandom(this.#seed, number);
		if (random() >= this.#rate) return undefined;
		return randomFault(
			this.#kinds[randomInt(random, this.#kinds.length)] ?? 'internal-failure',
			random,
		);
	}
}

function randomFault(kind: FaultKind, random: () => number): Fault {
	switch (kind) {
		case 'latency':
			return { kind, ms: 50 + randomInt(random, 201) };
		case 'schema-violation':
			return { kind, field: FIELDS[randomInt(random, FIELDS.length)] ?? 'JobType' };
		case 'error':
			return {
				kind,
				status: 503,
				code: 'ServiceUnavailable',
				message: 'Service is unable to handle request.',
			};
		case 'raw':
			return {
				kind,
				status: 504,
				body: 'Gateway Timeout',
				headers: { 'content-type': 'text/plain' },
			};
		default:
			return { kind } as Fault;
	}
}

function checkFault(fault: Fault): Fault {
	if (!isObject(fault) || !KINDS.has(fault.kind))
		throw new TypeError(`Unknown fault: ${JSON.stringify(fault)}.`);
	if (fault.kind === 'latency' && !(fault.ms >= 0))
		throw new TypeError(`A latency fault needs \`ms\` >= 0, got ${String(fault.ms)}.`);
	return fault;
}
