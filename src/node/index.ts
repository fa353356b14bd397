export { jobsReadable, toNdjson, type JobsReadableOptions } from './readable.js';
export { ImportExportClient, type ImportExportClientOptions } from './client.js';
export { awsCredentialChain } from './credential-chain.js';
export { loadSharedSettings, type SharedSettings, type SharedSettingsOptions, type Sourced } from './shared-config.js';
