/**
 * Replay suite (issue #15), fulfilments: the same dispatch processed twice records the tracking
 * once on the channel that took the order, through every fulfilment writeback template:
 * Linnworks / Centra / commercetools / Stokly → Cloudshelf (one tracking entry per kiosk order
 * line) and Linnworks → Shopify (one Shopify fulfillment). Processed twice means the same trigger
 * items fed to the workflow again (a crashed run re-emitted, an execution retried) and, for the
 * polling triggers, the cursor reset so the trigger emits the dispatch again; also with the first
 * channel write's answer lost (`loseAnswerNext`: written, answered 502).
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { centraWorkflow } from '../harness/centra';
import { commercetoolsWorkflow } from '../harness/commercetools';
import type { RunResult, WorkflowJson } from '../harness/run-workflow';
import {
	runPolled,
	runScheduled,
	shopifyOrderInLinnworks,
	startRetail,
	type RetailFixture,
} from '../harness/templates';
import { minutesAgo } from '../harness/time';
import { WebhookReceiver } from '../harness/webhook-receiver';
import { ERROR_OUTPUT } from '../harness/workflows';

let fixture: RetailFixture;
const receivers: WebhookReceiver[] = [];
beforeEach(async () => {
	fixture = await startRetail();
});
afterEach(async () => {
	for (const receiver of receivers.splice(0)) await receiver.close();
	await fixture.close();
});

/** A dispatch the template's trigger emitted, and the execution those items started. */
interface Dispatched {
	workflow: WorkflowJson;
	items: INodeExecutionData[];
	first: RunResult;
	/** The polling trigger's static data from before the dispatch (a reset cursor); none for webhooks. */
	cursorBefore?: IDataObject;
	/** Channel writes made before the trigger's first execution (the injection's marks). */
	writesBefore: number;
}

interface WritebackCase {
	template: string;
	trigger: string;
	/** The channel's sandbox and the operation that records the fulfilment there. */
	channel: 'cloudshelf' | 'shopify';
	write: string;
	/**
	 * Places an order, dispatches it on the source platform and runs the trigger's first execution;
	 * `beforeFirst` runs just before that execution (e.g. to make its channel write lose its answer).
	 */
	dispatch(beforeFirst?: () => void): Promise<Dispatched>;
	/** How many times the dispatch is recorded on the channel, per line (Cloudshelf) or in all (Shopify). */
	recorded(): number[];
	/** Whether an execution recorded it now (true) or found it already recorded (false). */
	recordedNow(result: RunResult): boolean;
}

/** A paid kiosk order with two lines, injected into the target by its order-injection template. */
async function injectedKioskOrder(target: string) {
	const kiosk = fixture.sandboxes.cloudshelf.state.seedOrder({
		status: 'PAID',
		location: 'Oxford Street',
		paymentMethod: 'card',
		createdAt: minutesAgo(30),
		lines: [
			{ variant: 'TEE-RED-M', quantity: 1, price: 19.99 },
			{ variant: 'CAP-BLUE', quantity: 2, price: 14.99 },
		],
	});
	await runScheduled(
		fixture,
		fixture.workflow(`order-injection-cloudshelf-to-${target}`),
		'Every 5 Minutes',
	);
	const thirdPartyId = fixture.sandboxes.cloudshelf.state.orders.get(kiosk.id)!.thirdPartyId!;
	expect(thirdPartyId).toBeTruthy();
	return { kiosk, thirdPartyId };
}

/** Tracking numbers on each line of the kiosk order (one entry per line when recorded once). */
const cloudshelfTrackingEntries = (kioskId: string) =>
	fixture.sandboxes.cloudshelf.state.orders
		.get(kioskId)!
		.lines.map(
			(line) => line.customAttributes.filter((entry) => entry.key === 'tracking_number').length,
		);

const RECORD = 'Record Fulfilment In Cloudshelf';
const recordedInCloudshelf = (result: RunResult) => {
	const [outcome] = result.json(RECORD);
	if (outcome.recorded === true) return true;
	expect(outcome).toMatchObject({ recorded: false, alreadyRecorded: true });
	return false;
};

/**
 * A polling-trigger writeback to Cloudshelf: activated (its first check emits nothing), the order
 * injected and dispatched by `ship`, then checked again.
 */
