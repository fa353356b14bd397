// C0 and C1 controls, DEL, and the invisible characters that reorder or break a terminal line
// (line/paragraph separators, bidirectional marks, embeddings, overrides and isolates).
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;
const UNSAFE_ONE = new RegExp(UNSAFE.source);
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeOne(char: string): string {
	const code = char.charCodeAt(0);
	return (
		NAMED[char] ??
		(code < 0x100
			? `\\x${code.toString(16).padStart(2, '0')}`
			: `\\u${code.toString(16).padStart(4, '0')}`)
	);
}

/**
 * Server text made safe for a terminal: every control character written out as an escape
 * (`\n`, `\x1b`, `\u202e`), so that it can neither forge a line nor drive the terminal.
 */
export function escapeControls(text: string): string {
	return text.replace(UNSAFE, escapeOne);
}

// Characters no POSIX shell gives a meaning to, in any position of a word.
const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * One shell word that stands for `value` exactly: as it is when it holds nothing special,
 * else single-quoted, else (when it holds control characters) ANSI-C quoted `$'…'`, which
 * bash, zsh, ksh and POSIX.1-2024 sh read, so that nothing unprintable reaches the terminal.
 */
export function shellQuote(value: string): string {
	if (PLAIN_WORD.test(value)) return value;
	if (!UNSAFE_ONE.test(value)) return `'${value.replace(/'/g, `'\\''`)}'`;
	// The same escapes as escapeControls: $'…' reads \n, \xHH and \uHHHH back as the characters.
	return `$'${value.replace(/[\\']/g, (char) => `\\${char}`).replace(UNSAFE, escapeOne)}'`;
}
