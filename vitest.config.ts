import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.ts'],
		// Both take as long as the machine makes them: they run on their own (test:soak, test:bench-smoke).
		exclude: ['test/**/*.soak.test.ts', 'test/bench-smoke.test.ts'],
		// Safety nets only, wide enough for a 2-core machine shared with other work: tests wait on
		// events, so a slow machine makes them slower, never wrong.
		testTimeout: 120_000,
		hookTimeout: 60_000,
		// Two cores here and in CI: forks keep a stuck socket in one file from starving the rest.
		pool: 'forks',
		maxWorkers: 2,
		// Files share a worker instead of a fresh process each: importing vitest and the sources
		// again for every file was about half of the suite's CPU time. What a test stubs in the
		// process (environment, globals) is put back after it by the setup file.
		isolate: false,
		setupFiles: ['test/restore-stubs.ts'],
	},
});
