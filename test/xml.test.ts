import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { peekNextPage } from '../src/protocol/peek.js';
import { parseXml, XmlSyntaxError } from '../src/protocol/xml.js';

describe('parseXml', () => {
	it('never coerces values', () => {
		const doc = parseXml('<r><a>00042</a><b>1E5</b><c>true</c><d>12345</d></r>');
		expect(doc).toEqual({ r: { a: '00042', b: '1E5', c: 'true', d: '12345' } });
	});
	it('makes <member> an array even when there is one', () => {
		expect(parseXml('<r><Jobs><member><JobId>A</JobId></member></Jobs></r>')).toEqual({
			r: { Jobs: { member: [{ JobId: 'A' }] } },
		});
	});
	it('matches by local name whatever the prefix', () => {
		expect(parseXml('<x:r xmlns:x="u"><x:a>1</x:a></x:r>')).toEqual({ r: { a: '1' } });
	});
	it('decodes the standard entities', () => {
		expect(parseXml('<r><a>x &amp; y &lt;z&gt; &apos;q&apos;</a></r>')).toEqual({
			r: { a: "x & y <z> 'q'" },
		});
	});
	it.each([
		'<!DOCTYPE r [<!ENTITY a "b">]><r>&a;</r>',
		'<!doctype html><html></html>',
		'<r><!ENTITY a "b"></r>',
	])('refuses DTDs and entity declarations: %s', (xml) => {
		expect(() => parseXml(xml)).toThrow(XmlSyntaxError);
	});
	it('keeps comments and CDATA working', () => {
		expect(parseXml('<r><!-- note --><a><![CDATA[x]]></a></r>')).toEqual({ r: { a: 'x' } });
	});
});

describe('peekNextPage', () => {
	const fixture = (name: string): string =>
		readFileSync(new URL(`./fixtures/responses/${name}`, import.meta.url), 'utf8');
	it('reads IsTruncated and the last JobId without parsing', () => {
		expect(peekNextPage(fixture('numeric-looking-ids.xml'))).toEqual({
			isTruncated: true,
			lastJobId: 'true',
		});
		expect(peekNextPage(fixture('aws-doc-example.xml'))).toEqual({
			isTruncated: false,
			lastJobId: undefined,
		});
		expect(
			peekNextPage(
				fixture('aws-doc-example.xml').replace('<IsTruncated>false', '<IsTruncated>true'),
			),
		).toEqual({ isTruncated: true, lastJobId: 'XYZ-789' });
	});
	it('handles namespace prefixes', () => {
		const body = fixture('prefixed-namespace-unknown-elements.xml').replace(
			'IsTruncated>false',
			'IsTruncated>true',
		);
		expect(peekNextPage(body)).toEqual({ isTruncated: true, lastJobId: 'ONLY1' });
	});
	it('gives up on what only a parser can read', () => {
		expect(
			peekNextPage(
				fixture('entities-in-values.xml').replace('<IsTruncated>false', '<IsTruncated>true'),
			),
		).toBeUndefined();
		expect(
			peekNextPage(
				'<r><IsTruncated>true</IsTruncated><Jobs><member><JobId><![CDATA[A]]></JobId></member></Jobs></r>',
			),
		).toBeUndefined();
		expect(peekNextPage('<r><IsTruncated>true</IsTruncated></r>')).toBeUndefined();
		expect(peekNextPage('<r><IsTruncated>maybe</IsTruncated></r>')).toBeUndefined();
		expect(peekNextPage('')).toBeUndefined();
		expect(
			peekNextPage(
				'<r><IsTruncated>true</IsTruncated><JobId>A</JobId><ParentJobId>B</ParentJobId></r>',
			),
		).toBeUndefined();
	});
});
