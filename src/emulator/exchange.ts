import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiError } from './errors.js';
import type { EmulatorCounters, RequestLogEntry } from './types.js';
import { errorXml } from './xml.js';

const REDACTED = '[REDACTED]';
// Secrets a request may carry as parameters, in the form or the query string (SigV2, presigned SigV4).
// X-Amz-Credential stays: it is the access key id and the scope, nothing secret.
const SECRET_PARAMS: ReadonlySet<string> = new Set([
	'Signature',
	'SecurityToken',
	'X-Amz-Signature',
	'X-Amz-Security-Token',
]);

/** One request and its response: sends, resets, waits, and keeps the log entry up to date. */
export class Exchange {
	readonly requestId = randomUUID();
	readonly entry: RequestLogEntry;
	#destroyedByServer = false;

	constructor(
		readonly req: IncomingMessage,
		readonly res: ServerResponse,
		number: number,
		counters: EmulatorCounters,
		isClosing: () => boolean,
	) {
		this.entry = {
			number,
			method: req.method ?? 'GET',
			path: redactTarget(req.url ?? '/'),
			headers: redactHeaders(req.headers),
			params: {},
			auth: 'none',
			aborted: false,
		};
		res.on('close', () => {
			if (res.writableFinished || this.#destroyedByServer || isClosing()) return;
			this.entry.aborted = true;
			counters.aborted++;
		});
	}

	/** True once the response is over, whoever ended it: stop working on it. */
	get over(): boolean {
		return this.res.destroyed || this.res.writableEnded;
	}

	send(status: number, headers: Record<string, string>, ...chunks: Array<string | Buffer>): void {
		if (this.over) return;
		let length = 0;
		for (const chunk of chunks)
			length += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
		this.entry.status = status;
		// A `raw` fault may declare its own Content-Length, a lie included.
		const declared = Object.keys(headers).some((name) => name.toLowerCase() === 'content-length');
		this.res.writeHead(
			status,
			declared ? headers : { ...headers, 'Content-Length': String(length) },
		);
		// One packet for head, members and tail rather than one per write.
		this.res.cork();
		for (const chunk of chunks) this.res.write(chunk);
		this.res.end();
	}

	sendXml(status: number, body: string | Buffer, ...more: Array<string | Buffer>): void {
		this.send(
			status,
			{ 'Content-Type': 'text/xml', 'x-amzn-RequestId': this.requestId },
			body,
			...more,
		);
	}

	sendError(error: ApiError): void {
		this.send(
			error.status,
			{ 'Content-Type': 'text/xml', 'x-amzn-RequestId': this.requestId, ...error.headers },
			errorXml(error.type, error.code, error.message, this.requestId),
		);
	}

	/** Drops the connection, as a crashed server or a broken network would. */
	destroy(): void {
		this.#destroyedByServer = true;
		this.res.destroy();
		this.req.socket.destroy();
	}

	/** Headers announcing `body` whole, then part of it, then a reset. */
	sendPartThenReset(status: number, body: Buffer): void {
		if (this.over) return;
		this.entry.status = status;
		this.res.writeHead(status, {
			'Content-Type': 'text/xml',
			'x-amzn-RequestId': this.requestId,
			'Content-Length': String(body.byteLength),
		});
		// Destroy only once the part is on the wire, so the client sees headers and a short body.
		this.res.write(body.subarray(0, Math.floor(body.byteLength / 2)), () =>
			setTimeout(() => this.destroy(), 5),
		);
	}

	/** Waits `ms`, or less if the response ends first (client gone, emulator closed). */
	wait(ms: number): Promise<void> {
		if (ms <= 0 || this.over) return Promise.resolve();
		return new Promise((resolve) => {
			const done = (): void => {
				clearTimeout(timer);
				this.res.off('close', done);
				resolve();
			};
			const timer = setTimeout(done, ms);
			this.res.on('close', done);
		});
	}

	logParams(params: ReadonlyArray<readonly [string, string]>): void {
		const out: Record<string, string> = {};
		for (const [name, value] of params) out[name] = SECRET_PARAMS.has(name) ? REDACTED : value;
		this.entry.params = out;
	}
}

/** The request target with the values of secret query parameters replaced, the rest as sent. */
function redactTarget(target: string): string {
	const question = target.indexOf('?');
	if (question === -1) return target;
	const query = target
		.slice(question + 1)
		.split('&')
		.map((pair) => {
			// Decoded as the form parser decodes it, so that `Signatur%65=` is caught too.
			const equals = pair.indexOf('=');
			const name = [...new URLSearchParams(pair).keys()][0];
			return equals !== -1 && name !== undefined && SECRET_PARAMS.has(name)
				? `${pair.slice(0, equals)}=${REDACTED}`
				: pair;
		})
		.join('&');
	return `${target.slice(0, question + 1)}${query}`;
}

function redactHeaders(headers: IncomingMessage['headers']): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [name, raw] of Object.entries(headers)) {
		if (raw === undefined) continue;
		const value = Array.isArray(raw) ? raw.join(', ') : raw;
		// The credential scope helps debugging and is not secret; the signature is.
		if (name === 'authorization')
			out[name] = /^AWS4-HMAC-SHA256 .*Signature=/.test(value)
				? value.replace(/Signature=[^,\s]*/g, `Signature=${REDACTED}`)
				: REDACTED;
		else if (name === 'x-amz-security-token') out[name] = REDACTED;
		else out[name] = value;
	}
	return out;
}
