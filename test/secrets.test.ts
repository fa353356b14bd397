import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ImportExportClient, paginateListJobs, type ImportExportError } from '../src/index.js';
import type { Fault } from '../src/emulator/index.js';
import { caught, emulator, until } from './helpers.js';

// Distinctive, so that any leak is found by a plain substring search.
const SECRET = 'SECRETzz9SECRETzz9SECRETzz9SECRETzz9SECR';
const TOKEN = 'TOKENqq7TOKENqq7TOKENqq7TOKENqq7TOKENqq7TOKEN';
const credentials = {
	accessKeyId: 'ASIALEAKCHECK0000001',
	secretAccessKey: SECRET,
	sessionToken: TOKEN,
};

function everythingShown(error: unknown): string {
	const parts = [
		String(error),
		inspect(error, { depth: 10, showHidden: true }),
		JSON.stringify(error),
		JSON.stringify(error, Object.getOwnPropertyNames(error)),
	];
	let cause = (error as { cause?: unknown }).cause;
	for (let depth = 0; cause !== undefined && depth < 5; depth++) {
		parts.push(
			// eslint-disable-next-line @typescript-eslint/no-base-to-string -- whatever it is, as a log shows it
			String(cause),
			inspect(cause, { depth: 10, showHidden: true }),
			(cause as Error).stack ?? '',
		);
		cause = (cause as { cause?: unknown }).cause;
	}
	parts.push((error as Error).stack ?? '');
	return parts.join('\n');
}

function expectNoSecret(error: unknown): void {
	const shown = everythingShown(error);
	expect(shown).not.toContain(SECRET);
	expect(shown).not.toContain(TOKEN);
	expect(shown).not.toMatch(/AWS4-HMAC-SHA256 Credential/);
}

describe('no secret in any error', () => {
	const faults: Array<[string, Fault | undefined]> = [
		[
			'a service error',
			{ kind: 'error', status: 400, code: 'InvalidParameterException', message: 'bad' },
		],
		[
			'a service error that echoes the secret',
			{
				kind: 'error',
				status: 400,
				code: 'InvalidParameterException',
				message: `you sent ${SECRET} and ${TOKEN}`,
			},
		],
		[
			'a parse error that echoes the secret',
			{ kind: 'raw', status: 200, body: `<oops>${SECRET} ${TOKEN}` },
		],
		['a parse error', { kind: 'malformed-xml' }],
		['a validation error', { kind: 'schema-violation', field: 'JobType' }],
		['a network error', { kind: 'reset-before-response' }],
		['a proxy error', { kind: 'bad-gateway' }],
		['a timeout', { kind: 'hang' }],
	];

	it.each(faults)('%s', async (_name, fault) => {
		const server = await emulator({ jobCount: 5, credentials });
		if (fault !== undefined) server.failNext(fault, 3);
		const client = new ImportExportClient({
			endpoint: server.endpoint,
			credentials,
			timeoutMs: 200,
			retry: { maxAttempts: 1 },
		});
		const error = await caught(async () => {
			for await (const _job of paginateListJobs(client)) {
				// drain
			}
		});
		expect((error as ImportExportError).resumeMarker).toBeUndefined();
		expectNoSecret(error);
	});

	it('a refused signature', async () => {
		const server = await emulator({ jobCount: 5 });
		const client = new ImportExportClient({ endpoint: server.endpoint, credentials });
		expectNoSecret(await caught(() => client.listJobs()));
	});

	it('an abort', async () => {
		const server = await emulator({ jobCount: 5, credentials });
		server.failNext({ kind: 'hang' });
		const client = new ImportExportClient({ endpoint: server.endpoint, credentials });
		const controller = new AbortController();
		const call = client.listJobs({}, { signal: controller.signal });
		// Aborted once the signed request is on the server, hanging there.
		await until(() => server.counters.requests === 1);
		controller.abort();
		expectNoSecret(await caught(() => call));
	});

	it('the client itself does not show its credentials', () => {
		const client = new ImportExportClient({ endpoint: 'http://127.0.0.1:1', credentials });
		const shown = `${inspect(client, { showHidden: true, depth: 10 })} ${JSON.stringify(client)}`;
		expect(shown).not.toContain(SECRET);
		expect(shown).not.toContain(TOKEN);
	});
});
