import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import type { FetchFunction } from '../transport/http.js';
import { readEnv } from '../transport/credentials.js';

/**
 * The Node default `fetch`: undici's, through an `EnvHttpProxyAgent`, so HTTPS_PROXY /
 * HTTP_PROXY / NO_PROXY (either case) are honoured as the AWS CLI does, with AWS_CA_BUNDLE
 * (and NODE_EXTRA_CA_CERTS beside it) trusted for a private CA. One agent per client: its
 * keep-alive pool carries every page of a listing over the same connection. The environment
 * is read on the first request, and undici loaded then, only when it is needed.
 */
export function proxyFetch(): FetchFunction {
	let ready: Promise<FetchFunction> | undefined;
	return async (input, init) => {
		ready ??= needsUndici() ? createFetch() : Promise.resolve(globalFetch);
		return (await ready)(input, init);
	};
}

// Node's own fetch is undici too, keep-alive included, and already there: loading the
// undici package (the slowest import of all) pays only when a proxy or a CA asks for it.
const globalFetch: FetchFunction = (input, init) => fetch(input, init);

function needsUndici(): boolean {
	// Stryker disable next-line ConditionalExpression: undici with nothing to do fetches as the global fetch does, only loaded sooner.
	return proxied() || readEnv('AWS_CA_BUNDLE') !== undefined;
}

async function createFetch(): Promise<FetchFunction> {
	const undici = await import('undici');
	const ca = privateCa();
	// Stryker disable next-line ConditionalExpression: `ca: undefined` leaves undici's defaults, as no option does.
	const tls = ca === undefined ? {} : { connect: { ca }, requestTls: { ca }, proxyTls: { ca } };
	// With no proxy variable set (AWS_CA_BUNDLE alone), a plain keep-alive Agent does the same without the proxy machinery.
	const dispatcher = proxied()
		? quietly(() => new undici.EnvHttpProxyAgent(tls))
		: new undici.Agent(tls);
	// undici's own Request/Response classes are the runtime's too, less a few DOM-only typings.
	return (input, init) =>
		undici.fetch(input as Parameters<typeof undici.fetch>[0], {
			...(init as Parameters<typeof undici.fetch>[1]),
			dispatcher,
		}) as unknown as Promise<Response>;
}

function proxied(): boolean {
	return ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'].some(
		// Stryker disable next-line ConditionalExpression,EqualityOperator: an EnvHttpProxyAgent with no proxy variable connects directly, as the Agent does.
		(name) => readEnv(name) !== undefined,
	);
}

/**
 * undici 6 flags EnvHttpProxyAgent "experimental" with a process warning, which would land on
 * the CLI's stderr: that one warning, raised while the agent is built, is dropped.
 */
export function quietly<T>(build: () => T): T {
	// eslint-disable-next-line @typescript-eslint/unbound-method -- put back as it was; called on process
	const emitWarning = process.emitWarning;
	process.emitWarning = (warning: string | Error, ...rest: unknown[]) => {
		const code = (rest[0] as { code?: string } | undefined)?.code;
		if (code !== 'UNDICI-EHPA')
			(emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
	};
	try {
		return build();
	} finally {
		process.emitWarning = emitWarning;
	}
}

/**
 * AWS_CA_BUNDLE replaces nothing: it is trusted beside the public roots, as the AWS CLI
 * does. Giving `ca` drops the NODE_EXTRA_CA_CERTS that Node added by itself, so that file
 * is read here again. Without AWS_CA_BUNDLE, Node's defaults (extra certs included) apply.
 */
function privateCa(): string[] | undefined {
	const bundle = readEnv('AWS_CA_BUNDLE');
	if (bundle === undefined) return undefined;
	const extra = readEnv('NODE_EXTRA_CA_CERTS');
	return [
		...rootCertificates,
		readPem(bundle, 'AWS_CA_BUNDLE'),
		...(extra === undefined ? [] : [readPem(extra, 'NODE_EXTRA_CA_CERTS')]),
	];
}

function readPem(path: string, variable: string): string {
	try {
		// Stryker disable next-line StringLiteral: tls takes the bundle as a Buffer just as well.
		return readFileSync(path, 'utf8');
	} catch (error) {
		throw new TypeError(
			`Cannot read the CA bundle named by ${variable} (${path}): ${(error as Error).message}`,
			{ cause: error },
		);
	}
}
