/**
 * Transport helpers every platform reuses: retry with backoff, batching, paging and a per-execution
 * rate gate. Nothing here keeps state between executions, so the same workflow can run on any
 * queue-mode worker.
 */
import { sleep } from 'n8n-workflow';

export interface RetryOptions {
	/** Retries after the first attempt. */
	maxRetries: number;
	/** First backoff step when the server gives no Retry-After. Doubles per attempt. */
	baseDelayMs: number;
	/** Ceiling of one computed backoff step. */
	maxDelayMs: number;
	/** Longest Retry-After we are willing to wait; a longer one fails the call. */
	maxRetryAfterMs: number;
	/**
	 * For a 429 that says not how long to wait (Cloudshelf's out-of-credits answer, Linnworks'
	 * 429s), the backoff starts this many doubling steps lower and gets as many more attempts:
	 * the first retries come sooner, the total patience is unchanged. A credit bucket refills all
	 * the time, so a retry that comes late wastes what refilled meanwhile; one that comes early
	 * costs only a refused call.
	 */
	throttleSteps?: number;
	/**
	 * Retries after the first attempt for a call refused for rate (429), instead of maxRetries. An
	 * execution paces only its own calls: executions running at once (queue-mode workers, a burst of
	 * webhooks) share one account's limit, so a 429 may mean waiting a turn rather than a failing API
	 * (npm run bench:queue: 1,000 Shopify order webhooks at once ran out of 6 retries on Linnworks'
	 * 150 calls a minute). Only for a platform whose writes a long wait cannot double: waiting
	 * widens the window in which overlapping runs each find no order and each create one (Stokly,
	 * which has no key refusing the second, made 216 duplicates in the benchmark when every platform
	 * waited this long). Default maxRetries.
	 */
	rateLimitRetries?: number;
}

export const DEFAULT_RETRY: RetryOptions = {
	maxRetries: 6,
	baseDelayMs: 500,
	maxDelayMs: 30_000,
	maxRetryAfterMs: 120_000,
	throttleSteps: 2,
};

/**
 * DEFAULT_RETRY, waiting up to about 10 minutes (24 retries, 30 s steps at most) for a turn under a
 * rate limit: for platforms whose order creation a platform key makes safe to wait on (Linnworks).
 */
export const PATIENT_RETRY: RetryOptions = { ...DEFAULT_RETRY, rateLimitRetries: 24 };

export type Sleeper = (ms: number) => Promise<void>;

interface HttpFailure {
	status?: number;
	code?: string;
	headers?: Record<string, unknown>;
}

/** n8n wraps axios errors in NodeApiError; the response (status, headers) stays on `cause`. */
function describeFailure(error: unknown): HttpFailure {
	const seen = new Set<unknown>();
	const failure: HttpFailure = {};
	let httpCode: number | undefined;
	let current = error as Record<string, unknown> | undefined;
	while (current && typeof current === 'object' && !seen.has(current)) {
		seen.add(current);
		const response = current.response as Record<string, unknown> | undefined;
		if (failure.status === undefined && response && typeof response.status === 'number') {
			failure.status = response.status;
			failure.headers = response.headers as Record<string, unknown> | undefined;
		}
		if (httpCode === undefined && current.httpCode && !Number.isNaN(Number(current.httpCode))) {
			httpCode = Number(current.httpCode);
		}
		if (!failure.code && typeof current.code === 'string') failure.code = current.code;
		current = current.cause as Record<string, unknown> | undefined;
	}
	failure.status ??= httpCode;
	return failure;
}

/** The headers of a failed call's HTTP answer, if it got one. */
export function responseHeadersOf(error: unknown): Record<string, unknown> | undefined {
	return describeFailure(error).headers;
}

export function httpStatusOf(error: unknown): number | undefined {
	return describeFailure(error).status;
}

const RETRYABLE_NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'ETIMEDOUT',
	'EPIPE',
	'EAI_AGAIN',
	'ENETUNREACH',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

/**
 * Network failures that happen before the request leaves: no connection was made (refused, no
 * route, no address, connect timeout), so the platform cannot have processed the request.
 */
