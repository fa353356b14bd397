import type { JobFilter } from '../index.js';
import { UsageError } from './args.js';

/** The filter flags `list` and `export` share. */
export const FILTER_FLAGS = {
	type: { type: 'string' },
	canceled: { type: 'boolean' },
	active: { type: 'boolean' },
} as const;

export interface FilterFlags {
	type?: string | undefined;
	canceled?: boolean | undefined;
	active?: boolean | undefined;
}

/** `--type Import|Export`, `--canceled` or `--active` as a job filter; `undefined` when none is given. */
export function filterFromFlags(flags: FilterFlags, usage: string): JobFilter | undefined {
	const { type, canceled, active } = flags;
	if (type !== undefined && type !== 'Import' && type !== 'Export')
		throw new UsageError(`--type must be Import or Export, got ${JSON.stringify(type)}.`, usage);
	if (canceled === true && active === true)
		throw new UsageError('--canceled and --active exclude each other: give one of them.', usage);
	const state = canceled === true ? true : active === true ? false : undefined;
	if (type === undefined && state === undefined) return undefined;
	return {
		...(type === undefined ? {} : { type }),
		...(state === undefined ? {} : { canceled: state }),
	};
}

/** `--type Export --active`, for the summary line. */
export function describeFilterFlags(filter: JobFilter): string {
	const parts: string[] = [];
	if (filter.type !== undefined) parts.push(`--type ${filter.type}`);
	if (filter.canceled !== undefined) parts.push(filter.canceled ? '--canceled' : '--active');
	return parts.join(' ');
}
