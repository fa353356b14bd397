import type { JobCatalog } from './catalog.js';
import type { Exchange } from './exchange.js';
import type { Fault } from './faults.js';
import type { ListJobsRequest } from './params.js';
import {
	listJobsEnvelope,
	listJobsXml,
	memberFields,
	memberXml,
	type MemberFields,
} from './xml.js';

/** Faults that replace the whole response and carry no job data: served before auth or parameters are looked at. */
export type EarlyFault = Exclude<Fault, { kind: 'latency' | PageFaultKind }>;
/**
 * Faults that serve a page, real or doctored: they carry job data, so only a request that passed
 * the signature checks gets one, and they need its valid Marker and MaxJobs.
 */
export type PageFaultKind =
	| 'page'
	| 'repeat-marker'
	| 'schema-violation'
	| 'truncated-empty-page'
	| 'malformed-xml'
	| 'reset-mid-body';
export type PageFault = Extract<Fault, { kind: PageFaultKind }>;

const PAGE_FAULTS: ReadonlySet<string> = new Set<PageFaultKind>([
	'page',
	'repeat-marker',
	'schema-violation',
	'truncated-empty-page',
	'malformed-xml',
	'reset-mid-body',
]);

export function isPageFault(fault: Fault): fault is PageFault {
	return PAGE_FAULTS.has(fault.kind);
}

const BAD_GATEWAY_HTML =
	'<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>awselb/2.0</center>\r\n</body>\r\n</html>\r\n';

/** Serves a fault that stands in for the whole response. */
export function serveEarlyFault(exchange: Exchange, fault: EarlyFault): void {
	switch (fault.kind) {
		case 'throttling':
			return exchange.sendError({
				status: 400,
				code: 'Throttling',
				message: 'Rate exceeded',
				type: 'Sender',
			});
		case 'slow-down':
			return exchange.sendError({
				status: 503,
				code: 'SlowDown',
				message: 'Please reduce your request rate.',
				type: 'Receiver',
				headers: { 'Retry-After': String(fault.retryAfterSeconds ?? 1) },
			});
		case 'too-many-requests':
			return exchange.send(429, {});
		case 'internal-failure':
			return exchange.sendError({
				status: 500,
				code: 'InternalFailure',
				message:
					'The request processing has failed because of an unknown error, exception or failure.',
				type: 'Receiver',
			});
		case 'bad-gateway':
			return exchange.send(
				502,
				{ 'Content-Type': 'text/html', Server: 'awselb/2.0' },
				BAD_GATEWAY_HTML,
			);
		case 'reset-before-response':
			return exchange.destroy();
		case 'hang':
			// Nothing to do: the socket stays open until the client leaves or close() destroys it.
			return;
		case 'error':
			return exchange.sendError({
				status: fault.status,
				code: fault.code,
				message: fault.message ?? `Injected ${fault.code}.`,
				type: fault.type ?? (fault.status >= 500 ? 'Receiver' : 'Sender'),
				...(fault.headers === undefined ? {} : { headers: fault.headers }),
			});
		case 'raw':
			return exchange.send(fault.status, fault.headers ?? {}, fault.body);
	}
}

// Stands in when a fault needs a job and the account has none.
const PLACEHOLDER: MemberFields = {
	JobId: 'PLCHD',
	CreationDate: '2010-03-28T20:27:35Z',
	IsCanceled: 'false',
	JobType: 'Import',
};

/** Serves the page, cut short or doctored, to a request whose auth and parameters were valid. */
export function servePageFault(
	exchange: Exchange,
	fault: PageFault,
	catalog: JobCatalog,
	request: ListJobsRequest,
): void {
	const { start, end, isTruncated } = catalog.page(request.markerIndex, request.maxJobs);
	if (fault.kind === 'reset-mid-body' || fault.kind === 'malformed-xml') {
		const { head, tail } = listJobsEnvelope(end - start, isTruncated, exchange.requestId);
		const body = head + catalog.membersXml(start, end).toString('utf8') + tail;
		if (fault.kind === 'reset-mid-body') return exchange.sendPartThenReset(200, Buffer.from(body));
		// Cut inside the document so it is neither well-formed nor closed.
		return exchange.sendXml(200, body.slice(0, Math.max(60, Math.floor(body.length * 0.6))));
	}
	const page = catalog.jobs.slice(start, end).map(memberFields);
	let members: MemberFields[];
	let truncated = isTruncated;
	switch (fault.kind) {
		case 'page':
			members = fault.jobs.map(memberFields);
			truncated = fault.isTruncated;
			break;
		case 'truncated-empty-page':
			members = [];
			truncated = true;
			break;
		case 'repeat-marker': {
			// The last JobId equals the Marker sent, so a client that trusts it asks for the same page again.
			const marker =
				request.markerIndex === undefined ? undefined : catalog.jobs[request.markerIndex];
			if (marker !== undefined)
				members = [...page.slice(0, Math.max(0, page.length - 1)), memberFields(marker)];
			else {
				// Without a marker, the page's last job comes twice: the next marker repeats a job already read.
				const body = page.length === 0 ? [PLACEHOLDER] : page;
				members = [...body, body.at(-1) as MemberFields];
			}
			truncated = true;
			break;
		}
		case 'schema-violation': {
			const firstJob = catalog.jobs[0];
			members =
				page.length > 0
					? [...page]
					: [firstJob === undefined ? PLACEHOLDER : memberFields(firstJob)];
			const first = members[0] as MemberFields;
			members[0] = breakField(first, fault.field ?? 'JobType');
			break;
		}
	}
	exchange.sendXml(
		200,
		listJobsXml(members.map(memberXml).join(''), members.length, truncated, exchange.requestId),
	);
}

function breakField(
	member: MemberFields,
	field: 'JobId' | 'JobType' | 'CreationDate' | 'IsCanceled',
): MemberFields {
	switch (field) {
		case 'JobId':
			return { ...member, JobId: undefined };
		case 'JobType':
			return { ...member, JobType: 'Transfer' };
		case 'CreationDate':
			return { ...member, CreationDate: '28/03/2010 20:27:35' };
		case 'IsCanceled':
			return { ...member, IsCanceled: 'yes' };
	}
}
