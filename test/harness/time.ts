/** ISO timestamp `minutes` before now; negative values are in the future. */
export const minutesAgo = (minutes: number): string =>
	new Date(Date.now() - minutes * 60_000).toISOString();
