// Validation of one parsed page of 1,000 jobs: the client's zod schema against a hand-written
// check of exactly the same rules (same output: Dates, booleans, unknown elements dropped).
// Evidence for moving zod off the happy path. node bench/micro/validate.mjs [--cold zod|hand]
import { isDeepStrictEqual } from 'node:util';
import { ListJobsResultSchema } from '../../dist/protocol/schemas.js';
import { parseXml } from '../../dist/protocol/xml.js';
import { fastResult } from './fast-result.mjs';
import { compare, pageXml, print } from './page.mjs';

// Fresh parses, as the client sees them: each page is a new object graph from fast-xml-parser.
const xml = pageXml();
const pages = Array.from({ length: 40 }, () => parseXml(xml).ListJobsResponse.ListJobsResult);
const result = pages[0];
let next = 0;
const page = () => pages[next++ % pages.length];
const variants = {
	'zod ListJobsResultSchema.safeParse': () => ListJobsResultSchema.safeParse(page()),
	'hand-written, same rules': () => fastResult(page()),
};

/** The hand check must accept exactly what zod accepts, with the same output: else zod's verdict stands. */
function agree() {
	const job = {
		JobId: '00042',
		CreationDate: '2010-03-28T20:27:35Z',
		IsCanceled: 'false',
		JobType: 'Import',
	};
	const cases = [
		result,
		{ IsTruncated: 'false' },
		{ Jobs: '', IsTruncated: 'true' },
		{ Jobs: {}, IsTruncated: 'false' },
		{ Jobs: { member: [{ ...job, Extra: 'x' }] }, IsTruncated: 'false' },
		{
			Jobs: { member: [{ ...job, CreationDate: '2010-04-07T13:41:59.000Z' }] },
			IsTruncated: 'false',
		},
		'',
		{ Jobs: { member: [job] } },
		{ Jobs: { member: [job] }, IsTruncated: 'yes' },
		{ Jobs: 'text', IsTruncated: 'false' },
		{ Jobs: [], IsTruncated: 'false' },
		{ Jobs: null, IsTruncated: 'false' },
		{ Jobs: { member: null }, IsTruncated: 'false' },
		{ Jobs: { member: 'x' }, IsTruncated: 'false' },
		{ Jobs: { member: ['x'] }, IsTruncated: 'false' },
		{ Jobs: { member: [{ ...job, JobId: '' }] }, IsTruncated: 'false' },
		{ Jobs: { member: [{ ...job, JobId: ['A', 'B'] }] }, IsTruncated: 'false' },
		{ Jobs: { member: [{ ...job, CreationDate: '2010-02-30T25:61:61Z' }] }, IsTruncated: 'false' },
		{ Jobs: { member: [{ ...job, CreationDate: '28/03/2010' }] }, IsTruncated: 'false' },
		{ Jobs: { member: [{ ...job, IsCanceled: 'TRUE' }] }, IsTruncated: 'false' },
		{ Jobs: { member: [{ ...job, JobType: 'Transfer' }] }, IsTruncated: 'false' },
		{ Jobs: { member: [{ JobId: 'A' }] }, IsTruncated: 'false' },
	];
	for (const [index, input] of cases.entries()) {
		const zod = ListJobsResultSchema.safeParse(input);
		const fast = fastResult(input);
		const same = zod.success ? isDeepStrictEqual(zod.data, fast) : fast === undefined;
		if (!same)
			throw new Error(
				`case ${index}: zod ${zod.success ? 'accepts' : 'refuses'}, the hand check ${fast === undefined ? 'refuses' : 'accepts differently'}: ${JSON.stringify(input)}`,
			);
	}
}

const cold = process.argv.indexOf('--cold');
if (cold !== -1) {
	// First call in a fresh process: what the first page pays.
	const name =
		process.argv[cold + 1] === 'hand'
			? 'hand-written, same rules'
			: 'zod ListJobsResultSchema.safeParse';
	const before = process.cpuUsage();
	variants[name]();
	const used = process.cpuUsage(before);
	console.log(`${name}: first call ${((used.user + used.system) / 1000).toFixed(2)} ms CPU`);
} else {
	agree();
	print('validate one page of 1,000 jobs (CPU time)', compare(variants));
}
