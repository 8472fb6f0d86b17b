/** ISO timestamp `minutes` before now; negative values are in the future. */
export const minutesAgo = (minutes: number): string =>
	new Date(Date.now() - minutes * 60_000).toISOString();

/**
 * Polls `done` every 500 ms until it holds; fails naming `what` after `timeoutMs`. For what a
 * real n8n does in its own time (a scheduled run, a webhook's execution after the answer).
 */
export async function waitFor(
	done: () => Promise<boolean> | boolean,
	what: string,
	timeoutMs = 60_000,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (await done()) return;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}`);
}
