import { MAX_GENERATED_JOBS } from '../emulator/index.js';
import { integerFlag, parseFlags, rateFlag } from './args.js';
import { DEMO_USAGE } from './usage.js';

export interface DemoArgs {
	jobs: number;
	seed: number;
	throttleRate: number;
	pageSize: number;
	debug: boolean;
}

export function parseDemoArgs(argv: readonly string[]): DemoArgs {
	const flags = parseFlags(
		argv,
		{
			jobs: { type: 'string' },
			seed: { type: 'string' },
			'throttle-rate': { type: 'string' },
			'page-size': { type: 'string' },
			debug: { type: 'boolean' },
			help: { type: 'boolean', short: 'h' },
		},
		DEMO_USAGE,
	);
	return {
		jobs:
			integerFlag('jobs', flags.jobs, { min: 0, max: MAX_GENERATED_JOBS }, DEMO_USAGE) ?? 25_000,
		seed: integerFlag('seed', flags.seed, { min: 0, max: 2 ** 32 - 1 }, DEMO_USAGE) ?? 1,
		throttleRate: rateFlag('throttle-rate', flags['throttle-rate'], DEMO_USAGE) ?? 0.05,
		// Smaller than the maximum so that the run makes enough requests for throttling to show.
		pageSize:
			integerFlag('page-size', flags['page-size'], { min: 1, max: 1000 }, DEMO_USAGE) ?? 500,
		debug: flags.debug ?? false,
	};
}
