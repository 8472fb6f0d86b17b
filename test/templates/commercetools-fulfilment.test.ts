import type { IDataObject } from 'n8n-workflow';

import { runPolled, runScheduled, startRetail, type RetailFixture } from '../harness/templates';
import { minutesAgo } from '../harness/time';
import { commercetoolsWorkflow } from '../harness/commercetools';

const TEMPLATE = 'fulfilment-writeback-commercetools-to-cloudshelf';
const TRIGGER = 'commercetools Delivery Added';
const RECORD = 'Record Fulfilment In Cloudshelf';
let fixture: RetailFixture;
beforeEach(async () => {
	fixture = await startRetail();
});
afterEach(async () => fixture.close());

/** A kiosk order imported into commercetools by the order-injection template; its order number. */
async function injectedKioskOrder() {
	const kiosk = fixture.sandboxes.cloudshelf.state.seedOrder({
		location: 'Oxford Street',
		createdAt: minutesAgo(30),
		lines: [
			{ variant: 'TEE-RED-M', quantity: 1, price: 19.99 },
			{ variant: 'CAP-BLUE', quantity: 2, price: 14.99 },
		],
	});
	await runScheduled(
		fixture,
		fixture.workflow('order-injection-cloudshelf-to-commercetools'),
		'Every 5 Minutes',
	);
	const orderNumber = fixture.sandboxes.cloudshelf.state.orders.get(kiosk.id)!.thirdPartyId!;
	expect(fixture.sandboxes.commercetools.state.order(orderNumber)).toBeDefined();
	return { kiosk, orderNumber };
}

/** The warehouse ships: Delivery → Add on the commercetools order, with one tracked parcel. */
async function ship(fulfilment: IDataObject) {
	const result = await fixture.runner.run(
		commercetoolsWorkflow({ resource: 'delivery', operation: 'add' }, [fulfilment]),
	);
	expect(result.status).toBe('success');
	expect(result.json('commercetools')).toHaveLength(1);
}

/** The fulfilment attributes on each line of the Cloudshelf order, by SKU. */
const trackingOf = (kioskId: string) =>
	Object.fromEntries(
		fixture.sandboxes.cloudshelf.state.orders
			.get(kioskId)!
			.lines.map((line) => [
				fixture.sandboxes.cloudshelf.state.variants.get(line.productVariantId)?.sku,
				Object.fromEntries(
					line.customAttributes.map((attribute) => [attribute.key, attribute.value]),
				),
			]),
	);

/** The trigger's first check starts from activation: it emits nothing and sets the cursor. */
async function activated() {
	const workflow = fixture.workflow(TEMPLATE);
	const first = await runPolled(fixture, workflow, TRIGGER, {});
	expect(first.items).toEqual([]);
	return { workflow, staticData: first.staticData };
}

describe('template: fulfilment writeback commercetools → Cloudshelf', () => {
	it("writes a delivery's carrier and tracking to the lines it holds on the kiosk order, once, and leaves web orders alone", async () => {
		const { workflow, staticData } = await activated();
		const { kiosk, orderNumber } = await injectedKioskOrder();
		// A web order, imported by the shop: not the kiosk's business.
		const web = await fixture.runner.run(
			commercetoolsWorkflow({ resource: 'order', operation: 'import' }, [
				{
					reference: 'WEB-1001',
					origin: 'web',
					placedAt: minutesAgo(60),
					status: 'paid',
					currency: 'EUR',
					lines: [{ sku: 'HOODIE-GREY-L', quantity: 1, unitPrice: 48.99 }],
				},
			]),
		);
		expect(web.json('commercetools')).toEqual([expect.objectContaining({ created: true })]);

		// The warehouse ships the tee of the kiosk order first, and the web order.
		await ship({
			orderReference: orderNumber,
			carrier: 'DHL',
			service: 'Express',
			trackingNumber: 'DHL-7731',
			lines: [{ sku: 'TEE-RED-M', quantity: 1 }],
		});
		await ship({
			orderReference: 'WEB-1001',
			carrier: 'DPD',
			trackingNumber: 'DPD-1',
			lines: [{ sku: 'HOODIE-GREY-L', quantity: 1 }],
		});

		const check = await runPolled(fixture, workflow, TRIGGER, staticData);
		expect(check.result?.status).toBe('success');
		// One fulfilment per delivery; the web order's is filtered out.
		expect(check.items.map((item) => item.json.orderReference)).toEqual([kiosk.id, 'WEB-1001']);
		expect(check.result!.json(RECORD)).toEqual([expect.objectContaining({ recorded: true })]);
		const delivered =
			fixture.sandboxes.commercetools.state.order(orderNumber)!.shippingInfo!.deliveries![0];
		expect(trackingOf(kiosk.id)).toEqual({
			'TEE-RED-M': {
				tracking_number: 'DHL-7731',
				carrier: 'DHL',
				service: 'Express',
				fulfilled_at: new Date(delivered.createdAt).toISOString(),
			},
			'CAP-BLUE': {},
		});
		// The kiosk order's status is kept (Cloudshelf has no shipped status).
		expect(fixture.sandboxes.cloudshelf.state.orders.get(kiosk.id)!.status).toBe('PLACED');
		expect(fixture.alerts()).toEqual([]);

		// Nothing new: the next check emits nothing; a replayed execution writes nothing.
		expect((await runPolled(fixture, workflow, TRIGGER, check.staticData)).items).toEqual([]);
		const writes = fixture.sandboxes.cloudshelf.callsTo('UpsertOrders').length;
		const replay = await fixture.runner.run(workflow, {
			startNode: TRIGGER,
			startItems: check.items,
			mode: 'trigger',
		});
		expect(replay.json(RECORD)).toEqual([expect.objectContaining({ recorded: false })]);
		expect(fixture.sandboxes.cloudshelf.callsTo('UpsertOrders')).toHaveLength(writes);

		// The caps follow in a second delivery, with their own tracking.
		await ship({
			orderReference: orderNumber,
			carrier: 'DHL',
			service: 'Express',
			trackingNumber: 'DHL-7790',
			lines: [{ sku: 'CAP-BLUE', quantity: 2 }],
		});
		const second = await runPolled(fixture, workflow, TRIGGER, check.staticData);
		expect(second.items.map((item) => item.json.trackingNumber)).toEqual(['DHL-7790']);
		expect(trackingOf(kiosk.id)).toMatchObject({
			'TEE-RED-M': { tracking_number: 'DHL-7731' },
			'CAP-BLUE': { tracking_number: 'DHL-7790', carrier: 'DHL' },
		});
		expect(fixture.alerts()).toEqual([]);
	});

	it('sends a delivery of a kiosk order Cloudshelf no longer has to exceptions, with the reason', async () => {
		const { workflow, staticData } = await activated();
		const { kiosk, orderNumber } = await injectedKioskOrder();
		fixture.sandboxes.cloudshelf.state.orders.delete(kiosk.id);
		await ship({
			orderReference: orderNumber,
			carrier: 'DHL',
			trackingNumber: 'DHL-404',
			lines: [{ sku: 'TEE-RED-M', quantity: 1 }],
		});
		const check = await runPolled(fixture, workflow, TRIGGER, staticData);
		expect(check.result?.status).toBe('success');
		const exceptions = fixture.alerts().flatMap((alert) => alert.exceptions as IDataObject[]);
		expect(exceptions).toEqual([
			expect.objectContaining({
				flow: 'fulfilment-writeback',
				reason: expect.stringContaining(kiosk.id),
				record: expect.objectContaining({ orderReference: kiosk.id, trackingNumber: 'DHL-404' }),
			}),
		]);
	});
});
