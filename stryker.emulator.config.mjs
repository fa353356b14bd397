// Mutation testing of the emulator's signature checks: `npm run test:mutation:emulator`.
// The emulator is a test double, but its signature checks are what the client's signing is
// graded against, so a mutant they let through is a signing bug nobody would see.
import core from './stryker.config.mjs';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
	...core,
	mutate: ['src/emulator/auth.ts', 'src/emulator/sigv4.ts', 'src/emulator/sigv2.ts'],
	incrementalFile: '.stryker/incremental-emulator.json',
	htmlReporter: { fileName: 'reports/mutation/emulator.html' },
	jsonReporter: { fileName: 'reports/mutation/emulator.json' },
};
