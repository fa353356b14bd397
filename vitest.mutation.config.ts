import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

// The tests Stryker runs against each mutant. Left out: tests that spawn the built CLI or a
// child process (they run dist/, which Stryker does not mutate) and tests of the package,
// bundle and README as artefacts. Everything else imports src/ and so sees the mutant.
export default mergeConfig(
	base,
	defineConfig({
		test: {
			// A fresh module graph per file, as when the mutation scores were measured: npm test
			// shares workers between files (vitest.config.ts), Stryker keeps its own runs as they were.
			isolate: true,
			exclude: [
				'test/**/*.soak.test.ts',
				'test/bench-smoke.test.ts',
				'test/bench-startup.test.ts',
				'test/bundle.test.ts',
				'test/cli.test.ts',
				'test/cli-*.test.ts',
				'test/entry-points.test.ts',
				'test/examples.test.ts',
				'test/export-cli.test.ts',
				'test/export-crash.test.ts',
				'test/package.test.ts',
				'test/package-entries.test.ts',
				'test/readme-snippets.test.ts',
				'test/version.test.ts',
			],
		},
	}),
);
