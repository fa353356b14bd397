import { readEnv } from '../transport/credentials.js';
import { sharedFilesExist } from './shared-files.js';
import { expectedError } from '../transport/option-check.js';

/** One setting and where it came from, so that a bad value names its source. */
export interface Sourced<T> {
	value: T;
	source: string;
}

/** What the environment and the shared config files say, env first; unset when neither does. */
export interface SharedSettings {
	profile: string;
	endpoint?: Sourced<string> | undefined;
	maxAttempts?: Sourced<number> | undefined;
	retryMode?: Sourced<'standard' | 'adaptive'> | undefined;
}

export interface SharedSettingsOptions {
	/** The profile asked for in code; else AWS_PROFILE, else `default`. */
	profile?: string | undefined;
	/** Settings given in code: those are not looked up (and no file is read when all are). */
	skip?: { endpoint?: boolean; maxAttempts?: boolean; retryMode?: boolean };
}

// The service's id in the AWS SDKs: AWS_ENDPOINT_URL_IMPORTEXPORT, `importexport =` in a services section.
const SERVICE_ENV = 'AWS_ENDPOINT_URL_IMPORTEXPORT';
const SERVICE_KEY = 'importexport';

/**
 * Reads the settings the AWS SDKs read, with their precedence (env, then the profile of
 * the shared config files; the caller's explicit options beat both): AWS_ENDPOINT_URL_IMPORTEXPORT,
 * AWS_ENDPOINT_URL, the profile's `services` section and `endpoint_url`, all ignored under
 * AWS_IGNORE_CONFIGURED_ENDPOINT_URLS / `ignore_configured_endpoint_urls`; AWS_MAX_ATTEMPTS /
 * `max_attempts`; AWS_RETRY_MODE / `retry_mode`. The files (AWS_CONFIG_FILE,
 * AWS_SHARED_CREDENTIALS_FILE, else ~/.aws) are parsed by the AWS SDK's own loader, which is
 * loaded only when one of them exists.
 */
export async function loadSharedSettings(
	options: SharedSettingsOptions = {},
): Promise<SharedSettings> {
	const skip = options.skip ?? {};
	// The SDK's getProfileName (an empty name counts as none), without loading the SDK.
	const profile =
		(options.profile === '' ? undefined : options.profile) ?? readEnv('AWS_PROFILE') ?? 'default';
	// Stryker disable next-line ConditionalExpression: reading files whose settings are all overridden changes only the cost.
	const needsFiles = !skip.endpoint || !skip.maxAttempts || !skip.retryMode;
	const files = needsFiles ? await readSharedFiles() : NO_FILES;
	// Settings live in the config file; a key also found in the credentials file loses to it, as in the SDKs.
	const section = { ...files.credentialsFile[profile], ...files.configFile[profile] };
	const where = `profile "${profile}"`;

	const settings: SharedSettings = { profile };
	if (!skip.endpoint)
		settings.endpoint = endpointSetting(section, files.configFile, where, files.separator);
	if (!skip.maxAttempts)
		settings.maxAttempts = pick(
			'AWS_MAX_ATTEMPTS',
			section['max_attempts'],
			`max_attempts in ${where}`,
			attemptsValue,
		);
	if (!skip.retryMode)
		settings.retryMode = pick(
			'AWS_RETRY_MODE',
			section['retry_mode'],
			`retry_mode in ${where}`,
			modeValue,
		);
	return settings;
}

type Section = Record<string, string | undefined>;

interface SharedFiles {
	configFile: Record<string, Section | undefined>;
	credentialsFile: Record<string, Section | undefined>;
	/** Between a section's kind and its name (`services.dev`), as the SDK's loader keys them. */
	separator: string;
}

// Stryker disable next-line StringLiteral: with no section at all, the separator is never used.
const NO_FILES: SharedFiles = { configFile: {}, credentialsFile: {}, separator: '.' };

/**
 * The files as the SDK's loader parses them. Loading the loader costs more than most
 * short runs (a CLI call, a Lambda) spend on their request, and it would find nothing
 * when neither file exists: then it is not loaded at all.
 */
async function readSharedFiles(): Promise<SharedFiles> {
	// Stryker disable next-line ConditionalExpression: the loader would find nothing; only the cost differs (test/entry-points.test.ts checks it is not loaded).
	if (!(await sharedFilesExist())) return NO_FILES;
	const ini = await import('@smithy/shared-ini-file-loader');
	return { ...(await ini.loadSharedConfigFiles()), separator: ini.CONFIG_PREFIX_SEPARATOR };
}

function endpointSetting(
	profile: Section,
	configFile: Record<string, Section | undefined>,
	where: string,
	separator: string,
): Sourced<string> | undefined {
	const ignore =
		readEnv('AWS_IGNORE_CONFIGURED_ENDPOINT_URLS') ?? profile['ignore_configured_endpoint_urls'];
	if (ignore?.toLowerCase() === 'true') return undefined;
	const forService = readEnv(SERVICE_ENV);
	if (forService !== undefined) return { value: forService, source: SERVICE_ENV };
	const global = readEnv('AWS_ENDPOINT_URL');
	if (global !== undefined) return { value: global, source: 'AWS_ENDPOINT_URL' };
	const servicesName = profile['services'];
	if (servicesName !== undefined) {
		const services = configFile[`services${separator}${servicesName}`];
		const inServices = services?.[`${SERVICE_KEY}${separator}endpoint_url`];
		if (inServices !== undefined)
			return {
				value: inServices,
				source: `${SERVICE_KEY} endpoint_url in [services ${servicesName}] of ${where}`,
			};
	}
	const inProfile = profile['endpoint_url'];
	if (inProfile !== undefined) return { value: inProfile, source: `endpoint_url in ${where}` };
	return undefined;
}

function pick<T>(
	env: string,
	fromProfile: string | undefined,
	profileSource: string,
	parse: (raw: string, source: string) => T,
): Sourced<T> | undefined {
	const fromEnv = readEnv(env);
	if (fromEnv !== undefined) return { value: parse(fromEnv, env), source: env };
	// The loader leaves an empty value out: `max_attempts =` is no setting.
	if (fromProfile !== undefined)
		return { value: parse(fromProfile, profileSource), source: profileSource };
	return undefined;
}

function attemptsValue(raw: string, source: string): number {
	const text = raw.trim();
	const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
	if (!(value >= 1 && value <= 100)) throw expectedError(source, 'an integer from 1 to 100', raw);
	return value;
}

function modeValue(raw: string, source: string): 'standard' | 'adaptive' {
	const value = raw.trim().toLowerCase();
	if (value === 'standard' || value === 'adaptive') return value;
	// The AWS CLI still accepts `legacy` (botocore's old mode); AWS SDK v3 runs it as standard, so do we.
	if (value === 'legacy') return 'standard';
	throw expectedError(source, "'standard' or 'adaptive'", raw);
}
