import { afterEach, describe, expect, it, vi } from 'vitest';
import { check, CredentialsError, fromEnvironment, readEnv } from '../src/transport/credentials.js';
import { caught } from './helpers.js';

// How credentials are checked before anything is signed: each message names the field and
// what is wrong with it, never the value.

afterEach(() => {
	vi.unstubAllEnvs();
});

const good = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret/key+1' };

async function refusal(credentials: unknown): Promise<string> {
	const error = await caught(() => check(credentials));
	expect(error).toBeInstanceOf(CredentialsError);
	return error.message;
}

describe('check', () => {
	it('keeps what is usable, and drops an empty session token', () => {
		const expiration = new Date('2026-11-30T12:00:00Z');
		expect(check({ ...good, sessionToken: 'tok', expiration })).toEqual({
			...good,
			sessionToken: 'tok',
			expiration,
		});
		expect(check({ ...good, sessionToken: '' })).toEqual({
			...good,
			sessionToken: undefined,
			expiration: undefined,
		});
	});

	it.each([
		['nothing at all', undefined, '`accessKeyId` must be a non-empty string'],
		['null', null, '`accessKeyId` must be a non-empty string'],
		[
			'a number for the key id',
			{ ...good, accessKeyId: 1 },
			'`accessKeyId` must be a non-empty string',
		],
		['an empty key id', { ...good, accessKeyId: '' }, '`accessKeyId` must be a non-empty string'],
		['no secret', { accessKeyId: 'a' }, '`secretAccessKey` must be a non-empty string'],
		[
			'an empty secret',
			{ ...good, secretAccessKey: '' },
			'`secretAccessKey` must be a non-empty string',
		],
		['a numeric token', { ...good, sessionToken: 7 }, '`sessionToken` must be a string when set'],
		[
			'an expiration that is a string',
			{ ...good, expiration: '2026-01-01' },
			'`expiration` must be a valid Date when set',
		],
		[
			'an invalid Date',
			{ ...good, expiration: new Date('never') },
			'`expiration` must be a valid Date when set',
		],
	])('refuses %s, naming the field', async (_name, credentials, what) => {
		expect(await refusal(credentials)).toBe(`Invalid credentials: ${what}.`);
	});

	it.each([
		['accessKeyId', 'AKID\n', 'ends with a line break (as read from a file with its newline?)'],
		['accessKeyId', 'AKID\r', 'ends with a line break (as read from a file with its newline?)'],
		['secretAccessKey', 'secret ', 'ends with white space (as read from a file with its newline?)'],
		[
			'secretAccessKey',
			'secret\t',
			'ends with white space (as read from a file with its newline?)',
		],
		[
			'secretAccessKey',
			'secret\x7f',
			'ends with a control character (as read from a file with its newline?)',
		],
		['sessionToken', 'token\u00e9', 'ends with a character outside printable ASCII'],
		['accessKeyId', ' AKID', 'starts with white space'],
		['accessKeyId', '\x00AKID', 'starts with a control character'],
		['accessKeyId', '\x1fAKID', 'starts with a control character'],
		['sessionToken', 'tok\nen', 'has a line break at character 4 of 6'],
		['secretAccessKey', 'sec ret', 'has white space at character 4 of 7'],
		['sessionToken', 'tok\u2028en', 'has a character outside printable ASCII at character 4 of 6'],
	] as const)('says where %s %j goes wrong and what it is', async (field, value, where) => {
		const message = await refusal({ ...good, [field]: value });
		expect(message).toBe(
			`Invalid credentials: \`${field}\` ${where}; it must be printable ASCII without white space. The value is not shown.`,
		);
	});

	it('takes every printable ASCII character, from ! to ~', () => {
		const printable = Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) =>
			String.fromCharCode(0x21 + i),
		).join('');
		expect(
			check({ accessKeyId: printable, secretAccessKey: printable, sessionToken: printable }),
		).toMatchObject({ accessKeyId: printable, sessionToken: printable });
	});
});

describe('the environment', () => {
	it('counts an empty variable as unset', () => {
		vi.stubEnv('IMPORTEXPORT_TEST_VARIABLE', '');
		expect(readEnv('IMPORTEXPORT_TEST_VARIABLE')).toBeUndefined();
		vi.stubEnv('IMPORTEXPORT_TEST_VARIABLE', 'x');
		expect(readEnv('IMPORTEXPORT_TEST_VARIABLE')).toBe('x');
	});

	it('reads the key pair and the session token, and refuses half a pair', async () => {
		vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDENV');
		vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'env-secret');
		vi.stubEnv('AWS_SESSION_TOKEN', 'env-token');
		expect(fromEnvironment()).toEqual({
			accessKeyId: 'AKIDENV',
			secretAccessKey: 'env-secret',
			sessionToken: 'env-token',
		});
		vi.stubEnv('AWS_SECRET_ACCESS_KEY', '');
		const error = await caught(() => fromEnvironment());
		expect(error).toBeInstanceOf(CredentialsError);
		expect(error.message).toBe(
			'No AWS credentials: pass `credentials` to ImportExportClient or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.',
		);
		vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'env-secret');
		vi.stubEnv('AWS_ACCESS_KEY_ID', '');
		expect(await caught(() => fromEnvironment())).toBeInstanceOf(CredentialsError);
	});

	it('reads nothing where there is no process (browsers, workers)', () => {
		vi.stubGlobal('process', undefined);
		try {
			expect(readEnv('PATH')).toBeUndefined();
		} finally {
			vi.unstubAllGlobals();
		}
	});
});
