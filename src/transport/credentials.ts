import { ImportExportError } from './errors.js';

export interface Credentials {
	accessKeyId: string;
	secretAccessKey: string;
	/** Set for temporary credentials (STS); sent as `X-Amz-Security-Token`. */
	sessionToken?: string | undefined;
	/** When temporary credentials stop working; they are refreshed about five minutes before. */
	expiration?: Date | undefined;
}

/**
 * What a provider is asked when what it gave is due: `forceRefresh` tells a provider that
 * caches (the AWS SDK's memoized chain) to fetch anew. Providers that do not cache ignore it.
 */
export interface CredentialProviderOptions {
	forceRefresh: true;
}

/**
 * Shaped like the AWS SDK's credential providers (`fromIni()`, `fromSSO()`,
 * `fromTemporaryCredentials()`…): called once, then again only when the credentials it
 * gave are about to expire (see credential-cache.ts). The parameter is typed `never` so
 * that any provider fits, whatever it declares it takes (the SDK's take
 * `AwsIdentityProperties`); it is called with no argument, or `CredentialProviderOptions`.
 */
export type CredentialProvider = (options?: never) => Credentials | Promise<Credentials>;

/** Missing or unusable credentials. Raised before any request is sent. */
export class CredentialsError extends ImportExportError {
	override name = 'CredentialsError' as const;
}

function environment(): Record<string, string | undefined> {
	// `process` does not exist in browsers and workers: read it only where it does.
	const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
		?.env;
	return env ?? {};
}

/** Reads a variable from `process.env` where there is one; empty counts as unset. */
export function readEnv(name: string): string | undefined {
	const value = environment()[name];
	return value === undefined || value === '' ? undefined : value;
}

/** The core's default source; the Node entry uses the whole AWS chain instead. */
export function fromEnvironment(): Credentials {
	const accessKeyId = readEnv('AWS_ACCESS_KEY_ID');
	const secretAccessKey = readEnv('AWS_SECRET_ACCESS_KEY');
	if (accessKeyId === undefined || secretAccessKey === undefined) {
		throw new CredentialsError(
			'No AWS credentials: pass `credentials` to ImportExportClient or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.',
		);
	}
	return { accessKeyId, secretAccessKey, sessionToken: readEnv('AWS_SESSION_TOKEN') };
}

/** Checks credentials as given or as a provider gave them; messages name the field, never a value. */
export function check(credentials: unknown): Credentials {
	const c = credentials as Partial<Credentials> | null | undefined;
	if (typeof c?.accessKeyId !== 'string' || c.accessKeyId === '') {
		throw new CredentialsError('Invalid credentials: `accessKeyId` must be a non-empty string.');
	}
	if (typeof c.secretAccessKey !== 'string' || c.secretAccessKey === '') {
		throw new CredentialsError(
			'Invalid credentials: `secretAccessKey` must be a non-empty string.',
		);
	}
	if (c.sessionToken !== undefined && typeof c.sessionToken !== 'string') {
		throw new CredentialsError('Invalid credentials: `sessionToken` must be a string when set.');
	}
	checkCharacters('accessKeyId', c.accessKeyId);
	checkCharacters('secretAccessKey', c.secretAccessKey);
	if (c.sessionToken) checkCharacters('sessionToken', c.sessionToken);
	const { expiration } = c;
	if (
		expiration !== undefined &&
		!(expiration instanceof Date && !Number.isNaN(expiration.getTime()))
	) {
		throw new CredentialsError('Invalid credentials: `expiration` must be a valid Date when set.');
	}
	return {
		accessKeyId: c.accessKeyId,
		secretAccessKey: c.secretAccessKey,
		// An empty token is no token.
		sessionToken: c.sessionToken === '' ? undefined : c.sessionToken,
		expiration,
	};
}

/**
 * The key id and token go into HTTP headers, the secret into the signature: each must be
 * printable ASCII without white space. Checked before signing, because a header refused later
 * quotes its value (the Authorization header, the whole token) in its error. Names the field
 * and the problem, never the value.
 */
function checkCharacters(field: keyof Credentials, value: string): void {
	const at = value.search(/[^\x21-\x7e]/);
	if (at === -1) return;
	const code = value.charCodeAt(at);
	const what =
		code === 10 || code === 13
			? 'a line break'
			: code === 32 || code === 9
				? 'white space'
				: code < 32 || code === 127
					? 'a control character'
					: 'a character outside printable ASCII';
	const where =
		at === value.length - 1
			? `ends with ${what}`
			: at === 0
				? `starts with ${what}`
				: `has ${what} at character ${at + 1} of ${value.length}`;
	const hint =
		at === value.length - 1 && what !== 'a character outside printable ASCII'
			? ' (as read from a file with its newline?)'
			: '';
	throw new CredentialsError(
		`Invalid credentials: \`${field}\` ${where}${hint}; it must be printable ASCII without white space. The value is not shown.`,
	);
}
