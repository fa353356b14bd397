import { XMLParser } from 'fast-xml-parser';
import { tagProblem } from './xml-tags.js';
import { xmlEntityDecoder } from './xml-entities.js';

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
	// XML keeps the spaces around text: a JobId is opaque, ` pad ` is not `pad` (see keepText).
	trimValues: false,
	tagValueProcessor: keepText,
	// The five predefined entities and character references (&#x41;) are decoded, anything else is
	// refused (XML 1.0 §4.1); DTD-declared ones never reach the parser (see below).
	processEntities: true,
	entityDecoder: xmlEntityDecoder,
	jPath: false,
	// The parser's own tree, in document order; `build` below makes the object from it. The
	// library's conversion is general (a path matcher pushed and popped per element, attribute maps
	// copied) and cost about a third of each page's parse.
	preserveOrder: true,
} as const;

// One parser for the whole process: building one is costly, parsing is stateless.
const parser = new XMLParser(XML_PARSER_OPTIONS);

export type XmlValue = string | XmlObject | XmlValue[];
export interface XmlObject {
	[name: string]: XmlValue | undefined;
}

/**
 * Parses an AWS query-protocol XML body, as XML 1.0 reads it. A DOCTYPE or entity declaration
 * is refused before parsing, so nothing is ever expanded (no billion laughs, no external
 * entities); tags that do not match, text after the root element or a second root are refused.
 */
export function parseXml(text: string): XmlObject {
	// The cheap indexOf keeps the regex off the common path: AWS bodies carry no `<!`.
	// Stryker disable next-line StringLiteral,ConditionalExpression: the includes() only spares the regex its scan; the regex decides alone.
	if (text.includes('<!') && /<!(?:DOCTYPE|ENTITY|ELEMENT|ATTLIST)/i.test(text)) {
		throw new XmlSyntaxError('the body declares a DTD or entities, which are refused');
	}
	// fast-xml-parser's parser closes whatever tag is open at a `</…>`: the tags are checked first.
	const problem = tagProblem(text);
	if (problem !== undefined) throw new XmlSyntaxError(problem);
	try {
		// tagProblem() has required exactly one root element, so the document is an object of it
		// (beside an `?xml` declaration, if any).
		return build(parser.parse(text) as OrderedNode[]) as XmlObject;
	} catch (error) {
		throw new XmlSyntaxError(error instanceof Error ? error.message : String(error));
	}
}

/**
 * With `trimValues` off the parser keeps indentation too: as text beside child elements, and as
 * the whole value of an element whose children are absent (`<Jobs>\n</Jobs>`). Indentation goes
 * (text that trims to nothing is not kept); a JobId keeps its exact text; every other text (of a
 * boolean, date, code, id) is read with its surrounding white space collapsed, as XML Schema reads
 * those types. Run by the parser on each text as it is read: no second walk over the document.
 */
function keepText(name: string, value: string): string {
	return name === 'JobId' ? value : value.trim();
}

/**
 * One entry of the parser's ordered tree: `{ name: children }` for an element, `{ '#text': text }`.
 * With attributes ignored, its one key is that name (no `:@` attribute map).
 */
type OrderedNode = Record<string, OrderedNode[] | string>;

/**
 * An element's value from its ordered children: its text when it has no child elements (`''`
 * when empty); else an object of its children by name, a name seen twice (or `member`, a list
 * even of one) as an array in document order, and any text beside them as `#text`.
 */
function build(nodes: readonly OrderedNode[]): XmlValue {
	const element: XmlObject = {};
	let text: string | undefined;
	let elements = false;
	for (const node of nodes) {
		for (const name in node) {
			const value = node[name] as OrderedNode[] | string;
			if (typeof value === 'string') {
				text = text === undefined ? value : text + value;
				continue;
			}
			elements = true;
			const built = build(value);
			// Own keys only (the parser refuses names such as `constructor` first; this holds regardless).
			const seen = Object.hasOwn(element, name) ? element[name] : undefined;
			if (seen === undefined) element[name] = name === 'member' ? [built] : built;
			else if (Array.isArray(seen)) seen.push(built);
			else element[name] = [seen, built];
		}
	}
	if (!elements) return text ?? '';
	if (text !== undefined && text !== '') element['#text'] = text;
	return element;
}

/** The child element at `name` when it is an element with children, else `undefined`. */
export function child(value: XmlValue | undefined, name: string): XmlObject | undefined {
	// `typeof` rules out both `undefined` and text.
	if (typeof value !== 'object' || Array.isArray(value)) return undefined;
	const found = value[name];
	if (typeof found !== 'object' || Array.isArray(found)) return undefined;
	return found;
}

/** The text of the child element at `name`, else `undefined`. */
export function text(value: XmlValue | undefined, name: string): string | undefined {
	if (typeof value !== 'object' || Array.isArray(value)) return undefined;
	const found = value[name];
	return typeof found === 'string' ? found : undefined;
}
