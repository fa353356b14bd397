// (c) The floor: what listing costs with nothing but signing, fetch and the parse.
// `parseXml` is the client's own parser instance and call.
import { parseXml } from '../../dist/protocol/xml.js';
import { measureSignFetchLoop } from '../lib/sign-fetch-loop.mjs';

await measureSignFetchLoop('floor (aws4fetch + parseXml)', (text) => {
	const result = parseXml(text).ListJobsResponse.ListJobsResult;
	return {
		ids: (result.Jobs?.member ?? []).map((member) => member.JobId),
		truncated: result.IsTruncated === 'true',
	};
});