function polledToCloudshelf(
	target: string,
	trigger: string,
	ship: (thirdPartyId: string) => Promise<void> | void,
): WritebackCase {
	let kioskId = '';
	return {
		template: `fulfilment-writeback-${target}-to-cloudshelf`,
		trigger,
		channel: 'cloudshelf',
		write: 'UpsertOrders',
		dispatch: async (beforeFirst) => {
			const workflow = fixture.workflow(`fulfilment-writeback-${target}-to-cloudshelf`);
			const activated = await runPolled(fixture, workflow, trigger, {});
			expect(activated.items).toEqual([]);
			const { kiosk, thirdPartyId } = await injectedKioskOrder(target);
			kioskId = kiosk.id;
			await ship(thirdPartyId);
			const writesBefore = fixture.sandboxes.cloudshelf.callsTo('UpsertOrders').length;
			beforeFirst?.();
			const check = await runPolled(fixture, workflow, trigger, activated.staticData);
			expect(check.items.map((item) => item.json.orderReference)).toEqual([kiosk.id]);
			return {
				workflow,
				items: check.items,
				first: check.result!,
				cursorBefore: activated.staticData,
				writesBefore,
			};
		},
		recorded: () => cloudshelfTrackingEntries(kioskId),
		recordedNow: recordedInCloudshelf,
	};
}

const linnworksToCloudshelf = polledToCloudshelf(
	'linnworks',
	'Linnworks Order Dispatched',
	(reference) => {
		const { state } = fixture.sandboxes.linnworks;
		const order = [...state.orders.values()].find(
			(candidate) => String(candidate.NumOrderId) === reference,
		)!;
		state.dispatch(order.OrderId, { vendor: 'DPD', service: 'Next Day', trackingNumber: 'DPD-1' });
	},
);

const commercetoolsToCloudshelf = polledToCloudshelf(
	'commercetools',
	'commercetools Delivery Added',
	async (orderNumber) => {
		const shipped = await fixture.runner.run(
			commercetoolsWorkflow({ resource: 'delivery', operation: 'add' }, [
				{
					orderReference: orderNumber,
					carrier: 'DHL',
					service: 'Express',
					trackingNumber: 'DHL-1',
					lines: [
						{ sku: 'TEE-RED-M', quantity: 1 },
						{ sku: 'CAP-BLUE', quantity: 2 },
					],
				},
			]),
		);
		expect(shipped.json('commercetools')).toHaveLength(1);
	},
);

const stoklyToCloudshelf = polledToCloudshelf(
	'stokly',
	'Stokly Sale Order Dispatched',
	(saleOrderId) => {
		fixture.sandboxes.stokly.state.dispatch(saleOrderId, {
			courier: 'DHL',
			trackingNumber: 'DHL-2',
			trackingUrl: 'https://track.example.com/DHL-2',
		});
	},
);

/** Centra → Cloudshelf: Centra's webhook delivers the shipment completion to the activated trigger. */
const centraToCloudshelf: WritebackCase = (() => {
	let kioskId = '';
	const template = 'fulfilment-writeback-centra-to-cloudshelf';
	const trigger = 'Centra Shipment Completed';
	return {
		template,
		trigger,
		channel: 'cloudshelf',
		write: 'UpsertOrders',
		dispatch: async (beforeFirst) => {
			const workflow = fixture.workflow(template);
			const receiver = await WebhookReceiver.start(fixture.runner, workflow, trigger);
			receivers.push(receiver);
			const { centra } = fixture.sandboxes;
			centra.webhooks.configure({ url: receiver.url, delaysMs: [1, 1, 1] });
			const { kiosk, thirdPartyId } = await injectedKioskOrder('centra');
			kioskId = kiosk.id;
			await centra.webhooks.idle(); // the order events of the injection, acknowledged
			const writesBefore = fixture.sandboxes.cloudshelf.callsTo('UpsertOrders').length;
			beforeFirst?.();
			centra.ship({
				order: Number(thirdPartyId),
				complete: { carrier: 'DHL', service: 'Express', trackingNumber: 'DHL-3' },
			});
			await centra.webhooks.idle();
			const delivery = receiver.deliveries.find((candidate) => candidate.items.length)!;
			expect(delivery.items.map((item) => item.json.orderReference)).toEqual([kiosk.id]);
			return { workflow, items: delivery.items, first: delivery.result!, writesBefore };
		},
		recorded: () => cloudshelfTrackingEntries(kioskId),
		recordedNow: recordedInCloudshelf,
	};
})();

