import {
	CredentialsError,
	fromEnvironment,
	readEnv,
	type CredentialProvider,
	type CredentialProviderOptions,
	type Credentials,
} from '../transport/credentials.js';
import { describeError } from '../transport/errors.js';

// The sources fromNodeProviderChain tries, by the names its debug log gives them.
const STEP = /defaultProvider::(\w+)/;

/**
 * The AWS credential chain, as the AWS CLI and SDKs walk it: env variables, SSO, the
 * shared files' profile (static keys, `role_arn` with `source_profile` or
 * `credential_source`, `credential_process`), web identity, container credentials,
 * IMDSv2. `@aws-sdk/credential-providers` is loaded on the first call only, so a client
 * given explicit credentials never pays for it. A failure says which sources were tried
 * and why the last one failed; the SDK's messages name files and profiles, not secrets.
 */
export function awsCredentialChain(
	options: { profile?: string | undefined } = {},
): AwsCredentialChain {
	type Chain = (options?: CredentialProviderOptions) => Promise<Credentials>;
	let chain: Promise<Chain> | undefined;
	const load = (): Promise<Chain> =>
		(chain ??= import('@aws-sdk/credential-providers').then(({ fromNodeProviderChain }) =>
			fromNodeProviderChain({
				// Stryker disable next-line ConditionalExpression: the SDK takes `profile: undefined` as none; the check is for exactOptionalPropertyTypes.
				...(options.profile === undefined ? {} : { profile: options.profile }),
				logger,
			}),
		));
	// Stryker disable next-line ArrayDeclaration: emptied at the start of every call, before any use.
	let tried: string[] = [];
	const logger = {
		debug: (...parts: unknown[]): void => {
			for (const part of parts) {
				const step = STEP.exec(String(part))?.[1];
				if (step !== undefined && !tried.includes(step)) tried.push(step);
			}
		},
		info: (): void => {},
		warn: (): void => {},
		error: (): void => {},
	};
	// forceRefresh, when the cache passes it, goes on to the SDK's memoized chain.
	const provider = async (callOptions?: CredentialProviderOptions): Promise<Credentials> => {
		// The chain's first link, without loading the SDK: keys in the environment and no profile named.
		const fromEnv = environmentKeys(options.profile);
		if (fromEnv !== undefined) return fromEnv;
		tried = [];
		try {
			return await (
				await load()
			)(callOptions);
		} catch (error) {
			const profile = options.profile ?? readEnv('AWS_PROFILE') ?? 'default';
			const sources = tried.length === 0 ? '' : `; tried ${tried.join(', ')}`;
			// The SDK's own words say why; a credential_process failure quotes the command's stderr, so it is cut short.
			const why = describeError(error);
			throw new CredentialsError(
				`No AWS credentials from the AWS credential chain (profile "${profile}"${sources}): ${why.length > 300 ? `${why.slice(0, 300)}…` : why}`,
				{ cause: error },
			);
		}
	};
	Object.defineProperty(provider, 'name', { value: 'the AWS credential chain' });
	return Object.assign(provider, {
		preload: async (): Promise<void> => {
			if (environmentKeys(options.profile) === undefined) await load();
		},
	});
}

export interface AwsCredentialChain extends CredentialProvider {
	/**
	 * Loads the SDK (when the environment's keys will not do), so that the first call's wait,
	 * bounded by credentialsTimeoutMs, is spent on the sources and not on loading modules.
	 */
	preload(): Promise<void>;
}

/**
 * What the SDK's `fromEnv` gives, as it gives it (AWS_CREDENTIAL_EXPIRATION included), when
 * it is the link that would answer: both keys set and no profile named (a named profile
 * makes the SDK skip the environment).
 */
function environmentKeys(profile: string | undefined): Credentials | undefined {
	if (profile !== undefined || readEnv('AWS_PROFILE') !== undefined) return undefined;
	if (readEnv('AWS_ACCESS_KEY_ID') === undefined || readEnv('AWS_SECRET_ACCESS_KEY') === undefined)
		return undefined;
	const expiration = readEnv('AWS_CREDENTIAL_EXPIRATION');
	return {
		...fromEnvironment(),
		...(expiration === undefined ? {} : { expiration: new Date(expiration) }),
	};
}
