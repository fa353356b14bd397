import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setErrorFacts, toImportExportError } from '../src/transport/error-state.js';
import {
	AbortError,
	describeError,
	ImportExportError,
	NetworkError,
	TimeoutError,
} from '../src/transport/errors.js';
import { abortable, linkedAbort } from '../src/transport/linked-abort.js';
import {
	checkFunction,
	checkInteger,
	checkKnownKeys,
	checkNumber,
	checkOneOf,
	checkThat,
	expectedError,
	optionError,
} from '../src/transport/option-check.js';
import { resolveRetryMode } from '../src/transport/retry-mode.js';
import { sleep } from '../src/transport/sleep.js';
import { caught } from './helpers.js';

// The transport's small helpers, each on its own: sleep, linked signals, the retry mode, the
// option checks' messages and the error classes.

afterEach(() => {
	vi.unstubAllEnvs();
	vi.useRealTimers();
});

describe('sleep', () => {
	it('resolves after the time, and stops listening to the signal then', async () => {
		vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
		const controller = new AbortController();
		const removed = vi.spyOn(controller.signal, 'removeEventListener');
		let done = false;
		const pending = sleep(1000, controller.signal).then(() => (done = true));
		await vi.advanceTimersByTimeAsync(999);
		expect(done).toBe(false);
		await vi.advanceTimersByTimeAsync(1);
		await pending;
		expect(done).toBe(true);
		expect(removed).toHaveBeenCalledWith('abort', expect.any(Function));
		// Aborting afterwards changes nothing.
		controller.abort();
	});

	it('rejects at once with the reason when the signal aborts, and clears its timer', async () => {
		vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
		const controller = new AbortController();
		const pending = sleep(60_000, controller.signal);
		expect(vi.getTimerCount()).toBe(1);
		const reason = new Error('cancelled');
		controller.abort(reason);
		await expect(pending).rejects.toBe(reason);
		expect(vi.getTimerCount()).toBe(0);
	});

	it('rejects without starting a timer when the signal has already aborted', async () => {
		vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
		const reason = new Error('too late');
		await expect(sleep(10, AbortSignal.abort(reason))).rejects.toBe(reason);
		expect(vi.getTimerCount()).toBe(0);
	});

	it('works without a signal', async () => {
		vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
		const pending = sleep(5);
		await vi.advanceTimersByTimeAsync(5);
		await expect(pending).resolves.toBeUndefined();
	});
});

describe('linkedAbort', () => {
	it('follows its parent, with the parent’s reason, and can abort on its own', () => {
		const parent = new AbortController();
		const link = linkedAbort(parent.signal);
		expect(link.signal.aborted).toBe(false);
		const reason = new Error('parent stopped');
		parent.abort(reason);
		expect(link.signal.aborted).toBe(true);
		expect(link.signal.reason).toBe(reason);

		const own = linkedAbort(new AbortController().signal);
		own.abort();
		expect(own.signal.aborted).toBe(true);
	});

	it('starts aborted under a parent that already is', () => {
		const reason = new Error('already');
		const link = linkedAbort(AbortSignal.abort(reason));
		expect(link.signal.aborted).toBe(true);
		expect(link.signal.reason).toBe(reason);
	});

	it('stops following once unlinked, leaving no listener on the parent', () => {
		const parent = new AbortController();
		const link = linkedAbort(parent.signal);
		expect(getEventListeners(parent.signal, 'abort')).toHaveLength(1);
		link.unlink();
		expect(getEventListeners(parent.signal, 'abort')).toHaveLength(0);
		parent.abort();
		expect(link.signal.aborted).toBe(false);
	});

	it('works without a parent', () => {
		const link = linkedAbort(undefined);
		link.unlink();
		expect(link.signal.aborted).toBe(false);
		link.abort();
		expect(link.signal.aborted).toBe(true);
	});
});

