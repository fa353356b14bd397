// Summarises a V8 .cpuprofile (node --cpu-prof) of one listing: self time by package,
// where each page's time goes (network wait, sign, HTTP, parse, validate, paginate), and
// the hottest functions. Usable alone: node bench/profile-summary.mjs FILE.cpuprofile [pages]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const FXP =
	/\/node_modules\/(fast-xml-parser|@nodable\/entities|strnum|path-expression-matcher|xml-naming|is-unsafe|fast-xml-builder)\//;
const SPECIAL = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

/** The package (or our dist file) a script URL belongs to. */
export function packageOf(url) {
	if (FXP.test(url)) return 'fast-xml-parser';
	if (url.includes('/node_modules/zod/')) return 'zod';
	if (url.includes('/node_modules/aws4fetch/')) return 'aws4fetch';
	if (/\/node_modules\/(p-retry|is-network-error)\//.test(url)) return 'p-retry';
	if (url.includes('/node_modules/'))
		return `other package (${url.split('/node_modules/')[1]?.split('/')[0]})`;
	if (url.startsWith('node:internal/deps/undici')) return 'undici (fetch)';
	const dist = url.match(/\/dist\/(.+)$/);
	if (dist) return `ours: dist/${dist[1]}`;
	if (url.includes('/bench/')) return 'bench harness (consumer loop)';
	if (/^node:internal\/(crypto|webcrypto)/.test(url)) return 'node: crypto';
	if (/^node:internal\/(streams|webstreams)/.test(url)) return 'node: streams';
	if (url.startsWith('node:')) return 'node: other internals';
	return url === '' ? 'V8 builtins' : url;
}

const STAGES = [
	'network wait (idle)',
	'sign (aws4fetch, SigV4)',
	'HTTP (undici fetch, body read)',
	'parse (parseXml → fast-xml-parser)',
	'validate (zod, Date conversion)',
	'paginate + yield (generators, consumer)',
	'other client code (client, retry, deserialize)',
	'GC',
	'V8 / Node, not attributed',
	'stalled: not scheduled (machine load)',
];
const STALLED = STAGES[9];
// A sample gap this many times the typical one means the process was not running.
const STALL_FACTOR = 4;

/** Which stage of the listing a sample belongs to, from its whole stack. */
function stageOf(stack) {
	const leaf = stack[0];
	if (leaf.callFrame.functionName === '(idle)') return STAGES[0];
	if (leaf.callFrame.functionName === '(garbage collector)') return STAGES[7];
	const urls = stack.map((node) => node.callFrame.url);
	const names = stack.map((node) => `${node.callFrame.functionName}@${node.callFrame.url}`);
	if (
		urls.some((url) => FXP.test(url)) ||
		names.some((name) => /^parseXml@.*\/dist\/protocol\/xml\.js$/.test(name))
	)
		return STAGES[3];
	if (urls.some((url) => url.includes('/node_modules/zod/'))) return STAGES[4];
	if (urls.some((url) => url.includes('/node_modules/aws4fetch/'))) return STAGES[1];
	if (
		urls.some(
			(url) =>
				url.startsWith('node:internal/deps/undici') || /\/dist\/transport\/http\.js$/.test(url),
		)
	)
		return STAGES[2];
	if (
		urls.some((url) => /\/dist\/(pagination|consumers|node)\//.test(url) || url.includes('/bench/'))
	)
		return STAGES[5];
	if (urls.some((url) => url.includes('/dist/'))) return STAGES[6];
	return STAGES[8];
}

/** Per-sample durations: each sample lasts until the next one (what DevTools shows). */
function sampleDurations(profile, from = -Infinity, to = Infinity) {
	const { samples, timeDeltas } = profile;
	const durations = new Array(samples.length).fill(0);
	let at = profile.startTime;
	for (let i = 0; i < samples.length - 1; i++) {
		at += timeDeltas[i];
		if (at >= from && at < to) durations[i] = Math.max(0, timeDeltas[i + 1] ?? 0);
	}
	return durations;
}

const ms = (us) => (us / 1000).toFixed(1);
const pct = (part, total) => `${((100 * part) / total).toFixed(1)}%`;

/**
 * The summary as markdown tables. `pages` divides the stage times into a per-page cost;
 * `from` / `to` (profile clock, µs) keep only the samples of that window. V8 builtins (no
 * URL: RegExp, Date, string ops…) are charged to the JS function that called them.
 */
export function summarizeProfile(profile, { pages, from, to, top = 15, stagesOnly = false } = {}) {
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map();
	for (const node of profile.nodes)
		for (const child of node.children ?? []) parent.set(child, node);
	const stackOf = new Map();
	const stack = (node) => {
		let cached = stackOf.get(node.id);
		if (cached === undefined) {
			cached = [];
			for (let at = node; at !== undefined; at = parent.get(at.id)) cached.push(at);
			stackOf.set(node.id, cached);
		}
		return cached;
	};
	// The frame a sample's self time is charged to: the leaf, or its nearest caller with a URL.
	const owner = (node) => {
		const name = node.callFrame.functionName;
		if (SPECIAL.has(name)) return node;
		for (const at of stack(node)) if (at.callFrame.url !== '') return at;
		return node;
	};

	const durations = sampleDurations(profile, from, to);
	const total = durations.reduce((a, b) => a + b, 0);
	const sortedDeltas = [...profile.timeDeltas].sort((a, b) => a - b);
	const stallCap = STALL_FACTOR * (sortedDeltas[Math.floor(sortedDeltas.length / 2)] ?? 1000);
	const byPackage = new Map();
	const byFunction = new Map();
	const byStage = new Map(STAGES.map((stage) => [stage, 0]));
	profile.samples.forEach((id, i) => {
		const node = byId.get(id);
		let us = durations[i];
		if (node === undefined || us === 0) return;
		// A long gap after an on-CPU sample is time the process did not run: not the function's.
		if (us > stallCap && node.callFrame.functionName !== '(idle)') {
			byPackage.set(STALLED, (byPackage.get(STALLED) ?? 0) + us - stallCap);
			byStage.set(STALLED, byStage.get(STALLED) + us - stallCap);
			us = stallCap;
		}
		const frame = owner(node).callFrame;
		const special = SPECIAL.has(frame.functionName);
		const pkg = special
			? {
					'(idle)': 'idle (waiting on the network)',
					'(program)': 'V8 / native (program)',
					'(garbage collector)': 'GC',
					'(root)': '(root)',
				}[frame.functionName]
			: packageOf(frame.url);
		byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
		if (!special) {
			const key = `${frame.functionName || '(anonymous)'} — ${pkg}${frame.url.includes('/dist/') || frame.url.includes('/node_modules/') ? `:${frame.lineNumber + 1}` : ''}`;
			byFunction.set(key, (byFunction.get(key) ?? 0) + us);
		}
		const stage = stageOf(stack(node));
		byStage.set(stage, byStage.get(stage) + us);
	});

	const busy =
		total - (byPackage.get('idle (waiting on the network)') ?? 0) - (byPackage.get(STALLED) ?? 0);
	const lines = [];
	if (!stagesOnly) {
		lines.push(
			`${ms(total)} ms sampled, ${ms(busy)} ms of it on the CPU (main thread). A gap between samples over ${STALL_FACTOR}× the usual one (${ms(stallCap)} ms) counts as "stalled", not as the sampled function's time.`,
			'',
		);
		lines.push(
			'| self time by package (builtins charged to their caller) | ms | % of sampled | % of CPU |',
			'| --- | ---: | ---: | ---: |',
		);
		for (const [pkg, us] of [...byPackage].sort((a, b) => b[1] - a[1])) {
			lines.push(
				`| ${pkg} | ${ms(us)} | ${pct(us, total)} | ${pkg.startsWith('idle') || pkg === STALLED ? '' : pct(us, busy)} |`,
			);
		}
		lines.push('');
	}
	lines.push(
		`| stage (by stack) | ms | % of sampled |${pages ? ' ms per page |' : ''}`,
		`| --- | ---: | ---: |${pages ? ' ---: |' : ''}`,
	);
	for (const stage of STAGES) {
		const us = byStage.get(stage);
		lines.push(
			`| ${stage} | ${ms(us)} | ${pct(us, total)} |${pages ? ` ${(us / 1000 / pages).toFixed(2)} |` : ''}`,
		);
	}
	lines.push(
		`| total | ${ms(total)} | 100% |${pages ? ` ${(total / 1000 / pages).toFixed(2)} |` : ''}`,
	);
	if (top > 0) {
		lines.push('');
		lines.push('| hottest functions (self) | ms | % of CPU |', '| --- | ---: | ---: |');
		for (const [name, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top))
			lines.push(`| ${name.replaceAll('|', '\\|')} | ${ms(us)} | ${pct(us, busy)} |`);
	}
	return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const [file, pages, from, to] = process.argv.slice(2);
	if (file === undefined) {
		console.error('usage: node bench/profile-summary.mjs FILE.cpuprofile [pages [fromUs toUs]]');
		process.exit(2);
	}
	const number = (value) => (value === undefined ? undefined : Number(value));
	console.log(
		summarizeProfile(JSON.parse(readFileSync(file, 'utf8')), {
			pages: number(pages),
			from: number(from),
			to: number(to),
		}),
	);
}
