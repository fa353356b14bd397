import { CredentialsError, readEnv, type CredentialProvider, type Credentials } from '../transport/credentials.js';
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
export function awsCredentialChain(options: { profile?: string | undefined } = {}): CredentialProvider {
	let chain: Promise<CredentialProvider> | undefined;
	let tried: string[] = [];
	const logger = {
		debug: (...parts: unknown[]): void => {
			const step = STEP.exec(parts.map(String).join(' '))?.[1];
			if (step !== undefined && !tried.includes(step)) tried.push(step);
		},
		info: (): void => {},
		warn: (): void => {},
		error: (): void => {},
	};
	const provider: CredentialProvider = async (callOptions) => {
		chain ??= import('@aws-sdk/credential-providers').then(({ fromNodeProviderChain }) =>
			fromNodeProviderChain({ ...(options.profile === undefined ? {} : { profile: options.profile }), logger }),
		);
		tried = [];
		try {
			const credentials: Credentials = await (await chain)(callOptions);
			return credentials;
		} catch (error) {
			const profile = options.profile ?? readEnv('AWS_PROFILE') ?? 'default';
			const sources = tried.length === 0 ? '' : `; tried ${tried.join(', ')}`;
			throw new CredentialsError(`No AWS credentials from the AWS credential chain (profile "${profile}"${sources}): ${describeError(error)}`, { cause: error });
		}
	};
	Object.defineProperty(provider, 'name', { value: 'the AWS credential chain' });
	return provider;
}
