/** Date parameters of Centra's listing operations. */

/** An editor date-time as ISO 8601; undefined when empty, 'invalid' when not a date. */
export function isoOrUndefined(value: unknown): string | undefined {
	const text = typeof value === 'string' ? value.trim() : '';
	if (!text) return undefined;
	const date = new Date(text);
	return Number.isNaN(date.getTime()) ? 'invalid' : date.toISOString();
}

/** Whether a window read with `isoOrUndefined` is usable: dates or empty, the first not later. */
export function validWindow(from: string | undefined, to: string | undefined): boolean {
	return from !== 'invalid' && to !== 'invalid' && !(from && to && from > to);
}
