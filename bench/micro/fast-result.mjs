// The rules of ListJobsResultSchema (src/protocol/schemas.ts) written by hand, with the same
// output: the happy path without zod. Anything off returns `undefined`, and then zod, run
// on the same input, says what is wrong (bench/micro/validate.mjs checks they agree).

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})$/;

/** The schema's rules by hand; `undefined` when anything is off (then zod says what). */
export function fastResult(result) {
	if (typeof result !== 'object' || result === null || Array.isArray(result)) return undefined;
	const { Jobs, IsTruncated } = result;
	if (IsTruncated !== 'true' && IsTruncated !== 'false') return undefined;
	let members = [];
	if (Jobs !== undefined && Jobs !== '') {
		if (typeof Jobs !== 'object' || Jobs === null || Array.isArray(Jobs)) return undefined;
		if (Jobs.member !== undefined) members = Jobs.member;
		if (!Array.isArray(members)) return undefined;
	}
	const jobs = new Array(members.length);
	for (let i = 0; i < members.length; i++) {
		const member = members[i];
		if (typeof member !== 'object' || member === null || Array.isArray(member)) return undefined;
		const { JobId, CreationDate, IsCanceled, JobType } = member;
		if (typeof JobId !== 'string' || JobId === '') return undefined;
		if (typeof CreationDate !== 'string' || !ISO_8601.test(CreationDate)) return undefined;
		const date = new Date(CreationDate);
		if (Number.isNaN(date.getTime())) return undefined;
		if (IsCanceled !== 'true' && IsCanceled !== 'false') return undefined;
		if (JobType !== 'Import' && JobType !== 'Export') return undefined;
		jobs[i] = { JobId, CreationDate: date, IsCanceled: IsCanceled === 'true', JobType };
	}
	return { Jobs: jobs, IsTruncated: IsTruncated === 'true' };
}
