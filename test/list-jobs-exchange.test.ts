import { describe, expect, it } from 'vitest';
import { ImportExportClient, type ListJobsResponse } from '../src/protocol/client.js';
import { exchangeOf } from '../src/protocol/list-jobs-exchange.js';
import { clientFor, emulator } from './helpers.js';

const options = {
	endpoint: 'http://127.0.0.1:1',
	credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
};

describe('exchangeOf: the two-step ListJobs of a client, only while its listJobs is the real one', () => {
	it('gives the two steps of a client, and of a subclass that keeps listJobs', async () => {
		const server = await emulator({ jobCount: 2 });
		const { client } = clientFor(server);
		const exchange = exchangeOf(client);
		expect(exchange).toBeTypeOf('function');
		const step = await exchange!({ MaxJobs: 1 }, {});
		expect(step.parse().Jobs).toHaveLength(1);
		class Kept extends ImportExportClient {}
		expect(exchangeOf(new Kept(options))).toBeTypeOf('function');
	});

	it('has none for an object it does not know, a subclass with its own listJobs, or a replaced method', () => {
		expect(exchangeOf({ listJobs: () => Promise.resolve({}) })).toBeUndefined();
		class Wrapped extends ImportExportClient {
			override listJobs(): Promise<ListJobsResponse> {
				return Promise.reject(new Error('wrapped'));
			}
		}
		expect(exchangeOf(new Wrapped(options))).toBeUndefined();
		const patched = new ImportExportClient(options);
		patched.listJobs = () => Promise.reject(new Error('patched'));
		expect(exchangeOf(patched)).toBeUndefined();
	});
});