const NOT_SENT_NETWORK_CODES = new Set([
	'ECONNREFUSED',
	'EAI_AGAIN',
	'ENETUNREACH',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

/** 429, any 5xx and transient network failures are worth another attempt; nothing else is. */
export function isRetryable(error: unknown): boolean {
	const { status, code } = describeFailure(error);
	if (status !== undefined) return status === 429 || status >= 500;
	return code !== undefined && RETRYABLE_NETWORK_CODES.has(code);
}

/**
 * Failures after which a request is known NOT to have been processed, so even a request that is
 * not safe to repeat (it would apply twice) may be sent again: a 429 (refused before processing)
 * or a connection that was never made.
 */
export function isRefusedUnprocessed(error: unknown): boolean {
	const { status, code } = describeFailure(error);
	if (status !== undefined) return status === 429;
	return code !== undefined && NOT_SENT_NETWORK_CODES.has(code);
}

/**
 * Whether the platform may have processed a request although no answer says so: a 5xx (a gateway
 * or the server failing after, or while, doing the work) or a network failure once the request was
 * on its way (reset, timeout). Callers of a request that is not safe to repeat check the platform's
 * state before sending it again.
 */
export function isAnswerLost(error: unknown): boolean {
	const { status, code } = describeFailure(error);
	if (status !== undefined) return status >= 500;
	return (
		code !== undefined && RETRYABLE_NETWORK_CODES.has(code) && !NOT_SENT_NETWORK_CODES.has(code)
	);
}

/**
 * Retry-After as milliseconds from now. Accepts delta-seconds, an HTTP date, or a Unix timestamp
 * (seconds or milliseconds), since platforms disagree on the format.
 */
export function parseRetryAfter(value: unknown, nowMs: number): number | undefined {
	if (value === undefined || value === null) return undefined;
	const text = String(Array.isArray(value) ? value[0] : value).trim();
	if (!text) return undefined;
	if (/^\d+(\.\d+)?$/.test(text)) {
		const number = Number(text);
		if (number > 1e12) return Math.max(0, number - nowMs);
		if (number > 1e9) return Math.max(0, number * 1000 - nowMs);
		return number * 1000;
	}
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

export function retryAfterMsOf(error: unknown, nowMs: number): number | undefined {
	const headers = describeFailure(error).headers ?? {};
	const key = Object.keys(headers).find((name) => name.toLowerCase() === 'retry-after');
	return key ? parseRetryAfter(headers[key], nowMs) : undefined;
}

/** Exponential backoff with jitter, unless the server said how long to wait. */
export function backoffDelayMs(
	attempt: number,
	options: RetryOptions,
	retryAfterMs?: number,
): number {
	if (retryAfterMs !== undefined) return retryAfterMs;
	const step = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
	return Math.round(step / 2 + (Math.random() * step) / 2);
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown; attempts: number };

/**
 * Runs `operation`, retrying retryable failures with backoff. Never throws: the outcome carries the
 * value or the last failure, so the platform layer can turn it into an error with its own wording.
 * `worthRetrying` narrows which failures are retried (e.g. `isRefusedUnprocessed` for a request
 * that would apply twice if a lost answer were followed by a second send).
 */
export async function withRetry<T>(
	operation: (attempt: number) => Promise<T>,
	options: RetryOptions = DEFAULT_RETRY,
	wait: Sleeper = sleep,
	worthRetrying: (error: unknown) => boolean = isRetryable,
): Promise<Outcome<T>> {
	for (let attempt = 0; ; attempt++) {
		let failure: unknown;
		try {
			return { ok: true, value: await operation(attempt) };
		} catch (error) {
			failure = error;
		}
		const retryAfter = retryAfterMsOf(failure, Date.now());
		const throttled = retryAfter === undefined && httpStatusOf(failure) === 429;
		const steps = throttled ? (options.throttleSteps ?? 0) : 0;
		const retries =
			httpStatusOf(failure) === 429
				? (options.rateLimitRetries ?? options.maxRetries)
				: options.maxRetries;
		const giveUp =
			!isRetryable(failure) ||
			!worthRetrying(failure) ||
			attempt >= retries + steps ||
			(retryAfter !== undefined && retryAfter > options.maxRetryAfterMs);
		if (giveUp) return { ok: false, error: failure, attempts: attempt + 1 };
		await wait(backoffDelayMs(attempt - steps, options, retryAfter));
	}
}

/**
 * Runs `work` for every item, at most `concurrency` at a time, in order of starting. Rate gates
 * still apply per call; this only stops independent calls from waiting on each other's round trip.
 * The first error `work` throws stops further items from starting; it is rethrown once the items
 * already in flight have settled, so nothing outlives the call.
 */
export async function forEachConcurrently<T>(
	items: readonly T[],
	concurrency: number,
	work: (item: T) => Promise<void>,
): Promise<void> {
	let next = 0;
	let failure: { error: unknown } | undefined;
	const worker = async () => {
		while (!failure && next < items.length) {
			try {
				await work(items[next++]);
			} catch (error) {
				failure ??= { error };
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
	if (failure) throw failure.error;
}

/**
 * Most the records of one batch may weigh together (UTF-8 bytes of their JSON): a batch of records
 * each under the 1 MB record limit stays this way under the 5 MB a request may carry (the client's
 * MAX_REQUEST_BYTES), with room for the request around them.
 */
export const MAX_BATCH_BYTES = 4 * 1024 * 1024;

/** UTF-8 bytes of a value's JSON. */
export function jsonBytes(value: unknown): number {
	return new TextEncoder().encode(JSON.stringify(value) ?? '').length;
}

/**
 * Splits `items` into consecutive batches of at most `size`; with `weigh` (an item's bytes, e.g.
 * `jsonBytes` of what it sends), a batch also closes before it would pass `maxBytes`, so that large
 * records make smaller batches instead of a request too large to send.
 */
export function chunk<T>(
	items: readonly T[],
	size: number,
	{ weigh, maxBytes = MAX_BATCH_BYTES }: { weigh?: (item: T) => number; maxBytes?: number } = {},
): T[][] {
	if (!Number.isInteger(size) || size < 1)
		throw new RangeError(`Batch size must be at least 1, got ${size}`);
	const batches: T[][] = [];
	let batch: T[] = [];
	let bytes = 0;
	for (const item of items) {
		const weight = weigh ? weigh(item) : 0;
		if (batch.length && (batch.length === size || bytes + weight > maxBytes)) {
			batches.push(batch);
			batch = [];
			bytes = 0;
		}
		batch.push(item);
		bytes += weight;
	}
	if (batch.length) batches.push(batch);
	return batches;
}

export interface Page<T> {
	items: T[];
	/** True when the platform says (or the page size shows) there is nothing after this page. */
	last: boolean;
	/** How many pages the listing has, when the platform says. */
	totalPages?: number;
}

/** Pages beyond each listing's first that a caller is willing to read, shared by several listings. */
export interface PageBudget {
	left: number;
}

/** A listing that would need more pages than its budget allows (known from its first page). */
export class TooManyPages extends Error {}

/** What `listings` return, or undefined when they would take more pages than their budget. */
export async function withinPageBudget<T>(listings: () => Promise<T>): Promise<T | undefined> {
	return await listings().catch(async (error: unknown) =>
		error instanceof TooManyPages ? undefined : await Promise.reject(error),
	);
}

/**
 * Fetches pages 1, 2, 3… until the platform reports the last page, or `limit` items are collected.
 * `onPage` may stream items instead of collecting them (return value is then empty). With a
 * `budget`, each page after the first takes one from it, and a listing that would need more throws
 * `TooManyPages` as soon as a page says how many there are.
 */
export async function fetchAllPages<T>(
	fetchPage: (pageNumber: number) => Promise<Page<T>>,
	{
		limit = Infinity,
		maxPages = 100_000,
		budget,
	}: { limit?: number; maxPages?: number; budget?: PageBudget } = {},
): Promise<T[]> {
	const collected: T[] = [];
	for (let pageNumber = 1; pageNumber <= maxPages && collected.length < limit; pageNumber++) {
		if (budget && pageNumber > 1) {
			if (budget.left < 1) throw new TooManyPages('The page budget is spent');
			budget.left--;
		}
		const page = await fetchPage(pageNumber);
		collected.push(...page.items);
		if (page.last) break;
		if (budget && page.totalPages !== undefined && page.totalPages - pageNumber > budget.left)
			throw new TooManyPages(`The listing has ${page.totalPages} pages`);
	}
	return collected.length > limit ? collected.slice(0, limit) : collected;
}

/** One limit a call draws on: a key of one gate (one window). */
export interface RateLane {
	gate: RateGate;
	key: string;
}

/**
 * Keeps calls under per-key limits (calls per window) within one execution. Each execution builds
 * its own gate; 429 handling in `withRetry` covers calls made by other executions or processes.
 * A platform with several windows (per 10 seconds and per hour) has a gate per window, and a call
 * that draws on several budgets takes a slot in each (`RateGate.runAll`).
 */
export class RateGate {
	/** Per key, when each call in the window counts from (oldest first). */
	private readonly calls = new Map<string, Array<{ at: number }>>();

	constructor(
		private readonly limitFor: (key: string) => number,
		private readonly windowMs = 60_000,
		private readonly wait: Sleeper = sleep,
		private readonly now: () => number = Date.now,
	) {}

	/**
	 * Makes `call` within the limit of `key`. Its slot counts from when the answer arrived, because
	 * the platform stamps a call when it receives it, after we sent it: counting from the send would
	 * let the next window's first call in a few milliseconds early, and be refused. A call the
	 * platform refused (`refused(error)`, e.g. a 429) gives its slot back: it was not counted.
	 */
	async run<T>(
		key: string,
		call: () => Promise<T>,
		refused: (error: unknown) => boolean,
	): Promise<T> {
		return await RateGate.runAll([{ gate: this, key }], call, refused);
	}

	/**
	 * Makes `call` once every lane has room, taking a slot in all of them at the same moment: a call
	 * waiting for one window (say, mutations per hour) holds no slot of another (requests per 10 s),
	 * so it never holds up calls that do not draw on the exhausted budget. Slots settle as in `run`.
	 */
	static async runAll<T>(
		lanes: readonly RateLane[],
		call: () => Promise<T>,
		refused: (error: unknown) => boolean,
	): Promise<T> {
		for (;;) {
			let longest: { lane: RateLane; ms: number } | undefined;
			for (const lane of lanes) {
				const ms = lane.gate.waitNeeded(lane.key);
				if (ms > 0 && (!longest || ms > longest.ms)) longest = { lane, ms };
			}
			if (!longest) break;
			await longest.lane.gate.wait(longest.ms);
		}
		// No await since the check: every lane still has room.
		const slots = lanes.map((lane) => ({ lane, slot: lane.gate.take(lane.key) }));
		const settle = (error?: unknown) => {
			for (const { lane, slot } of slots) {
				if (!slot) continue;
				if (error !== undefined && refused(error)) lane.gate.release(lane.key, slot);
				else slot.at = lane.gate.now();
			}
		};
		return await call().then(
			(value) => {
				settle();
				return value;
			},
			async (error: unknown) => {
				settle(error);
				return await Promise.reject(error);
			},
		);
	}

	/** The history of `key` within the window (older calls dropped), or undefined when unlimited. */
	private history(key: string): Array<{ at: number }> | undefined {
		const limit = this.limitFor(key);
		if (!Number.isFinite(limit) || limit <= 0) return undefined;
		const history = this.calls.get(key) ?? [];
		this.calls.set(key, history);
		const now = this.now();
		while (history.length && history[0].at <= now - this.windowMs) history.shift();
		return history;
	}

	/** How long until `key` has room (0: now). */
	private waitNeeded(key: string): number {
		const history = this.history(key);
		if (!history || history.length < this.limitFor(key)) return 0;
		return Math.max(1, history[0].at + this.windowMs - this.now());
	}

	private take(key: string): { at: number } | undefined {
		const history = this.history(key);
		if (!history) return undefined;
		const slot = { at: this.now() };
		history.push(slot);
		return slot;
	}

	private release(key: string, slot: { at: number }): void {
		const history = this.calls.get(key) ?? [];
		const index = history.indexOf(slot);
		if (index >= 0) history.splice(index, 1); // gone already if the call outlasted the window
	}
}
