import { describe, expect, it } from 'vitest';
import { redactor, scrubError, type Redact } from '../src/protocol/redact.js';

// Each escape route of a secret out of an error, pinned one by one (redaction.test.ts covers the
// routes through the client; these state what the choke point itself guarantees).
const SECRET = 'SECRETk7Qm2vX9pL4rT8wZ1nB6cY3hJ5dF0gA2sE';
const TOKEN = 'TOKENq8Wf3Lz7Rt2Yp9Mx4Kc6Vb1Nh5Gj0Sd8Ae3Ui7Oy2Tr6Ew9Qa4Zs1Xc5Dv';
const credentials = { accessKeyId: 'ASIAREDACTCHECK00001', secretAccessKey: SECRET };
const redact = redactor({ ...credentials, sessionToken: TOKEN });
const SIGV4 =
	'AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/IngestionService/aws4_request, SignedHeaders=host, Signature=';

describe('redactor: the secret key and session token', () => {
	it('masks every whole copy, and leaves the text around them', () => {
		expect(redact(`${SECRET}|${TOKEN} and ${SECRET}.`)).toBe(
			'[REDACTED]|[REDACTED] and [REDACTED].',
		);
	});

	it('masks the secret key when there is no session token', () => {
		expect(redactor(credentials)(`key=${SECRET}`)).toBe('key=[REDACTED]');
	});

	it('masks a secret as short as four characters, and ignores shorter ones', () => {
		expect(redactor({ ...credentials, secretAccessKey: 'k3Y9' })('a k3Y9 b')).toBe(
			'a [REDACTED] b',
		);
		// Three characters would mask ordinary words: a credential that short is no secret anyway.
		expect(redactor({ ...credentials, secretAccessKey: 'k3Y' })('a k3Y b')).toBe('a k3Y b');
	});

	it('masks a URL-encoded copy whole, even when the plain one is much shorter', () => {
		const key = `${SECRET.slice(0, 14)}/+/+/+/+/+/+${SECRET.slice(14)}`;
		expect(redactor({ ...credentials, secretAccessKey: key })(`k=${encodeURIComponent(key)}`)).toBe(
			'k=[REDACTED]',
		);
	});

	it('masks several copies cut short at the start, each one whole', () => {
		const cut = TOKEN.slice(25);
		expect(redact(`${cut}${cut} ${cut}`)).toBe('[REDACTED][REDACTED] [REDACTED]');
		expect(redact(`x${TOKEN.slice(-12)}${TOKEN.slice(-13)}`)).toBe('x[REDACTED][REDACTED]');
	});

	it('masks several copies cut short at the end, each one whole', () => {
		const cut = TOKEN.slice(0, 30);
		expect(redact(`${cut}${cut} ${cut}`)).toBe('[REDACTED][REDACTED] [REDACTED]');
	});

	it('masks a cut copy from its first or last characters only as far as it matches', () => {
		expect(redact(`<${TOKEN.slice(0, 20)}>`)).toBe('<[REDACTED]>');
		expect(redact(`<${TOKEN.slice(-20)}>`)).toBe('<[REDACTED]>');
		expect(redact(`${SECRET.slice(0, 12)}${TOKEN}`)).toBe('[REDACTED][REDACTED]');
	});

	it('masks a copy cut at both ends from whichever end survives', () => {
		expect(redact(`"${SECRET.slice(0, 20)}…" and "…${SECRET.slice(-20)}"`)).toBe(
			'"[REDACTED]…" and "…[REDACTED]"',
		);
	});
});

describe('redactor: signatures and Authorization headers', () => {
	it('masks each of several SigV4 headers, keeping what stands between them', () => {
		const header = `${SIGV4}${'ab'.repeat(32)}`;
		expect(redact(`first: ${header}; between; second: ${header}`)).toBe(
			'first: AWS4-HMAC-SHA256 [REDACTED]; between; second: AWS4-HMAC-SHA256 [REDACTED]',
		);
	});

	it('masks a header whose signature is in upper-case hex, whole', () => {
		expect(redact(`${SIGV4}${'AB09'.repeat(16)} end`)).toBe('AWS4-HMAC-SHA256 [REDACTED] end');
	});

	it('masks a header with every hex digit in its signature, to its end', () => {
		const signature = '0123456789abcdefABCDEF'.repeat(3);
		expect(redact(`${SIGV4}${signature}, next`)).toBe('AWS4-HMAC-SHA256 [REDACTED], next');
	});

	it('reaches from the algorithm to a signature at most 2000 characters on', () => {
		const signature = 'ab'.repeat(32);
		for (const gap of [0, 1999, 2000])
			expect(redact(`AWS4-HMAC-SHA256${'x'.repeat(gap)}Signature=${signature}`)).toBe(
				'AWS4-HMAC-SHA256 [REDACTED]',
			);
		// Further on, only the signature is masked (by the rule for any signature).
		const far = `AWS4-HMAC-SHA256${'x'.repeat(2001)}`;
		expect(redact(`${far}Signature=${signature}`)).toBe(`${far}Signature=[REDACTED]`);
	});

	it('leaves AWS4-HMAC-SHA256 alone when no signature follows within reach', () => {
		expect(redact('algorithm AWS4-HMAC-SHA256 only')).toBe('algorithm AWS4-HMAC-SHA256 only');
	});

	it('masks a SigV2 signature, URL-encoded base64, to its end', () => {
		expect(redact('Signature=dGhpcyBpcyBh%2Bc2lnbmF0dXJl_-%3D&Action=ListJobs')).toBe(
			'Signature=[REDACTED]&Action=ListJobs',
		);
		expect(redact('Signature=abc/DEF+ghi=JKL0123456789&x')).toBe('Signature=[REDACTED]&x');
		for (const signature of ['AZaz09%+/=_-AZaz09%+/=_-', 'Zz9/-=+%_Aa0'.repeat(2)])
			expect(redact(`Signature=${signature}&x`)).toBe('Signature=[REDACTED]&x');
	});

	it('leaves a short Signature= value alone: it is not a signature', () => {
		expect(redact('Signature=abc&Signature=0123456789abcde')).toBe(
			'Signature=abc&Signature=0123456789abcde',
		);
		expect(redact('Signature=0123456789abcdef')).toBe('Signature=[REDACTED]');
	});
});

