// (c) The floor: what listing costs with nothing but signing, fetch and the parse.
// aws4fetch signs exactly as the client does; `parseXml` is the client's own parser
// instance and call; Marker / IsTruncated are followed by hand. No validation, no retry
// layer, no Date conversion, no pagination helper: members are only counted.
import { AwsClient } from 'aws4fetch';
import { parseXml } from '../../dist/protocol/xml.js';
import { config, measure } from '../lib/client-harness.mjs';

const CONTENT_TYPE = 'application/x-www-form-urlencoded; charset=utf-8';
const url = new URL(config.endpoint).href;
const aws = new AwsClient({ ...config.credentials, service: 'IngestionService', region: 'us-east-1', retries: 0 });

await measure('floor (aws4fetch + parseXml)', async () => {
	let count = 0;
	let first;
	let last;
	let firstJobAt;
	let marker;
	// Bounded: an account of N jobs takes at most N / pageSize + 1 pages.
	const maxPages = Math.ceil(config.expected.count / config.pageSize) + 1;
	for (let page = 0; page < maxPages; page++) {
		let body = `Action=ListJobs&Version=2010-06-01&MaxJobs=${config.pageSize}`;
		if (marker !== undefined) body += `&Marker=${encodeURIComponent(marker)}`;
		const signed = await aws.sign(url, { method: 'POST', headers: { 'content-type': CONTENT_TYPE }, body, aws: { allHeaders: true } });
		const response = await fetch(signed);
		const text = await response.text();
		if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${text.slice(0, 300)}`);
		const result = parseXml(text).ListJobsResponse.ListJobsResult;
		const members = result.Jobs?.member ?? [];
		if (members.length > 0) {
			if (count === 0) {
				firstJobAt = performance.now();
				first = members[0].JobId;
			}
			last = members[members.length - 1].JobId;
			count += members.length;
		}
		if (result.IsTruncated !== 'true') return { count, first, last, firstJobAt };
		marker = last;
	}
	throw new Error(`still truncated after ${maxPages} pages`);
});
