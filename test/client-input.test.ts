import { describe, expect, it } from 'vitest';
import { clientFor, emulator } from './helpers.js';

describe('listJobs input', () => {
	// Regression: the client read `input.Marker` after validation and threw a bare TypeError for null.
	it('takes a null input as no input, as the validation does', async () => {
		const server = await emulator({ jobCount: 2 });
		const { client } = clientFor(server);
		const response = await client.listJobs(null as never);
		expect(response.Jobs).toHaveLength(2);
		expect(server.requests[0]!.params).toEqual({ Action: 'ListJobs', Version: '2010-06-01' });
	});
});
