// Small statistics and markdown helpers for the benchmark report.

export function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** `1,234` with `digits` decimals. */
export function number(value, digits = 0) {
	return value.toLocaleString('en-US', {
		minimumFractionDigits: digits,
		maximumFractionDigits: digits,
	});
}

/** `median (min–max)`. */
export function spread(values, digits = 0) {
	if (values.length === 1) return number(values[0], digits);
	return `${number(median(values), digits)} (${number(Math.min(...values), digits)}–${number(Math.max(...values), digits)})`;
}

export function ratio(value, digits = 2) {
	return `${value.toFixed(digits)}×`;
}

/** A markdown table from a header row and body rows; columns after the first are right-aligned. */
export function table(header, rows) {
	const align = header.map((_, i) => (i === 0 ? '---' : '---:'));
	return [header, align, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
