import type { JobCatalog } from './catalog.js';
import { API_VERSION } from '../protocol/list-jobs.js';
import { senderError, type ApiError } from './errors.js';

/** Form parameters with URLSearchParams semantics (`+` is a space), in the order sent. */
export function parseForm(text: string): Array<[string, string]> {
	return [...new URLSearchParams(text)];
}

export interface ListJobsRequest {
	/** Index of the marker job in the catalog; `undefined` starts from the newest job. */
	markerIndex: number | undefined;
	maxJobs: number;
}

/** Checks the ListJobs parameters in the order the service does; the first problem wins. */
export function validateListJobs(
	params: ReadonlyArray<readonly [string, string]>,
	catalog: JobCatalog,
	defaultMaxJobs: number,
): ListJobsRequest | ApiError {
	const get = (name: string): string | undefined => params.find(([n]) => n === name)?.[1];
	const action = get('Action');
	if (action === undefined || action === '')
		return senderError(
			400,
			'MissingAction',
			'The request is missing an action or a required parameter.',
		);
	if (action !== 'ListJobs')
		return senderError(
			400,
			'InvalidAction',
			`The action ${action} is not valid for this web service.`,
		);
	const version = get('Version');
	if (version !== API_VERSION)
		return senderError(
			400,
			'NoSuchVersion',
			`The requested version (${version === undefined || version === '' ? '(none)' : version}) of service ImportExport does not exist.`,
		);
	const apiVersion = get('APIVersion');
	if (apiVersion !== undefined && !/^\d+(?:\.\d+)*$/.test(apiVersion)) {
		return senderError(
			400,
			'InvalidVersionException',
			`The APIVersion ${JSON.stringify(apiVersion)} is not a valid version: use digits and dots, e.g. 2.0.`,
		);
	}

	let maxJobs = defaultMaxJobs;
	const maxJobsText = get('MaxJobs');
	if (maxJobsText !== undefined) {
		maxJobs = /^\d{1,4}$/.test(maxJobsText) ? Number(maxJobsText) : Number.NaN;
		if (!(maxJobs >= 0 && maxJobs <= 1000)) {
			return senderError(
				400,
				'InvalidParameterException',
				`Invalid value for MaxJobs: ${JSON.stringify(maxJobsText)}. MaxJobs must be an integer between 0 and 1000.`,
			);
		}
	}
	const marker = get('Marker');
	let markerIndex: number | undefined;
	if (marker !== undefined) {
		markerIndex = catalog.indexOf(marker);
		if (markerIndex === undefined)
			return senderError(
				400,
				'InvalidParameterException',
				`Invalid value for Marker: ${JSON.stringify(marker)} is not the JobId of a job of this account.`,
			);
	}
	return { markerIndex, maxJobs };
}
