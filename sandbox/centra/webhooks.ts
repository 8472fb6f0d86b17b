/**
 * The Centra Webhook plugin, "Integration API" version (pages/06.plugins/09.centra-webhook at
 * e5926eb): state changes become events `{type, action, date, id}` posted form-encoded as
 * `payload=<url-encoded JSON {"events": [...]}>`, at most `maxEventsPerCall` (default 100) per
 * call, signed `X-Centra-Signature: t=<unix ts>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
 * A call that times out (5 s) or answers non-2xx is retried up to `retries` times (at most 3) after
 * the delays in `delaysMs`, then dropped.
 *
 * ASSUMED: retries default to 3 (Centra's default is none) with delays 10 s / 60 s / 300 s; any
 * non-2xx is a failure; each attempt is signed afresh with its own timestamp (same body); `date` is
 * UTC; the body is encoded like PHP's http_build_query (URLSearchParams: spaces as "+"); events
 * raised in one tick go out in one call; `duplicate` (a sandbox knob) delivers each call N times,
 * one after the other (copy k+1 once copy k has its answer), as a sender retrying after a lost
 * answer would.
 */
import { createHmac } from 'node:crypto';

import type { StateChange } from './state';

export const SANDBOX_WEBHOOK_SECRET = 'centra-sandbox-webhook-secret';
export const MAX_RETRIES = 3;

/** v1 of X-Centra-Signature: hex HMAC-SHA256 of "<t>.<raw body>" keyed with the endpoint secret. */
export function centraSignature(
	secret: string,
	timestamp: number | string,
	rawBody: string,
): string {
	return createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
}

/** The X-Centra-Signature header value. */
export function signatureHeader(secret: string, timestamp: number, rawBody: string): string {
	return `t=${timestamp},v1=${centraSignature(secret, timestamp, rawBody)}`;
}

