import { WebhookContext } from 'n8n-core';
import type { IDataObject } from 'n8n-workflow';

import {
	centraSignature,
	checkSignature,
	REMEMBERED_EVENTS,
} from '../../nodes/Centra/triggers/webhook';
import type { CentraSandbox } from '../../sandbox/centra/server';
import { SANDBOX_WEBHOOK_SECRET, signatureHeader } from '../../sandbox/centra/server';
import {
	CENTRA_CREDENTIALS,
	CENTRA_STORES,
	startCentra,
	type CentraFixture,
} from '../harness/centra';
import { PACKAGE_NAME } from '../harness/node-types';
import { WorkflowRunner } from '../harness/run-workflow';
import { WebhookReceiver } from '../harness/webhook-receiver';
import { triggerWorkflow, type TriggerNode } from '../harness/workflows';

const CREDENTIALS = { centraIntegrationApi: CENTRA_CREDENTIALS.centraIntegrationApi };
const WEBHOOK_TRIGGER: TriggerNode = {
	name: 'Centra Trigger',
	type: `${PACKAGE_NAME}.centraTrigger`,
	credentials: CREDENTIALS,
};
const EVENTS_TRIGGER: TriggerNode = {
	name: 'Centra Events Trigger',
	type: `${PACKAGE_NAME}.centraEventsTrigger`,
	credentials: CREDENTIALS,
};

let fixture: CentraFixture;
beforeEach(async () => {
	fixture = await startCentra({}, CENTRA_STORES);
});
afterEach(async () => fixture.close());

/** A web order placed in Centra (announced to the webhook sender and the events queue). */
function placeOrder(sandbox: CentraSandbox, sku = 'TEE-RED-M', quantity = 1) {
	const { state } = sandbox;
	const size = state.findSizeBySku(sku);
	if (!size) throw new Error(`No SKU ${sku}`);
	return state.insertOrder({
		market: [...state.markets.values()][0],
		pricelist: [...state.pricelists.values()][0],
		shippingAddress: null,
		billingAddress: null,
		internalComment: null,
		otherComment: null,
		shippingValue: 0,
		adjustStock: false,
		lines: [{ size, quantity, unitPrice: 19.99 }],
	});
}

/** A delivery as Centra's plugin posts it, signed with `secret` at `t` (seconds). */
function delivery(
	events: IDataObject[],
	{ secret = SANDBOX_WEBHOOK_SECRET, t = Math.floor(Date.now() / 1000) } = {},
) {
	const body = new URLSearchParams({ payload: JSON.stringify({ events }) }).toString();
	return {
		body,
		headers: {
			'Content-Type': 'application/x-www-form-urlencoded',
			'X-Centra-Signature': signatureHeader(secret, t, body),
		},
	};
}

const eventOf = (type: string, action: string, id: number): IDataObject => ({
	type,
	action,
	date: '2026-05-01 09:00:00.000000',
	id,
});

describe('Centra webhook signature', () => {
	it("matches the test vector in Centra's webhook plugin docs", () => {
		const body = 'payload=%7B%22x%22%3A%22test%22%7D';
		expect(centraSignature('test123', '12345678', body)).toBe(
			'0b9cd84f5d583e5e1aadfb9f160aa8080b51d5b85ff85808d6b75bdac356c549',
		);
		const header = 't=12345678,v1=0b9cd84f5d583e5e1aadfb9f160aa8080b51d5b85ff85808d6b75bdac356c549';
		const at = (seconds: number) =>
			checkSignature({
				secret: 'test123',
				header,
				rawBody: Buffer.from(body),
				nowMs: seconds * 1000,
				toleranceSeconds: 300,
			});
		expect(at(12345678 + 60)).toEqual({ ok: true });
		expect(at(12345678 + 301)).toMatchObject({ ok: false });
		expect(
			checkSignature({
				secret: 'test1234',
				header,
				rawBody: Buffer.from(body),
				nowMs: 12345678000,
				toleranceSeconds: 300,
			}),
		).toMatchObject({ ok: false });
	});
});

