import type { EntityDecoderOptions } from 'fast-xml-parser';

/** Why a reference could not be read; parseXml turns it into an XmlSyntaxError. */
class EntityError extends Error {
	override name = 'EntityError' as const;
}

const PREDEFINED: Readonly<Record<string, string>> = {
	amp: '&',
	lt: '<',
	gt: '>',
	quot: '"',
	apos: "'",
};

// Every `&` must start one of: a predefined entity, `&#DDD;` or `&#xHHH;` (XML 1.0 §4.1).
const REFERENCE = /&(?:(amp|lt|gt|quot|apos);|#([0-9]{1,7});|#x([0-9a-fA-F]{1,6});)?/g;

/** XML 1.0 §2.2 `Char`: what a character reference may stand for. */
function isXmlChar(code: number): boolean {
	return (
		code === 0x9 ||
		code === 0xa ||
		code === 0xd ||
		(code >= 0x20 && code <= 0xd7ff) ||
		(code >= 0xe000 && code <= 0xfffd) ||
		(code >= 0x10000 && code <= 0x10ffff)
	);
}

function decode(text: string): string {
	// Stryker disable next-line ConditionalExpression,StringLiteral: a fast path; without an & the replace below finds nothing.
	if (!text.includes('&')) return text;
	return text.replace(
		REFERENCE,
		(
			whole: string,
			name: string | undefined,
			decimal: string | undefined,
			hex: string | undefined,
			at: number,
		) => {
			if (name !== undefined) return PREDEFINED[name] ?? whole;
			if (decimal === undefined && hex === undefined) {
				throw new EntityError(
					`${JSON.stringify(text.slice(at, at + 12))} is not a reference XML defines (only &amp; &lt; &gt; &quot; &apos; and &#…; are)`,
				);
			}
			const code =
				decimal === undefined ? Number.parseInt(String(hex), 16) : Number.parseInt(decimal, 10);
			if (!isXmlChar(code))
				throw new EntityError(
					`the character reference ${whole} does not stand for an XML character`,
				);
			return String.fromCodePoint(code);
		},
	);
}

/**
 * fast-xml-parser's `entityDecoder` option, held to XML 1.0: the five predefined entities and
 * character references are decoded; an undefined entity, a bare `&` or a reference to a
 * character XML forbids (`&#0;`, a surrogate) fails the parse. The library's own decoder would
 * leave those in the text silently, or decode HTML's names too.
 */
export const xmlEntityDecoder: EntityDecoderOptions = {
	decode,
	reset() {},
	setXmlVersion() {},
	setExternalEntities(entities) {
		if (Object.keys(entities).length > 0)
			throw new EntityError('entities other than XML’s own are refused');
	},
	// Reached only from a DOCTYPE, which parseXml refuses before parsing: refuse here too.
	addInputEntities(entities) {
		if (Object.keys(entities).length > 0)
			throw new EntityError('entities declared in a DTD are refused');
	},
};
