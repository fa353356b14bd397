import { createHash } from 'node:crypto';
// zod/mini, as the core's schemas: classic zod's namespace would bring all of zod (locales too)
// into the package's bundled entries, which load it at import.
import * as z from 'zod/mini';
import { issueMessage } from '../protocol/issue-messages.js';
import { ExportCheckpointError } from './export-errors.js';
import { replaceFile, type ExportFileSystem } from './export-fs.js';

export const EXPORT_FORMATS = ['ndjson', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The options that decide the file's bytes: a run with other ones must not continue the file. */
export interface ExportSettings {
	format: ExportFormat;
	/** `type=Export,canceled=false`, `function sha256:…`, or `null` for none. */
	filter: string | null;
	startingMarker: string | null;
	/** `null` for no limit. */
	maxItems: number | null;
	/** Present only when set, so a checkpoint written before these options existed still matches. */
	stopAtJobId?: string | undefined;
	/** `since` as an ISO 8601 time; present only when set. */
	since?: string | undefined;
}

const nonEmpty = () => z.string().check(z.minLength(1));
const count = () => z.int().check(z.minimum(0));

const CheckpointSchema = z.strictObject({
	version: z.literal(1),
	// Checked against the hash of `settings` once read: nothing else could match it.
	fingerprint: z.string(),
	settings: z.strictObject({
		format: z.enum(EXPORT_FORMATS),
		filter: z.nullable(z.string()),
		startingMarker: z.nullable(nonEmpty()),
		maxItems: z.nullable(count()),
		stopAtJobId: z.optional(nonEmpty()),
		since: z.optional(z.iso.datetime()),
	}),
	/** The last JobId listed, written or filtered out; `null` before the first page. */
	lastJobId: z.nullable(nonEmpty()),
	jobsListed: count(),
	jobsWritten: count(),
	/** Length of the side file that holds those jobs; anything beyond it is cut off on resume. */
	bytes: count(),
	/** The listing is over: only the rename to the target is left. */
	complete: z.boolean(),
});

export type Checkpoint = z.output<typeof CheckpointSchema>;

/** A hash of the settings, in a fixed key order. */
export function fingerprintOf(settings: ExportSettings): string {
	const stop =
		settings.stopAtJobId === undefined && settings.since === undefined
			? []
			: [settings.stopAtJobId ?? null, settings.since ?? null];
	const canonical = JSON.stringify([
		settings.format,
		settings.filter,
		settings.startingMarker,
		settings.maxItems,
		...stop,
	]);
	return createHash('sha256').update(canonical).digest('hex');
}

/** The checkpoint at `path`, or `undefined` when there is none. */
export async function readCheckpoint(
	fs: ExportFileSystem,
	path: string,
	out: string,
): Promise<Checkpoint | undefined> {
	let text: string;
	try {
		text = await fs.readFile(path, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
		throw error;
	}
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch (error) {
		throw notACheckpoint(path, out, error);
	}
	const parsed = CheckpointSchema.safeParse(json, { error: issueMessage });
	if (!parsed.success) throw notACheckpoint(path, out, parsed.error);
	if (parsed.data.fingerprint !== fingerprintOf(parsed.data.settings))
		throw notACheckpoint(path, out, undefined);
	return parsed.data;
}

/** `cause` says what was wrong: the JSON syntax error, or the schema's issues. */
function notACheckpoint(path: string, out: string, cause: unknown): ExportCheckpointError {
	return new ExportCheckpointError(
		`${path} is not a checkpoint this version of importexport-jobs wrote; delete it and ${out}.partial to start the export over.`,
		{ out, path, cause },
	);
}

/** Replaces the checkpoint atomically: a crash leaves the old one or the new one, never a mix. */
export function writeCheckpoint(
	fs: ExportFileSystem,
	path: string,
	checkpoint: Checkpoint,
): Promise<void> {
	return replaceFile(fs, path, `${JSON.stringify(checkpoint)}\n`);
}

/** Names the settings that differ, e.g. `format csv (checkpoint: ndjson)`. */
export function describeMismatch(saved: ExportSettings, wanted: ExportSettings): string {
	const keys = ['format', 'filter', 'startingMarker', 'maxItems', 'stopAtJobId', 'since'] as const;
	return keys
		.filter((key) => (saved[key] ?? null) !== (wanted[key] ?? null))
		.map(
			(key) =>
				`${key} ${JSON.stringify(wanted[key] ?? null)} (checkpoint: ${JSON.stringify(saved[key] ?? null)})`,
		)
		.join(', ');
}