describe('Centra Trigger (webhook)', () => {
	const workflow = (parameters: IDataObject = {}) => triggerWorkflow(WEBHOOK_TRIGGER, parameters);

	async function post(request: { body: string; headers: Record<string, string> }) {
		return await fixture.runner.webhook(workflow(), WEBHOOK_TRIGGER.name, request);
	}

	it('answers 401 and emits nothing for a forged, stale or missing signature, reading nothing from Centra', async () => {
		const order = placeOrder(fixture.sandbox);
		const events = [eventOf('order', 'insert', order.number)];
		const forged = delivery(events, { secret: 'not-the-secret' });
		const stale = delivery(events, { t: Math.floor(Date.now() / 1000) - 6 * 60 });
		const unsigned = delivery(events);
		delete (unsigned.headers as Record<string, string>)['X-Centra-Signature'];
		// A body changed after signing (the signature is over the raw body).
		const tampered = delivery(events);
		tampered.body = tampered.body.replace(String(order.number), String(order.number + 1));
		fixture.sandbox.calls.length = 0;
		for (const request of [forged, stale, unsigned, tampered]) {
			const answer = await post(request);
			expect(answer.answer.statusCode).toBe(401);
			expect(JSON.parse(answer.answer.body)).toEqual({ error: 'Invalid Centra signature' });
			expect(answer.items).toEqual([]);
			expect(answer.result).toBeUndefined();
			expect(answer.staticData).toEqual({});
		}
		expect(fixture.sandbox.calls).toHaveLength(0);
	});

	it('accepts a timestamp within a wider Signature Tolerance', async () => {
		const order = placeOrder(fixture.sandbox);
		const request = delivery([eventOf('order', 'insert', order.number)], {
			t: Math.floor(Date.now() / 1000) - 6 * 60,
		});
		const answer = await fixture.runner.webhook(
			workflow({ options: { toleranceMinutes: 10 } }),
			WEBHOOK_TRIGGER.name,
			request,
		);
		expect(answer.answer.statusCode).toBe(200);
		expect(answer.items).toHaveLength(1);
	});

	it("emits the orders and shipments of the sandbox sender's deliveries, read from Centra", async () => {
		// Order updates (the order moves to SHIPPED) are acknowledged but not chosen here.
		const chosen = workflow({
			events: ['order.insert', 'shipment.create', 'shipment.good_to_go', 'shipment.complete'],
		});
		const receiver = await WebhookReceiver.start(fixture.runner, chosen, WEBHOOK_TRIGGER.name);
		try {
			fixture.sandbox.webhooks.configure({ url: receiver.url, delaysMs: [1, 1, 1] });
			const order = placeOrder(fixture.sandbox, 'TEE-RED-M', 2);
			await fixture.sandbox.webhooks.idle();
			fixture.sandbox.ship({
				order: order.number,
				complete: { carrier: 'DHL', service: 'Express', trackingNumber: 'TRACK-1' },
			});
			await fixture.sandbox.webhooks.idle();

			expect(fixture.sandbox.webhooks.deliveries.every((record) => record.ok)).toBe(true);
			const emitted = receiver.emitted;
			expect(emitted.map((item) => item.event)).toEqual([
				expect.objectContaining({ type: 'order', action: 'insert', id: order.number }),
				expect.objectContaining({ type: 'shipment', action: 'create' }),
				expect.objectContaining({ type: 'shipment', action: 'good_to_go' }),
				expect.objectContaining({ type: 'shipment', action: 'complete' }),
			]);
			// The order in the canonical shape, read by number.
			expect(emitted[0]).toMatchObject({
				currency: 'GBP',
				lines: [expect.objectContaining({ sku: 'TEE-RED-M', quantity: 2 })],
			});
			// The completed shipment as a canonical fulfilment with its tracking.
			expect(emitted[3]).toMatchObject({
				carrier: 'DHL',
				trackingNumber: 'TRACK-1',
				lines: [{ sku: 'TEE-RED-M', quantity: 2 }],
			});
			// Each delivery started one execution holding the emitted items.
			const executed = receiver.deliveries.filter((entry) => entry.result);
			expect(executed.every((entry) => entry.result?.status === 'success')).toBe(true);
		} finally {
			await receiver.close();
		}
	});

	it('with Simplify off, emits the raw Centra order', async () => {
		const order = placeOrder(fixture.sandbox);
		const answer = await fixture.runner.webhook(
			workflow({ simplify: false }),
			WEBHOOK_TRIGGER.name,
			delivery([eventOf('order', 'insert', order.number)]),
		);
		expect(answer.items.map((item) => item.json)).toEqual([
			expect.objectContaining({
				number: order.number,
				status: 'PENDING',
				event: expect.anything(),
			}),
		]);
	});

	it('emits only the chosen events and acknowledges the others', async () => {
		const order = placeOrder(fixture.sandbox);
		const answer = await fixture.runner.webhook(
			workflow({ events: ['shipment.complete'] }),
			WEBHOOK_TRIGGER.name,
			delivery([
				eventOf('order', 'insert', order.number),
				eventOf('order', 'update', order.number),
			]),
		);
		expect(answer.answer.statusCode).toBe(200);
		expect(answer.items).toEqual([]);
		expect(answer.result).toBeUndefined();
	});

	it('emits a delivery Centra sends again (its answer lost, retried 3 times) once, acknowledging every copy', async () => {
		const receiver = await WebhookReceiver.start(fixture.runner, workflow(), WEBHOOK_TRIGGER.name);
		try {
			fixture.sandbox.webhooks.configure({ url: receiver.url, delaysMs: [1, 1, 1], retries: 3 });
			receiver.loseAnswers = 2;
			const order = placeOrder(fixture.sandbox);
			await fixture.sandbox.webhooks.idle();
			// The first attempt and two retries reached n8n; their answers were lost, the third got 200.
			expect(fixture.sandbox.webhooks.deliveries.map((record) => record.status)).toEqual([
				502, 502, 200,
			]);
			expect(receiver.deliveries).toHaveLength(3);
			expect(receiver.deliveries.map((entry) => entry.answer.statusCode)).toEqual([200, 200, 200]);
			expect(receiver.emitted).toEqual([
				expect.objectContaining({
					event: expect.objectContaining({ type: 'order', action: 'insert', id: order.number }),
				}),
			]);
			expect(receiver.deliveries.filter((entry) => entry.result)).toHaveLength(1);

			// Sent again later as a new call (same events, new signature): still not emitted.
			fixture.sandbox.webhooks.send(fixture.sandbox.webhooks.deliveries[0].events);
			await fixture.sandbox.webhooks.idle();
			expect(receiver.deliveries).toHaveLength(4);
			expect(receiver.emitted).toHaveLength(1);
		} finally {
			await receiver.close();
		}
	});

	it("emits a call the sandbox's sender delivers 3 times (duplicate factor 3) once", async () => {
		const receiver = await WebhookReceiver.start(fixture.runner, workflow(), WEBHOOK_TRIGGER.name);
		try {
			fixture.sandbox.webhooks.configure({ url: receiver.url, duplicate: 3 });
			const order = placeOrder(fixture.sandbox);
			await fixture.sandbox.webhooks.idle();
			expect(
				fixture.sandbox.webhooks.deliveries.map((record) => [record.copy, record.status]),
			).toEqual([
				[1, 200],
				[2, 200],
				[3, 200],
			]);
			expect(receiver.emitted).toEqual([
				expect.objectContaining({
					event: expect.objectContaining({ type: 'order', action: 'insert', id: order.number }),
				}),
			]);
		} finally {
			await receiver.close();
		}
	});

	it('keeps a bounded list of the events it emitted', async () => {
		const order = placeOrder(fixture.sandbox);
		const events = Array.from({ length: 100 }, (_, index) => ({
			...eventOf('order', 'update', order.number),
			date: `2026-05-01 09:00:00.${String(index).padStart(6, '0')}`,
		}));
		const seeded = Array.from(
			{ length: REMEMBERED_EVENTS },
			(_, index) => `order:update:1:${index}`,
		);
		const staticData = { 'node:Centra Trigger': { seenEvents: seeded } };
		const answer = await fixture.runner.webhook(
			workflow(),
			WEBHOOK_TRIGGER.name,
			delivery(events),
			staticData,
		);
		expect(answer.items).toHaveLength(100);
		const seen = (answer.staticData['node:Centra Trigger'] as { seenEvents: string[] }).seenEvents;
		expect(seen).toHaveLength(REMEMBERED_EVENTS);
		expect(seen[seen.length - 1]).toBe(`order:update:${order.number}:${events[99].date}`);
	});

	it('a test event (manual mode) is always shown and records nothing', async () => {
		const order = placeOrder(fixture.sandbox);
		const request = delivery([eventOf('order', 'insert', order.number)]);
		const first = await fixture.runner.webhook(workflow(), WEBHOOK_TRIGGER.name, request);
		const manual = await fixture.runner.webhook(
			workflow(),
			WEBHOOK_TRIGGER.name,
			request,
			first.staticData,
			'manual',
		);
		expect(manual.items).toHaveLength(1);
		expect(manual.staticData).toEqual(first.staticData);
	});

	it('answers 500 and records nothing when the order cannot be read, so the retry is emitted', async () => {
		const order = placeOrder(fixture.sandbox);
		const request = delivery([eventOf('order', 'insert', order.number)]);
		const restricted = fixture.sandbox.mintToken(['Shipment:read']);
		const blind = WorkflowRunner.forSandboxes(
			{ centra: fixture.sandbox.baseUrl },
			{ centraIntegrationApi: { token: restricted.token } },
		);
		const failed = await blind.webhook(workflow(), WEBHOOK_TRIGGER.name, request);
		expect(failed.answer.statusCode).toBe(500);
		expect(failed.items).toEqual([]);
		expect(failed.staticData).toEqual({});
		const retried = await fixture.runner.webhook(
			workflow(),
			WEBHOOK_TRIGGER.name,
			request,
			failed.staticData,
		);
		expect(retried.items).toHaveLength(1);
	});
});

