// Compile-only: `npm run typecheck` checks these lines; each @ts-expect-error must stay an error. Nothing here runs.
import {
	ImportExportClient,
	collectJobs,
	paginateListJobPages,
	type ImportExportError,
	type ListingReceipt,
	type Logger,
	type RequestEvent,
	type ResponseEvent,
	type RetryDecision,
} from '../../src/index.js';

export async function observeChecks(): Promise<void> {
	// console and a pino-like logger with some levels fit.
	const fromConsole = new ImportExportClient({ logger: console });
	const partial: Logger = { warn: (message: unknown) => void message };
	const client = new ImportExportClient({
		logger: partial,
		onRequest: (event: RequestEvent) => {
			const attempt: number = event.attempt;
			const marker: string | undefined = event.marker;
			void [attempt, marker];
		},
		onResponse: (event: ResponseEvent) => {
			const status: number | undefined = event.status;
			const decision: RetryDecision = event.decision;
			if (decision.action === 'retry') {
				const delay: number = decision.delayMs;
				void delay;
			}
			void status;
		},
	});
	// @ts-expect-error a logger is an object of functions
	void new ImportExportClient({ logger: 'console' });

	for await (const page of paginateListJobPages(client, { receipt: true })) {
		const receipt: ListingReceipt | undefined = page.receipt;
		const digest: string | null | undefined = receipt?.jobIdsDigest;
		void digest;
	}
	// @ts-expect-error receipt is a boolean
	void paginateListJobPages(client, { receipt: 'yes' });

	const collected = await collectJobs(fromConsole, { receipt: true });
	const pages: number | undefined = collected.receipt?.pages;
	void pages;
	const failure = {} as ImportExportError;
	const retries: Record<string, number> | undefined = failure.receipt?.retries;
	void retries;
}
