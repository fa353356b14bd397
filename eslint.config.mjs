// Lint: `npm run lint` (ESLint, then Prettier's check), run by `npm test` before the tests.
// Formatting is Prettier's alone: typescript-eslint 8 has no formatting rules left, so its
// stylistic set only picks between equivalent constructs and does not fight Prettier.
import { defineConfig, globalIgnores } from 'eslint/config';
import { builtinRules } from 'eslint/use-at-your-own-risk';
import tseslint from 'typescript-eslint';

// @eslint/js is not a dependency; its `recommended` is exactly the core rules marked recommended.
const jsRecommended = Object.fromEntries(
	[...builtinRules]
		.filter(([, rule]) => rule.meta?.docs?.recommended === true)
		.map(([name]) => [name, 'error']),
);

// The scripts run on Node: the globals of the Node that runs ESLint are theirs too.
const nodeGlobals = Object.fromEntries(
	Object.getOwnPropertyNames(globalThis).map((name) => [name, 'readonly']),
);

export default defineConfig(
	globalIgnores([
		'dist/',
		'coverage/',
		'reports/',
		'scratch/',
		'.stryker/',
		'.stryker-tmp/',
		'test/fixtures/',
	]),
	{
		files: ['**/*.ts'],
		extends: [tseslint.configs.strictTypeChecked, tseslint.configs.stylisticTypeChecked],
		languageOptions: {
			parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
		},
		rules: {
			// A number or a boolean prints as itself; undefined, null, objects and `any` stay flagged.
			'@typescript-eslint/restrict-template-expressions': [
				'error',
				{
					allowNumber: true,
					allowAny: false,
					allowBoolean: true,
					allowNever: false,
					allowNullish: false,
					allowRegExp: false,
				},
			],
			// Brackets mark keys that come from data (env, ini files, headers), not declared fields.
			'@typescript-eslint/dot-notation': ['error', { allowIndexSignaturePropertyAccess: true }],
			// `() => resolve()` and `return res.end()` in a void function are early exits, not values.
			'@typescript-eslint/no-confusing-void-expression': [
				'error',
				{ ignoreArrowShorthand: true, ignoreVoidReturningFunctions: true },
			],
			// Every empty function here is a deliberate no-op: a sink that ignores an event, or a
			// swallowed rejection of best-effort cleanup; a body forgotten by mistake fails the types.
			'@typescript-eslint/no-empty-function': 'off',
			// The code base's convention: `T[]` for simple element types, `Array<A | B>` for compound ones.
			'@typescript-eslint/array-type': ['error', { default: 'array-simple' }],
			// Values we did not make (an AbortSignal's reason, a value thrown into an iterator) are
			// passed on as they are, as fetch does; a literal or typed non-Error stays flagged.
			'@typescript-eslint/prefer-promise-reject-errors': [
				'error',
				{ allowThrowingAny: true, allowThrowingUnknown: true },
			],
			// A leading `_` says unused on purpose: a drained loop's variable, a parameter a signature
			// needs; a key left out by rest destructuring is the way to omit it.
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
			],
			// It asks for `!`, which no-non-null-assertion (strict) forbids: the two contradict.
			'@typescript-eslint/non-nullable-type-assertion-style': 'off',
		},
	},
	{
		files: ['test/**/*.ts'],
		rules: {
			// A test asserts the shape first (`toHaveLength`, `toBeInstanceOf`); a wrong `!` or
			// `as SomeError` then fails the test loudly, which is its job.
			'@typescript-eslint/no-non-null-assertion': 'off',
			'@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
			// Expected text that says `undefined` fails its test, which is the test's job.
			'@typescript-eslint/restrict-template-expressions': [
				'error',
				{
					allowNumber: true,
					allowBoolean: true,
					allowNullish: true,
					allowAny: false,
					allowNever: false,
					allowRegExp: false,
				},
			],
			// vitest types its asymmetric matchers (`expect.any(Number)`) as `any`, to fit anywhere.
			'@typescript-eslint/no-unsafe-assignment': 'off',
			// Fakes of fetch, sleep and credential providers are `async` without awaiting, as the
			// real ones are: a throw inside still becomes a rejection.
			'@typescript-eslint/require-await': 'off',
		},
	},
	{
		files: ['test/types/**/*.ts'],
		rules: {
			// Compile-only type tests: `void x` marks a value that exists only to be type-checked.
			'@typescript-eslint/no-meaningless-void-operator': 'off',
		},
	},
	{
		files: ['**/*.{js,mjs,cjs}'],
		languageOptions: { globals: nodeGlobals },
		rules: {
			...jsRecommended,
			// As for TypeScript: `_` marks unused on purpose; rest siblings omit a key.
			'no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
			],
		},
	},
	{
		files: ['**/*.cjs'],
		languageOptions: { sourceType: 'commonjs' },
	},
);