describe('Centra Events Trigger (events queue)', () => {
	const workflow = (parameters: IDataObject = {}) =>
		triggerWorkflow(EVENTS_TRIGGER, {
			events: ['Order.CREATED', 'Shipment.COMPLETED'],
			...parameters,
		});
	const poll = async (
		staticData: IDataObject = {},
		mode: 'trigger' | 'manual' = 'trigger',
		parameters: IDataObject = {},
	) => await fixture.runner.poll(workflow(parameters), EVENTS_TRIGGER.name, staticData, mode);
	const queued = () => fixture.sandbox.state.events.map((event) => event.id);

	it('sets its listeners on activation, emits events with their orders, and confirms them on the next check', async () => {
		const activation = await poll();
		expect(activation.items).toEqual([]);
		expect([...fixture.sandbox.state.eventListeners.keys()].sort()).toEqual(['Order', 'Shipment']);

		const first = placeOrder(fixture.sandbox);
		const second = placeOrder(fixture.sandbox, 'CAP-BLUE');
		const emitted = await poll(activation.staticData);
		expect(emitted.items.map((item) => item.json.event)).toEqual([
			expect.objectContaining({
				objectType: 'Order',
				changeType: 'CREATED',
				objectId: first.number,
			}),
			expect.objectContaining({
				objectType: 'Order',
				changeType: 'CREATED',
				objectId: second.number,
			}),
		]);
		expect(emitted.items[1].json).toMatchObject({
			lines: [expect.objectContaining({ sku: 'CAP-BLUE' })],
		});
		// Emitted, not yet confirmed: a crash before n8n stored the check would emit them again.
		expect(queued()).toHaveLength(2);

		fixture.sandbox.ship({
			order: first.number,
			complete: { carrier: 'DHL', trackingNumber: 'T-9' },
		});
		const next = await poll(emitted.staticData);
		expect(queued()).toHaveLength(1);
		expect(next.items.map((item) => item.json)).toEqual([
			expect.objectContaining({
				event: expect.objectContaining({ objectType: 'Shipment', changeType: 'COMPLETED' }),
				trackingNumber: 'T-9',
			}),
		]);

		// An idle check confirms the last one and emits nothing again.
		const idle = await poll(next.staticData);
		expect(idle.items).toEqual([]);
		expect(queued()).toEqual([]);
		// n8n does not save static data after a check that emits nothing: the stale pending list
		// is harmless, as the confirmed ids no longer come back.
		const afterIdle = await poll(next.staticData);
		expect(afterIdle.items).toEqual([]);
	});

	it('a manual run (Fetch Test Event) shows queued events and confirms nothing', async () => {
		const activation = await poll();
		placeOrder(fixture.sandbox);
		const manual = await poll(activation.staticData, 'manual');
		expect(manual.items).toHaveLength(1);
		expect(manual.staticData).toEqual(activation.staticData);
		const trigger = await poll(activation.staticData);
		expect(trigger.items).toHaveLength(1);
		await poll(trigger.staticData);
		expect(queued()).toEqual([]);
	});

	it('a failed check confirms nothing: the events are emitted by the next one', async () => {
		const activation = await poll();
		const order = placeOrder(fixture.sandbox);
		const emitted = await poll(activation.staticData);
		expect(emitted.items).toHaveLength(1);
		const another = placeOrder(fixture.sandbox, 'CAP-BLUE');
		// The next check cannot read the new order's details: it fails before confirming anything.
		fixture.sandbox.setFaults({
			failNext: [{ operation: 'OrdersByNumber', status: 400, count: 1 }],
		});
		await expect(poll(emitted.staticData)).rejects.toThrow();
		expect(queued()).toHaveLength(2);
		const retried = await poll(emitted.staticData);
		expect(retried.items.map((item) => item.json.event)).toEqual([
			expect.objectContaining({ objectId: another.number }),
		]);
		expect(queued()).toHaveLength(1);
		void order;
	});
});

