export { DEMO_CREDENTIALS, type EmulatorCredentials } from './credentials.js';
export type { Fault, FaultKind, FaultOptions } from './faults.js';
export { MAX_GENERATED_JOBS, generateJobs, type EmulatorJob } from './jobs.js';
export type { RateLimitOptions } from './rate-limit.js';
export { startEmulator } from './server.js';
export type { Emulator, EmulatorCounters, EmulatorOptions, RequestLogEntry } from './types.js';
export {
	startStsEmulator,
	type AssumeRoleCall,
	type StsEmulator,
	type StsEmulatorOptions,
} from './sts.js';
