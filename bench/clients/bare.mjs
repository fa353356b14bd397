// (d) The latency floor: a bare sequential loop that signs and fetches the same pages and
// reads each body, without parsing it. The next Marker and IsTruncated are found by a string
// search; every member is only counted. Nothing can list faster one request at a time.
import { AwsClient } from 'aws4fetch';
import { config, measure } from '../lib/client-harness.mjs';

const CONTENT_TYPE = 'application/x-www-form-urlencoded; charset=utf-8';
const url = new URL(config.endpoint).href;
const aws = new AwsClient({ ...config.credentials, service: 'IngestionService', region: 'us-east-1', retries: 0 });

/** Every `<JobId>` value of a body, found without a parser. */
function jobIds(text) {
	const ids = [];
	let at = text.indexOf('<JobId>');
	while (at >= 0) {
		const end = text.indexOf('</JobId>', at);
		ids.push(text.slice(at + 7, end));
		at = text.indexOf('<JobId>', end);
	}
	return ids;
}

await measure('bare loop (aws4fetch, no parse)', async () => {
	let count = 0;
	let first;
	let last;
	let firstJobAt;
	let marker;
	const maxPages = Math.ceil(config.expected.count / config.pageSize) + 1;
	for (let page = 0; page < maxPages; page++) {
		let body = `Action=ListJobs&Version=2010-06-01&MaxJobs=${config.pageSize}`;
		if (marker !== undefined) body += `&Marker=${encodeURIComponent(marker)}`;
		const signed = await aws.sign(url, { method: 'POST', headers: { 'content-type': CONTENT_TYPE }, body, aws: { allHeaders: true } });
		const response = await fetch(signed);
		const text = await response.text();
		if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${text.slice(0, 300)}`);
		const ids = jobIds(text);
		if (ids.length > 0) {
			if (count === 0) {
				firstJobAt = performance.now();
				first = ids[0];
			}
			last = ids[ids.length - 1];
			count += ids.length;
		}
		if (!text.includes('<IsTruncated>true</IsTruncated>')) return { count, first, last, firstJobAt };
		marker = last;
	}
	throw new Error(`still truncated after ${maxPages} pages`);
});