describe('Centra Trigger (webhook): refusals', () => {
	const workflow = (parameters: IDataObject = {}) => triggerWorkflow(WEBHOOK_TRIGGER, parameters);

	/** The warnings the trigger logged through n8n's logger while `run` ran. */
	async function warningsOf<T>(run: () => Promise<T>): Promise<{ result: T; warnings: string[] }> {
		const warn = jest.fn();
		const logger = { warn, error: jest.fn(), info: jest.fn(), debug: jest.fn() };
		const spy = jest
			.spyOn(WebhookContext.prototype, 'logger', 'get')
			.mockReturnValue(logger as unknown as WebhookContext['logger']);
		try {
			const result = await run();
			return { result, warnings: warn.mock.calls.map((call) => String(call[0])) };
		} finally {
			spy.mockRestore();
		}
	}

	it('answers 401 and logs a warning when the credential has no Webhook Secret, reading nothing', async () => {
		const order = placeOrder(fixture.sandbox);
		const unconfigured = WorkflowRunner.forSandboxes(
			{ centra: fixture.sandbox.baseUrl },
			{ centraIntegrationApi: { webhookSecret: '' } },
		);
		fixture.sandbox.calls.length = 0;
		const { result: answer, warnings } = await warningsOf(
			async () =>
				await unconfigured.webhook(
					workflow(),
					WEBHOOK_TRIGGER.name,
					delivery([eventOf('order', 'insert', order.number)]),
				),
		);
		expect(answer.answer.statusCode).toBe(401);
		expect(JSON.parse(answer.answer.body)).toEqual({
			error: 'Signature verification is not configured',
		});
		expect(answer.items).toEqual([]);
		expect(answer.staticData).toEqual({});
		expect(warnings).toEqual([
			expect.stringContaining('the Centra credential has no Webhook Secret'),
		]);
		expect(fixture.sandbox.calls).toHaveLength(0);
	});

	it('answers 400 to a signed body that is not an events delivery', async () => {
		const t = Math.floor(Date.now() / 1000);
		const bodies = [
			new URLSearchParams({ payload: JSON.stringify({ x: 'test' }) }).toString(),
			new URLSearchParams({ payload: 'not json' }).toString(),
			new URLSearchParams({ events: '[]' }).toString(),
		];
		fixture.sandbox.calls.length = 0;
		for (const body of bodies) {
			const answer = await fixture.runner.webhook(workflow(), WEBHOOK_TRIGGER.name, {
				body,
				headers: {
					'Content-Type': 'application/x-www-form-urlencoded',
					'X-Centra-Signature': signatureHeader(SANDBOX_WEBHOOK_SECRET, t, body),
				},
			});
			expect(answer.answer.statusCode).toBe(400);
			expect(JSON.parse(answer.answer.body)).toEqual({
				error: expect.stringContaining('Not a Centra Integration API webhook'),
			});
			expect(answer.items).toEqual([]);
			expect(answer.staticData).toEqual({});
		}
		expect(fixture.sandbox.calls).toHaveLength(0);
	});

	it('answers 401 to a timestamp further in the future than the tolerance, and logs why', async () => {
		const order = placeOrder(fixture.sandbox);
		const request = delivery([eventOf('order', 'insert', order.number)], {
			t: Math.floor(Date.now() / 1000) + 6 * 60,
		});
		const { result: answer, warnings } = await warningsOf(
			async () => await fixture.runner.webhook(workflow(), WEBHOOK_TRIGGER.name, request),
		);
		expect(answer.answer.statusCode).toBe(401);
		expect(answer.items).toEqual([]);
		expect(warnings).toEqual([expect.stringContaining('outside the allowed window')]);
	});
});

