import { ImportExportClient as CoreClient } from '../protocol/client.js';
import {
	CLIENT_KEYS,
	DEFAULT_ENDPOINT,
	type ImportExportClientOptions as CoreClientOptions,
} from '../protocol/client-options.js';
import {
	checkKnownKeys,
	checkThat,
	expectedError,
	isObject,
	type OptionKeys,
} from '../transport/option-check.js';
import { awsCredentialChain, type AwsCredentialChain } from './credential-chain.js';
import { proxyFetch } from './proxy-fetch.js';
import { loadSharedSettings, type Sourced } from './shared-config.js';

export interface ImportExportClientOptions extends CoreClientOptions {
	/**
	 * The profile of the shared config and credentials files, for credentials and settings.
	 * @default AWS_PROFILE, else `default`
	 * @example profile: 'audit'
	 */
	profile?: string | undefined;
}

/**
 * The client as Node gets it (`importexport-jobs` under the `node` condition, and
 * `importexport-jobs/node`): what is not given is found as the AWS CLI finds it.
 * Credentials come from the AWS credential chain; the endpoint, `retry.maxAttempts` and
 * `retry.mode` from the environment, then the profile (read before the first request);
 * `fetch` honours HTTPS_PROXY / NO_PROXY and AWS_CA_BUNDLE.
 */
export class ImportExportClient extends CoreClient {
	readonly #given: CoreClientOptions;
	readonly #profile: string | undefined;
	readonly #chain: AwsCredentialChain | undefined;

	constructor(options: ImportExportClientOptions = {}) {
		const { profile, given, chain } = split(options);
		super(given);
		this.#given = given;
		this.#profile = profile;
		this.#chain = chain;
	}

	protected override loadOptions(): Promise<CoreClientOptions> | undefined {
		const given = this.#given;
		const retry = given.retry ?? {};
		const skip = {
			endpoint: given.endpoint !== undefined,
			maxAttempts: retry.maxAttempts !== undefined,
			retryMode: retry.mode !== undefined,
		};
		const preload = this.#chain?.preload();
		// Everything given in code: no file is read.
		if (skip.endpoint && skip.maxAttempts && skip.retryMode) return preload?.then(() => given);
		return Promise.all([loadSharedSettings({ profile: this.#profile, skip }), preload]).then(
			([settings]) => ({
				...given,
				endpoint: given.endpoint ?? checkedUrl(settings.endpoint) ?? DEFAULT_ENDPOINT,
				retry: {
					...(settings.maxAttempts === undefined
						? {}
						: { maxAttempts: settings.maxAttempts.value }),
					...(settings.retryMode === undefined ? {} : { mode: settings.retryMode.value }),
					...pickDefined(retry),
				},
			}),
		);
	}
}

const NODE_CLIENT_KEYS = {
	...CLIENT_KEYS,
	profile: true,
} as const satisfies OptionKeys<ImportExportClientOptions>;

function split(options: ImportExportClientOptions): {
	profile: string | undefined;
	given: CoreClientOptions;
	chain: AwsCredentialChain | undefined;
} {
	// Not an object: the core constructor says so.
	if (!isObject(options)) return { profile: undefined, given: options, chain: undefined };
	// Checked here so that the known list names `profile`; the core checks the rest again.
	checkKnownKeys('ImportExportClient', options, NODE_CLIENT_KEYS);
	const { profile, ...rest } = options;
	checkThat(
		'profile',
		profile,
		typeof profile === 'string' && profile !== '' && !/[\r\n\]]/.test(profile),
		'a profile name',
	);
	const chain = rest.credentials === undefined ? awsCredentialChain({ profile }) : undefined;
	return {
		profile,
		chain,
		given: {
			...rest,
			credentials: rest.credentials ?? chain,
			fetch: rest.fetch ?? proxyFetch(),
		},
	};
}

// `retry: { maxAttempts: undefined }` means not given: it must not hide the profile's value.
function pickDefined<T extends object>(value: T): Partial<T> {
	return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A configured endpoint is checked here, where its source can be named. */
function checkedUrl(setting: Sourced<string> | undefined): string | undefined {
	if (setting === undefined) return undefined;
	const url = URL.canParse(setting.value) ? new URL(setting.value) : undefined;
	if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
		throw expectedError(setting.source, 'an absolute http(s) URL', setting.value);
	}
	return setting.value;
}
