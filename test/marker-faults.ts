import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream';
import { afterEach } from 'vitest';
import type { Emulator, EmulatorOptions, Fault } from '../src/emulator/index.js';
import { emulator } from './helpers.js';

export interface MarkerFaults {
	/** Where the client is pointed: a loopback front for both emulators. */
	endpoint: string;
	/** Serves every request whose Marker is not the faulty one. */
	clean: Emulator;
	/** The same account, serving only the faulty marker's requests, each with the fault. */
	faulty: Emulator;
}

const fronts = new Set<{ close: () => void }>();

afterEach(() => {
	for (const front of fronts) front.close();
	fronts.clear();
});

/**
 * Two emulators with the same account behind one loopback front: a request whose `Marker`
 * is `marker(jobs)` goes to the one that answers every request with `fault`, the rest to a
 * clean one. A fault keyed by request number lands on whichever request comes that many
 * times in; keyed by marker, a retry of an earlier page (a slow machine, a timeout) cannot
 * take it.
 */
export async function faultAtMarker(
	options: EmulatorOptions,
	marker: (jobs: Emulator['jobs']) => string,
	fault: Fault,
): Promise<MarkerFaults> {
	const clean = await emulator(options);
	const faulty = await emulator(options);
	faulty.failNext(fault, 1000);
	const faultyMarker = marker(clean.jobs);
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const body = Buffer.concat(chunks);
			const target = new URL(
				(new URLSearchParams(body.toString('utf8')).get('Marker') === faultyMarker ? faulty : clean)
					.endpoint,
			);
			// Headers as sent, Host included: the signature covers it.
			const upstream = request(
				{
					host: target.hostname,
					port: target.port,
					method: req.method,
					path: req.url,
					headers: req.headers,
					agent: false,
				},
				(response) => {
					res.writeHead(response.statusCode ?? 502, withoutHopByHop(response.headers));
					// A reset upstream (a body cut short) resets the client's connection too.
					pipeline(response, res, () => {});
				},
			);
			upstream.on('error', () => res.destroy());
			// The client went away (a timeout on a hung request): so does the upstream request.
			res.on('close', () => upstream.destroy());
			upstream.end(body);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const front = {
		close: () => {
			server.close();
			server.closeAllConnections();
		},
	};
	fronts.add(front);
	return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, clean, faulty };
}

function withoutHopByHop(headers: IncomingHttpHeaders): IncomingHttpHeaders {
	const {
		connection: _connection,
		'keep-alive': _keepAlive,
		'transfer-encoding': _encoding,
		...rest
	} = headers;
	return rest;
}