/** Linnworks → Shopify: a Shopify web order injected into Linnworks, dispatched there. */
const linnworksToShopify: WritebackCase = (() => {
	let shopifyOrderId = 0;
	const template = 'fulfilment-writeback-linnworks-to-shopify';
	const trigger = 'Linnworks Order Dispatched';
	return {
		template,
		trigger,
		channel: 'shopify',
		write: 'graphql:FulfillmentCreate',
		dispatch: async (beforeFirst) => {
			const workflow = fixture.workflow(template);
			const activated = await runPolled(fixture, workflow, trigger, {});
			expect(activated.items).toEqual([]);
			const order = fixture.sandboxes.shopify.state.createOrder(
				{
					email: 'ann.lee@example.com',
					line_items: [
						{ sku: 'TEE-RED-M', quantity: 2 },
						{ sku: 'CAP-BLUE-OS', quantity: 1 },
					],
				},
				{ silent: true },
			);
			shopifyOrderId = order.id;
			const inLinnworks = shopifyOrderInLinnworks(fixture.sandboxes, order);
			fixture.sandboxes.linnworks.state.dispatch(inLinnworks.OrderId, {
				vendor: 'DPD',
				service: 'Next Day',
				trackingNumber: 'DPD-9',
			});
			beforeFirst?.();
			const check = await runPolled(fixture, workflow, trigger, activated.staticData);
			expect(check.items.map((item) => item.json.orderReference)).toEqual([String(order.id)]);
			return {
				workflow,
				items: check.items,
				first: check.result!,
				cursorBefore: activated.staticData,
				writesBefore: 0,
			};
		},
		recorded: () => [
			fixture.sandboxes.shopify.state.fulfillments.filter(
				(fulfillment) => fulfillment.order_id === shopifyOrderId,
			).length,
		],
		recordedNow: (result) => {
			if (result.json('Fulfilled').length) return true;
			expect(result.json('Already Fulfilled')).toEqual([
				expect.objectContaining({ outcome: 'already fulfilled' }),
			]);
			return false;
		},
	};
})();

const WRITEBACKS: WritebackCase[] = [
	linnworksToCloudshelf,
	centraToCloudshelf,
	commercetoolsToCloudshelf,
	stoklyToCloudshelf,
	linnworksToShopify,
];

/** The workflow run again from its trigger with the same items, as a production execution. */
const replayed = async ({ workflow, items }: Dispatched, trigger: string) =>
	await fixture.runner.run(workflow, { startNode: trigger, startItems: items, mode: 'trigger' });

describe.each(WRITEBACKS)('replay: a dispatch written back twice, $template', (spec) => {
	const channel = () => fixture.sandboxes[spec.channel];
	/** Each line (Cloudshelf) or the order (Shopify) recorded exactly once. */
	const recordedOnce = () => spec.recorded().map(() => 1);

	it('records the tracking once; the same dispatch processed again is reported as already recorded and writes nothing', async () => {
		const dispatched = await spec.dispatch();
		expect(dispatched.first.status).toBe('success');
		expect(spec.recordedNow(dispatched.first)).toBe(true);
		expect(spec.recorded()).toEqual(recordedOnce());
		const writes = channel().callsTo(spec.write).length;
		expect(writes).toBeGreaterThan(dispatched.writesBefore);

		// The same items fed to the workflow again.
		const again = await replayed(dispatched, spec.trigger);
		expect(again.status).toBe('success');
		expect(spec.recordedNow(again)).toBe(false);

		// A polling trigger whose cursor was reset emits the dispatch again.
		if (dispatched.cursorBefore) {
			const repoll = await runPolled(
				fixture,
				dispatched.workflow,
				spec.trigger,
				dispatched.cursorBefore,
			);
			expect(repoll.items).toHaveLength(1);
			expect(spec.recordedNow(repoll.result!)).toBe(false);
		}
		expect(spec.recorded()).toEqual(recordedOnce());
		expect(channel().callsTo(spec.write)).toHaveLength(writes);
		expect(fixture.alerts()).toEqual([]);
	});

	it("records it once when the first write's answer was lost, and the replay writes nothing", async () => {
		const dispatched = await spec.dispatch(() =>
			channel().setFaults({ loseAnswerNext: [{ operation: spec.write, count: 1 }] }),
		);
		expect(dispatched.first.status).toBe('success');
		// The fulfilment's first write was processed but answered 502.
		expect(channel().callsTo(spec.write)[dispatched.writesBefore].status).toBe(502);
		expect(spec.recordedNow(dispatched.first)).toBe(true);
		expect(spec.recorded()).toEqual(recordedOnce());
		const writes = channel().callsTo(spec.write).length;

		const again = await replayed(dispatched, spec.trigger);
		expect(again.status).toBe('success');
		expect(spec.recordedNow(again)).toBe(false);
		expect(spec.recorded()).toEqual(recordedOnce());
		expect(channel().callsTo(spec.write)).toHaveLength(writes);
		expect(fixture.alerts()).toEqual([]);
	});
});

