// fast-xml-parser on one page of 1,000 jobs: the client's options against single changes,
// to find what the options cost. node bench/micro/parse.mjs
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { XML_PARSER_OPTIONS, parseXml } from '../../dist/protocol/xml.js';
import { compare, pageXml, print } from './page.mjs';

const xml = pageXml();
// The client's own options (src/protocol/xml.ts), varied one at a time.
const client = XML_PARSER_OPTIONS;
const options = {
	'client options': client,
	'processEntities: false': { ...client, processEntities: false },
	'library entity decoder (no entityDecoder)': (({ entityDecoder: _decoder, ...rest }) => rest)(
		client,
	),
	'removeNSPrefix: false': { ...client, removeNSPrefix: false },
	'trimValues: false': { ...client, trimValues: false },
	'ignoreDeclaration + ignorePiTags': { ...client, ignoreDeclaration: true, ignorePiTags: true },
	'jPath: true': { ...client, jPath: true },
	// What parseXml does itself from the ordered tree (src/protocol/xml.ts `build`), done by the library.
	'preserveOrder: false (the library builds the object)': {
		...client,
		preserveOrder: false,
		isArray: (name) => name === 'member',
	},
};
// parseXml = the tag check + the parse with the client's options + building the object.
const variants = {
	'parseXml (dist/protocol/xml.js)': () => parseXml(xml),
	'XMLValidator.validate alone': () => XMLValidator.validate(xml),
};
for (const [name, o] of Object.entries(options)) {
	const parser = new XMLParser(o);
	variants[name] = () => parser.parse(xml);
}
print(
	`parse one page of 1,000 jobs, ${xml.length} characters (CPU time)`,
	compare(variants, { warmup: 15, batches: 7, perBatch: 8 }),
);
