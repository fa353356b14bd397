// Shared by the examples: a client for the real service when an endpoint is configured,
// else for an embedded emulator, so every example runs with no set-up.
import { ImportExportClient, type ImportExportClientOptions } from 'importexport-jobs';
import { startEmulator, type EmulatorOptions } from 'importexport-jobs/emulator';

export interface Connection {
	client: ImportExportClient;
	close: () => Promise<void>;
	/** Requests the embedded emulator has seen; `undefined` against a real endpoint. */
	requestCount: () => number | undefined;
}

export async function connect(
	emulatorOptions: EmulatorOptions = {},
	clientOptions: ImportExportClientOptions = {},
): Promise<Connection> {
	if (process.env['AWS_ENDPOINT_URL_IMPORTEXPORT'] || process.env['AWS_ENDPOINT_URL']) {
		// Endpoint and credentials come from the standard AWS environment variables.
		return {
			client: new ImportExportClient(clientOptions),
			close: async () => {},
			requestCount: () => undefined,
		};
	}
	const emulator = await startEmulator({ jobCount: 5000, ...emulatorOptions });
	const client = new ImportExportClient({
		endpoint: emulator.endpoint,
		credentials: emulator.credentials,
		...clientOptions,
	});
	return { client, close: () => emulator.close(), requestCount: () => emulator.counters.requests };
}
