import { describe, expect, it } from 'vitest';
import {
	ImportExportClient,
	paginateListJobs,
	ResponseEncodingError,
	ResponseParseError,
	ResponseValidationError,
	ServiceError,
	type ListJobsResponse,
} from '../src/index.js';
import { parseXml, XmlSyntaxError } from '../src/protocol/xml.js';
import { caught } from './helpers.js';
import { loopbackServer, pageXml } from './loopback-server.js';

const credentials = {
	accessKeyId: 'AKIDXMLLETTER0000001',
	secretAccessKey: 'xml-letter-secret-0000000000000000000000',
};

/** A client for a loopback server that answers every request with `body` (a string is sent as UTF-8). */
async function clientServing(
	body: string | Buffer,
	headers: Record<string, string> = { 'content-type': 'text/xml' },
	status = 200,
): Promise<{ client: ImportExportClient; requests: () => number }> {
	const server = await loopbackServer((_request, response) => {
		response.writeHead(status, headers);
		response.end(body);
	});
	const client = new ImportExportClient({
		endpoint: server.endpoint,
		credentials,
		retry: { maxAttempts: 2, sleep: async () => {} },
	});
	return { client, requests: () => server.requests.length };
}

async function listed(
	body: string | Buffer,
	headers?: Record<string, string>,
): Promise<ListJobsResponse> {
	return (await clientServing(body, headers)).client.listJobs();
}

describe('XML read to the letter', () => {
	it('decodes character references: &#x41;BC12 is ABC12', async () => {
		const page = await listed(
			pageXml([{ JobId: '&#x41;BC12' }, { JobId: '&#65;&#x42;&amp;&#x1F600;' }]),
		);
		expect(page.Jobs.map((job) => job.JobId)).toEqual(['ABC12', 'AB&😀']);
	});

	it.each([
		['a comment', '<!-- served by node-7 -->'],
		['white space and a processing instruction', '\n  <?trace id="1"?>\n'],
		['a comment between line breaks', '\r\n<!-- end -->\r\n'],
	])('accepts %s after the root element', async (_name, trailer) => {
		const page = await listed(`${pageXml([{ JobId: 'ABC12' }])}${trailer}`);
		expect(page.Jobs.map((job) => job.JobId)).toEqual(['ABC12']);
	});

	it('refuses a mismatched closing tag loudly', async () => {
		const { client } = await clientServing(
			pageXml([{ JobId: 'ABC12' }]).replace('</Jobs>', '</Jobz>'),
		);
		const error = await caught(() => client.listJobs());
		expect(error).toBeInstanceOf(ResponseParseError);
		expect(error.message).toMatch(/Expected closing tag 'Jobs'.*'Jobz'/);
	});

	it('refuses a run of <item> in <Jobs> as a validation error, not an empty page', async () => {
		const { client } = await clientServing(
			pageXml([{ JobId: 'ABC12' }]).replaceAll('member>', 'item>'),
		);
		const error = await caught(() => client.listJobs());
		expect(error).toBeInstanceOf(ResponseValidationError);
		expect((error as ResponseValidationError).issues[0]!.path).toBe('Jobs');
	});

	it.each([
		['an undefined entity', '&nbsp;'],
		['a bare ampersand', 'A & B'],
		['a reference to NUL', '&#0;'],
		['a reference to a surrogate', '&#xD800;'],
	])('refuses %s instead of passing it through', async (_name, value) => {
		const { client } = await clientServing(pageXml([{ JobId: value }]));
		expect(await caught(() => client.listJobs())).toBeInstanceOf(ResponseParseError);
	});

	it('still refuses a DTD before anything is expanded', () => {
		expect(() => parseXml('<!DOCTYPE r [<!ENTITY a "&#65;">]><r>&a;</r>')).toThrow(XmlSyntaxError);
	});

	it('refuses a second root element', () => {
		expect(() => parseXml('<r>1</r><r>2</r>')).toThrow(/more than one root/);
		expect(() => parseXml('<r/><s/>')).toThrow(/more than one root/);
	});
});

