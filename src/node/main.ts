// The package's main entry under the `node` condition of `exports`: the core, whose client
// finds credentials, settings and proxies as the AWS CLI does. Bundles for browsers and
// workers resolve `importexport-jobs` to the core (src/index.ts), which imports none of it.
export * from '../index.js';
export { ImportExportClient, type ImportExportClientOptions } from './client.js';