describe('scrubError', () => {
	const withSecret = (): Error => new Error(`got ${SECRET}`);

	it('cleans a string thrown as is', () => {
		expect(scrubError(`thrown ${TOKEN}`, redact)).toBe('thrown [REDACTED]');
	});

	it('passes through what holds no strings', () => {
		expect(scrubError(undefined as unknown, redact)).toBeUndefined();
		expect(scrubError(null, redact)).toBeNull();
		expect(scrubError(42, redact)).toBe(42);
	});

	it('follows a cause chain nine errors deep', () => {
		const top = withSecret();
		let last = top;
		for (let depth = 1; depth <= 8; depth++) {
			const next = withSecret();
			(last as { cause?: unknown }).cause = next;
			last = next;
		}
		scrubError(top, redact);
		expect(last.message).toBe('got [REDACTED]');
		expect(String(last.stack)).not.toContain(SECRET);
	});

	it('stops on a chain too deep to walk rather than overflowing the stack', () => {
		let chain: unknown = 'end';
		for (let i = 0; i < 100_000; i++) chain = { cause: chain };
		const error = Object.assign(withSecret(), { cause: chain });
		expect(() => scrubError(error, redact)).not.toThrow();
		expect(error.message).toBe('got [REDACTED]');
	});

	it('walks an error reached twice, or through a cycle, once', () => {
		const calls: string[] = [];
		const counting: Redact = (text) => {
			calls.push(text);
			return redact(text);
		};
		const error = withSecret();
		Object.assign(error, { cause: error, again: [error, error] });
		delete (error as { stack?: string }).stack;
		scrubError(error, counting);
		expect(calls).toEqual([`got ${SECRET}`]);
		expect(error.message).toBe('got [REDACTED]');
	});

	it('cleans plain records, records with no prototype, and arrays', () => {
		const bare = Object.assign(Object.create(null) as Record<string, unknown>, { text: SECRET });
		const error = Object.assign(new Error('outer'), {
			details: { nested: { text: SECRET } },
			bare,
			list: [SECRET, [TOKEN]],
		});
		scrubError(error, redact);
		expect(error.details.nested.text).toBe('[REDACTED]');
		expect(bare.text).toBe('[REDACTED]');
		expect(error.list).toEqual(['[REDACTED]', ['[REDACTED]']]);
	});

	it('cleans an error whose other fields are null, undefined, numbers or functions', () => {
		const error = Object.assign(withSecret(), {
			requestId: null,
			code: undefined,
			statusCode: 500,
			retry: () => SECRET,
		});
		expect(() => scrubError(error, redact)).not.toThrow();
		expect(error.message).toBe('got [REDACTED]');
		expect(error.requestId).toBeNull();
	});

	it('leaves objects of other classes (a caller’s own) unchanged', () => {
		class Owned {
			text = SECRET;
		}
		const owned = new Owned();
		const map = new Map([['k', SECRET]]);
		scrubError(Object.assign(new Error('outer'), { owned, map }), redact);
		expect(owned.text).toBe(SECRET);
		expect(map.get('k')).toBe(SECRET);
	});

	it('does not run getters', () => {
		let ran = false;
		const error = new Error('outer');
		Object.defineProperty(error, 'lazy', {
			enumerable: true,
			get() {
				ran = true;
				return SECRET;
			},
		});
		scrubError(error, redact);
		expect(ran).toBe(false);
	});

	it('cleans a property that is read-only but configurable, or writable in a sealed error', () => {
		const readOnly = new Error('outer');
		Object.defineProperty(readOnly, 'code', {
			value: SECRET,
			writable: false,
			configurable: true,
			enumerable: true,
		});
		scrubError(readOnly, redact);
		expect((readOnly as Error & { code: string }).code).toBe('[REDACTED]');
		const sealed = Object.seal(withSecret());
		scrubError(sealed, redact);
		expect(sealed.message).toBe('got [REDACTED]');
	});

	it('leaves a frozen error as it is rather than throwing over it', () => {
		const frozen = Object.freeze(withSecret());
		expect(scrubError(frozen, redact)).toBe(frozen);
		expect(frozen.message).toBe(`got ${SECRET}`);
	});

	it('changes nothing when nothing is found: a frozen clean error and its fields stay put', () => {
		const error = Object.assign(new Error('clean'), { requestId: 'r-1', issues: [{ path: '' }] });
		Object.defineProperty(error, 'fixed', { value: 'x', writable: false, configurable: false });
		const before = Object.getOwnPropertyDescriptors(error);
		scrubError(error, redact);
		expect(Object.getOwnPropertyDescriptors(error)).toEqual(before);
	});
});