describe('abortable', () => {
	it('settles as the promise does while the signal stays quiet, then stops listening', async () => {
		const controller = new AbortController();
		const listeners = (): number => getEventListeners(controller.signal, 'abort').length;
		const resolved = abortable(Promise.resolve(1), controller.signal, () => 'x');
		expect(listeners()).toBe(1);
		await expect(resolved).resolves.toBe(1);
		expect(listeners()).toBe(0);
		const failure = new Error('failed');
		const rejected = abortable(Promise.reject(failure), controller.signal, () => 'x');
		expect(listeners()).toBe(1);
		await expect(rejected).rejects.toBe(failure);
		expect(listeners()).toBe(0);
	});

	it('rejects with what onAbort gives as soon as the signal aborts, the promise left pending', async () => {
		const controller = new AbortController();
		const pending = abortable(new Promise(() => {}), controller.signal, () => 'stopped');
		controller.abort();
		await expect(pending).rejects.toBe('stopped');
	});

	it('rejects at once under a signal that already aborted, keeping a late rejection quiet', async () => {
		let reject!: (error: Error) => void;
		const late = new Promise((_resolve, r) => (reject = r));
		await expect(abortable(late, AbortSignal.abort(), () => 'already')).rejects.toBe('already');
		// Were it not handled, this would fail the run as an unhandled rejection.
		reject(new Error('late'));
	});

	it('rejects with the signal’s reason when no onAbort is given, and hands onAbort the signal', async () => {
		const reason = new Error('stopped');
		await expect(abortable(new Promise(() => {}), AbortSignal.abort(reason))).rejects.toBe(reason);
		const controller = new AbortController();
		const pending = abortable(new Promise(() => {}), controller.signal);
		controller.abort(reason);
		await expect(pending).rejects.toBe(reason);
		const seen: AbortSignal[] = [];
		const later = new AbortController();
		const handed = abortable(new Promise(() => {}), later.signal, (signal) => seen.push(signal));
		later.abort();
		await expect(handed).rejects.toBe(1);
		expect(seen).toEqual([later.signal]);
	});

	it('is the promise itself without a signal', () => {
		const promise = Promise.resolve(2);
		expect(abortable(promise, undefined, () => 'never')).toBe(promise);
	});
});

describe('resolveRetryMode', () => {
	it('takes the option first, then AWS_RETRY_MODE, else standard', () => {
		vi.stubEnv('AWS_RETRY_MODE', 'adaptive');
		expect(resolveRetryMode('standard')).toBe('standard');
		expect(resolveRetryMode(undefined)).toBe('adaptive');
		vi.stubEnv('AWS_RETRY_MODE', 'standard');
		expect(resolveRetryMode('adaptive')).toBe('adaptive');
		expect(resolveRetryMode(undefined)).toBe('standard');
		vi.stubEnv('AWS_RETRY_MODE', 'legacy');
		expect(resolveRetryMode(undefined)).toBe('standard');
		vi.stubEnv('AWS_RETRY_MODE', '');
		expect(resolveRetryMode(undefined)).toBe('standard');
	});

	it('names where a wrong mode came from, and what is allowed', () => {
		expect(() => resolveRetryMode('fast')).toThrow(
			new TypeError("Expected `retry.mode` to be 'standard' or 'adaptive', got \"fast\"."),
		);
		vi.stubEnv('AWS_RETRY_MODE', 'Adaptive');
		expect(() => resolveRetryMode(undefined)).toThrow(
			new TypeError(
				"Expected AWS_RETRY_MODE to be 'standard', 'adaptive' or 'legacy', got \"Adaptive\".",
			),
		);
	});
});

