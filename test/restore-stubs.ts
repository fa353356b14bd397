import { afterEach, vi } from 'vitest';

// Test files share worker processes (vitest.config.ts: isolate false): the environment
// variables and globals a test stubs are put back after it, so none leaks into the next file.
afterEach(() => {
	vi.unstubAllEnvs();
	vi.unstubAllGlobals();
});
