/**
 * Checks what fast-xml-parser's parser lets pass: every end tag names the element it closes,
 * nothing is left open (a body cut short), and one root element with only white space, comments
 * and processing instructions around it. One pass of `indexOf` over the markup: about a tenth of
 * what `XMLValidator` costs, which validates names and attributes too (the parse and the schema
 * catch what matters of those). Returns why the body is refused, or `undefined`.
 */
export function tagProblem(text: string): string | undefined {
	// The open elements, as offsets of their names in `text`: no string is cut out per tag.
	const starts: number[] = [];
	const lengths: number[] = [];
	let roots = 0;
	let at = 0;
	for (;;) {
		const lt = text.indexOf('<', at);
		if (starts.length === 0) {
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
		if (next === 47 /* / */) {
			const start = starts.pop();
			const recorded = lengths.pop() ?? 0;
			// The common case, `</name>` right after a plain name, is compared in place.
			const plain = recorded >= 0 && text.charCodeAt(lt + 2 + recorded) === 62; /* `>` */
			if (start !== undefined && plain && sameText(text, start, lt + 2, recorded)) {
				at = lt + 3 + recorded;
				continue;
			}
			const end = tagEnd(text, lt + 1);
			if (end === -1) return `the document is cut short (a tag is never closed)`;
			const name = text.slice(lt + 2, end).trim();
			if (start === undefined) return `a closing tag </${name}> with no element open`;
			const expected = text.slice(start, start + (recorded < 0 ? ~recorded : recorded));
			if (name !== expected)
				return `Expected closing tag '${expected}' instead of closing tag '${name}'`;
			at = end + 1;
			continue;
		}
		// The common case, `<name>` with a plain name, is read in place; its `>` ends the tag.
		let length = plainNameLength(text, lt + 1);
		let end = lt + 1 + length;
		if (length <= 0 || text.charCodeAt(end) !== 62 /* > */) {
			end = tagEnd(text, lt + 1);
			if (end === -1) return `the document is cut short (a tag is never closed)`;
			const name = /^[^\s/>]*/.exec(text.slice(lt + 1, Math.min(end, lt + 257)))?.[0] ?? '';
			if (name === '') return 'a tag with no name';
			// Marked as not plain: its closing tag is compared as text.
			length = ~name.length;
		}
		if (starts.length === 0 && ++roots > 1) return 'the document has more than one root element';
		if (text.charCodeAt(end - 1) !== 47 /* / */) {
			starts.push(lt + 1);
			lengths.push(length);
		}
		at = end + 1;
	}
	if (starts.length > 0) {
		const start = starts[starts.length - 1] ?? 0;
		const recorded = lengths[lengths.length - 1] ?? 0;
		const name = text.slice(start, start + (recorded < 0 ? ~recorded : recorded));
		return `the document is cut short (<${name}> is never closed)`;
	}
	if (roots === 0) return 'the body holds no element';
	return undefined;
}

/**
 * The length of the plain tag name at `from`: ASCII letters, digits, `:` `-` `_` `.`, as AWS
 * names are, followed by white space, `/` or `>`, within 256 characters. -1 for any other name.
 */
function plainNameLength(text: string, from: number): number {
	const to = Math.min(text.length, from + 256);
	for (let i = from; i < to; i++) {
		const code = text.charCodeAt(i);
		if (
			(code >= 97 && code <= 122) ||
			(code >= 65 && code <= 90) ||
			(code >= 48 && code <= 58) ||
			code === 45 ||
			code === 95 ||
			code === 46
		)
			continue;
		return code === 62 || code === 32 || code === 10 || code === 9 || code === 13 || code === 47
			? i - from
			: -1;
	}
	return -1;
}

/** `text` holds the same `length` characters at `a` and at `b`. */
function sameText(text: string, a: number, b: number, length: number): boolean {
	for (let i = 0; i < length; i++)
		if (text.charCodeAt(a + i) !== text.charCodeAt(b + i)) return false;
	return true;
}

/** The `>` that ends the tag starting at `from`, skipping quoted attribute values; -1 if none. */
function tagEnd(text: string, from: number): number {
	let i = from;
	for (;;) {
		const gt = text.indexOf('>', i);
		if (gt === -1) return -1;
		let quote = -1;
		for (let j = i; j < gt; j++) {
			const code = text.charCodeAt(j);
			if (code === 34 /* " */ || code === 39 /* ' */) {
				quote = j;
				break;
			}
		}
		if (quote === -1) return gt;
		const closed = text.indexOf(text.charAt(quote), quote + 1);
		if (closed === -1) return -1;
		i = closed + 1;
	}
}
