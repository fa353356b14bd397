import type { IncomingHttpHeaders } from 'node:http';
import type { KeyRing } from './credentials.js';
import { authErrors, type ApiError } from './errors.js';
import { verifySigV2 } from './sigv2.js';
import { verifySigV4 } from './sigv4.js';

/** What the signature checks need from a request. */
export interface IncomingSigned {
	method: string;
	/** The request target as sent, query string included. */
	url: string;
	headers: IncomingHttpHeaders;
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
}

export type AuthScheme = 'sigv4' | 'sigv2' | 'none';

export interface AuthResult {
	scheme: AuthScheme;
	accessKeyId?: string | undefined;
	/** Set when the request is refused. */
	error?: ApiError | undefined;
}

const SIGV2_FIELDS = new Set(['AWSAccessKeyId', 'Signature', 'SignatureVersion', 'SignatureMethod']);

/** SigV4 in the Authorization header wins; else SigV2 in the form; else the request is unsigned. */
export async function authenticate(request: IncomingSigned, context: AuthContext): Promise<AuthResult> {
	const authorization = header(request.headers, 'authorization');
	if (authorization !== undefined) return verifySigV4(request, authorization, context);
	if (request.params.some(([name]) => SIGV2_FIELDS.has(name))) return verifySigV2(request, context);
	return { scheme: 'none', error: authErrors.missing() };
}

/** A header's value, repeated values joined as Node and AWS join them. */
export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
	const value = headers[name];
	return Array.isArray(value) ? value.join(', ') : value;
}

/** The path without the query string, `/` when empty. */
export function pathOf(url: string): string {
	const path = url.split('?', 1)[0] ?? '';
	return path === '' ? '/' : path;
}
