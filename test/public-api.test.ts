import { describe, expect, it } from 'vitest';
import * as core from '../src/index.js';

describe('public API', () => {
	// A schema in the API would tie every caller to zod's major version: types only.
	it('exports no zod schema, only the types inferred from them', () => {
		expect(Object.keys(core).filter((name) => name.endsWith('Schema'))).toEqual([]);
	});
});
