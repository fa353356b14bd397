import { describe, expect, it } from 'vitest';
import { ImportExportClient } from '../src/protocol/client.js';
import { exchangeOf } from '../src/protocol/list-jobs-exchange.js';
import { AbortError } from '../src/transport/errors.js';
import { caught, emulator } from './helpers.js';

describe('the client’s two-step exchange', () => {
	it('parse() refuses once the signal aborted after the body was read, and parses under a quiet one', async () => {
		const server = await emulator({ jobCount: 3 });
		const client = new ImportExportClient({
			endpoint: server.endpoint,
			credentials: server.credentials,
		});
		const exchange = exchangeOf(client);
		if (exchange === undefined) throw new Error('the client registers its exchange');

		const quiet = await exchange({}, { signal: new AbortController().signal });
		expect(quiet.parse().Jobs).toHaveLength(3);

		const controller = new AbortController();
		const read = await exchange({}, { signal: controller.signal });
		const reason = new Error('the consumer stopped');
		controller.abort(reason);
		const error = await caught(() => read.parse());
		expect(error).toBeInstanceOf(AbortError);
		expect(error.message).toBe('ListJobs aborted.');
		expect(error.cause).toBe(reason);
	});
});
