import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterEach } from 'vitest';

export interface SeenRequest {
	method: string;
	url: string;
	headers: IncomingMessage['headers'];
	body: string;
}

export interface LoopbackServer {
	endpoint: string;
	origin: string;
	/** Every request received, in order, once its body was read. */
	requests: SeenRequest[];
}

const open = new Set<() => Promise<void>>();

afterEach(async () => {
	await Promise.all([...open].map((close) => close()));
	open.clear();
});

/** An HTTP server on a loopback port that answers each request with `handler`; closed after the test. */
export async function loopbackServer(
	handler: (request: SeenRequest, response: ServerResponse) => void,
): Promise<LoopbackServer> {
	const requests: SeenRequest[] = [];
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const seen = {
				method: req.method ?? '',
				url: req.url ?? '',
				headers: req.headers,
				body: Buffer.concat(chunks).toString('utf8'),
			};
			requests.push(seen);
			handler(seen, res);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	open.add(
		() =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	);
	const origin = `http://127.0.0.1:${port}`;
	return { endpoint: `${origin}/`, origin, requests };
}

/** A ListJobs page of `jobs`, as AWS writes it. */
export function pageXml(
	jobs: Array<{ JobId: string; CreationDate?: string }>,
	options: { truncated?: boolean; requestId?: string; root?: string } = {},
): string {
	const root = options.root ?? 'ListJobsResponse';
	const members = jobs
		.map(
			(job) =>
				`<member><JobId>${job.JobId}</JobId><CreationDate>${job.CreationDate ?? '2010-03-28T20:27:35Z'}</CreationDate><IsCanceled>false</IsCanceled><JobType>Import</JobType></member>`,
		)
		.join('');
	return `<${root} xmlns="http://importexport.amazonaws.com/doc/2010-06-01/"><ListJobsResult><Jobs>${members}</Jobs><IsTruncated>${options.truncated ?? false}</IsTruncated></ListJobsResult><ResponseMetadata><RequestId>${options.requestId ?? 'req-1'}</RequestId></ResponseMetadata></${root}>`;
}

/**
 * A connection handler that pipes each socket both ways to `port` on loopback: a TCP relay, or
 * the inside of a TLS server in front of a plain one. Either side closing or failing ends both.
 */
export function relayTo(port: number, host = '127.0.0.1'): (socket: Socket) => void {
	return (socket) => {
		const upstream = connect(port, host);
		socket.pipe(upstream).pipe(socket);
		upstream.on('error', () => socket.destroy());
		socket.on('error', () => upstream.destroy());
		socket.on('close', () => upstream.destroy());
	};
}
