// Which check a request gets (SigV4 header, SigV2 form fields, or none), and the two helpers
// both checks read requests through.
import { describe, expect, it } from 'vitest';
import {
	authenticate,
	header,
	pathOf,
	type AuthContext,
	type IncomingSigned,
} from '../src/emulator/auth.js';
import { KeyRing } from '../src/emulator/credentials.js';

const context: AuthContext = {
	keys: new KeyRing(undefined),
	now: () => new Date('2026-11-30T12:34:56Z'),
	clockSkewMs: 15 * 60_000,
	cache: new Map(),
};

function request(
	params: Array<[string, string]>,
	headersDistinct: NodeJS.Dict<string[]> = {},
): IncomingSigned {
	return {
		method: 'POST',
		url: '/',
		headersDistinct: { host: ['importexport.amazonaws.com'], ...headersDistinct },
		body: Buffer.from(''),
		params,
	};
}

const LISTING: Array<[string, string]> = [
	['Action', 'ListJobs'],
	['Version', '2010-06-01'],
];

describe('authenticate', () => {
	it('refuses a request with neither an Authorization header nor SigV2 fields as unsigned', async () => {
		expect(await authenticate(request(LISTING), context)).toEqual({
			scheme: 'none',
			error: {
				status: 403,
				code: 'MissingAuthenticationToken',
				message: 'Request is missing Authentication Token',
				type: 'Sender',
			},
		});
	});

	it.each(['AWSAccessKeyId', 'Signature', 'SignatureVersion', 'SignatureMethod'])(
		'takes a form with %s alone for SigV2, and says what else it lacks',
		async (field) => {
			const result = await authenticate(request([...LISTING, [field, 'x']]), context);
			expect(result.scheme).toBe('sigv2');
			expect(result.error).toMatchObject({ status: 400, code: 'IncompleteSignature' });
		},
	);

	it('checks the Authorization header when there is one, SigV2 fields or not', async () => {
		const result = await authenticate(
			request([...LISTING, ['Signature', 'x']], { authorization: ['AWS4-HMAC-SHA256'] }),
			context,
		);
		expect(result.scheme).toBe('sigv4');
		expect(result.error?.message).toMatch(/^Authorization header requires 'Credential'/);
	});
});

describe('header', () => {
	it('joins a header sent on several lines with ",", each value trimmed, as SigV4 canonicalises', () => {
		expect(header({ 'x-amz-meta-tag': [' a ', 'b\t', ' c'] }, 'x-amz-meta-tag')).toBe('a,b,c');
		expect(header({ 'x-amz-meta-tag': ['one'] }, 'x-amz-meta-tag')).toBe('one');
		expect(header({}, 'x-amz-meta-tag')).toBeUndefined();
	});
});

describe('pathOf', () => {
	it.each([
		['/', '/'],
		['/a/b?c=d?e', '/a/b'],
		['/a/b', '/a/b'],
		['?c=d', '/'],
		['', '/'],
	])('%j has the path %j', (url, path) => {
		expect(pathOf(url)).toBe(path);
	});
});