describe('Centra Trigger (webhook): answering within Centra’s timeout', () => {
	it('answers 500 at once when Centra throttles the reads past its short retry budget; the retry emits once', async () => {
		const receiver = await WebhookReceiver.start(
			fixture.runner,
			triggerWorkflow(WEBHOOK_TRIGGER, {}),
			WEBHOOK_TRIGGER.name,
		);
		try {
			fixture.sandbox.webhooks.configure({ url: receiver.url, delaysMs: [1, 1, 1], retries: 3 });
			// Two 429s: more than the one retry a webhook's read may make, fewer than the default's six.
			fixture.sandbox.setFaults({ burst429: 2, burstRetryAfterSeconds: 1 });
			const order = placeOrder(fixture.sandbox);
			await fixture.sandbox.webhooks.idle();

			expect(fixture.sandbox.webhooks.deliveries.map((record) => record.status)).toEqual([
				500, 200,
			]);
			expect(fixture.sandbox.callsTo('OrdersByNumber').map((call) => call.status)).toEqual([
				429, 429, 200,
			]);
			expect(receiver.emitted).toEqual([
				expect.objectContaining({
					event: expect.objectContaining({ type: 'order', action: 'insert', id: order.number }),
				}),
			]);
		} finally {
			await receiver.close();
		}
	});
});

