export interface NextPageGuess {
	isTruncated: boolean;
	/** The last `<JobId>` of the body, when it could be read without parsing. */
	lastJobId: string | undefined;
}

/**
 * Reads `IsTruncated` and the last JobId straight from a ListJobs body, without parsing
 * it, so that the next request can go out while this page is parsed and validated.
 * A guess only: the paginator checks it against the parsed page and re-asks on a
 * mismatch. `undefined` when anything looks unusual (entities, CDATA, no such elements).
 */
export function peekNextPage(body: string): NextPageGuess | undefined {
	const isTruncated = lastElementText(body, 'IsTruncated')?.trim();
	if (isTruncated !== 'true' && isTruncated !== 'false') return undefined;
	if (isTruncated === 'false') return { isTruncated: false, lastJobId: undefined };
	const lastJobId = lastElementText(body, 'JobId');
	if (lastJobId === undefined || lastJobId === '') return undefined;
	return { isTruncated: true, lastJobId };
}

/** The text of the last `<name>` element (any prefix), read from the end of the body. */
export function lastElementText(body: string, name: string): string | undefined {
	const closeName = body.lastIndexOf(`${name}>`);
	// The -1 guards here say what is meant; without them lastIndexOf from a negative index finds no
	// tag start that passes isPrefix, so each gives undefined the same way.
	// Stryker disable next-line ConditionalExpression,UnaryOperator: see above.
	if (closeName === -1) return undefined;
	const closeStart = body.lastIndexOf('</', closeName);
	// Stryker disable next-line ConditionalExpression,UnaryOperator: see above.
	if (closeStart === -1) return undefined;
	if (!isPrefix(body, closeStart + 2, closeName)) return undefined;
	// Stryker disable next-line ArithmeticOperator: from closeStart + 1 the search cannot reach the end tag's name either (it starts at closeStart + 2).
	const openName = body.lastIndexOf(`${name}>`, closeStart - 1);
	// Stryker disable next-line ConditionalExpression,UnaryOperator: see above.
	if (openName === -1) return undefined;
	const openStart = body.lastIndexOf('<', openName);
	if (openStart === -1 || !isPrefix(body, openStart + 1, openName)) return undefined;
	// Untrimmed: a JobId's spaces are part of it.
	const text = body.slice(openName + name.length + 1, closeStart);
	// Markup or entities inside: leave it to the parser.
	return /[<&]/.test(text) ? undefined : text;
}

/** `body[from, to)` is empty or a namespace prefix such as `ie:`. */
function isPrefix(body: string, from: number, to: number): boolean {
	if (from === to) return true;
	return /^[A-Za-z_][\w.-]*:$/.test(body.slice(from, to));
}
