// The package's Node main entry, not ../node/index.js: esbuild's code splitting would put every
// module that barrel re-exports (the export command's, node:crypto with them) in a chunk `list` loads.
import { ImportExportClient } from '../node/main.js';
import { debugTrace } from './debug-trace.js';
import type { Io } from './io.js';
import type { ListingArgs } from './listing-args.js';
import type { Progress } from './progress.js';
import type { ListingStats } from './stats.js';

/** The client of `list` and `export`: the flags' options, retries counted, `--debug`'s wire trace. */
export function cliClient(
	args: ListingArgs,
	stats: ListingStats,
	progress: Progress,
	io: Io,
): ImportExportClient {
	return new ImportExportClient({
		...args.client,
		userAgent: 'cli',
		// The progress line is drawn on stderr too: cleared before each trace line.
		...(args.debug
			? debugTrace((line) => {
					progress.clear();
					io.stderr.write(line);
				})
			: {}),
		retry: {
			...args.client.retry,
			onRetry: (event) => {
				stats.onRetry(event);
				progress.update();
			},
		},
	});
}