describe('Centra Trigger (webhook): Only Shipped Shipments', () => {
	const SHIPMENT_EVENTS = [
		'shipment.create',
		'shipment.good_to_go',
		'shipment.update',
		'shipment.complete',
	];
	const workflow = () =>
		triggerWorkflow(WEBHOOK_TRIGGER, {
			events: SHIPMENT_EVENTS,
			options: { onlyShipped: true },
		});
	const shipmentIdOf = (result: { shipment?: unknown }) => (result.shipment as { id: number }).id;
	let at = 0;
	/** A shipment event with a date of its own (a new event, not a repeated one). */
	const shipmentEvent = (action: string, id: number) => ({
		...eventOf('shipment', action, id),
		date: `2026-05-01 09:00:00.${String(++at).padStart(6, '0')}`,
	});

	it('emits each shipment once, when it is shipped, whichever action announces it', async () => {
		const waiting = placeOrder(fixture.sandbox);
		const shipped = placeOrder(fixture.sandbox, 'CAP-BLUE');
		const waitingShipment = shipmentIdOf(fixture.sandbox.ship({ order: waiting.number }));
		const shippedShipment = shipmentIdOf(
			fixture.sandbox.ship({ order: shipped.number, complete: { trackingNumber: 'T-1' } }),
		);
		const post = async (events: IDataObject[], staticData: IDataObject) =>
			await fixture.runner.webhook(workflow(), WEBHOOK_TRIGGER.name, delivery(events), staticData);

		// Not shipped yet: acknowledged and skipped. Shipped, announced twice (as an update, the
		// action Centra's docs leave open, and as complete): emitted once.
		const first = await post(
			[
				shipmentEvent('good_to_go', waitingShipment),
				shipmentEvent('update', shippedShipment),
				shipmentEvent('complete', shippedShipment),
			],
			{},
		);
		expect(first.answer.statusCode).toBe(200);
		expect(first.items.map((item) => item.json)).toEqual([
			expect.objectContaining({
				event: expect.objectContaining({ action: 'update', id: shippedShipment }),
				trackingNumber: 'T-1',
			}),
		]);

		// The waiting shipment completes, announced as an update: now it is emitted.
		const completed = fixture.sandbox.state.completeShipment(waitingShipment, {
			shipmentInfo: { carrier: 'DHL', trackingNumber: 'T-2' },
		});
		expect(completed.userErrors).toEqual([]);
		const second = await post(
			[shipmentEvent('update', waitingShipment), shipmentEvent('complete', shippedShipment)],
			first.staticData,
		);
		expect(second.items.map((item) => item.json)).toEqual([
			expect.objectContaining({
				event: expect.objectContaining({ action: 'update', id: waitingShipment }),
				trackingNumber: 'T-2',
			}),
		]);

		// Both already emitted: a later complete (or any other event) emits nothing.
		const third = await post(
			[shipmentEvent('complete', waitingShipment), shipmentEvent('update', shippedShipment)],
			second.staticData,
		);
		expect(third.answer.statusCode).toBe(200);
		expect(third.items).toEqual([]);
	});
});

