import {
	RateGate,
	TooManyPages,
	backoffDelayMs,
	DEFAULT_RETRY,
	PATIENT_RETRY,
	chunk,
	jsonBytes,
	fetchAllPages,
	forEachConcurrently,
	isRetryable,
	parseRetryAfter,
	withRetry,
	type RetryOptions,
} from '../../nodes/shared/transport';

/** An error shaped like n8n's NodeApiError around an axios error. */
function httpError(status: number, headers: Record<string, string> = {}) {
	return Object.assign(new Error(`HTTP ${status}`), {
		httpCode: String(status),
		cause: { response: { status, headers } },
	});
}

const options: RetryOptions = {
	maxRetries: 3,
	baseDelayMs: 100,
	maxDelayMs: 1000,
	maxRetryAfterMs: 10_000,
};

describe('retry', () => {
	it('retries 429, 5xx and network failures, and nothing else', () => {
		expect(isRetryable(httpError(429))).toBe(true);
		expect(isRetryable(httpError(503))).toBe(true);
		expect(isRetryable(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toBe(true);
		expect(isRetryable(httpError(400))).toBe(false);
		expect(isRetryable(httpError(401))).toBe(false);
		expect(isRetryable(new Error('bug'))).toBe(false);
	});

	it('parses Retry-After as seconds, HTTP date, or Unix time', () => {
		const now = Date.parse('2026-11-24T10:00:00Z');
		expect(parseRetryAfter('3', now)).toBe(3000);
		expect(parseRetryAfter('Tue, 24 Nov 2026 10:00:05 GMT', now)).toBe(5000);
		expect(parseRetryAfter(String(now / 1000 + 7), now)).toBe(7000);
		expect(parseRetryAfter(String(now + 2000), now)).toBe(2000);
		expect(parseRetryAfter('soon', now)).toBeUndefined();
	});

	it('waits what Retry-After says, otherwise backs off exponentially', async () => {
		const waits: number[] = [];
		let calls = 0;
		const outcome = await withRetry(
			async () => {
				calls++;
				if (calls === 1) throw httpError(429, { 'retry-after': '2' });
				if (calls === 2) throw httpError(502);
				return 'done';
			},
			options,
			async (ms) => {
				waits.push(ms);
			},
		);
		expect(outcome).toEqual({ ok: true, value: 'done' });
		expect(waits[0]).toBe(2000);
		expect(waits[1]).toBeGreaterThanOrEqual(100);
		expect(waits[1]).toBeLessThanOrEqual(200);
	});

	it('gives up after maxRetries, or at once on errors that will not heal', async () => {
		const noWait = async () => {};
		let calls = 0;
		const exhausted = await withRetry(
			async () => {
				calls++;
				throw httpError(500);
			},
			options,
			noWait,
		);
		expect(exhausted).toMatchObject({ ok: false, attempts: 4 });
		expect(calls).toBe(4);
		const fatal = await withRetry(
			async () => {
				throw httpError(400);
			},
			options,
			noWait,
		);
		expect(fatal).toMatchObject({ ok: false, attempts: 1 });
		const tooLong = await withRetry(
			async () => {
				throw httpError(429, { 'Retry-After': '3600' });
			},
			options,
			noWait,
		);
		expect(tooLong).toMatchObject({ ok: false, attempts: 1 });
	});

	it('waits longer for its turn under a rate limit (rateLimitRetries) than through an outage (maxRetries)', async () => {
		const noWait = async () => {};
		let calls = 0;
		const turn = await withRetry(
			async () => {
				calls++;
				if (calls <= 10) throw httpError(429, { 'retry-after': '1' });
				return 'done';
			},
			{ ...options, rateLimitRetries: 12 },
			noWait,
		);
		expect(turn).toEqual({ ok: true, value: 'done' });
		expect(calls).toBe(11);
		calls = 0;
		const outage = await withRetry(
			async () => {
				calls++;
				throw httpError(503);
			},
			{ ...options, rateLimitRetries: 12 },
			noWait,
		);
		expect(outage).toMatchObject({ ok: false, attempts: 4 });
		expect(PATIENT_RETRY.rateLimitRetries).toBeGreaterThan(DEFAULT_RETRY.maxRetries);
		expect(DEFAULT_RETRY.rateLimitRetries).toBeUndefined();
	});

	it('retries a 429 that gives no Retry-After sooner, with as many more attempts', async () => {
		const waits: number[] = [];
		const throttled = await withRetry(
			async () => {
				throw httpError(429);
			},
			{ ...options, throttleSteps: 2 },
			async (ms) => {
				waits.push(ms);
			},
		);
		// Steps of 25, 50, 100, 200, 400 ms (each jittered to its upper half): 3 + 2 retries.
		expect(throttled).toMatchObject({ ok: false, attempts: 6 });
		const steps = [25, 50, 100, 200, 400];
		waits.forEach((ms, index) => {
			expect(ms).toBeGreaterThanOrEqual(steps[index] / 2);
			expect(ms).toBeLessThanOrEqual(steps[index]);
		});
		// A 5xx keeps the ordinary schedule.
		const outage: number[] = [];
		await withRetry(
			async () => {
				throw httpError(503);
			},
			{ ...options, throttleSteps: 2 },
			async (ms) => {
				outage.push(ms);
			},
		);
		expect(outage).toHaveLength(3);
		expect(outage[0]).toBeGreaterThanOrEqual(50);
	});

	it('caps each backoff step', () => {
		for (let attempt = 0; attempt < 20; attempt++)
			expect(backoffDelayMs(attempt, options)).toBeLessThanOrEqual(1000);
	});
});

describe('batching and paging', () => {
	it('runs at most `concurrency` at a time, in order, and stops handing out work after a failure', async () => {
		let running = 0;
		let peak = 0;
		const started: number[] = [];
		const settled: number[] = [];
		const work = async (item: number) => {
			started.push(item);
			running++;
			peak = Math.max(peak, running);
			await new Promise((resolve) => setImmediate(resolve));
			running--;
			settled.push(item);
			if (item === 3) throw new Error('item 3 failed');
		};
		await expect(forEachConcurrently([1, 2, 3, 4, 5, 6, 7, 8], 2, work)).rejects.toThrow(
			'item 3 failed',
		);
		expect(peak).toBe(2);
		expect(started).toEqual([1, 2, 3, 4]);
		// Rejected only once every item in flight had settled: nothing outlives the call.
		expect(settled.sort()).toEqual([1, 2, 3, 4]);
		expect(running).toBe(0);
	});

	it('stops a listing that would take more pages than its budget, as soon as a page says so', async () => {
		const fetched: number[] = [];
		const pages = (total: number) => async (pageNumber: number) => {
			fetched.push(pageNumber);
			return { items: [pageNumber], last: pageNumber >= total, totalPages: total };
		};
		const budget = { left: 2 };
		expect(await fetchAllPages(pages(3), { budget })).toEqual([1, 2, 3]);
		expect(budget.left).toBe(0);
		fetched.length = 0;
		await expect(fetchAllPages(pages(2), { budget })).rejects.toBeInstanceOf(TooManyPages);
		expect(fetched).toEqual([1]);
	});

	it('splits into batches of the maximum size', () => {
		expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
		expect(chunk([], 20)).toEqual([]);
		expect(() => chunk([1], 0)).toThrow('Batch size must be at least 1');
		// Weighed, a batch also closes before it would pass the bytes allowed: big records make
		// smaller batches, and one record heavier than that still goes alone.
		const weigh = (item: string) => item.length;
		expect(chunk(['aaa', 'bb', 'cccc', 'd', 'eeeeee'], 10, { weigh, maxBytes: 5 })).toEqual([
			['aaa', 'bb'],
			['cccc', 'd'],
			['eeeeee'],
		]);
		expect(jsonBytes({ note: 'é' })).toBe(13);
	});

	it('pages until the last page, or until the limit', async () => {
		const data = Array.from({ length: 25 }, (_, index) => index);
		const requested: number[] = [];
		const page = async (pageNumber: number) => {
			requested.push(pageNumber);
			const items = data.slice((pageNumber - 1) * 10, pageNumber * 10);
			return { items, last: items.length < 10 };
		};
		expect(await fetchAllPages(page)).toEqual(data);
		expect(requested).toEqual([1, 2, 3]);
		requested.length = 0;
		expect(await fetchAllPages(page, { limit: 12 })).toEqual(data.slice(0, 12));
		expect(requested).toEqual([1, 2]);
	});
});

describe('rate gate', () => {
	let now: number;
	let waits: number[];
	const fakeGate = (limit: number) =>
		new RateGate(
			() => limit,
			60_000,
			async (ms) => {
				waits.push(ms);
				now += ms;
			},
			() => now,
		);
	const answer =
		(takesMs: number, outcome: 'ok' | '429' | '500' = 'ok') =>
		async () => {
			now += takesMs;
			if (outcome !== 'ok') throw Object.assign(new Error(outcome), { status: Number(outcome) });
			return outcome;
		};
	const isRefusal = (error: unknown) => (error as { status?: number }).status === 429;
	beforeEach(() => {
		now = 0;
		waits = [];
	});

	it('holds calls beyond the per-window limit until the window frees, per key', async () => {
		const gate = fakeGate(2);
		await gate.run('Orders/CreateOrders', answer(0), isRefusal);
		now += 1000;
		await gate.run('Orders/CreateOrders', answer(0), isRefusal);
		await gate.run('Stock/SetStockLevel', answer(0), isRefusal);
		expect(waits).toEqual([]);
		await gate.run('Orders/CreateOrders', answer(0), isRefusal);
		expect(waits).toEqual([59_000]);
	});

	it('counts a call from when its answer arrived, as the platform stamps it on arrival', async () => {
		const gate = fakeGate(1);
		await gate.run('Orders/CreateOrders', answer(700), isRefusal);
		await gate.run('Orders/CreateOrders', answer(0), isRefusal);
		expect(waits).toEqual([60_000]); // from 700 ms (the answer), not from 0 (the send)
	});

	it('gives the slot of a refused (429) call back, but not of a failed one', async () => {
		const gate = fakeGate(1);
		await expect(gate.run('Orders/CreateOrders', answer(0, '429'), isRefusal)).rejects.toThrow(
			'429',
		);
		await gate.run('Orders/CreateOrders', answer(0), isRefusal);
		expect(waits).toEqual([]);
		await expect(gate.run('Stock/SetStockLevel', answer(0, '500'), isRefusal)).rejects.toThrow(
			'500',
		);
		await gate.run('Stock/SetStockLevel', answer(0), isRefusal);
		expect(waits).toEqual([60_000]);
	});
});
