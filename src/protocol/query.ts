/** RFC 3986 percent-encoding, as AWS query-protocol SDKs send it: upper-case hex, space as `%20`, `-_.~` kept. */
export function encodeRfc3986(value: string): string {
	return encodeURIComponent(value).replace(
		/[!'()*]/g,
		(c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
	);
}

/** Serialises query-protocol parameters as a form body, in the order given (the order botocore sends). */
export function encodeForm(params: ReadonlyArray<readonly [string, string]>): string {
	let body = '';
	for (const [name, value] of params) {
		if (body !== '') body += '&';
		body += `${encodeRfc3986(name)}=${encodeRfc3986(value)}`;
	}
	return body;
}
