// Issue 14: the pagination's own checks, stated directly: duplicate JobIds, the stop point,
// the order check and the errors they raise, with what each says.
import { describe, expect, it } from 'vitest';
import { DuplicateCheck } from '../src/pagination/duplicates.js';
import {
	DuplicateJobError,
	OrderError,
	PaginationError,
	PaginationLoopError,
	withResumeFacts,
} from '../src/pagination/errors.js';
import { OrderCheck, findStopPoint } from '../src/pagination/stop-point.js';
import { ImportExportError } from '../src/transport/errors.js';
import type { Job } from '../src/protocol/schemas.js';

const job = (JobId: string, iso: string): Job => ({
	JobId,
	CreationDate: new Date(iso),
	IsCanceled: false,
	JobType: 'Import',
});

describe('DuplicateCheck', () => {
	it('finds a JobId twice on one page, and says so', () => {
		const check = new DuplicateCheck(undefined);
		const a = job('A', '2024-01-03T00:00:00Z');
		const b = job('B', '2024-01-02T00:00:00Z');
		expect(check.find([a, b])).toBeUndefined();
		expect(check.find([a, b, a])).toEqual({ jobId: 'A', where: 'this page' });
	});

	it('finds a JobId of the page before, only once that page was advanced past', () => {
		const check = new DuplicateCheck(undefined);
		const a = job('A', '2024-01-03T00:00:00Z');
		const b = job('B', '2024-01-02T00:00:00Z');
		const c = job('C', '2024-01-01T00:00:00Z');
		expect(check.find([a, b])).toBeUndefined();
		// Finding does not advance: the page is still the one in hand.
		expect(check.find([a, b])).toBeUndefined();
		check.advance();
		expect(check.find([c, b])).toEqual({ jobId: 'B', where: 'the page before' });
		// A page refused is passed over: the next page found clean is the one advanced to.
		expect(check.find([c])).toBeUndefined();
		check.advance();
		// Only one page is remembered: two pages back is not a boundary overlap.
		expect(check.find([a])).toBeUndefined();
	});

	it('counts the starting marker as the job before the first page', () => {
		const check = new DuplicateCheck('S');
		expect(check.find([job('S', '2024-01-01T00:00:00Z')])).toEqual({
			jobId: 'S',
			where: 'the page before',
		});
		expect(new DuplicateCheck(undefined).find([job('S', '2024-01-01T00:00:00Z')])).toBeUndefined();
	});
});

describe('findStopPoint', () => {
	const jobs = [
		job('C', '2024-01-03T00:00:00Z'),
		job('B', '2024-01-02T00:00:00Z'),
		job('A', '2024-01-01T00:00:00Z'),
	];

	it('stops at the JobId given, or -1 when the page does not hold it', () => {
		expect(findStopPoint(jobs, { jobId: 'B', since: undefined })).toBe(1);
		expect(findStopPoint(jobs, { jobId: 'Z', since: undefined })).toBe(-1);
	});

	it('stops at the first job created at or before since (equal is not after)', () => {
		expect(findStopPoint(jobs, { jobId: undefined, since: new Date('2024-01-02T00:00:00Z') })).toBe(
			1,
		);
		expect(findStopPoint(jobs, { jobId: undefined, since: new Date('2024-01-01T12:00:00Z') })).toBe(
			2,
		);
		expect(findStopPoint(jobs, { jobId: undefined, since: new Date('2023-12-31T00:00:00Z') })).toBe(
			-1,
		);
	});

	it('with both, the first of either', () => {
		expect(findStopPoint(jobs, { jobId: 'A', since: new Date('2024-01-02T00:00:00Z') })).toBe(1);
		expect(findStopPoint(jobs, { jobId: 'C', since: new Date('2024-01-02T00:00:00Z') })).toBe(0);
	});
});

