// (d) The latency floor: the same loop without parsing. The next Marker and IsTruncated are
// found by a string search. Nothing can list faster one request at a time.
import { measureSignFetchLoop } from '../lib/sign-fetch-loop.mjs';

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

await measureSignFetchLoop('bare loop (aws4fetch, no parse)', (text) => ({
	ids: jobIds(text),
	truncated: text.includes('<IsTruncated>true</IsTruncated>'),
}));
