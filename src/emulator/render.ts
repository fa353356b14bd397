import type { EmulatorJob } from './jobs.js';
import { escapeXml, formatDate } from './xml.js';

// Byte-level rendering of stored jobs: a million `<member>`s without a million strings.
const OPEN = ascii('<member><JobId>');
const AFTER_ID = ascii('</JobId><CreationDate>');
// Indexed by tailIndex(job): the rest of a member is one of four byte strings.
const TAILS: readonly Uint8Array[] = (['false', 'true'] as const).flatMap((canceled) =>
	(['Import', 'Export'] as const).map((type) =>
		ascii(`</CreationDate><IsCanceled>${canceled}</IsCanceled><JobType>${type}</JobType></member>`),
	),
);
const LONGEST_FIXED = OPEN.length + AFTER_ID.length + 24 + Math.max(...TAILS.map((t) => t.length));

function ascii(text: string): Uint8Array {
	return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

/** Bytes that are surely enough for this job's member. */
export function memberBound(job: EmulatorJob): number {
	// An escaped character takes at most 6 bytes (`&quot;`), a UTF-16 unit at most 3 of UTF-8.
	return LONGEST_FIXED + job.JobId.length * 6;
}

/** Writes the job's `<member>` at `pos` (the caller made room: see memberBound); returns the new position. */
export function writeMember(buffer: Buffer, pos: number, job: EmulatorJob): number {
	pos = copy(buffer, pos, OPEN);
	pos = writeId(buffer, pos, job.JobId);
	pos = copy(buffer, pos, AFTER_ID);
	pos = writeDate(buffer, pos, job.CreationDate);
	return copy(
		buffer,
		pos,
		TAILS[(job.IsCanceled ? 2 : 0) + (job.JobType === 'Export' ? 1 : 0)] as Uint8Array,
	);
}

function copy(buffer: Buffer, pos: number, bytes: Uint8Array): number {
	// TypedArray#set is a memcpy; a byte loop is several times slower here.
	buffer.set(bytes, pos);
	return pos + bytes.length;
}

function writeId(buffer: Buffer, pos: number, id: string): number {
	for (let i = 0; i < id.length; i++) {
		const code = id.charCodeAt(i);
		// Anything but plain ASCII that needs no escaping takes the slow path.
		if (
			code >= 0x80 ||
			code === 0x26 ||
			code === 0x3c ||
			code === 0x3e ||
			code === 0x22 ||
			code === 0x27
		) {
			return pos + buffer.write(escapeXml(id), pos, 'utf8');
		}
	}
	for (let i = 0; i < id.length; i++) buffer[pos + i] = id.charCodeAt(i);
	return pos + id.length;
}

const ZERO = 0x30;
let lastDays = Number.NaN;
let lastCivil = 0;

function writeDate(buffer: Buffer, pos: number, date: Date): number {
	const ms = date.getTime();
	// Whole seconds in years 0000–9999 are the common case; the rest goes through formatDate.
	if (ms % 1000 !== 0 || ms < 0 || ms >= 253402300800000)
		return pos + buffer.write(formatDate(date), pos, 'latin1');
	const seconds = ms / 1000;
	const days = Math.floor(seconds / 86400);
	// Jobs come in date order, so consecutive ones mostly share a day.
	if (days !== lastDays) {
		lastDays = days;
		lastCivil = civilFromDays(days);
	}
	const civil = lastCivil;
	let rest = seconds - days * 86400;
	const hour = Math.floor(rest / 3600);
	rest -= hour * 3600;
	const minute = Math.floor(rest / 60);
	const second = rest - minute * 60;
	const year = Math.floor(civil / 10000);
	pos = digits(buffer, pos, year, 4);
	buffer[pos++] = 0x2d;
	pos = digits(buffer, pos, Math.floor(civil / 100) % 100, 2);
	buffer[pos++] = 0x2d;
	pos = digits(buffer, pos, civil % 100, 2);
	buffer[pos++] = 0x54; // T
	pos = digits(buffer, pos, hour, 2);
	buffer[pos++] = 0x3a;
	pos = digits(buffer, pos, minute, 2);
	buffer[pos++] = 0x3a;
	pos = digits(buffer, pos, second, 2);
	buffer[pos++] = 0x5a; // Z
	return pos;
}

function digits(buffer: Buffer, pos: number, value: number, width: number): number {
	for (let i = width - 1; i >= 0; i--) {
		buffer[pos + i] = ZERO + (value % 10);
		value = Math.floor(value / 10);
	}
	return pos + width;
}

/** Days since 1970-01-01 to the civil date packed as YYYYMMDD (Howard Hinnant's algorithm). */
export function civilFromDays(days: number): number {
	const z = days + 719468;
	const era = Math.floor(z / 146097);
	const doe = z - era * 146097;
	const yoe = Math.floor(
		(doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
	);
	const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
	const mp = Math.floor((5 * doy + 2) / 153);
	const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
	const month = mp < 10 ? mp + 3 : mp - 9;
	const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
	return year * 10000 + month * 100 + day;
}
