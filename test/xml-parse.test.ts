import { describe, expect, it } from 'vitest';
import { child, parseXml, text, XmlSyntaxError } from '../src/protocol/xml.js';

const refusal = (xml: string): string => {
	try {
		parseXml(xml);
	} catch (error) {
		expect(error).toBeInstanceOf(XmlSyntaxError);
		expect((error as Error).name).toBe('XmlSyntaxError');
		return (error as Error).message;
	}
	throw new Error('parsed');
};

describe('parseXml: what is refused, and why', () => {
	it.each([
		'<!DOCTYPE r><r/>',
		'<r><!ENTITY a "b"></r>',
		'<r><!ELEMENT r ANY></r>',
		'<r><!ATTLIST r a CDATA #IMPLIED></r>',
		'<r><!Element r ANY></r>',
	])('a DTD or a declaration in it: %s', (xml) => {
		expect(refusal(xml)).toBe('the body declares a DTD or entities, which are refused');
	});

	it('a tag problem, in the tag check’s words', () => {
		expect(refusal('<r><a></r>')).toBe("Expected closing tag 'a' instead of closing tag 'r'");
	});

	it('a reference the decoder refuses, in its words', () => {
		expect(refusal('<r>&nbsp;</r>')).toBe(
			'"&nbsp;" is not a reference XML defines (only &amp; &lt; &gt; &quot; &apos; and &#…; are)',
		);
	});
});

describe('parseXml: the text it keeps', () => {
	it('leaves the XML declaration beside the one root', () => {
		expect(parseXml('<?xml version="1.0"?><r><a>1</a></r>')).toMatchObject({ r: { a: '1' } });
	});

	it('drops indentation beside child elements, keeps real mixed text', () => {
		expect(parseXml('<r>\n  <a>1</a>\n</r>')).toEqual({ r: { a: '1' } });
		expect(parseXml('<r>x<a>1</a></r>')).toEqual({ r: { '#text': 'x', a: '1' } });
	});

	it('collapses the white space around leaves, but not around a JobId', () => {
		expect(parseXml('<r><a> 1 </a><JobId> 2 </JobId></r>')).toEqual({
			r: { a: '1', JobId: ' 2 ' },
		});
	});

	it('reads an element with only indentation as empty', () => {
		expect(parseXml('<r><Jobs>\n  </Jobs></r>')).toEqual({ r: { Jobs: '' } });
	});

	it('trims text members and walks member elements', () => {
		expect(parseXml('<r><member> a </member><member><b> c </b></member></r>')).toEqual({
			r: { member: ['a', { b: 'c' }] },
		});
	});
});

describe('child and text', () => {
	const doc = parseXml('<r><a><b>1</b></a><s>x</s><member>m</member></r>');
	const root = child(doc, 'r');

	it('child: an element with children only', () => {
		expect(child(root, 'a')).toEqual({ b: '1' });
		expect(child(root, 's')).toBeUndefined();
		expect(child(root, 'member')).toBeUndefined();
		expect(child(root, 'none')).toBeUndefined();
		expect(child('text', 'a')).toBeUndefined();
		expect(child([{ a: {} }], 'a')).toBeUndefined();
		expect(child(undefined, 'a')).toBeUndefined();
	});

	it('text: an element with text only', () => {
		expect(text(root, 's')).toBe('x');
		expect(text(root, 'a')).toBeUndefined();
		expect(text(root, 'member')).toBeUndefined();
		expect(text(root, 'none')).toBeUndefined();
		expect(text('s', 's')).toBeUndefined();
		expect(text([{ s: 'x' }], 's')).toBeUndefined();
		expect(text(undefined, 's')).toBeUndefined();
	});
});
