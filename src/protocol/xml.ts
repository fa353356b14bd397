import { XMLParser } from 'fast-xml-parser';

/** Why a body could not be read as XML; the caller wraps it in a ResponseParseError. */
export class XmlSyntaxError extends Error {
	override name = 'XmlSyntaxError' as const;
}

/** The parser's options; exported so the benchmark can vary them one at a time. */
export const XML_PARSER_OPTIONS = {
	// Match elements by local name: AWS documents show two different namespaces.
	removeNSPrefix: true,
	ignoreAttributes: true,
	// Never coerce: `00042`, `12345` and `1E5` are job ids, `true` is checked by the schema.
	parseTagValue: false,
	// Standard entities (&amp; &lt; …) are decoded; DTD-declared ones never reach the parser (see below).
	processEntities: true,
	htmlEntities: false,
	// A list is a run of <member> children, even when there is one.
	isArray: (name: string) => name === 'member',
	jPath: false,
} as const;

// One parser for the whole process: building one is costly, parsing is stateless.
const parser = new XMLParser(XML_PARSER_OPTIONS);

export type XmlValue = string | XmlObject | XmlValue[];
export interface XmlObject {
	[name: string]: XmlValue | undefined;
}

/**
 * Parses an AWS query-protocol XML body. A DOCTYPE or entity declaration is refused before
 * parsing, so nothing is ever expanded (no billion laughs, no external entities).
 */
export function parseXml(text: string): XmlObject {
	// The cheap indexOf keeps the regex off the common path: AWS bodies carry no `<!`.
	if (text.includes('<!') && /<!(?:DOCTYPE|ENTITY|ELEMENT|ATTLIST)/i.test(text)) {
		throw new XmlSyntaxError('the body declares a DTD or entities, which are refused');
	}
	let document: unknown;
	try {
		document = parser.parse(text);
	} catch (error) {
		throw new XmlSyntaxError(error instanceof Error ? error.message : String(error));
	}
	if (document === null || typeof document !== 'object') throw new XmlSyntaxError('the body is not an XML document');
	return document as XmlObject;
}

/**
 * True when the text, after trailing white space, ends with the closing tag of `root`
 * (any namespace prefix). fast-xml-parser accepts a body cut short without complaint;
 * this catches truncation without the cost of a full validation pass.
 */
export function endsWithClosingTag(text: string, root: string): boolean {
	let end = text.length;
	while (end > 0 && isSpace(text.charCodeAt(end - 1))) end--;
	if (text.charCodeAt(end - 1) !== 62 /* > */) return false;
	let close = end - 1;
	while (close > 0 && isSpace(text.charCodeAt(close - 1))) close--;
	const nameEnd = close;
	const nameStart = nameEnd - root.length;
	if (nameStart < 2 || text.slice(nameStart, nameEnd) !== root) return false;
	const before = text.lastIndexOf('</', nameStart);
	if (before === -1) return false;
	const prefix = text.slice(before + 2, nameStart);
	return prefix === '' || /^[A-Za-z_][\w.-]*:$/.test(prefix);
}

function isSpace(code: number): boolean {
	return code === 32 || code === 9 || code === 10 || code === 13;
}

/** The child element at `name` when it is an element with children, else `undefined`. */
export function child(value: XmlValue | undefined, name: string): XmlObject | undefined {
	if (value === undefined || typeof value === 'string' || Array.isArray(value)) return undefined;
	const found = value[name];
	if (found === undefined || typeof found === 'string' || Array.isArray(found)) return undefined;
	return found;
}

/** The text of the child element at `name`, else `undefined`. */
export function text(value: XmlValue | undefined, name: string): string | undefined {
	if (value === undefined || typeof value === 'string' || Array.isArray(value)) return undefined;
	const found = value[name];
	return typeof found === 'string' ? found : undefined;
}
