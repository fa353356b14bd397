// The one way options are checked, for every option set of the library: one message style,
// and key lists the compiler keeps in step with the interfaces.

/**
 * Every key of an option set, each `true`. Written as `{ … } satisfies OptionKeys<X>`, a key
 * forgotten or misspelt in the map is a type error, so the runtime list cannot drift from `X`.
 */
export type OptionKeys<T> = { readonly [K in keyof Required<T>]: true };

/** How a wrong value reads in a message: strings quoted, objects by kind (never their contents). */
function describe(value: unknown): string {
	if (typeof value === 'string') return JSON.stringify(value);
	if (typeof value === 'function') return 'a function';
	if (Array.isArray(value)) return 'an array';
	if (typeof value === 'object' && value !== null) return 'an object';
	return String(value);
}

/**
 * `Expected <subject> to be <expected>, got <value>.` The subject is named as given (an
 * environment variable, a profile key); pass no value to leave it out (a URL with a password).
 */
export function expectedError(subject: string, expected: string, ...got: [unknown?]): TypeError {
	return new TypeError(
		`Expected ${subject} to be ${expected}${got.length === 0 ? '' : `, got ${describe(got[0])}`}.`,
	);
}

/** `Expected \`name\` to be <expected>, got <value>.` */
export function optionError(name: string, expected: string, value: unknown): TypeError {
	return expectedError(`\`${name}\``, expected, value);
}

/**
 * Checks that `options` is an object holding only the keys of `keys`; `what` names the option
 * set in the message (`Unknown paginate option \`x\`; known: …`).
 */
export function checkKnownKeys<T>(
	what: string,
	options: unknown,
	keys: OptionKeys<T>,
): asserts options is T & object {
	if (options === null || typeof options !== 'object')
		throw expectedError(`the ${what} options`, 'an object', options);
	for (const key of Object.keys(options)) {
		if (!Object.hasOwn(keys, key))
			throw new TypeError(
				`Unknown ${what} option \`${key}\`; known: ${Object.keys(keys).join(', ')}.`,
			);
	}
}

/** An integer from `min` to `max`; `infinity` lets `Infinity` pass too. `undefined` means not given. */
export function checkInteger(
	name: string,
	value: unknown,
	min: number,
	max = Infinity,
	{ infinity = false } = {},
): void {
	if (value === undefined) return;
	const ok =
		typeof value === 'number' &&
		value >= min &&
		value <= max &&
		(Number.isInteger(value) || (infinity && value === Infinity));
	if (!ok)
		throw optionError(
			name,
			`${max === Infinity ? `an integer >= ${min}` : `an integer from ${min} to ${max}`}${infinity ? ' or Infinity' : ''}`,
			value,
		);
}

/** A number from `min` (or, with `above`, above it) to `max`; NaN never passes. */
export function checkNumber(
	name: string,
	value: unknown,
	min: number,
	max = Infinity,
	{ above = false } = {},
): void {
	if (value === undefined) return;
	const ok = typeof value === 'number' && (above ? value > min : value >= min) && value <= max;
	if (ok) return;
	const range =
		max === Infinity
			? `${above ? '>' : '>='} ${min}`
			: above
				? `above ${min} and at most ${max}`
				: `from ${min} to ${max}`;
	throw optionError(name, `a number ${range}`, value);
}

export function checkFunction(name: string, value: unknown): void {
	if (value !== undefined && typeof value !== 'function')
		throw optionError(name, 'a function', value);
}

/** One of a few literal values, listed in the message. */
export function checkOneOf(name: string, value: unknown, allowed: readonly unknown[]): void {
	if (value !== undefined && !allowed.includes(value))
		throw optionError(
			name,
			allowed.map((a) => (typeof a === 'string' ? `'${a}'` : String(a))).join(' or '),
			value,
		);
}

/** A non-null object: what a JavaScript caller passed, whatever the declared type says. */
export function isObject(value: unknown): value is object {
	return typeof value === 'object' && value !== null;
}

/** Any check that has no helper above: `ok` false throws in the one style. */
export function checkThat(name: string, value: unknown, ok: boolean, expected: string): void {
	if (value !== undefined && !ok) throw optionError(name, expected, value);
}
