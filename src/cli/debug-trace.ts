import {
	ServiceError,
	type AttemptHooks,
	type RequestEvent,
	type ResponseEvent,
} from '../index.js';

const PREFIX = 'importexport-jobs: [debug]';

/**
 * `--debug`'s wire trace: one line as each attempt is sent, one when it ends with its status,
 * request id, duration and what the retry layer did next. Headers and bodies are never
 * printed; what came from the server has been scrubbed by the client, and is cut to one line here.
 */
export function debugTrace(write: (line: string) => void): Required<AttemptHooks> {
	return {
		onRequest: (event) => write(`${PREFIX} > ${describeRequest(event)}\n`),
		onResponse: (event) => write(`${PREFIX} < ${describeResponse(event)}\n`),
	};
}

function describeRequest(event: RequestEvent): string {
	const marker =
		event.marker === undefined ? 'first page' : `marker ${JSON.stringify(event.marker)}`;
	return `${event.operation} attempt ${event.attempt}: ${event.method} ${event.url} (${marker})`;
}

function describeResponse(event: ResponseEvent): string {
	const parts: string[] = [];
	const { error } = event;
	if (error instanceof ServiceError)
		parts.push(`HTTP ${error.statusCode} ${printable(error.code)}`);
	else if (event.status !== undefined) parts.push(`HTTP ${event.status}`);
	if (error !== undefined && !(error instanceof ServiceError))
		parts.push(`${error.name}: ${printable(error.message)}`);
	if (event.requestId !== undefined) parts.push(`request id ${printable(event.requestId)}`);
	parts.push(`${event.durationMs.toFixed(1)} ms`);
	if (event.bytes !== undefined) parts.push(`${event.bytes} bytes`);
	if (event.clockOffsetMs !== 0) parts.push(`clock offset ${event.clockOffsetMs} ms`);
	return `${event.operation} attempt ${event.attempt}: ${parts.join(', ')}; ${describeDecision(event)}`;
}

function describeDecision(event: ResponseEvent): string {
	const { decision } = event;
	if (decision.action === 'success') return 'done';
	if (decision.action === 'retry') return `retry in ${Math.round(decision.delayMs)} ms`;
	return 'no retry: fails';
}

// Server text can carry newlines or terminal escapes: one printable line, bounded.
function printable(text: string): string {
	const flat = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
	return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
}
