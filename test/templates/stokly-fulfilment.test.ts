/**
 * The fulfilment writeback template (Stokly Trigger → Sale Order Dispatched → Cloudshelf Record
 * Fulfilment) through n8n's engine against the Stokly and Cloudshelf sandboxes: a kiosk order filed
 * by the order-injection template is dispatched in Stokly, and its courier and tracking land on the
 * kiosk order's lines.
 */
import { runPolled, runScheduled, startRetail, type RetailFixture } from '../harness/templates';
import { minutesAgo } from '../harness/time';

const TEMPLATE = 'fulfilment-writeback-stokly-to-cloudshelf';
const TRIGGER = 'Stokly Sale Order Dispatched';
const RECORD = 'Record Fulfilment In Cloudshelf';
let fixture: RetailFixture;
beforeEach(async () => {
	fixture = await startRetail();
});
afterEach(async () => fixture.close());

/** A kiosk order filed in Stokly by the order-injection template; its sale order id. */
async function injectedKioskOrder() {
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
		fixture.workflow('order-injection-cloudshelf-to-stokly'),
		'Every 5 Minutes',
	);
	const saleOrderId = fixture.sandboxes.cloudshelf.state.orders.get(kiosk.id)!.thirdPartyId!;
	expect(fixture.sandboxes.stokly.state.saleOrders()).toEqual([
		expect.objectContaining({ saleOrderId, sourceReferenceId: kiosk.id }),
	]);
	return { kiosk, saleOrderId };
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

describe('template: fulfilment writeback Stokly → Cloudshelf', () => {
	it("writes a dispatch's courier and tracking to the kiosk order's lines it holds, once, and leaves other channels' orders alone", async () => {
		const { stokly, cloudshelf } = fixture.sandboxes;
		const workflow = fixture.workflow(TEMPLATE);
		const activated = await runPolled(fixture, workflow, TRIGGER, {});
		expect(activated.items).toEqual([]);
		const { kiosk, saleOrderId } = await injectedKioskOrder();
		const line = (sku: string) =>
			stokly.state.saleOrders()[0].items.find((entry) => entry.itemSku === sku)!.lineId;

		// The warehouse dispatches the tee first, with tracking.
		const dispatch = stokly.state.dispatch(saleOrderId, {
			courier: 'DHL',
			trackingNumber: 'DHL-7731',
			trackingUrl: 'https://track.example.com/DHL-7731',
			lines: [line('TEE-RED-M')],
		});
		const check = await runPolled(fixture, workflow, TRIGGER, activated.staticData);
		expect(check.result?.status).toBe('success');
		expect(check.items.map((item) => [item.json.orderReference, item.json.trackingNumber])).toEqual(
			[[kiosk.id, 'DHL-7731']],
		);
		expect(check.result!.json(RECORD)).toEqual([expect.objectContaining({ recorded: true })]);
		expect(trackingOf(kiosk.id)).toEqual({
			'TEE-RED-M': expect.objectContaining({
				tracking_number: 'DHL-7731',
				carrier: 'DHL',
				fulfilled_at: new Date(dispatch.dispatchedAt).toISOString(),
			}),
			'CAP-BLUE': {},
		});
		// Cloudshelf has no shipped status: the kiosk order's is kept.
		expect(cloudshelf.state.orders.get(kiosk.id)!.status).toBe('PAID');

		// Nothing new: the next check emits nothing; a replayed execution writes nothing.
		const quiet = await runPolled(fixture, workflow, TRIGGER, check.staticData);
		expect(quiet.items).toEqual([]);
		const writes = cloudshelf.callsTo('UpsertOrders').length;
		const replay = await fixture.runner.run(workflow, {
			startNode: TRIGGER,
			startItems: check.items,
			mode: 'trigger',
		});
		expect(replay.json(RECORD)).toEqual([expect.objectContaining({ recorded: false })]);
		expect(cloudshelf.callsTo('UpsertOrders')).toHaveLength(writes);

		// The caps follow in a second dispatch; a web order dispatched meanwhile is of another channel:
		// the trigger's Channels (Cloudshelf) leave it out.
		const webId = stokly.state.createSaleOrder({
			stage: 'order',
			createdAt: new Date().toISOString(),
			sourceType: 'other',
			sourceId: stokly.state.channelByName('Website')!.channelId,
			sourceReferenceId: 'WEB-1001',
			customerReference: 'WEB-1001',
			currency: 'GBP',
			tags: [],
			locationId: stokly.state.locationByName('London Warehouse')!.locationId,
			payments: [{ method: 4, amount: 12 }],
			items: [
				{
					referenceType: 'item',
					referenceId: stokly.state.itemBySku('CAP-BLUE')!.itemId,
					quantity: 1,
					displayPrice: 10,
					displayTax: 2,
					displayDiscount: 0,
					fulfilmentType: 'delivery',
				},
			],
		});
		stokly.state.dispatch(webId, { courier: 'DPD', trackingNumber: 'DPD-1' });
		stokly.state.dispatch(saleOrderId, { courier: 'DHL', trackingNumber: 'DHL-7790' });
		const second = await runPolled(fixture, workflow, TRIGGER, quiet.staticData);
		expect(
			second.items.map((item) => [item.json.orderReference, item.json.trackingNumber]),
		).toEqual([[kiosk.id, 'DHL-7790']]);
		expect(second.result!.json(RECORD)).toEqual([expect.objectContaining({ recorded: true })]);
		expect(trackingOf(kiosk.id)).toMatchObject({
			'TEE-RED-M': { tracking_number: 'DHL-7731' },
			'CAP-BLUE': { tracking_number: 'DHL-7790', carrier: 'DHL' },
		});
		expect(fixture.alerts()).toEqual([]);
	});
});
