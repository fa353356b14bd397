// Compile-only: `npm run typecheck` checks these lines; each @ts-expect-error must stay an error. Nothing here runs.
// The key maps of src/ are written `{ … } satisfies OptionKeys<X>`: this is what makes a forgotten
// or misspelt option a compile error there.
import type { PaginateOptions } from '../../src/pagination/options.js';
import type { OptionKeys } from '../../src/transport/option-check.js';

interface Example {
	first?: number | undefined;
	second: string;
}

export const complete = { first: true, second: true } as const satisfies OptionKeys<Example>;
// @ts-expect-error `second` is forgotten
export const forgotten = { first: true } as const satisfies OptionKeys<Example>;
// @ts-expect-error `thrid` is no option of Example
export const misspelt = { first: true, second: true, thrid: true } as const satisfies OptionKeys<Example>;
// @ts-expect-error a paginate option (here `onPage`) left out of a map of PaginateOptions
export const paginateWithoutOnPage = { pageSize: true, startingMarker: true, maxItems: true, maxPages: true, signal: true, prefetch: true, apiVersion: true } as const satisfies OptionKeys<PaginateOptions>;
