import { describe, expect, it } from 'vitest';
import { tagProblem } from '../src/protocol/xml-tags.js';

describe('tagProblem: what the parser would let pass', () => {
	it.each([
		['one element', '<r/>'],
		['an element with text and children', '<r>a<b>c</b>d</r>'],
		[
			'white space, comments and instructions around the root',
			' <?xml version="1.0"?>\n<!-- c --><r/>\n<?pi x?>\t',
		],
		['a declaration inside the root', '<r><!X y><a/></r>'],
		['a comment holding markup', '<r><!-- <a> --></r>'],
		['a CDATA section holding markup', '<r><![CDATA[<a></b>]]></r>'],
		['quoted > and / in attributes', '<r a=">" b=\'/>\' c="x\'y"><a q="/"></a></r>'],
		['a self-closing element with attributes', '<r><a x="1" /></r>'],
		['an end tag with white space before >', '<r><a></a\n></r>'],
		['a long name', `<${'n'.repeat(300)}/>`],
	])('accepts %s', (_name, xml) => {
		expect(tagProblem(xml)).toBeUndefined();
	});

	it.each([
		['an empty body', '', 'the body holds no element'],
		['white space only', ' \n ', 'the body holds no element'],
		['text only', 'hello', 'text outside the root element: "hello"'],
		[
			'long text after the root, quoted in part',
			'<r/>  trailing text that goes on and on  ',
			'text outside the root element: "trailing text that g"',
		],
		[
			'text between two comments before the root',
			'<!-- a -->x<!-- b --><r/>',
			'text outside the root element: "x"',
		],
		[
			'text after a declaration before the root',
			'<!X y>x<r/>',
			'text outside the root element: "x"',
		],
		['a second root', '<r/><s/>', 'the document has more than one root element'],
		[
			'a second root after a first with children',
			'<r><a/></r><s></s>',
			'the document has more than one root element',
		],
		['a tag with no name', '<r><></r>', 'a tag with no name'],
		['a tag starting with a space', '<r>< a/></r>', 'a tag with no name'],
		['a closing tag first', '</r>', 'a closing tag </r> with no element open'],
		['a closing tag too many', '<r></r></r>', 'a closing tag </r> with no element open'],
		[
			'crossed tags',
			'<r><a><b></a></b></r>',
			"Expected closing tag 'b' instead of closing tag 'a'",
		],
		['a tag cut short', '<r><a', 'the document is cut short (a tag is never closed)'],
		[
			'a quoted value never closed',
			'<r><a x="1>',
			'the document is cut short (a tag is never closed)',
		],
		[
			'a single-quoted value never closed',
			"<r><a x='1></a></r>",
			'the document is cut short (a tag is never closed)',
		],
		['an end tag cut short', '<r></r', 'the document is cut short (a tag is never closed)'],
		['an element left open', '<r><a></a>', 'the document is cut short (<r> is never closed)'],
		[
			'the innermost element left open',
			'<r><a><b>',
			'the document is cut short (<b> is never closed)',
		],
		[
			'a CDATA section never closed',
			'<r><![CDATA[ x ]>',
			'the document is cut short (a CDATA section is never closed)',
		],
		[
			'a comment never closed',
			'<r><!-- x ->',
			'the document is cut short (a comment is never closed)',
		],
		[
			'a declaration never closed',
			'<r><!X',
			'the document is cut short (a declaration is never closed)',
		],
		[
			'an instruction never closed',
			'<?xml version="1.0"',
			'the document is cut short (a processing instruction is never closed)',
		],
		[
			'an instruction never closed after a closed one',
			'<?a?><?b',
			'the document is cut short (a processing instruction is never closed)',
		],
		[
			'an instruction closed by > alone',
			'<?pi x><r/>',
			'the document is cut short (a processing instruction is never closed)',
		],
	])('refuses %s', (_name, xml, problem) => {
		expect(tagProblem(xml)).toBe(problem);
	});
});