/** The form-encoded body Centra posts: `payload=<url-encoded JSON>`. */
export function webhookBody(payload: unknown): string {
	return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** Centra's event date format, e.g. "2021-01-29 14:40:58.628033" (UTC, ASSUMED). */
export function centraEventDate(date = new Date()): string {
	return `${date.toISOString().replace('T', ' ').replace('Z', '')}000`;
}

export interface WebhookEvent {
	type: StateChange['type'];
	action: StateChange['action'];
	date: string;
	id: number;
}

export interface WebhookConfig {
	/** Where to post; null = the plugin is not installed (nothing is sent). */
	url: string | null;
	secret: string;
	/** Retries after a failure, 0–3. */
	retries: number;
	/** Delay before retry 1, 2, 3 (the last one repeats). */
	delaysMs: number[];
	timeoutMs: number;
	/** Deliver each call this many times (duplicate deliveries). */
	duplicate: number;
	maxEventsPerCall: number;
}

export const DEFAULT_WEBHOOK_CONFIG: WebhookConfig = {
	url: null,
	secret: SANDBOX_WEBHOOK_SECRET,
	retries: 3,
	delaysMs: [10_000, 60_000, 300_000],
	timeoutMs: 5_000,
	duplicate: 1,
	maxEventsPerCall: 100,
};

/** One HTTP attempt of one call, as the delivery log records it. */
export interface DeliveryRecord {
	/** Which call (a batch of events); its copies and retries share it. */
	callId: number;
	/** 1..duplicate. */
	copy: number;
	/** 0 for the first attempt, 1..3 for retries. */
	attempt: number;
	at: string;
	url: string;
	body: string;
	signature: string;
	events: WebhookEvent[];
	status: number | null;
	error: string | null;
	ok: boolean;
	/** True on the last failed attempt: the call was given up. */
	dropped: boolean;
}

export class CentraWebhooks {
	config: WebhookConfig = { ...DEFAULT_WEBHOOK_CONFIG };
	readonly deliveries: DeliveryRecord[] = [];
	private queue: WebhookEvent[] = [];
	private flushScheduled = false;
	private nextCallId = 1;
	private busy = 0;
	private waiters: Array<() => void> = [];
	/** Waiting retries: their timer and what they run. */
	private readonly timers = new Map<NodeJS.Timeout, () => void>();
	private readonly controllers = new Set<AbortController>();

	configure(changes: Partial<WebhookConfig> & { delaysSeconds?: number[] }): WebhookConfig {
		const { delaysSeconds, ...rest } = changes;
		const next = { ...this.config, ...rest };
		if (delaysSeconds) next.delaysMs = delaysSeconds.map((seconds) => seconds * 1000);
		next.retries = Math.max(0, Math.min(MAX_RETRIES, Math.floor(next.retries)));
		next.duplicate = Math.max(1, Math.floor(next.duplicate));
		next.maxEventsPerCall = Math.max(1, Math.floor(next.maxEventsPerCall));
		this.config = next;
		return this.config;
	}

	/** Calls given up after every retry failed. */
	get dropped(): DeliveryRecord[] {
		return this.deliveries.filter((delivery) => delivery.dropped);
	}

	/** Hears a state change (registered on CentraState.changeListeners). */
	notify(change: StateChange): void {
		if (!this.config.url) return;
		this.send([{ ...change, date: centraEventDate() }]);
	}

	/** Queues events for the next call (events raised in the same tick share a call). */
	send(events: WebhookEvent[]): void {
		this.queue.push(...events);
		if (this.flushScheduled) return;
		this.flushScheduled = true;
		this.begin();
		setImmediate(() => {
			this.flushScheduled = false;
			this.flush();
			this.end();
		});
	}

	/** Sends what is queued now, in calls of at most maxEventsPerCall events. */
	flush(): void {
		const url = this.config.url;
		const events = this.queue.splice(0);
		if (!url) return;
		for (let start = 0; start < events.length; start += this.config.maxEventsPerCall) {
			const batch = events.slice(start, start + this.config.maxEventsPerCall);
			const callId = this.nextCallId++;
			const body = webhookBody({ events: batch });
			// Copies go one after the other: copy k+1 once copy k has its answer (or timed out).
			const sendCopy = (copy: number) =>
				this.attempt({ callId, copy, url, body, events: batch }, 0, () => {
					if (copy < this.config.duplicate) sendCopy(copy + 1);
				});
			sendCopy(1);
		}
	}

	/** Resolves once nothing is queued, in flight or waiting for a retry. */
	idle(): Promise<void> {
		return this.busy === 0
			? Promise.resolve()
			: new Promise((resolve) => this.waiters.push(resolve));
	}

	/** Runs every waiting retry now instead of after its delay. */
	retryNow(): void {
		for (const [timer, run] of [...this.timers]) {
			clearTimeout(timer);
			run();
		}
	}

	reset(): void {
		this.cancelPending();
		this.queue = [];
		this.deliveries.length = 0;
		this.config = { ...DEFAULT_WEBHOOK_CONFIG };
		this.nextCallId = 1;
	}

	/** Stops retries and in-flight deliveries (on close). */
	cancelPending(): void {
		for (const timer of this.timers.keys()) clearTimeout(timer);
		for (const controller of this.controllers) controller.abort();
		const cancelled = this.timers.size;
		this.timers.clear();
		for (let index = 0; index < cancelled; index++) this.end();
	}

	private begin(): void {
		this.busy++;
	}

	private end(): void {
		this.busy = Math.max(0, this.busy - 1);
		if (this.busy === 0) for (const resolve of this.waiters.splice(0)) resolve();
	}

	private attempt(
		call: { callId: number; copy: number; url: string; body: string; events: WebhookEvent[] },
		attempt: number,
		answered?: () => void,
	): void {
		this.begin();
		void this.post(call, attempt)
			.then(() => answered?.())
			.finally(() => this.end());
	}

	private async post(
		call: { callId: number; copy: number; url: string; body: string; events: WebhookEvent[] },
		attempt: number,
	): Promise<void> {
		const timestamp = Math.floor(Date.now() / 1000);
		const signature = signatureHeader(this.config.secret, timestamp, call.body);
		const controller = new AbortController();
		this.controllers.add(controller);
		const timeout = setTimeout(() => controller.abort(), this.config.timeoutMs);
		let status: number | null = null;
		let error: string | null = null;
		try {
			const response = await fetch(call.url, {
				method: 'POST',
				headers: {
					'Content-Type': 'application/x-www-form-urlencoded',
					'X-Centra-Signature': signature,
				},
				body: call.body,
				signal: controller.signal,
			});
			status = response.status;
			await response.arrayBuffer().catch(() => undefined);
		} catch (caught) {
			error = controller.signal.aborted
				? `timeout after ${this.config.timeoutMs} ms`
				: (caught as Error).message;
		} finally {
			clearTimeout(timeout);
			this.controllers.delete(controller);
		}
		const ok = status !== null && status >= 200 && status < 300;
		const retry = !ok && attempt < this.config.retries;
		this.deliveries.push({
			callId: call.callId,
			copy: call.copy,
			attempt,
			at: new Date().toISOString(),
			url: call.url,
			body: call.body,
			signature,
			events: call.events,
			status,
			error,
			ok,
			dropped: !ok && !retry,
		});
		if (!retry) return;
		const delays = this.config.delaysMs;
		const delay = delays[Math.min(attempt, delays.length - 1)] ?? 0;
		this.begin();
		const run = () => {
			this.timers.delete(timer);
			this.attempt(call, attempt + 1);
			this.end();
		};
		const timer = setTimeout(run, delay);
		timer.unref();
		this.timers.set(timer, run);
	}
}