describe('OrderCheck', () => {
	it('a job newer than the one before it on the same page', () => {
		const check = new OrderCheck();
		const error = (() => {
			try {
				check.check(
					[job('B', '2024-01-02T00:00:00Z'), job('C', '2024-01-03T00:00:00Z')],
					4,
					'req-1',
				);
			} catch (error) {
				return error;
			}
			return undefined;
		})();
		expect(error).toBeInstanceOf(OrderError);
		expect(error).toBeInstanceOf(PaginationError);
		const order = error as OrderError;
		expect(order.name).toBe('OrderError');
		expect(order.operation).toBe('ListJobs');
		expect(order.pageIndex).toBe(4);
		expect(order.jobId).toBe('C');
		expect(order.previousJobId).toBe('B');
		expect(order.requestId).toBe('req-1');
		expect(order.message).toBe(
			'ListJobs page 4 lists JobId "C" (created 2024-01-03T00:00:00.000Z) after the job before it, "B" (created 2024-01-02T00:00:00.000Z): jobs are not newest first, so stopping at stopAtJobId or since could miss jobs; none of this page was yielded. List without them to get every job (request id req-1).',
		);
	});

	it('a first job newer than the last of the page before; no request id, none quoted', () => {
		const check = new OrderCheck();
		check.check([job('B', '2024-01-02T00:00:00Z')], 0, undefined);
		expect(() => check.check([job('C', '2024-01-03T00:00:00Z')], 1, undefined)).toThrow(
			'ListJobs page 1 lists JobId "C" (created 2024-01-03T00:00:00.000Z) after the last job of the page before, "B" (created 2024-01-02T00:00:00.000Z): jobs are not newest first, so stopping at stopAtJobId or since could miss jobs; none of this page was yielded. List without them to get every job.',
		);
	});

	it('equal times and older jobs pass, across pages too', () => {
		const check = new OrderCheck();
		check.check([job('C', '2024-01-03T00:00:00Z'), job('B', '2024-01-03T00:00:00Z')], 0, 'r');
		// The page before ended on B: a job as old as B, then older ones, are in order.
		expect(() =>
			check.check([job('A', '2024-01-03T00:00:00Z'), job('Z', '2024-01-01T00:00:00Z')], 1, 'r'),
		).not.toThrow();
		// The page before ended on Z (2024-01-01): B's time (2024-01-03) is newer.
		expect(() => check.check([job('Y', '2024-01-02T00:00:00Z')], 2, 'r')).toThrow(OrderError);
	});
});

describe('the pagination errors', () => {
	it('carry their name, ListJobs as the operation, and their facts', () => {
		const plain = new PaginationError('m', { pageIndex: 2, requestId: 'r' });
		const loop = new PaginationLoopError('m', {
			pageIndex: 3,
			repeatedMarker: 'X',
			requestId: 'r',
		});
		const duplicate = new DuplicateJobError('m', { pageIndex: 4, jobId: 'J' });
		expect([plain.name, loop.name, duplicate.name]).toEqual([
			'PaginationError',
			'PaginationLoopError',
			'DuplicateJobError',
		]);
		for (const error of [plain, loop, duplicate]) {
			expect(error).toBeInstanceOf(ImportExportError);
			expect(error.operation).toBe('ListJobs');
			expect(error.message).toBe('m');
		}
		expect([plain.pageIndex, loop.pageIndex, duplicate.pageIndex]).toEqual([2, 3, 4]);
		expect([plain.requestId, loop.requestId, duplicate.requestId]).toEqual(['r', 'r', undefined]);
		expect(loop.repeatedMarker).toBe('X');
		expect(duplicate.jobId).toBe('J');
	});

	it('withResumeFacts wraps what is not ours, keeps it as the cause, and stamps the facts', () => {
		const cause = new Error('disk full');
		const wrapped = withResumeFacts(cause, { resumeMarker: 'M', pagesRead: 2, jobsYielded: 7 });
		expect(wrapped).toBeInstanceOf(ImportExportError);
		expect(wrapped.operation).toBe('ListJobs');
		expect(wrapped.cause).toBe(cause);
		expect(wrapped.message).toContain('disk full');
		expect([wrapped.resumeMarker, wrapped.pagesRead, wrapped.jobsYielded]).toEqual(['M', 2, 7]);
		const ours = new PaginationError('m', { pageIndex: 0 });
		expect(withResumeFacts(ours, { resumeMarker: undefined, pagesRead: 0, jobsYielded: 0 })).toBe(
			ours,
		);
	});
});
