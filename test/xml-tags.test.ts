import { describe, expect, it } from 'vitest';
import { tagProblem } from '../src/protocol/xml-tags.js';

// The tag check reads plain names (`<Jobs>`, `</Jobs>`) in place and everything else as text.
// These pin that both ways give the answers the text-only check gave (its messages included).
describe('tagProblem: plain names read in place, anything else as text', () => {
	it.each([
		['<r><a>1</a><b/></r>', 'plain names and a self-closing tag'],
		['<r><a:b>1</a:b></r>', 'a namespace prefix'],
		['<r ><a x="1>2">t</a ></r>', 'an attribute holding `>`, white space before `>`'],
		["<r x='>'/>", 'a single-quoted attribute on a self-closing root'],
		['<r></ r>', 'white space after `</`'],
		['<r><a\n>1</a\n></r>', 'a newline before `>`'],
		['<é><ü>x</ü></é>', 'names outside ASCII'],
		[`<r><${'n'.repeat(256)}>x</${'n'.repeat(256)}></r>`, 'a name of 256 characters'],
	])('accepts %j (%s)', (xml) => {
		expect(tagProblem(xml)).toBeUndefined();
	});

	it.each([
		['<r><a>1</b></r>', "Expected closing tag 'a' instead of closing tag 'b'"],
		['<r><Jobs></Job></r>', "Expected closing tag 'Jobs' instead of closing tag 'Job'"],
		['<r><Jobs></Jobss></r>', "Expected closing tag 'Jobs' instead of closing tag 'Jobss'"],
		['<r><Jobs></Jobz></r>', "Expected closing tag 'Jobs' instead of closing tag 'Jobz'"],
		['<r><a/ ></r>', "Expected closing tag 'a' instead of closing tag 'r'"],
		['<é><ü>x</é></ü>', "Expected closing tag 'ü' instead of closing tag 'é'"],
		['<a\u00a0b>x</a\u00a0b>', "Expected closing tag 'a' instead of closing tag 'a\u00a0b'"],
		['<a"b>c</a"b>', 'the document is cut short (<a"b> is never closed)'],
		['<a"b>c</a"b', 'the document is cut short (a tag is never closed)'],
		['<r><a>', 'the document is cut short (<a> is never closed)'],
		['<r><a', 'the document is cut short (a tag is never closed)'],
		['<r><a x="1></r>', 'the document is cut short (a tag is never closed)'],
		['<r></r></r>', 'a closing tag </r> with no element open'],
		['<r></r><r/>', 'the document has more than one root element'],
		['<r>< a>1</ a></r>', 'a tag with no name'],
		[
			`<r><${'n'.repeat(257)}>x</${'n'.repeat(257)}></r>`,
			`Expected closing tag '${'n'.repeat(256)}' instead of closing tag '${'n'.repeat(257)}'`,
		],
	])('refuses %j: %s', (xml, problem) => {
		expect(tagProblem(xml)).toBe(problem);
	});
});
