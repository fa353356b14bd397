// Mutation testing of the core: `npm run test:mutation`. Not part of `npm test` or CI (hours on
// two cores from cold); incremental mode keeps a rerun after a small change to minutes.
// The emulator's signature checks have their own config: stryker.emulator.config.mjs.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
	testRunner: 'vitest',
	vitest: { configFile: 'vitest.mutation.config.ts', related: true },
	coverageAnalysis: 'perTest',
	mutate: [
		'src/transport/**/*.ts',
		'src/protocol/**/*.ts',
		'src/pagination/**/*.ts',
		'src/consumers/**/*.ts',
		'src/observe/**/*.ts',
		'src/node/**/*.ts',
		// Re-exports only: nothing to mutate.
		'!src/node/index.ts',
		'!src/node/main.ts',
	],
	// dist/ stays: some tests that also check src/ in process spawn the built CLI.
	ignorePatterns: ['coverage', 'scratch', 'reports', '.stryker', '*.tgz'],
	incremental: true,
	incrementalFile: '.stryker/incremental-core.json',
	reporters: ['clear-text', 'progress', 'html', 'json'],
	htmlReporter: { fileName: 'reports/mutation/core.html' },
	jsonReporter: { fileName: 'reports/mutation/core.json' },
	thresholds: { high: 95, low: 90, break: null },
	concurrency: 2,
	timeoutMS: 20_000,
	// The initial run of every allowed test takes minutes on a loaded 2-core machine.
	dryRunTimeoutMinutes: 60,
	tempDirName: '.stryker-tmp',
	cleanTempDir: 'always',
};
