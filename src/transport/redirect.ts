import { ImportExportError } from './errors.js';

/**
 * The endpoint answered with a redirect (3xx). Never followed: the signed request, its
 * session token included, must not go anywhere but the endpoint configured, nor over a
 * weaker scheme, nor turn into a GET. Not retried: check the endpoint.
 */
export class RedirectError extends ImportExportError {
	override name = 'RedirectError' as const;
	/** The HTTP status, e.g. 307; 0 where a browser hides the redirect (`opaqueredirect`). */
	readonly statusCode: number;
	/** Scheme, host and port the `Location` header points to, never its path or query; `undefined` when none could be read. */
	readonly locationOrigin: string | undefined;

	constructor(
		message: string,
		options: { operation: string; statusCode: number; locationOrigin: string | undefined },
	) {
		super(message, { operation: options.operation });
		this.statusCode = options.statusCode;
		this.locationOrigin = options.locationOrigin;
	}
}

/** Whether `response` is a redirect that `redirect: 'manual'` handed back instead of following. */
export function isRedirect(response: Response): boolean {
	return response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400);
}

export function redirectError(
	response: Response,
	url: string,
	what: string,
	operation: string,
): RedirectError {
	const target = locationUrl(response.headers.get('location'), url);
	// Only the origin: a Location's path and query are the server's and may carry anything.
	const origin = target === undefined || target.origin === 'null' ? undefined : target.origin;
	const status = response.type === 'opaqueredirect' ? 'a redirect' : `HTTP ${response.status}`;
	const where =
		origin !== undefined
			? `to ${origin}`
			: target !== undefined
				? `to a ${target.protocol} URL`
				: 'with no readable Location';
	return new RedirectError(
		`${what} was answered with ${status} ${where}; redirects are never followed, so the signed request stays with the endpoint. Check the endpoint.`,
		{ operation, statusCode: response.status, locationOrigin: origin },
	);
}

function locationUrl(location: string | null, base: string): URL | undefined {
	if (location === null) return undefined;
	try {
		return new URL(location, base);
	} catch {
		return undefined;
	}
}
