import type { Credentials } from '../transport/credentials.js';

/** Removes what must never reach an error from a piece of text. */
export type Redact = (text: string) => string;

const MASK = '[REDACTED]';
// A copy cut short (an excerpt, a value sliced for a message) still starts or ends with this much of the secret.
const ANCHOR = 12;
// The SigV4 Authorization header, even broken over lines (a credential with a line break in it).
const SIGV4_AUTHORIZATION = /AWS4-HMAC-SHA256[\s\S]{0,2000}?Signature=[0-9a-fA-F]+/g;
// SigV4 (`Signature=`, `X-Amz-Signature=`) and SigV2 (`Signature=`, URL-encoded base64) signatures.
const SIGNATURE = /(Signature=)[A-Za-z0-9%+/=_-]{16,}/g;

/**
 * Scrubs the secret key, the session token (whole, URL-encoded, or cut short) and any
 * signature or Authorization header out of text: a hostile or broken server can echo any of
 * them back, and a failing header check quotes the value it refused.
 */
export function redactor(credentials: Credentials): Redact {
	const secrets = new Set<string>();
	for (const secret of [credentials.secretAccessKey, credentials.sessionToken]) {
		if (secret === undefined || secret.length < 4) continue;
		secrets.add(secret);
		secrets.add(encodeURIComponent(secret));
	}
	// Longest first: the URL-encoded copy would otherwise be masked piecemeal, leaving its middle.
	const ordered = [...secrets].sort((a, b) => b.length - a.length);
	return (text) => {
		let out = text;
		for (const secret of ordered) out = maskSecret(out, secret);
		return out
			.replace(SIGV4_AUTHORIZATION, `AWS4-HMAC-SHA256 ${MASK}`)
			.replace(SIGNATURE, `$1${MASK}`);
	};
}

function maskSecret(text: string, secret: string): string {
	const head = secret.slice(0, ANCHOR);
	const tail = secret.slice(-ANCHOR);
	// Stryker disable next-line ConditionalExpression: a fast path; without either end in the text the loops find nothing.
	if (!text.includes(head) && !text.includes(tail)) return text;
	let out = text.split(secret).join(MASK);
	// What is left is a copy cut short: from its first characters on as far as it matches...
	// Stryker disable next-line ArithmeticOperator: an end found from before the mask would have to hold the mask's `[`, which no key or token (base64) has.
	for (let at = out.indexOf(head); at !== -1; at = out.indexOf(head, at + MASK.length)) {
		let end = at + head.length;
		// Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: the bounds keep the loop plain; past either end a character is undefined and the match stops the same (no whole copy is left after the split).
		while (end < out.length && end - at < secret.length && out[end] === secret[end - at]) end++;
		out = out.slice(0, at) + MASK + out.slice(end);
	}
	// ...or from its last characters back.
	// Stryker disable next-line ArithmeticOperator: as above, an end found from before the mask would have to hold its `[`.
	for (let at = out.indexOf(tail); at !== -1; at = out.indexOf(tail, at + MASK.length)) {
		let start = at;
		let k = secret.length - tail.length;
		// Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: as above, before either start a character is undefined and the match stops the same.
		while (start > 0 && k > 0 && out[start - 1] === secret[k - 1]) {
			start--;
			k--;
		}
		out = out.slice(0, start) + MASK + out.slice(at + tail.length);
		at = start;
	}
	return out;
}

/**
 * The one place errors are cleaned before they leave the client: every string an error
 * holds (message, stack, server fields such as `requestId`, `excerpt`, `code`, validation
 * issues) and every error in its `cause` chain goes through `redact`. Objects are changed in
 * place, and only where something was found.
 */
export function scrubError<T>(error: T, redact: Redact): T {
	if (typeof error === 'string') return redact(error) as T;
	if (typeof error === 'object' && error !== null) scrubObject(error, redact, new Set(), 0);
	return error;
}

function scrubObject(target: object, redact: Redact, seen: Set<object>, depth: number): void {
	if (seen.has(target) || depth > 8) return;
	seen.add(target);
	for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(target))) {
		// Getters are not run: an accessor's descriptor holds no value, only the function.
		const value: unknown = descriptor.value;
		if (typeof value === 'string') {
			const clean = redact(value);
			// Stryker disable next-line ConditionalExpression: defining a property again with the value it holds changes nothing.
			if (clean !== value && (descriptor.writable === true || descriptor.configurable === true)) {
				Object.defineProperty(target, key, { ...descriptor, value: clean });
			}
		} else if (
			typeof value === 'object' &&
			value !== null &&
			(value instanceof Error || Array.isArray(value) || isPlainObject(value))
		) {
			scrubObject(value, redact, seen, depth + 1);
		}
	}
}

function isPlainObject(value: object): boolean {
	const prototype: unknown = Object.getPrototypeOf(value);
	return prototype === Object.prototype || prototype === null;
}
