import { describe, expect, it } from 'vitest';
import { xmlEntityDecoder } from '../src/protocol/xml-entities.js';
import { parseXml, XmlSyntaxError } from '../src/protocol/xml.js';

const { decode } = xmlEntityDecoder;

describe('entity and character references, held to XML 1.0', () => {
	it('decodes the five predefined entities and nothing else by name', () => {
		expect(decode('&amp;&lt;&gt;&quot;&apos;')).toBe('&<>"\'');
		for (const name of ['nbsp', 'copy', 'AMP', 'a'])
			expect(() => decode(`x &${name}; y`)).toThrow(/is not a reference XML defines/);
	});

	it('decodes decimal and hexadecimal character references, astral ones too', () => {
		expect(decode('&#65;&#x42;&#x63;&#x4a;&#x4B;')).toBe('ABcJK');
		expect(decode('&#x1F600;&#128512;')).toBe('😀😀');
		expect(decode('&#0000065;')).toBe('A');
	});

	it.each([
		['tab', 0x9],
		['line feed', 0xa],
		['carriage return', 0xd],
		['space', 0x20],
		['the last before the surrogates', 0xd7ff],
		['the first after the surrogates', 0xe000],
		['the last of the basic plane', 0xfffd],
		['the first astral', 0x10000],
		['the last code point', 0x10ffff],
	])('accepts a reference to %s', (_name, code) => {
		expect(decode(`&#x${code.toString(16)};`)).toBe(String.fromCodePoint(code));
		expect(decode(`&#${code};`)).toBe(String.fromCodePoint(code));
	});

	it.each([
		['NUL', 0x0],
		['a control character before tab', 0x8],
		['a control character between line feed and carriage return', 0xb],
		['a control character after carriage return', 0xe],
		['the last control character', 0x1f],
		['the first surrogate', 0xd800],
		['the last surrogate', 0xdfff],
		['U+FFFE', 0xfffe],
		['U+FFFF', 0xffff],
		['beyond the last code point', 0x110000],
	])('refuses a reference to %s', (_name, code) => {
		expect(() => decode(`&#x${code.toString(16)};`)).toThrow(
			`the character reference &#x${code.toString(16)}; does not stand for an XML character`,
		);
		expect(() => decode(`&#${code};`)).toThrow(/does not stand for an XML character/);
	});

	it('refuses a bare & or a malformed reference, quoting where it is', () => {
		expect(() => decode('fish & chips')).toThrow(
			'"& chips" is not a reference XML defines (only &amp; &lt; &gt; &quot; &apos; and &#…; are)',
		);
		expect(() => decode('a &#xZZ; b')).toThrow('"&#xZZ; b" is not a reference');
		expect(() => decode('&#12345678;')).toThrow('"&#12345678;" is not a reference');
		expect(() => decode('&#x1234567;')).toThrow(/is not a reference/);
		expect(() => decode('&#;')).toThrow(/is not a reference/);
		expect(() => decode('&#X41;')).toThrow(/is not a reference/);
		expect(() => decode('&amp')).toThrow(/is not a reference/);
	});

	it('leaves text with no reference as it is', () => {
		expect(decode('plain text; #65')).toBe('plain text; #65');
	});

	it('refuses entities from outside or from a DTD, and takes none as nothing', () => {
		expect(() => xmlEntityDecoder.setExternalEntities({ a: 'b' })).toThrow(
			'entities other than XML’s own are refused',
		);
		expect(() => xmlEntityDecoder.addInputEntities({ a: 'b' })).toThrow(
			'entities declared in a DTD are refused',
		);
		expect(() => xmlEntityDecoder.setExternalEntities({})).not.toThrow();
		expect(() => xmlEntityDecoder.addInputEntities({})).not.toThrow();
	});

	it('a refused reference fails the parse as a syntax error, with the reason', () => {
		expect(() => parseXml('<r><JobId>a &nbsp; b</JobId></r>')).toThrow(XmlSyntaxError);
		expect(() => parseXml('<r><JobId>&#0;</JobId></r>')).toThrow(
			/does not stand for an XML character/,
		);
		expect(parseXml('<r><JobId>&#x9;A&#10;</JobId></r>')).toEqual({ r: { JobId: '\tA\n' } });
	});
});
