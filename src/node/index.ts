export { jobsReadable, toNdjson, type JobsReadableOptions } from './readable.js';
export { CSV_COLUMNS, CSV_HEADER, jobToCsv, jobsToCsv } from './csv.js';
export { exportJobs, type ExportResult } from './export.js';
export type { ExportJobsOptions } from './export-options.js';
export { EXPORT_FORMATS, type ExportFormat } from './checkpoint.js';
export type { ExportFileSystem } from './export-fs.js';
export { ExportCheckpointError, ExportError, type ExportProgress } from './export-errors.js';
export { ImportExportClient, type ImportExportClientOptions } from './client.js';
export { awsCredentialChain } from './credential-chain.js';
export {
	loadSharedSettings,
	type SharedSettings,
	type SharedSettingsOptions,
	type Sourced,
} from './shared-config.js';
