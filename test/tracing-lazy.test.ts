import { afterEach, expect, it } from 'vitest';
import { paginateListJobs } from '../src/index.js';
import { loadOpenTelemetry, resetOpenTelemetry } from '../src/observe/tracing.js';
import { clientFor, emulator } from './helpers.js';

// Where @opentelemetry/api 1.x registers a tracer provider (or anything else) for the process.
const REGISTERED = Symbol.for('opentelemetry.js.api.1');

afterEach(() => {
	resetOpenTelemetry();
});

it('never imports @opentelemetry/api while nothing in the process has registered with OpenTelemetry', async () => {
	Reflect.deleteProperty(globalThis, REGISTERED);
	resetOpenTelemetry();
	const server = await emulator({ jobCount: 3 });
	const { client } = clientFor(server);
	let jobs = 0;
	for await (const _job of paginateListJobs(client)) jobs++;
	expect(jobs).toBe(3);
	// Had the listing started the import, the cached attempt would answer and this loader not run.
	let loads = 0;
	await loadOpenTelemetry(() => {
		loads++;
		return Promise.resolve(undefined);
	});
	expect(loads).toBe(1);
});