describe('the body is decoded per its charset', () => {
	const latin1Page = Buffer.from(pageXml([{ JobId: 'CAFÉ1' }]), 'latin1');

	it('charset=ISO-8859-1 in Content-Type', async () => {
		const page = await listed(latin1Page, { 'content-type': 'text/xml; charset=ISO-8859-1' });
		expect(page.Jobs[0]!.JobId).toBe('CAFÉ1');
	});

	it('the XML declaration when Content-Type names no charset', async () => {
		const body = Buffer.concat([
			Buffer.from('<?xml version="1.0" encoding="windows-1252"?>\n'),
			latin1Page,
		]);
		const page = await listed(body, { 'content-type': 'text/xml' });
		expect(page.Jobs[0]!.JobId).toBe('CAFÉ1');
	});

	it('UTF-16 with a byte order mark', async () => {
		const page = await listed(Buffer.from(`\ufeff${pageXml([{ JobId: 'ÉTÉ01' }])}`, 'utf16le'), {
			'content-type': 'application/xml',
		});
		expect(page.Jobs[0]!.JobId).toBe('ÉTÉ01');
	});

	it('a body streamed without Content-Length is decoded the same way', async () => {
		const { client } = await clientServing(latin1Page, {
			'content-type': 'text/xml; charset="iso-8859-1"',
			'transfer-encoding': 'chunked',
		});
		expect((await client.listJobs()).Jobs[0]!.JobId).toBe('CAFÉ1');
	});

	it('refuses a charset that cannot be decoded, once, loudly', async () => {
		const { client, requests } = await clientServing(pageXml([{ JobId: 'ABC12' }]), {
			'content-type': 'text/xml; charset=x-klingon',
		});
		const error = await caught(() => client.listJobs());
		expect(error).toBeInstanceOf(ResponseEncodingError);
		expect(error.message).toContain('x-klingon');
		expect(requests()).toBe(1);
	});

	it('refuses bytes that are not valid UTF-8 rather than reading replacement characters', async () => {
		const error = await caught(() =>
			listed(latin1Page, { 'content-type': 'text/xml; charset=utf-8' }),
		);
		expect(error).toBeInstanceOf(ResponseEncodingError);
		expect(error.message).toMatch(/not valid utf-8/);
	});

	it('an error response in an unknown charset is still the retryable 503 it is', async () => {
		const { client, requests } = await clientServing(
			'<html>busy</html>',
			{ 'content-type': 'text/html; charset=x-klingon' },
			503,
		);
		const error = await caught(() => client.listJobs());
		expect(error).toBeInstanceOf(ServiceError);
		expect((error as ServiceError).statusCode).toBe(503);
		expect(requests()).toBe(2);
	});
});

describe('text kept as XML keeps it (regression: the parser trimmed every value)', () => {
	it('keeps the spaces of a JobId and sends it back unchanged as the next Marker', async () => {
		const server = await loopbackServer((request, response) => {
			response.writeHead(200, { 'content-type': 'text/xml' });
			const first = !request.body.includes('Marker=');
			response.end(
				first ? pageXml([{ JobId: ' pad ' }], { truncated: true }) : pageXml([{ JobId: 'after' }]),
			);
		});
		const client = new ImportExportClient({
			endpoint: server.endpoint,
			credentials,
			retry: { sleep: async () => {} },
		});
		const ids: string[] = [];
		for await (const job of paginateListJobs(client)) ids.push(job.JobId);
		expect(ids).toEqual([' pad ', 'after']);
		expect(server.requests[1]!.body).toContain('Marker=%20pad%20');
	});

	it('drops indentation, and reads booleans and dates with their white space collapsed', () => {
		const document = parseXml(
			'<R>\n  <Jobs>\n    <member><JobId>\tA\t</JobId><IsCanceled> true </IsCanceled></member>\n  </Jobs>\n  <Empty>\n  </Empty>\n</R>',
		);
		expect(document).toEqual({
			R: { Jobs: { member: [{ JobId: '\tA\t', IsCanceled: 'true' }] }, Empty: '' },
		});
	});

	it('reads an indented page exactly as the compact one', async () => {
		const compact = pageXml([{ JobId: 'ABC12' }, { JobId: 'DEF34' }]);
		const indented = compact
			.replaceAll('><', '>\n    <')
			.replace(/<JobId>\n\s*/g, '<JobId>')
			.replace(/\n\s*<\/JobId>/g, '</JobId>');
		expect((await listed(indented)).Jobs).toEqual((await listed(compact)).Jobs);
	});
});

describe('the tag check that stands in for XMLValidator (a tenth of its cost)', () => {
	it.each([
		['a tag inside a comment', '<r><!-- </r> <x> --><a>1</a></r>', { r: { a: '1' } }],
		['markup inside CDATA', '<r><a><![CDATA[</a><b>]]></a></r>', { r: { a: '</a><b>' } }],
		['a > inside a quoted attribute', '<r><a x="1>2" y=\'</a>\'>v</a></r>', { r: { a: 'v' } }],
		['white space before the end of an end tag', '<r><a>v</a ></r >', { r: { a: 'v' } }],
		['a prefixed element', '<p:r xmlns:p="urn:x"><p:a>v</p:a></p:r>', { r: { a: 'v' } }],
		['a self-closing element', '<r><a/><b x="/"/></r>', { r: { a: '', b: '' } }],
	])('accepts %s', (_name, xml, expected) => {
		expect(parseXml(xml)).toEqual(expected);
	});

	it.each([
		[
			'an end tag that names another element',
			'<r><a>v</b></r>',
			/Expected closing tag 'a' instead of closing tag 'b'/,
		],
		['an end tag with no element open', '<r/></r>', /no element open/],
		['a prefix that differs', '<p:r><p:a>v</q:a></p:r>', /Expected closing tag 'p:a'/],
		['a body cut inside a tag', '<r><a x="1', /cut short/],
		['a body cut inside an element', '<r><a>v</a>', /cut short \(<r> is never closed\)/],
		['a comment never closed', '<r><!-- …', /cut short \(a comment is never closed\)/],
		['text after the root', '<r/>tail', /text outside the root element/],
		['text before the root', 'head<r/>', /text outside the root element/],
		['no element at all', '  <!-- only a comment -->  ', /no element/],
	])('refuses %s', (_name, xml, message) => {
		expect(() => parseXml(xml)).toThrow(XmlSyntaxError);
		expect(() => parseXml(xml)).toThrow(message);
	});
});
