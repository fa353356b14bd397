import { describe, expect, it } from 'vitest';
import { bodyEncoding, decodeBody, ResponseEncodingError } from '../src/transport/charset.js';
import { caught } from './helpers.js';

// Which encoding a response body is read in (RFC 7303's order of clues), and how a body that
// cannot be read fails.

const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);
const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);
const options = { operation: 'ListJobs', statusCode: 200, what: 'ListJobs POST http://h/' };

describe('bodyEncoding', () => {
	it('follows a byte order mark before anything the headers say', () => {
		expect(bodyEncoding('text/xml; charset=iso-8859-1', bytes(0xef, 0xbb, 0xbf, 0x3c))).toBe(
			'utf-8',
		);
		expect(bodyEncoding('text/xml; charset=utf-8', bytes(0xfe, 0xff, 0, 0x3c))).toBe('utf-16be');
		expect(bodyEncoding('text/xml; charset=utf-8', bytes(0xff, 0xfe, 0x3c, 0))).toBe('utf-16le');
	});

	it('needs every byte of a mark: a partial one is no mark', () => {
		const latin1 = 'text/xml; charset=iso-8859-1';
		expect(bodyEncoding(latin1, bytes(0xef, 0xbb, 0x3c))).toBe('iso-8859-1');
		expect(bodyEncoding(latin1, bytes(0xef, 0x3c, 0xbf))).toBe('iso-8859-1');
		expect(bodyEncoding(latin1, bytes(0x3c, 0xbb, 0xbf))).toBe('iso-8859-1');
		expect(bodyEncoding(latin1, bytes(0xfe, 0x3c))).toBe('iso-8859-1');
		expect(bodyEncoding(latin1, bytes(0x3c, 0xff))).toBe('iso-8859-1');
		expect(bodyEncoding(latin1, bytes(0xff, 0x3c))).toBe('iso-8859-1');
		expect(bodyEncoding(latin1, bytes(0x3c, 0xfe))).toBe('iso-8859-1');
	});

	it('reads the Content-Type charset, quoted or not, in any case and spacing, lower-cased', () => {
		const body = ascii('<a/>');
		expect(bodyEncoding('text/xml; charset=ISO-8859-1', body)).toBe('iso-8859-1');
		expect(bodyEncoding('text/xml;charset="Windows-1252"', body)).toBe('windows-1252');
		expect(bodyEncoding('text/xml ;  CHARSET = utf-16le ; q=1', body)).toBe('utf-16le');
		expect(bodyEncoding('text/xml; format=flowed; charset=koi8-r', body)).toBe('koi8-r');
	});

	it('takes the XML declaration when the Content-Type names no charset, or an empty one', () => {
		const declared = ascii('<?xml version="1.0" encoding="Windows-1252"?><a/>');
		expect(bodyEncoding(null, declared)).toBe('windows-1252');
		expect(bodyEncoding('text/xml', declared)).toBe('windows-1252');
		expect(bodyEncoding('text/xml; charset=""', declared)).toBe('windows-1252');
		expect(bodyEncoding('text/xml; charset=', declared)).toBe('windows-1252');
		expect(bodyEncoding(null, ascii("<?xml version='1.0' encoding = 'ISO-8859-2'?>"))).toBe(
			'iso-8859-2',
		);
	});

	it('reads a declaration only at the very start of the body, and only in its first 256 bytes', () => {
		expect(bodyEncoding(null, ascii(' <?xml version="1.0" encoding="koi8-r"?>'))).toBe('utf-8');
		expect(bodyEncoding(null, ascii('<a><?xml version="1.0" encoding="koi8-r"?></a>'))).toBe(
			'utf-8',
		);
		const far = `<?xml version="1.0"${' '.repeat(240)} encoding="koi8-r"?>`;
		expect(bodyEncoding(null, ascii(far))).toBe('utf-8');
		const near = `<?xml version="1.0"${' '.repeat(200)} encoding="koi8-r"?>`;
		expect(bodyEncoding(null, ascii(near))).toBe('koi8-r');
		// `<` then something else than `?`: not a declaration.
		expect(bodyEncoding(null, ascii('<!xml version="1.0" encoding="koi8-r"?>'))).toBe('utf-8');
		expect(bodyEncoding(null, ascii('x?xml version="1.0" encoding="koi8-r"?>'))).toBe('utf-8');
	});

	it('ignores a declaration without an encoding, and falls back to UTF-8', () => {
		expect(bodyEncoding(null, ascii('<?xml version="1.0"?><a/>'))).toBe('utf-8');
		expect(bodyEncoding('text/xml', ascii('<a/>'))).toBe('utf-8');
		expect(bodyEncoding(null, bytes())).toBe('utf-8');
	});
});

describe('decodeBody', () => {
	it('decodes per the declared charset', () => {
		expect(
			decodeBody(bytes(0x63, 0x61, 0x66, 0xe9), 'text/xml; charset=iso-8859-1', {
				...options,
				strict: true,
			}),
		).toBe('café');
	});

	it('refuses, when strict, a charset it cannot decode, quoting at most 40 characters of it', async () => {
		const long = `x-${'k'.repeat(60)}`;
		const error = (await caught(() =>
			decodeBody(ascii('<a/>'), `text/xml; charset=${long}`, { ...options, strict: true }),
		)) as ResponseEncodingError;
		expect(error).toBeInstanceOf(ResponseEncodingError);
		expect(error.message).toBe(
			`ListJobs POST http://h/: the HTTP 200 response body cannot be read: it declares the charset ${JSON.stringify(long.slice(0, 40))}, which cannot be decoded here.`,
		);
		expect(error).toMatchObject({ operation: 'ListJobs', statusCode: 200, charset: long });
		expect(error.cause).toBeInstanceOf(RangeError);
		expect(error.retryKind).toBeUndefined();
	});

	it('refuses, when strict, bytes invalid in the charset, naming the encoding', async () => {
		const error = (await caught(() =>
			decodeBody(bytes(0x3c, 0xe9, 0x3e), 'text/xml; charset=UTF-8', {
				...options,
				statusCode: 201,
				strict: true,
			}),
		)) as ResponseEncodingError;
		expect(error).toBeInstanceOf(ResponseEncodingError);
		expect(error.message).toBe(
			'ListJobs POST http://h/: the HTTP 201 response body cannot be read: its bytes are not valid utf-8.',
		);
		expect(error).toMatchObject({ statusCode: 201, charset: 'utf-8' });
		expect(error.cause).toBeInstanceOf(TypeError);
	});

	it('reads an error response whatever its encoding, when not strict', () => {
		const lax = { ...options, statusCode: 503, strict: false };
		expect(decodeBody(ascii('<e>busy</e>'), 'text/html; charset=x-klingon', lax)).toBe(
			'<e>busy</e>',
		);
		expect(decodeBody(bytes(0x3c, 0xe9, 0x3e), 'text/html; charset=utf-8', lax)).toBe('<\ufffd>');
	});
});
