/**
 * Checks what fast-xml-parser's parser lets pass: every end tag names the element it closes,
 * nothing is left open (a body cut short), and one root element with only white space, comments
 * and processing instructions around it. One pass of `indexOf` over the markup: about a tenth of
 * what `XMLValidator` costs, which validates names and attributes too (the parse and the schema
 * catch what matters of those). Returns why the body is refused, or `undefined`.
 */
export function tagProblem(text: string): string | undefined {
	const open: string[] = [];
	let roots = 0;
	let at = 0;
	for (;;) {
		const lt = text.indexOf('<', at);
		if (open.length === 0) {
			// Outside the root only white space may stand.
			const outside = text.slice(at, lt === -1 ? text.length : lt);
			if (outside.trim() !== '')
				return `text outside the root element: ${JSON.stringify(outside.trim().slice(0, 20))}`;
		}
		if (lt === -1) break;
		const next = text.charCodeAt(lt + 1);
		if (next === 33 /* ! */) {
			const [close, what] = text.startsWith('<!--', lt)
				? ['-->', 'a comment']
				: text.startsWith('<![CDATA[', lt)
					? [']]>', 'a CDATA section']
					: ['>', 'a declaration'];
			const end = text.indexOf(close, lt + 2);
			if (end === -1) return `the document is cut short (${what} is never closed)`;
			at = end + close.length;
			continue;
		}
		if (next === 63 /* ? */) {
			const end = text.indexOf('?>', lt + 2);
			if (end === -1) return 'the document is cut short (a processing instruction is never closed)';
			at = end + 2;
			continue;
		}
		const end = tagEnd(text, lt + 1);
		if (end === -1) return `the document is cut short (a tag is never closed)`;
		if (next === 47 /* / */) {
			const name = text.slice(lt + 2, end).trim();
			const expected = open.pop();
			if (expected === undefined) return `a closing tag </${name}> with no element open`;
			if (name !== expected)
				return `Expected closing tag '${expected}' instead of closing tag '${name}'`;
		} else {
			const name = /^[^\s/>]*/.exec(text.slice(lt + 1, Math.min(end, lt + 257)))?.[0] ?? '';
			if (name === '') return 'a tag with no name';
			if (open.length === 0 && ++roots > 1) return 'the document has more than one root element';
			if (text.charCodeAt(end - 1) !== 47 /* / */) open.push(name);
		}
		at = end + 1;
	}
	const unclosed = open.at(-1);
	if (unclosed !== undefined) return `the document is cut short (<${unclosed}> is never closed)`;
	if (roots === 0) return 'the body holds no element';
	return undefined;
}

/** The `>` that ends the tag starting at `from`, skipping quoted attribute values; -1 if none. */
function tagEnd(text: string, from: number): number {
	let i = from;
	for (;;) {
		const gt = text.indexOf('>', i);
		if (gt === -1) return -1;
		const quote = /["']/.exec(text.slice(i, gt));
		if (quote === null) return gt;
		const opened = i + quote.index;
		const closed = text.indexOf(quote[0], opened + 1);
		if (closed === -1) return -1;
		i = closed + 1;
	}
}