describe('option checks', () => {
	it('describes a wrong value by kind, never by its contents', () => {
		const message = (value: unknown) => optionError('x', 'a thing', value).message;
		expect(message('text')).toBe('Expected `x` to be a thing, got "text".');
		expect(message(() => {})).toBe('Expected `x` to be a thing, got a function.');
		expect(message([1])).toBe('Expected `x` to be a thing, got an array.');
		expect(message({ secret: 's' })).toBe('Expected `x` to be a thing, got an object.');
		expect(message(null)).toBe('Expected `x` to be a thing, got null.');
		expect(message(undefined)).toBe('Expected `x` to be a thing, got undefined.');
		expect(message(3)).toBe('Expected `x` to be a thing, got 3.');
		expect(expectedError('the proxy URL', 'a URL').message).toBe(
			'Expected the proxy URL to be a URL.',
		);
	});

	it('checkKnownKeys wants an object with known keys only', () => {
		const keys = { a: true, b: true } as const;
		expect(() => checkKnownKeys('demo', null, keys)).toThrow(
			'Expected the demo options to be an object, got null.',
		);
		expect(() => checkKnownKeys('demo', 'a', keys)).toThrow(
			'Expected the demo options to be an object, got "a".',
		);
		expect(() => checkKnownKeys('demo', { a: 1, c: 2 }, keys)).toThrow(
			new TypeError('Unknown demo option `c`; known: a, b.'),
		);
		expect(() => checkKnownKeys('demo', { a: 1, b: 2 }, keys)).not.toThrow();
		// An inherited name is not a known key.
		expect(() => checkKnownKeys('demo', { toString: 1 }, keys)).toThrow(/Unknown demo option/);
	});

	it('checkInteger: bounds included, Infinity only when allowed, the range in the message', () => {
		expect(() => checkInteger('n', undefined, 1)).not.toThrow();
		expect(() => checkInteger('n', 1, 1, 3)).not.toThrow();
		expect(() => checkInteger('n', 3, 1, 3)).not.toThrow();
		expect(() => checkInteger('n', 0, 1, 3)).toThrow(
			'Expected `n` to be an integer from 1 to 3, got 0.',
		);
		expect(() => checkInteger('n', 4, 1, 3)).toThrow(/from 1 to 3, got 4/);
		expect(() => checkInteger('n', 1.5, 1)).toThrow('Expected `n` to be an integer >= 1, got 1.5.');
		expect(() => checkInteger('n', '2', 1)).toThrow(/got "2"/);
		expect(() => checkInteger('n', Infinity, 1)).toThrow(/>= 1, got Infinity/);
		expect(() => checkInteger('n', Infinity, 1, Infinity, { infinity: true })).not.toThrow();
		expect(() => checkInteger('n', NaN, 1, Infinity, { infinity: true })).toThrow(
			'Expected `n` to be an integer >= 1 or Infinity, got NaN.',
		);
		expect(() => checkInteger('n', -Infinity, 1, Infinity, { infinity: true })).toThrow();
	});

	it('checkNumber: from or above the minimum, at most the maximum, never NaN', () => {
		expect(() => checkNumber('r', undefined, 0)).not.toThrow();
		expect(() => checkNumber('r', 0, 0)).not.toThrow();
		expect(() => checkNumber('r', 0.5, 0, 1)).not.toThrow();
		expect(() => checkNumber('r', 1, 0, 1)).not.toThrow();
		expect(() => checkNumber('r', -0.1, 0)).toThrow('Expected `r` to be a number >= 0, got -0.1.');
		expect(() => checkNumber('r', 0, 0, Infinity, { above: true })).toThrow(
			'Expected `r` to be a number > 0, got 0.',
		);
		expect(() => checkNumber('r', 1e-9, 0, Infinity, { above: true })).not.toThrow();
		expect(() => checkNumber('r', 1.1, 0, 1)).toThrow(
			'Expected `r` to be a number from 0 to 1, got 1.1.',
		);
		expect(() => checkNumber('r', 0, 0, 1, { above: true })).toThrow(
			'Expected `r` to be a number above 0 and at most 1, got 0.',
		);
		expect(() => checkNumber('r', NaN, 0)).toThrow(/got NaN/);
		expect(() => checkNumber('r', '1', 0)).toThrow(/got "1"/);
	});

	it('checkFunction, checkOneOf and checkThat let undefined pass and name the rest', () => {
		expect(() => checkFunction('f', undefined)).not.toThrow();
		expect(() => checkFunction('f', () => {})).not.toThrow();
		expect(() => checkFunction('f', 1)).toThrow('Expected `f` to be a function, got 1.');
		expect(() => checkOneOf('m', undefined, ['a', 1])).not.toThrow();
		expect(() => checkOneOf('m', 1, ['a', 1])).not.toThrow();
		expect(() => checkOneOf('m', 'b', ['a', 1])).toThrow('Expected `m` to be \'a\' or 1, got "b".');
		expect(() => checkThat('t', undefined, false, 'fine')).not.toThrow();
		expect(() => checkThat('t', 2, true, 'fine')).not.toThrow();
		expect(() => checkThat('t', 2, false, 'fine')).toThrow('Expected `t` to be fine, got 2.');
	});
});

