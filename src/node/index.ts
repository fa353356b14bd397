export { jobsReadable, toNdjson, type JobsReadableOptions } from './readable.js';
