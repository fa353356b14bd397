import { describe, expect, it } from 'vitest';
import { collectOutput, startCli } from './cli-run.js';

describe('command names', () => {
	// The command table is a plain object: `constructor` found Object's own and crashed with
	// "unexpected TypeError: n.start is not a function" instead of naming the unknown command.
	it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])(
		'%s is an unknown command, not a property of Object',
		async (name) => {
			const result = await collectOutput(startCli([name]));
			expect(result).toEqual({
				code: 2,
				stdout: '',
				stderr: `importexport-jobs: unknown command ${JSON.stringify(name)}.\nRun importexport-jobs --help for usage.\n`,
			});
		},
	);
});
