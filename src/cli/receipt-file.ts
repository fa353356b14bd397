import { writeFile } from 'node:fs/promises';
import type { ListingReceipt } from '../index.js';
import type { OutStream } from './io.js';

/** The receipt a failed listing left on its error, or on an error in its cause chain. */
export function receiptOf(error: unknown): ListingReceipt | undefined {
	for (
		let at: unknown = error, depth = 0;
		typeof at === 'object' && at !== null && depth < 8;
		depth++
	) {
		const receipt = (at as { receipt?: ListingReceipt }).receipt;
		if (receipt !== undefined) return receipt;
		at = (at as { cause?: unknown }).cause;
	}
	return undefined;
}

/** `--receipt FILE`: the listing's receipt as pretty JSON. False, with a line on stderr, when it could not be written. */
export async function saveReceipt(
	command: string,
	path: string | undefined,
	receipt: ListingReceipt | undefined,
	stderr: OutStream,
): Promise<boolean> {
	if (path === undefined) return true;
	if (receipt === undefined) {
		stderr.write(`importexport-jobs ${command}: no receipt written to ${path}: no listing ran\n`);
		return true;
	}
	try {
		await writeFile(path, `${JSON.stringify(receipt, null, 2)}\n`);
		return true;
	} catch (error) {
		stderr.write(
			`importexport-jobs ${command}: could not write the receipt to ${path}: ${error instanceof Error ? error.message : String(error)}\n`,
		);
		return false;
	}
}
