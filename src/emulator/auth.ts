import type { KeyRing } from './credentials.js';
import { authErrors, type ApiError } from './errors.js';
import { verifySigV2 } from './sigv2.js';
import { verifySigV4 } from './sigv4.js';

/** What the signature checks need from a request. */
export interface IncomingSigned {
	method: string;
	/** The request target as sent, query string included. */
	url: string;
	/** Every header line as sent, by lower-case name (Node's `headersDistinct`). */
	headersDistinct: NodeJS.Dict<string[]>;
	body: Buffer;
	/** Form parameters in the order sent. */
	params: ReadonlyArray<readonly [string, string]>;
}

export interface AuthContext {
	keys: KeyRing;
	now: () => Date;
	clockSkewMs: number;
	/** aws4fetch's signing-key cache, shared across requests. */
	cache: Map<string, ArrayBuffer>;
	/** The SigV4 scope requests must be signed for. @default ListJobs' own (us-east-1, IngestionService) */
	scope?: SigningScope | undefined;
}

export interface SigningScope {
	region: string;
	service: string;
}

export type AuthScheme = 'sigv4' | 'sigv2' | 'none';

export interface AuthResult {
	scheme: AuthScheme;
	accessKeyId?: string | undefined;
	/** Set when the request is refused. */
	error?: ApiError | undefined;
}

const SIGV2_FIELDS = new Set([
	'AWSAccessKeyId',
	'Signature',
	'SignatureVersion',
	'SignatureMethod',
]);

/** SigV4 in the Authorization header wins; else SigV2 in the form; else the request is unsigned. */
export async function authenticate(
	request: IncomingSigned,
	context: AuthContext,
): Promise<AuthResult> {
	const authorization = header(request.headersDistinct, 'authorization');
	if (authorization !== undefined) return verifySigV4(request, authorization, context);
	if (request.params.some(([name]) => SIGV2_FIELDS.has(name))) return verifySigV2(request, context);
	return { scheme: 'none', error: authErrors.missing() };
}

/**
 * A header's value in SigV4's canonical form: repeated lines joined by `,`, each value trimmed.
 * Not Node's `headers`, which joins them with `, ` and keeps only the first Content-Type or Authorization.
 */
export function header(headersDistinct: NodeJS.Dict<string[]>, name: string): string | undefined {
	const values = headersDistinct[name];
	return values === undefined ? undefined : values.map((value) => value.trim()).join(',');
}

/** The path without the query string, `/` when empty. */
export function pathOf(url: string): string {
	// split always gives a first piece, `''` for `?…`.
	const path = url.split('?', 1)[0] ?? '';
	return path === '' ? '/' : path;
}
