import { describe, expect, it } from 'vitest';
import { lastElementText, peekNextPage } from '../src/protocol/peek.js';
import { mayHoldStopPoint } from '../src/protocol/peek-stop.js';

const page = (truncated: string, ...ids: string[]): string =>
	`<ListJobsResponse><ListJobsResult><Jobs>${ids
		.map((id) => `<member><JobId>${id}</JobId></member>`)
		.join('')}</Jobs><IsTruncated>${truncated}</IsTruncated></ListJobsResult></ListJobsResponse>`;

describe('peekNextPage: the read-ahead guess', () => {
	it('reads IsTruncated with white space around it, as the parser does', () => {
		expect(peekNextPage(page('\n true \n', 'A', 'B'))).toEqual({
			isTruncated: true,
			lastJobId: 'B',
		});
		expect(peekNextPage(page(' false ', 'A'))).toEqual({
			isTruncated: false,
			lastJobId: undefined,
		});
	});

	it('does not need a JobId when the listing ends', () => {
		expect(peekNextPage(page('false'))).toEqual({ isTruncated: false, lastJobId: undefined });
	});

	it('gives up when IsTruncated is missing or neither true nor false, whatever the JobIds', () => {
		expect(peekNextPage(page('maybe', 'A'))).toBeUndefined();
		expect(peekNextPage(page('', 'A'))).toBeUndefined();
		expect(peekNextPage('<r><JobId>A</JobId></r>')).toBeUndefined();
	});

	it('gives up on a truncated page whose last JobId is empty', () => {
		expect(peekNextPage(page('true', 'A', ''))).toBeUndefined();
	});

	it('keeps the spaces of the last JobId: they are part of it', () => {
		expect(peekNextPage(page('true', ' A B '))?.lastJobId).toBe(' A B ');
	});
});

describe('lastElementText', () => {
	it('reads the last element of that name, with or without a namespace prefix', () => {
		expect(lastElementText('<r><a>1</a><a>2</a></r>', 'a')).toBe('2');
		expect(lastElementText('<ie:r><ie:a>1</ie:a></ie:r>', 'a')).toBe('1');
		expect(lastElementText('<r><x_1.b-c:a>v</x_1.b-c:a></r>', 'a')).toBe('v');
		expect(lastElementText('<_p:a>v</_p:a>', 'a')).toBe('v');
	});

	it('does not take an element whose name only ends with the name asked for', () => {
		expect(lastElementText('<r><a>1</a><Xa>2</Xa></r>', 'a')).toBeUndefined();
		expect(lastElementText('<r><a>1</a><p:Xa>2</p:Xa></r>', 'a')).toBeUndefined();
		expect(lastElementText('<r><Xa>2</Xa><a>1</a></r>', 'a')).toBe('1');
		expect(lastElementText('<r><Xa>1</a></r>', 'a')).toBeUndefined();
		expect(lastElementText('<r><p:Xa>1</a></r>', 'a')).toBeUndefined();
		expect(lastElementText('<r><a>1</Xa></r>', 'a')).toBeUndefined();
		expect(lastElementText('<r><a>1</p q:a></r>', 'a')).toBeUndefined();
	});

	it('refuses a prefix that is not a name', () => {
		expect(lastElementText('<1p:a>v</1p:a>', 'a')).toBeUndefined();
		expect(lastElementText('<-p:a>v</-p:a>', 'a')).toBeUndefined();
		expect(lastElementText('<p q:a>v</p q:a>', 'a')).toBeUndefined();
		expect(lastElementText('<:a>v</:a>', 'a')).toBeUndefined();
	});

	it('gives up when the name is in the text, not in an end tag', () => {
		expect(lastElementText('<r><a>1</a><b>see a></b></r>', 'a')).toBeUndefined();
		expect(lastElementText('a>v</a>', 'a')).toBeUndefined();
		expect(lastElementText('<r>v</a>', 'a')).toBeUndefined();
		expect(lastElementText('x a>v</a>', 'a')).toBeUndefined();
		expect(lastElementText('', 'a')).toBeUndefined();
	});

	it('reads an empty element as empty text', () => {
		expect(lastElementText('<r><a></a></r>', 'a')).toBe('');
	});

	it('leaves markup and references to the parser', () => {
		expect(lastElementText('<a>x&amp;y</a>', 'a')).toBeUndefined();
		expect(lastElementText('<a><![CDATA[x]]></a>', 'a')).toBeUndefined();
		expect(lastElementText('<a>x<b/>y</a>', 'a')).toBeUndefined();
	});
});

describe('mayHoldStopPoint: whether to hold back the read-ahead', () => {
	const dated = (...dates: string[]): string =>
		`<r>${dates.map((date) => `<member><JobId>J</JobId><CreationDate>${date}</CreationDate></member>`).join('')}</r>`;
	const since = new Date('2020-06-01T00:00:00Z');

	it('no stop point: never', () => {
		expect(mayHoldStopPoint('<r>&amp; A</r>', { jobId: undefined, since: undefined })).toBe(false);
	});

	it('a stop JobId: when the body holds it, or a reference that could spell it', () => {
		const stop = { jobId: 'STOP-1', since: undefined };
		expect(mayHoldStopPoint('<r><JobId>STOP-1</JobId></r>', stop)).toBe(true);
		expect(mayHoldStopPoint('<r><JobId>&#83;TOP-1</JobId></r>', stop)).toBe(true);
		expect(mayHoldStopPoint('<r><JobId>GO-1</JobId></r>', stop)).toBe(false);
	});

	it('a stop date: when the page reaches back to it or past it', () => {
		const stop = { jobId: undefined, since };
		expect(mayHoldStopPoint(dated('2020-07-01T00:00:00Z', '2020-06-02T00:00:00Z'), stop)).toBe(
			false,
		);
		expect(mayHoldStopPoint(dated('2020-07-01T00:00:00Z', '2020-06-01T00:00:00Z'), stop)).toBe(
			true,
		);
		expect(mayHoldStopPoint(dated('2020-07-01T00:00:00Z', '2020-05-01T00:00:00Z'), stop)).toBe(
			true,
		);
	});

	it('a stop date: reads the last date with white space around it', () => {
		expect(mayHoldStopPoint(dated('\n 2020-07-01T00:00:00Z \n'), { jobId: undefined, since })).toBe(
			false,
		);
	});

	it('a stop date: "maybe" when the last date cannot be read', () => {
		const stop = { jobId: undefined, since };
		expect(mayHoldStopPoint('<r><JobId>J</JobId></r>', stop)).toBe(true);
		expect(mayHoldStopPoint(dated('not a date'), stop)).toBe(true);
	});

	it('both: the JobId is looked for first, the date still counts without it', () => {
		const stop = { jobId: 'STOP-1', since };
		expect(mayHoldStopPoint(dated('2020-07-01T00:00:00Z'), stop)).toBe(false);
		expect(mayHoldStopPoint(dated('2020-05-01T00:00:00Z'), stop)).toBe(true);
	});
});
