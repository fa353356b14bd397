import { createHash, timingSafeEqual } from 'node:crypto';

export interface EmulatorCredentials {
	accessKeyId: string;
	secretAccessKey: string;
	/** When set, requests signed with this key must carry this token (temporary credentials). */
	sessionToken?: string;
}

/**
 * The pair the emulator accepts by default. Public on purpose: it only opens the emulator.
 * @example new ImportExportClient({ endpoint: emulator.endpoint, credentials: DEMO_CREDENTIALS })
 */
export const DEMO_CREDENTIALS: EmulatorCredentials = Object.freeze({
	accessKeyId: 'AKIAEMULATOR00000000',
	secretAccessKey: 'emulator-demo-secret-key-not-a-real-one',
});

/** The accepted keys, by access key id. */
export class KeyRing {
	#byId = new Map<string, EmulatorCredentials>();
	readonly first: EmulatorCredentials;

	constructor(option: EmulatorCredentials | readonly EmulatorCredentials[] | undefined) {
		this.first = this.replace(option ?? [DEMO_CREDENTIALS], 'startEmulator');
	}

	/** Accepts these keys from now on, and no other: a rotation. Returns the first. */
	replace(
		option: EmulatorCredentials | readonly EmulatorCredentials[],
		caller = 'rotateCredentials',
	): EmulatorCredentials {
		const list = isList(option) ? option : [option];
		if (list.length === 0)
			throw new TypeError(`${caller}: \`credentials\` must hold at least one pair.`);
		const byId = new Map<string, EmulatorCredentials>();
		for (const [index, credentials] of list.entries()) {
			const where = `${caller}: \`credentials[${index}]\``;
			// A JavaScript caller may pass null in the list.
			const given = credentials as EmulatorCredentials | null | undefined;
			if (typeof given?.accessKeyId !== 'string' || credentials.accessKeyId === '')
				throw new TypeError(`${where}.accessKeyId must be a non-empty string.`);
			if (typeof credentials.secretAccessKey !== 'string' || credentials.secretAccessKey === '')
				throw new TypeError(`${where}.secretAccessKey must be a non-empty string.`);
			if (
				credentials.sessionToken !== undefined &&
				(typeof credentials.sessionToken !== 'string' || credentials.sessionToken === '')
			) {
				throw new TypeError(`${where}.sessionToken must be a non-empty string when set.`);
			}
			byId.set(credentials.accessKeyId, Object.freeze({ ...credentials }));
		}
		this.#byId = byId;
		return byId.get(list[0]?.accessKeyId ?? '') as EmulatorCredentials;
	}

	get(accessKeyId: string): EmulatorCredentials | undefined {
		return this.#byId.get(accessKeyId);
	}
}

// Array.isArray narrows a readonly array to any[]; this keeps the element type.
function isList<T>(option: T | readonly T[]): option is readonly T[] {
	return Array.isArray(option);
}

/** Compares secrets in constant time; hashing first hides the length too. */
export function safeEqual(a: string, b: string): boolean {
	return timingSafeEqual(
		createHash('sha256').update(a).digest(),
		createHash('sha256').update(b).digest(),
	);
}

/** The token sent must be exactly the key's token, and absent when the key has none. */
export function tokenMatches(credentials: EmulatorCredentials, sent: string | undefined): boolean {
	if (credentials.sessionToken === undefined) return sent === undefined;
	return sent !== undefined && safeEqual(credentials.sessionToken, sent);
}
