import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { authenticate, type AuthContext } from './auth.js';
import { JobCatalog } from './catalog.js';
import { emulatorClock, needsOwnDateHeader } from './clock.js';
import { KeyRing } from './credentials.js';
import { Exchange } from './exchange.js';
import { isPageFault, serveEarlyFault, servePageFault } from './fault-responses.js';
import { FaultPlan, type Fault } from './faults.js';
import { generateJobs, prepareJobs } from './jobs.js';
import { parseForm, validateListJobs } from './params.js';
import { RequestRateLimit, checkRateLimit, rateExceeded } from './rate-limit.js';
import { RequestLog } from './request-log.js';
import type { Emulator, EmulatorCounters, EmulatorOptions } from './types.js';
import { listJobsEnvelope } from './xml.js';

// ListJobs bodies are a few hundred bytes; anything this large is not a ListJobs request.
const MAX_BODY_BYTES = 1 << 20;

/**
 * Starts a local AWS Import/Export endpoint serving `ListJobs` over the real wire protocol
 * (SigV4 and SigV2 checked, AWS's error documents), with faults on demand.
 * @example
 * const emulator = await startEmulator({ jobCount: 2500 });
 * const client = new ImportExportClient({ endpoint: emulator.endpoint, credentials: emulator.credentials });
 * await emulator.close();
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
	const seed = options.seed ?? 1;
	const defaultMaxJobs = options.defaultMaxJobs ?? 1000;
	const latencyMs = options.latencyMs ?? 0;
	const clockSkewMs = options.clockSkewMs ?? 15 * 60_000;
	const maxLogEntries = options.maxLogEntries ?? 10_000;
	checkOptions({
		seed,
		defaultMaxJobs,
		latencyMs,
		clockSkewMs,
		maxLogEntries,
		jobCount: options.jobCount,
		port: options.port,
	});
	const keys = new KeyRing(options.credentials);
	const plan = new FaultPlan(options.faults, seed);
	const catalog = new JobCatalog(
		options.jobs === undefined
			? generateJobs(options.jobCount ?? 1000, seed)
			: prepareJobs(options.jobs),
	);
	checkRateLimit(options.rateLimit);
	const clockOffsetMs = options.clockOffsetMs ?? 0;
	const clock = emulatorClock(options.now, clockOffsetMs);
	const ownDate = needsOwnDateHeader(options.now, clockOffsetMs);
	const rateLimit =
		options.rateLimit === undefined
			? undefined
			: new RequestRateLimit(options.rateLimit, () => clock().getTime());
	const auth: AuthContext = { keys, now: clock, clockSkewMs, cache: new Map() };

	const log = new RequestLog(maxLogEntries);
	const counters: EmulatorCounters = {
		requests: 0,
		listJobsServed: 0,
		jobsServed: 0,
		faultsServed: 0,
		signaturesRefused: 0,
		aborted: 0,
		rateLimited: 0,
	};
	let closing: Promise<void> | undefined;

	const handle = async (exchange: Exchange): Promise<void> => {
		const { req } = exchange;
		const fault = plan.take(exchange.entry.number);

		const body = await readBody(req);
		if (body === 'aborted') return;
		if (body === 'too-large') {
			// The unread rest of the body would be taken for the next request: close the connection.
			const headers = { Connection: 'close' };
			exchange.sendError({
				status: 413,
				code: 'RequestEntityTooLarge',
				message: 'The request body is too large.',
				type: 'Sender',
				headers,
			});
			return;
		}
		// The target as sent: the logged path has its secrets redacted, and a signature covers the real one.
		const target = req.url ?? '/';
		// Query-protocol parameters travel in the form body; a GET carries them in the query string.
		const params = parseForm(req.method === 'GET' ? queryOf(target) : body.toString('utf8'));
		exchange.logParams(params);
		await exchange.wait(latencyMs);

		const served = (f: Fault): void => {
			exchange.entry.fault = f.kind;
			counters.faultsServed++;
		};
		if (fault?.kind === 'latency') {
			served(fault);
			await exchange.wait(fault.ms);
		} else if (fault !== undefined && !isPageFault(fault)) {
			if (exchange.over) return;
			served(fault);
			serveEarlyFault(exchange, fault);
			return;
		}
		if (exchange.over) return;

		const result = await authenticate(
			{
				method: req.method ?? 'POST',
				url: target,
				headersDistinct: req.headersDistinct,
				body,
				params,
			},
			auth,
		);
		exchange.entry.auth = result.scheme;
		if (result.accessKeyId !== undefined) exchange.entry.accessKeyId = result.accessKeyId;
		if (result.error !== undefined) {
			counters.signaturesRefused++;
			exchange.sendError(result.error);
			return;
		}
		// Per account, as AWS limits an API: only signed requests count against the rate.
		if (rateLimit !== undefined && !rateLimit.take()) {
			counters.rateLimited++;
			exchange.sendError(rateExceeded());
			return;
		}
		const request = validateListJobs(params, catalog, defaultMaxJobs);
		if ('status' in request) {
			exchange.sendError(request);
			return;
		}
		if (fault !== undefined && isPageFault(fault)) {
			served(fault);
			servePageFault(exchange, fault, catalog, request);
			return;
		}
		const { start, end, isTruncated } = catalog.page(request.markerIndex, request.maxJobs);
		const { head, tail } = listJobsEnvelope(end - start, isTruncated, exchange.requestId);
		exchange.sendXml(200, head, catalog.membersXml(start, end), tail);
		counters.listJobsServed++;
		counters.jobsServed += end - start;
	};

	const server = createServer({ keepAlive: true }, (req, res) => {
		const exchange = new Exchange(
			req,
			res,
			++counters.requests,
			counters,
			() => closing !== undefined,
		);
		// The emulator's clock, not the system's: a client reads the skew from it.
		if (ownDate) res.setHeader('Date', clock().toUTCString());
		log.add(exchange.entry);
		handle(exchange).catch((error: unknown) => {
			// A bug in the emulator: answer as the service would, and keep serving.
			const message = `Emulator error: ${error instanceof Error ? error.message : String(error)}`;
			if (!res.headersSent)
				exchange.sendError({ status: 500, code: 'InternalFailure', message, type: 'Receiver' });
			else exchange.destroy();
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});
	const address = server.address() as AddressInfo;
	const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;

	return {
		endpoint: `http://${hostForUrl}:${address.port}`,
		jobs: catalog.jobs,
		credentials: keys.first,
		get requests() {
			return log.snapshot();
		},
		counters,
		injectFault: (requestNumber, fault) => plan.inject(requestNumber, fault),
		failNext: (fault, count = 1) => plan.failNext(fault, count),
		rotateCredentials: (credentials) => {
			keys.replace(credentials);
		},
		reset() {
			log.clear();
			for (const key of Object.keys(counters) as Array<keyof EmulatorCounters>) counters[key] = 0;
			plan.clear();
		},
		close() {
			closing ??= new Promise<void>((resolve) => {
				server.close(() => resolve());
				// Idle keep-alive sockets and hung requests would otherwise hold close() open.
				server.closeAllConnections();
			});
			return closing;
		},
	};
}

function queryOf(target: string): string {
	const question = target.indexOf('?');
	return question === -1 ? '' : target.slice(question + 1);
}

async function readBody(req: IncomingMessage): Promise<Buffer | 'too-large' | 'aborted'> {
	const chunks: Buffer[] = [];
	let size = 0;
	try {
		for await (const chunk of req as AsyncIterable<Buffer>) {
			size += chunk.byteLength;
			if (size > MAX_BODY_BYTES) return 'too-large';
			chunks.push(chunk);
		}
	} catch {
		// The client left mid-body: there is no one to answer.
		return 'aborted';
	}
	return Buffer.concat(chunks, size);
}

interface CheckedOptions {
	seed: number;
	defaultMaxJobs: number;
	latencyMs: number;
	clockSkewMs: number;
	maxLogEntries: number;
	jobCount: number | undefined;
	port: number | undefined;
}

function checkOptions(options: CheckedOptions): void {
	const fail = (name: string, rule: string, value: unknown): never => {
		throw new TypeError(`startEmulator: \`${name}\` must be ${rule}, got ${String(value)}.`);
	};
	if (!Number.isInteger(options.seed)) fail('seed', 'an integer', options.seed);
	if (!Number.isInteger(options.defaultMaxJobs) || options.defaultMaxJobs < 1)
		fail('defaultMaxJobs', 'a positive integer', options.defaultMaxJobs);
	if (!(options.latencyMs >= 0)) fail('latencyMs', 'a number >= 0', options.latencyMs);
	if (!(options.clockSkewMs >= 0)) fail('clockSkewMs', 'a number >= 0', options.clockSkewMs);
	if (!Number.isSafeInteger(options.maxLogEntries) || options.maxLogEntries < 0)
		fail('maxLogEntries', 'a non-negative integer', options.maxLogEntries);
	if (
		options.jobCount !== undefined &&
		(!Number.isInteger(options.jobCount) || options.jobCount < 0)
	)
		fail('jobCount', 'a non-negative integer', options.jobCount);
	if (
		options.port !== undefined &&
		(!Number.isInteger(options.port) || options.port < 0 || options.port > 65535)
	)
		fail('port', 'an integer from 0 to 65535', options.port);
}
