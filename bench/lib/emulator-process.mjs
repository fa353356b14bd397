// The emulator in a process of its own, so that serving pages never takes CPU from the
// client being measured. Driven over IPC by lib/processes.mjs; exits when told to, or
// as soon as its parent goes away (so no emulator outlives a crashed benchmark).
import { startEmulator } from '../../dist/emulator/index.js';

const options = JSON.parse(process.argv[2] ?? '{}');
const startedAt = performance.now();
const emulator = await startEmulator({ host: '127.0.0.1', ...options });
const jobs = emulator.jobs;

const send = (message) => {
	if (process.connected) process.send(message);
};

let closing = false;
const shutdown = async (code) => {
	if (closing) return;
	closing = true;
	await emulator.close();
	process.exit(code);
};

process.on('message', (message) => {
	if (message?.type === 'counters') {
		send({ type: 'counters', id: message.id, counters: { ...emulator.counters } });
		// The request log grows with every request: clear it between runs, counters with it.
		if (message.reset) emulator.reset();
	} else if (message?.type === 'close') {
		void shutdown(0);
	}
});
process.on('disconnect', () => void shutdown(0));

send({
	type: 'ready',
	endpoint: emulator.endpoint,
	credentials: emulator.credentials,
	count: jobs.length,
	first: jobs[0]?.JobId,
	last: jobs[jobs.length - 1]?.JobId,
	startMs: performance.now() - startedAt,
});