// ---- the nodes that write a fulfilment on the order-management side ----

interface FulfilmentWriteNode {
	target: 'centra' | 'commercetools';
	node: string;
	/** The platform operation that records the shipment (where an answer is lost). */
	write: string;
	workflow(fulfilment: IDataObject): WorkflowJson;
	/** Shipments (Centra) or deliveries (commercetools) the order holds. */
	records(orderId: string): number;
}

const FULFILMENT_WRITES: FulfilmentWriteNode[] = [
	{
		target: 'centra',
		node: 'Centra',
		write: 'CreateShipment',
		workflow: (fulfilment) =>
			centraWorkflow(
				{
					resource: 'shipment',
					operation: 'create',
					lookupBy: 'reference',
					reference: '={{ $json.orderReference }}',
					linesMode: 'input',
				},
				[fulfilment],
				ERROR_OUTPUT,
			),
		records: (centraNumber) =>
			[...fixture.sandboxes.centra.state.shipments.values()].filter(
				(shipment) => shipment.orderNumber === Number(centraNumber),
			).length,
	},
	{
		target: 'commercetools',
		node: 'commercetools',
		write: 'orders/update',
		workflow: (fulfilment) =>
			commercetoolsWorkflow({ resource: 'delivery', operation: 'add' }, [fulfilment], ERROR_OUTPUT),
		records: (orderNumber) =>
			fixture.sandboxes.commercetools.state.order(orderNumber)?.shippingInfo?.deliveries?.length ??
			0,
	},
];

describe.each(FULFILMENT_WRITES)('replay: a fulfilment written twice by the $node node', (spec) => {
	/** A kiosk order injected into the target, and its canonical fulfilment (the tee shipped). */
	async function shippable() {
		const { kiosk, thirdPartyId } = await injectedKioskOrder(spec.target);
		const fulfilment: IDataObject = {
			orderReference: kiosk.id,
			carrier: 'DPD',
			service: 'Next Day',
			trackingNumber: 'DPD-77',
			shippedAt: minutesAgo(5),
			lines: [{ sku: 'TEE-RED-M', quantity: 1 }],
		};
		return { orderId: thirdPartyId, fulfilment };
	}
	const created = (result: RunResult) => result.json(spec.node).map((item) => item.created);
	const writes = () => fixture.sandboxes[spec.target].callsTo(spec.write);

	it('records one shipment; the second write reports created: false and sends nothing', async () => {
		const { orderId, fulfilment } = await shippable();
		const before = writes().length;
		expect(created(await fixture.runner.run(spec.workflow(fulfilment)))).toEqual([true]);
		const again = await fixture.runner.run(spec.workflow(fulfilment));
		expect(again.json(spec.node, 1)).toEqual([]);
		expect(created(again)).toEqual([false]);
		expect(spec.records(orderId)).toBe(1);
		expect(writes()).toHaveLength(before + 1);
	});

	it("records one shipment when the first write's answer was lost; the replay reports created: false", async () => {
		const { orderId, fulfilment } = await shippable();
		const before = writes().length;
		fixture.sandboxes[spec.target].setFaults({
			loseAnswerNext: [{ operation: spec.write, count: 1 }],
		});
		const first = await fixture.runner.run(spec.workflow(fulfilment));
		expect(writes()[before].status).toBe(502);
		// Checked against the platform (the shipment's key), not sent again: made once.
		expect(first.json(spec.node, 1)).toEqual([]);
		expect(created(first)).toEqual([true]);
		expect(spec.records(orderId)).toBe(1);

		const again = await fixture.runner.run(spec.workflow(fulfilment));
		expect(created(again)).toEqual([false]);
		expect(spec.records(orderId)).toBe(1);
	});
});
