/**
 * Centra Trigger, webhook mode: what a Centra Webhook plugin ("Integration API" version) delivery
 * is, how its signature is checked, and how repeated deliveries are recognised.
 *
 * A delivery is `POST`, `Content-Type: application/x-www-form-urlencoded`, body
 * `payload=<url-encoded JSON>` with `{"events":[{type, action, date, id}]}`, header
 * `X-Centra-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>` (VERIFIED,
 * Centra Webhook plugin docs; hex INFERRED from the 64-character example, confirmed by the doc's
 * test vector in test/centra/trigger.test.ts). The HMAC is over the raw body exactly as received,
 * so it is computed from `req.rawBody` (the Buffer n8n reads before it parses a form body), never
 * from the parsed form re-encoded.
 */
import { createHmac, timingSafeEqual } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { rememberIds } from '../../shared/cursor';
import { DEFAULT_RETRY, type RetryOptions } from '../../shared/transport';

export const SIGNATURE_HEADER = 'x-centra-signature';

/** `v1` of the signature header for this secret, timestamp and raw body. */
export function centraSignature(
	secret: string,
	timestamp: string,
	rawBody: string | Uint8Array,
): string {
	return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}

/** `t=…,v1=…` split on `,` and `=` as the docs say; several `v1` are kept (any may match). */
export function parseSignatureHeader(header: string): { t?: string; v1: string[] } {
	const parsed: { t?: string; v1: string[] } = { v1: [] };
	for (const part of header.split(',')) {
		const at = part.indexOf('=');
		if (at < 0) continue;
		const key = part.slice(0, at).trim();
		const value = part.slice(at + 1).trim();
		if (key === 't') parsed.t = value;
		else if (key === 'v1' && value) parsed.v1.push(value);
	}
	return parsed;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

export interface SignatureInput {
	secret: string;
	/** The header's value, or undefined when the request has none. */
	header: string | string[] | undefined;
	rawBody: string | Uint8Array | undefined;
	nowMs: number;
	/** How far `t` may be from now, either way (clocks differ), in seconds. */
	toleranceSeconds: number;
}

/** Constant-time comparison of two hex strings (lengths are not secret: a v1 is always 64). */
function sameHex(expected: string, actual: string): boolean {
	const a = Buffer.from(expected, 'utf8');
	const b = Buffer.from(actual.toLowerCase(), 'utf8');
	return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Whether a delivery is Centra's: a header with `t` and `v1`, `t` within the tolerance (a replayed
 * old delivery is refused even with a valid signature), and `v1` the HMAC of `t` and the raw body.
 * The reason is for the n8n log only; the caller answers every failure the same way.
 */
export function checkSignature(input: SignatureInput): SignatureCheck {
	const header = Array.isArray(input.header) ? input.header[0] : input.header;
	if (!header) return { ok: false, reason: 'the request has no X-Centra-Signature header' };
	const { t, v1 } = parseSignatureHeader(header);
	if (!t || !/^\d+$/.test(t) || !v1.length) {
		return { ok: false, reason: 'the X-Centra-Signature header lacks t or v1' };
	}
	if (Math.abs(input.nowMs / 1000 - Number(t)) > input.toleranceSeconds) {
		return { ok: false, reason: 'the X-Centra-Signature timestamp is outside the allowed window' };
	}
	if (input.rawBody === undefined) return { ok: false, reason: 'the request body was not read' };
	const expected = centraSignature(input.secret, t, input.rawBody);
	if (!v1.some((candidate) => sameHex(expected, candidate))) {
		return { ok: false, reason: 'the X-Centra-Signature does not match the body' };
	}
	return { ok: true };
}

/** One entry of a delivery's `events`. */
export interface CentraWebhookEvent {
	type: string;
	action: string;
	/** Centra's local time with microseconds, e.g. "2021-01-29 14:40:58.628033". */
	date: string;
	/** Order number for `order`, shipment id for `shipment`. */
	id: number;
}

/**
 * The events of a delivery. n8n parses a form body into `{ payload: "<json>" }`; a `payload` that
 * is not JSON with an `events` list is not a delivery this trigger understands (null).
 */
export function deliveryEvents(body: IDataObject | undefined): CentraWebhookEvent[] | null {
	const payload = body?.payload;
	if (typeof payload !== 'string') return null;
	let parsed: unknown;
	try {
		parsed = JSON.parse(payload);
	} catch {
		return null;
	}
	const events = (parsed as { events?: unknown })?.events;
	if (!Array.isArray(events)) return null;
	return events
		.filter(
			(event): event is Record<string, unknown> =>
				typeof event === 'object' &&
				event !== null &&
				typeof (event as IDataObject).type === 'string' &&
				typeof (event as IDataObject).action === 'string',
		)
		.map((event) => ({
			type: String(event.type),
			action: String(event.action),
			date: String(event.date ?? ''),
			id: Number(event.id),
		}))
		.filter((event) => Number.isInteger(event.id));
}

/** The key an event is recognised by when Centra delivers it again. */
export function eventKey(event: CentraWebhookEvent): string {
	return `${event.type}:${event.action}:${event.id}:${event.date}`;
}

/**
 * What the trigger keeps in the node's static data: the keys of the last events it emitted, oldest
 * first, so that a repeated delivery (Centra retrying after a timeout or a non-2xx answer, or the
 * same call sent twice) is acknowledged without being emitted again.
 *
 * Why static data works here (checked in n8n 2.41.1's source, packages/cli):
 * - production webhooks (`webhooks/live-webhooks.js`, `executeWebhook`): every request builds its
 *   Workflow from the database row (`staticData: workflowData.staticData`, not cached), runs the
 *   node's `webhook()`, and in the response callback calls
 *   `workflowStaticDataService.saveStaticData(workflow)` before the HTTP answer is resolved; that
 *   writes the row when `staticData.__dataChanged` is set, which any write to
 *   `getWorkflowStaticData('node')` sets. A failing `webhook()` answers 500 through the error path,
 *   which does not save, so a delivery whose details could not be read is not marked seen and
 *   Centra's retry is processed.
 * - the execution that follows loads static data again and saves it only if a node changes it;
 *   nothing downstream does, so it does not overwrite the keys.
 * - test webhooks ("Listen for test event", `webhooks/test-webhooks.js`) keep static data in the
 *   registration cache and never write it to the database; the trigger neither reads nor records
 *   keys in manual mode, so a test event is always shown.
 * Limits (ASSUMED acceptable): the row is written whole, so two deliveries handled at the same
 * moment both read the old keys — if both carry the same event, it is emitted twice; Centra sends a
 * retry only after the first attempt failed or timed out (5 s, then 10 s or more later), and the
 * key is saved before the first answer leaves n8n.
 */
export interface SeenState {
	seenEvents?: string[];
}

/** Keys kept: at Centra's maximum of 100 events per call, the last 20 full deliveries. */
export const REMEMBERED_EVENTS = 2000;

/** Records `keys` as emitted, keeping the newest `REMEMBERED_EVENTS` (the kit's `rememberIds`). */
export function remember(state: SeenState, keys: string[]): void {
	if (!keys.length) return;
	state.seenEvents = rememberIds(state.seenEvents, keys, REMEMBERED_EVENTS);
}

/**
 * With Only Shipped Shipments, a shipment is emitted once, whichever of its events finds it shipped
 * (several events may announce one completion: e.g. `update` and `complete`), so it is remembered by
 * this key rather than by the event's.
 */
export const shippedKey = (shipmentId: number) => `shipment:shipped:${shipmentId}`;

/**
 * `webhook()` must answer within Centra's 5-second delivery timeout (VERIFIED default): past it,
 * Centra retries while the first run is still reading, and both runs read the same old seen keys
 * and emit the events twice. So its Centra reads retry once, and not at all after a Retry-After
 * beyond 2 s (ASSUMED budget: one answer round trip plus a short wait stays under 5 s): when Centra
 * is throttling, the trigger answers 500 at once and Centra's own retry (10 s or more later) reads
 * again. Polling and actions keep the kit's patient default.
 */
export const WEBHOOK_RETRY: RetryOptions = {
	...DEFAULT_RETRY,
	maxRetries: 1,
	maxRetryAfterMs: 2_000,
	throttleSteps: 0,
};
