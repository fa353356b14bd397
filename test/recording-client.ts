import type { ImportExportClient } from '../src/protocol/client.js';
import { exchangeOf, registerExchange } from '../src/protocol/list-jobs-exchange.js';

export interface RecordedCall {
	marker: string | undefined;
	/** Settles once the client is done with the call: any request its body set off has been asked for by then. */
	response: Promise<unknown>;
}

export interface RecordingClient {
	/** A pass-through spy: every `listJobs` call (or two-step exchange) the paginator makes, recorded as it is made. */
	client: ImportExportClient;
	calls: RecordedCall[];
	/**
	 * Settles once every call made so far has settled and none was added meanwhile: the listing
	 * is at rest, and only the consumer asking for more can send another request. The event
	 * that proves "nothing more was sent", where a sleep could only hope so.
	 */
	quiet(): Promise<void>;
}

export function recordingClient(client: ImportExportClient): RecordingClient {
	const calls: RecordedCall[] = [];
	const spy: ImportExportClient = Object.assign(Object.create(client) as ImportExportClient, {
		listJobs: (...args: Parameters<ImportExportClient['listJobs']>) => {
			const response = client.listJobs(...args);
			calls.push({ marker: args[0]?.Marker, response: response.catch(() => {}) });
			return response;
		},
	});
	// The paginator sends early through the client's two-step exchange: recorded the same way.
	const exchange = exchangeOf(client);
	if (exchange !== undefined) {
		// eslint-disable-next-line @typescript-eslint/unbound-method -- an identity to compare, never called
		registerExchange(spy, spy.listJobs, (input, hooks) => {
			const result = exchange(input, hooks);
			calls.push({ marker: input.Marker, response: result.catch(() => {}) });
			return result;
		});
	}
	return {
		client: spy,
		calls,
		async quiet() {
			let seen: number;
			do {
				seen = calls.length;
				await Promise.all(calls.map((call) => call.response));
				// The continuation of a settled call (the paginator's own `await`) runs a tick later.
				await new Promise((resolve) => setImmediate(resolve));
			} while (calls.length !== seen);
		},
	};
}
