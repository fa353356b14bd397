import { ImportExportError } from './errors.js';

export interface Credentials {
	accessKeyId: string;
	secretAccessKey: string;
	/** Set for temporary credentials (STS); sent as `X-Amz-Security-Token`. */
	sessionToken?: string | undefined;
}

/** Called before every request, so rotated credentials are picked up. */
export type CredentialProvider = () => Credentials | Promise<Credentials>;

/** Missing or unusable credentials. Raised before any request is sent. */
export class CredentialsError extends ImportExportError {
	override name = 'CredentialsError' as const;
}

function environment(): Record<string, string | undefined> {
	// `process` does not exist in browsers and workers: read it only where it does.
	const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
	return env ?? {};
}

/** Reads a variable from `process.env` where there is one; empty counts as unset. */
export function readEnv(name: string): string | undefined {
	const value = environment()[name];
	return value === undefined || value === '' ? undefined : value;
}

function fromEnvironment(): Credentials {
	const accessKeyId = readEnv('AWS_ACCESS_KEY_ID');
	const secretAccessKey = readEnv('AWS_SECRET_ACCESS_KEY');
	if (accessKeyId === undefined || secretAccessKey === undefined) {
		throw new CredentialsError(
			'No AWS credentials: pass `credentials` to ImportExportClient or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.',
		);
	}
	return { accessKeyId, secretAccessKey, sessionToken: readEnv('AWS_SESSION_TOKEN') };
}

function check(credentials: unknown): Credentials {
	const c = credentials as Partial<Credentials> | null | undefined;
	if (typeof c?.accessKeyId !== 'string' || c.accessKeyId === '') {
		throw new CredentialsError('Invalid credentials: `accessKeyId` must be a non-empty string.');
	}
	if (typeof c.secretAccessKey !== 'string' || c.secretAccessKey === '') {
		throw new CredentialsError('Invalid credentials: `secretAccessKey` must be a non-empty string.');
	}
	if (c.sessionToken !== undefined && typeof c.sessionToken !== 'string') {
		throw new CredentialsError('Invalid credentials: `sessionToken` must be a string when set.');
	}
	checkCharacters('accessKeyId', c.accessKeyId);
	checkCharacters('secretAccessKey', c.secretAccessKey);
	if (c.sessionToken) checkCharacters('sessionToken', c.sessionToken);
	return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken || undefined };
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
	const what = code === 10 || code === 13 ? 'a line break' : code === 32 || code === 9 ? 'white space' : code < 32 || code === 127 ? 'a control character' : 'a character outside printable ASCII';
	const where = at === value.length - 1 ? `ends with ${what}` : at === 0 ? `starts with ${what}` : `has ${what} at character ${at + 1} of ${value.length}`;
	const hint = at === value.length - 1 && what !== 'a character outside printable ASCII' ? ' (as read from a file with its newline?)' : '';
	throw new CredentialsError(`Invalid credentials: \`${field}\` ${where}${hint}; it must be printable ASCII without white space. The value is not shown.`);
}

/**
 * Normalises the `credentials` option into a provider. Static credentials are checked
 * at once; a provider's result is checked on every call.
 */
export function credentialProvider(option: Credentials | CredentialProvider | undefined): CredentialProvider {
	if (typeof option === 'function') {
		return async () => {
			let resolved: unknown;
			try {
				resolved = await option();
			} catch (error) {
				throw new CredentialsError('The credentials provider failed.', { cause: error });
			}
			return check(resolved);
		};
	}
	if (option === undefined) {
		// Read lazily: a client built before the variables are set still works, and a
		// missing variable fails the first call, before anything is sent.
		return () => check(fromEnvironment());
	}
	const fixed = check(option);
	return () => fixed;
}
