// The loop the floor clients share: sign with aws4fetch exactly as the client does, fetch one
// page at a time, follow Marker / IsTruncated by hand. No validation, no retry layer, no Date
// conversion, no pagination helper: members are only counted. `readPage` is what differs.
import { AwsClient } from 'aws4fetch';
import { config, measure } from './client-harness.mjs';

const CONTENT_TYPE = 'application/x-www-form-urlencoded; charset=utf-8';

/** `readPage(text)` gives the page's JobIds in order and whether more follow. */
export async function measureSignFetchLoop(label, readPage) {
	const url = new URL(config.endpoint).href;
	const aws = new AwsClient({
		...config.credentials,
		service: 'IngestionService',
		region: 'us-east-1',
		retries: 0,
	});
	await measure(label, async () => {
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
			const signed = await aws.sign(url, {
				method: 'POST',
				headers: { 'content-type': CONTENT_TYPE },
				body,
				aws: { allHeaders: true },
			});
			const response = await fetch(signed);
			const text = await response.text();
			if (response.status !== 200)
				throw new Error(`HTTP ${response.status}: ${text.slice(0, 300)}`);
			const { ids, truncated } = readPage(text);
			if (ids.length > 0) {
				if (count === 0) {
					firstJobAt = performance.now();
					first = ids[0];
				}
				last = ids[ids.length - 1];
				count += ids.length;
			}
			if (!truncated) return { count, first, last, firstJobAt };
			marker = last;
		}
		throw new Error(`still truncated after ${maxPages} pages`);
	});
}