describe('errors', () => {
	it('an ImportExportError carries its operation and retry kind, and starts with no resume facts', () => {
		const cause = new Error('root');
		const error = new ImportExportError('m', {
			operation: 'ListJobs',
			cause,
			retryKind: 'timeout',
		});
		expect(error).toMatchObject({
			name: 'ImportExportError',
			message: 'm',
			operation: 'ListJobs',
			retryKind: 'timeout',
			resumeMarker: undefined,
			pagesRead: undefined,
			jobsYielded: undefined,
			attempts: undefined,
		});
		expect(error.cause).toBe(cause);
		expect('cause' in new ImportExportError('no cause')).toBe(false);
	});

	it('each subclass says what it is, and which may be retried', () => {
		expect(new NetworkError('n')).toMatchObject({ name: 'NetworkError', retryKind: 'transient' });
		expect(new TimeoutError('t', { timeoutMs: 5 })).toMatchObject({
			name: 'TimeoutError',
			retryKind: 'timeout',
			timeoutMs: 5,
		});
		expect(new AbortError('a')).toMatchObject({ name: 'AbortError', retryKind: undefined });
	});

	it('describeError adds a string code, and reads what is not an Error as text', () => {
		expect(describeError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toBe(
			'refused (ECONNREFUSED)',
		);
		expect(describeError(Object.assign(new Error('odd'), { code: 42 }))).toBe('odd');
		expect(describeError('plain')).toBe('plain');
		expect(describeError(undefined)).toBe('undefined');
	});

	it('setErrorFacts writes only the facts given', () => {
		const error = new ImportExportError('m');
		setErrorFacts(error, { attempts: 2 });
		setErrorFacts(error, { resumeMarker: 'JOB1', pagesRead: 3 });
		setErrorFacts(error, { jobsYielded: 0, attempts: 4 });
		expect(error).toMatchObject({
			attempts: 4,
			resumeMarker: 'JOB1',
			pagesRead: 3,
			jobsYielded: 0,
		});
		setErrorFacts(error, { resumeMarker: undefined });
		expect(error.resumeMarker).toBeUndefined();
		expect(error.pagesRead).toBe(3);
	});

	it('toImportExportError keeps ours and wraps the rest, with the original as cause', async () => {
		const ours = new ImportExportError('ours');
		expect(toImportExportError(ours, 'ListJobs')).toBe(ours);
		const wrapped = toImportExportError('a string', 'ListJobs');
		expect(wrapped).toBeInstanceOf(ImportExportError);
		expect(wrapped).toMatchObject({ message: 'ListJobs failed: a string', operation: 'ListJobs' });
		expect(wrapped.cause).toBe('a string');
		expect((await caught(() => Promise.reject(wrapped))).message).toBe('ListJobs failed: a string');
	});
});
