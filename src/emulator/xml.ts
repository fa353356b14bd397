import type { EmulatorJob } from './jobs.js';

export const NAMESPACE = 'http://importexport.amazonaws.com/doc/2010-06-01/';
const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

const ESCAPES: Readonly<Record<string, string>> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&apos;',
};

export function escapeXml(value: string): string {
	return /[&<>"']/.test(value) ? value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c) : value;
}

/** `2010-03-28T20:27:35Z` for whole seconds (as AWS writes them), with milliseconds otherwise. */
export function formatDate(date: Date): string {
	const iso = date.toISOString();
	return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

/** One `<member>`; the parts are strings so that a fault can break any one of them. */
export interface MemberFields {
	JobId?: string | undefined;
	CreationDate: string;
	IsCanceled: string;
	JobType: string;
}

export function memberFields(job: EmulatorJob): MemberFields {
	return {
		JobId: job.JobId,
		CreationDate: formatDate(job.CreationDate),
		IsCanceled: String(job.IsCanceled),
		JobType: job.JobType,
	};
}

export function memberXml(fields: MemberFields): string {
	const id = fields.JobId === undefined ? '' : `<JobId>${escapeXml(fields.JobId)}</JobId>`;
	return `<member>${id}<CreationDate>${escapeXml(fields.CreationDate)}</CreationDate><IsCanceled>${escapeXml(fields.IsCanceled)}</IsCanceled><JobType>${escapeXml(fields.JobType)}</JobType></member>`;
}

/** What comes before and after the members of a ListJobs response; the members go in between. */
export function listJobsEnvelope(
	memberCount: number,
	isTruncated: boolean,
	requestId: string,
): { head: string; tail: string } {
	if (memberCount === 0) {
		return {
			head: `${DECLARATION}<ListJobsResponse xmlns="${NAMESPACE}"><ListJobsResult><Jobs/>`,
			tail: resultTail(isTruncated, requestId),
		};
	}
	return {
		head: `${DECLARATION}<ListJobsResponse xmlns="${NAMESPACE}"><ListJobsResult><Jobs>`,
		tail: `</Jobs>${resultTail(isTruncated, requestId)}`,
	};
}

function resultTail(isTruncated: boolean, requestId: string): string {
	return `<IsTruncated>${String(isTruncated)}</IsTruncated></ListJobsResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></ListJobsResponse>\n`;
}

export function listJobsXml(
	members: string,
	memberCount: number,
	isTruncated: boolean,
	requestId: string,
): string {
	const { head, tail } = listJobsEnvelope(memberCount, isTruncated, requestId);
	return head + members + tail;
}

export function errorXml(
	type: 'Sender' | 'Receiver',
	code: string,
	message: string,
	requestId: string,
): string {
	return `${DECLARATION}<ErrorResponse xmlns="${NAMESPACE}"><Error><Type>${type}</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>\n`;
}
