// Jobs -> NDJSON -> gzip file, with backpressure end to end: a slow disk slows the listing,
// and memory stays flat however many jobs there are.
import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { jobsReadable, toNdjson } from 'importexport-jobs/node';
import { connect } from './_connect.js';

const target = process.argv[2] ?? join(tmpdir(), `importexport-jobs-${process.pid}.ndjson.gz`);
const { client, close } = await connect({ jobCount: 20_000 });
try {
	await pipeline(jobsReadable(client), toNdjson(), createGzip(), createWriteStream(target));
	console.log(`wrote ${target} (${(await stat(target)).size} bytes gzipped)`);
} finally {
	await close();
}
