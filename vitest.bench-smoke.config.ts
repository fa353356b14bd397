import { defineConfig } from 'vitest/config';

// The quick benchmark spawns a dozen processes one after another: its time depends on the
// machine, so it runs on its own (`npm run test:bench-smoke`), never inside `npm test`.
export default defineConfig({
	test: {
		include: ['test/bench-smoke.test.ts'],
		testTimeout: 600_000,
		pool: 'forks',
	},
});
