// fast-xml-parser on one page of 1,000 jobs: the client's options against single changes,
// to find what the options cost. node bench/micro/parse.mjs
import { XMLParser } from 'fast-xml-parser';
import { XML_PARSER_OPTIONS, parseXml } from '../../dist/protocol/xml.js';
import { compare, pageXml, print } from './page.mjs';

const xml = pageXml();
// The client's own options (src/protocol/xml.ts), varied one at a time.
const client = XML_PARSER_OPTIONS;
const { isArray: _isArray, ...noIsArray } = client;
const options = {
	'client options': client,
	'processEntities: false': { ...client, processEntities: false },
	'removeNSPrefix: false': { ...client, removeNSPrefix: false },
	'trimValues: false': { ...client, trimValues: false },
	'ignoreDeclaration + ignorePiTags': { ...client, ignoreDeclaration: true, ignorePiTags: true },
	'no isArray callback': noIsArray,
	'jPath: true': { ...client, jPath: true },
};
const variants = { 'parseXml (dist/protocol/xml.js)': () => parseXml(xml) };
for (const [name, o] of Object.entries(options)) {
	const parser = new XMLParser(o);
	variants[name] = () => parser.parse(xml);
}
print(`parse one page of 1,000 jobs, ${xml.length} characters (CPU time)`, compare(variants, { warmup: 15, batches: 7, perBatch: 8 }));