describe('Centra Events Trigger: events it does not emit', () => {
	const poll = async (
		events: string[],
		staticData: IDataObject = {},
		parameters: IDataObject = {},
	) =>
		await fixture.runner.poll(
			triggerWorkflow(EVENTS_TRIGGER, { events, ...parameters }),
			EVENTS_TRIGGER.name,
			staticData,
			'trigger',
		);
	const queued = () =>
		fixture.sandbox.state.events.map((event) => `${event.objectType}.${event.changeType}`);
	const listeners = () =>
		Object.fromEntries(
			[...fixture.sandbox.state.eventListeners].map(([type, changes]) => [
				type,
				[...changes].sort(),
			]),
		);

	it('confirms events the filter lets through but it does not emit, so the queue never stalls', async () => {
		const chosen = ['Order.CREATED', 'Shipment.COMPLETED'];
		// Orders placed before the listeners were set: only their completions are queued.
		const firstOrder = placeOrder(fixture.sandbox);
		const secondOrder = placeOrder(fixture.sandbox, 'CAP-BLUE');
		const activation = await poll(chosen);
		// Another integration on the same queue listens for Order.COMPLETED; the filter
		// (objectType Order|Shipment, changeType CREATED|COMPLETED) lets those through too.
		fixture.sandbox.state.setEventListeners([{ objectType: 'Order', changeTypes: ['COMPLETED'] }]);
		fixture.sandbox.ship({ order: firstOrder.number, complete: true });
		fixture.sandbox.ship({ order: secondOrder.number, complete: true });
		const next = placeOrder(fixture.sandbox, 'TEE-RED-M', 3);
		expect(queued()).toEqual([
			'Shipment.COMPLETED',
			'Order.COMPLETED',
			'Shipment.COMPLETED',
			'Order.COMPLETED',
			'Order.CREATED',
		]);

		// One event a check; n8n keeps the static data of the checks that emit.
		const emitted: IDataObject[] = [];
		let staticData = activation.staticData;
		for (let check = 0; check < 6; check++) {
			const result = await poll(chosen, staticData, { maxPerPoll: 1 });
			emitted.push(...result.items.map((item) => item.json.event as IDataObject));
			if (result.items.length) staticData = result.staticData;
		}
		expect(emitted).toEqual([
			expect.objectContaining({ objectType: 'Shipment', changeType: 'COMPLETED' }),
			expect.objectContaining({ objectType: 'Shipment', changeType: 'COMPLETED' }),
			expect.objectContaining({
				objectType: 'Order',
				changeType: 'CREATED',
				objectId: next.number,
			}),
		]);
		expect(queued()).toEqual([]);
		// The other integration's listener stays.
		expect(listeners().Order).toEqual(['COMPLETED', 'CREATED']);
	});

	it('unsets the listeners it set before and no longer wants, never those it did not set', async () => {
		const before = await poll(['Order.CREATED', 'Order.UPDATED', 'Shipment.COMPLETED']);
		// Set by someone else on the same queue.
		fixture.sandbox.state.setEventListeners([{ objectType: 'Shipment', changeTypes: ['CREATED'] }]);
		placeOrder(fixture.sandbox);
		expect(queued()).toEqual(['Order.CREATED']);

		const after = await poll(['Order.CREATED'], before.staticData);
		expect(listeners()).toEqual({ Order: ['CREATED'], Shipment: ['CREATED'] });
		expect(after.items).toHaveLength(1);
		// Unchanged choice: nothing unset or set again.
		fixture.sandbox.calls.length = 0;
		await poll(['Order.CREATED'], after.staticData);
		expect(fixture.sandbox.callsTo('UnsetEventListeners')).toEqual([]);
		expect(fixture.sandbox.callsTo('SetEventListeners')).toEqual([]);
	});
});
