import { ImportExportError } from './errors.js';

/** A response body that cannot be decoded: a charset no TextDecoder knows, or bytes invalid in it. Not retried. */
export class ResponseEncodingError extends ImportExportError {
	override name = 'ResponseEncodingError' as const;
	readonly statusCode: number;
	/** The encoding the body was read as (declared by Content-Type, a BOM or the XML declaration). */
	readonly charset: string;

	constructor(
		message: string,
		options: { operation: string; statusCode: number; charset: string; cause?: unknown },
	) {
		super(message, { operation: options.operation, cause: options.cause });
		this.statusCode = options.statusCode;
		this.charset = options.charset;
	}
}

const CHARSET_PARAMETER = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i;
// An XML declaration's encoding, read from bytes as ASCII (every encoding it may name agrees on these).
const XML_ENCODING = /^<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z][\w.:-]*)["']/;

/**
 * Which encoding the body is in, as RFC 7303 orders the clues for XML media types: a byte
 * order mark, then the Content-Type `charset`, then the XML declaration, else UTF-8.
 */
export function bodyEncoding(contentType: string | null, bytes: Uint8Array): string {
	if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
	if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
	if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
	// Stryker disable next-line ConditionalExpression: exec(null) reads the text "null", which names no charset either.
	const declared = contentType === null ? null : CHARSET_PARAMETER.exec(contentType);
	const charset = declared?.[1] ?? declared?.[2];
	if (charset !== undefined && charset !== '') return charset.toLowerCase();
	// The pattern's `^<\?` is the test for a declaration: no separate byte check to keep in step.
	const encoding = XML_ENCODING.exec(String.fromCharCode(...bytes.subarray(0, 256)))?.[1];
	return encoding === undefined ? 'utf-8' : encoding.toLowerCase();
}

export interface DecodeOptions {
	operation: string;
	statusCode: number;
	/** What was asked, for the message: `ListJobs POST https://…`. */
	what: string;
	/**
	 * Refuse what cannot be decoded. Off for an error response: its body only feeds a message,
	 * and a 503 must stay a retryable 503 whatever its proxy's page is encoded in.
	 */
	strict: boolean;
}

/** Decodes the body per its declared encoding; loud (ResponseEncodingError) when strict and it cannot. */
export function decodeBody(
	bytes: Uint8Array,
	contentType: string | null,
	options: DecodeOptions,
): string {
	const charset = bodyEncoding(contentType, bytes);
	let decoder: TextDecoder;
	try {
		decoder = new TextDecoder(charset, { fatal: options.strict });
	} catch (error) {
		if (!options.strict) return new TextDecoder().decode(bytes);
		throw failure(
			`it declares the charset ${JSON.stringify(charset.slice(0, 40))}, which cannot be decoded here`,
			charset,
			options,
			error,
		);
	}
	try {
		return decoder.decode(bytes);
	} catch (error) {
		throw failure(`its bytes are not valid ${decoder.encoding}`, charset, options, error);
	}
}

function failure(
	why: string,
	charset: string,
	options: DecodeOptions,
	cause: unknown,
): ResponseEncodingError {
	return new ResponseEncodingError(
		`${options.what}: the HTTP ${options.statusCode} response body cannot be read: ${why}.`,
		{
			operation: options.operation,
			statusCode: options.statusCode,
			charset,
			cause,
		},
	);
}
