/**
 * Order injection Shopify → Linnworks, end to end in process: the template configured for the test
 * client, its Shopify Trigger registering its webhook with the simulator through n8n's HookContext,
 * and the simulator's signed webhook deliveries reaching the workflow through a real HTTP endpoint
 * (WebhookReceiver), which n8n's engine then runs against the Linnworks sandbox.
 */
import type { IDataObject } from 'n8n-workflow';

import type { OrderInput } from '../../sandbox/shopify/state';
import {
	SHOPIFY_LOCATION_IDS,
	SHOPIFY_ONLY_SKU,
	startRetail,
	type RetailFixture,
} from '../harness/templates';
import type { WorkflowJson } from '../harness/run-workflow';
import { activateShopifyTrigger, placeShopifyOrder } from '../harness/shopify';
import type { WebhookReceiver } from '../harness/webhook-receiver';

const TEMPLATE = 'order-injection-shopify-to-linnworks';
const TRIGGER = 'Shopify Trigger';
const SHOP = 'retail-sync-sandbox';

let fixture: RetailFixture;
let receivers: WebhookReceiver[];
beforeEach(async () => {
	fixture = await startRetail();
	receivers = [];
});
afterEach(async () => {
	for (const receiver of receivers) await receiver.close();
	await fixture.close();
});

/** Activates the configured template: its Shopify Trigger registers orders/create with the shop. */
async function activate(workflow: WorkflowJson): Promise<WebhookReceiver> {
	const { receiver, topics } = await activateShopifyTrigger(fixture, workflow, TRIGGER);
	receivers.push(receiver);
	expect({ topics, registered: fixture.sandboxes.shopify.state.webhooks.size }).toEqual({
		topics: ['orders/create'],
		registered: 1,
	});
	return receiver;
}

/** An order placed in the shop: Shopify sends its signed orders/create webhook. */
const placeOrder = (input: OrderInput) => placeShopifyOrder(fixture.sandboxes.shopify, input);

const webOrder = (overrides: Partial<OrderInput> = {}): OrderInput => ({
	email: 'ann.lee@example.com',
	customer: { email: 'ann.lee@example.com', first_name: 'Ann', last_name: 'Lee' },
	shipping_address: {
		first_name: 'Ann',
		last_name: 'Lee',
		address1: '12 Canal Street',
		address2: 'Flat 3',
		city: 'Leeds',
		province: 'West Yorkshire',
		zip: 'LS1 4AB',
		country_code: 'GB',
		phone: '+44 113 496 0000',
	},
	shipping_lines: [{ title: 'Standard Delivery', price: '3.95' }],
	line_items: [
		{ sku: 'TEE-RED-M', quantity: 2 },
		{ sku: 'CAP-BLUE-OS', quantity: 1 },
	],
	...overrides,
});

const linnworks = () => fixture.sandboxes.linnworks.state;
const linnworksOrders = () => linnworks().snapshot().orders;
const storedOrder = (reference: string) =>
	[...linnworks().orders.values()].find((order) => order.channel.ReferenceNumber === reference)!;
const locationId = (name: string) => linnworks().findLocation(name)!.StockLocationId;
const exceptions = () => fixture.alerts().flatMap((alert) => alert.exceptions as IDataObject[]);

describe('template: order injection Shopify → Linnworks', () => {
	it('files an online order and a POS order as Linnworks open orders under Source SHOPIFY, SubSource the shop, at their mapped locations', async () => {
		const receiver = await activate(fixture.workflow(TEMPLATE));
		const online = await placeOrder(webOrder());
		const pos = await placeOrder({
			location_id: SHOPIFY_LOCATION_IDS['Oxford Street'],
			line_items: [{ sku: 'HOODIE-GREY-L', quantity: 1 }],
		});
		expect(receiver.deliveries.map((delivery) => delivery.result?.status)).toEqual([
			'success',
			'success',
		]);
		expect(
			linnworksOrders().map((order) => [
				order.reference,
				order.source,
				order.subSource,
				order.paymentStatus,
				order.processed,
				order.lines,
			]),
		).toEqual([
			[
				String(online.id),
				'SHOPIFY',
				SHOP,
				'Paid',
				false,
				[
					{ sku: 'TEE-RED-M', quantity: 2 },
					{ sku: 'CAP-BLUE', quantity: 1 },
				],
			],
			[String(pos.id), 'SHOPIFY', SHOP, 'Paid', false, [{ sku: 'HOODIE-GREY-L', quantity: 1 }]],
		]);

		// The web order: fulfilled from the warehouse, at Shopify's prices, with its buyer,
		// address, shipping and totals.
		const web = storedOrder(String(online.id));
		expect(web.fulfilmentLocationId).toBe(locationId('London Warehouse'));
		expect(web.channel).toMatchObject({
			Currency: 'GBP',
			ChannelBuyerName: 'Ann Lee',
			PostalServiceName: 'Standard Delivery',
			PostalServiceCost: 3.95,
			DeliveryAddress: expect.objectContaining({
				FullName: 'Ann Lee',
				Address1: '12 Canal Street',
				Address2: 'Flat 3',
				Town: 'Leeds',
				Region: 'West Yorkshire',
				PostCode: 'LS1 4AB',
				EmailAddress: 'ann.lee@example.com',
			}),
		});
		expect(
			web.channel.OrderItems.map((line) => [line.ChannelSKU, line.Qty, line.PricePerUnit]),
		).toEqual([
			['TEE-RED-M', 2, 19.99],
			['CAP-BLUE', 1, 14.99],
		]);
		expect(web.channel.ExtendedProperties).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ Name: 'origin', Value: 'shopify' }),
				expect.objectContaining({ Name: 'origin_location', Value: 'online' }),
				expect.objectContaining({ Name: 'shopifyOrder', Value: online.name }),
			]),
		);

		// The POS sale: fulfilled at the store that took it, under the guest customer.
		const store = storedOrder(String(pos.id));
		expect(store.fulfilmentLocationId).toBe(locationId('Oxford Street'));
		expect(store.channel.ChannelBuyerName).toBe('Shopify Customer');
		expect(
			store.channel.OrderItems.map((line) => [line.ChannelSKU, line.Qty, line.PricePerUnit]),
		).toEqual([['HOODIE-GREY-L', 1, 48.99]]);
		expect(fixture.alerts()).toEqual([]);
	});

	it('files one Linnworks order when Shopify delivers the same webhook twice, one after the other or at once', async () => {
		const { shopify } = fixture.sandboxes;
		const receiver = await activate(fixture.workflow(TEMPLATE));
		const order = await placeOrder(webOrder());
		await shopify.deliver('orders/create', shopify.state.orderView(order));
		const other = shopify.state.createOrder(
			webOrder({ line_items: [{ sku: 'TEE-RED-L', quantity: 1 }] }),
		);
		// Delivered twice concurrently (a retry crossing the first delivery).
		await shopify.deliver('orders/create', shopify.state.orderView(other));
		await shopify.webhooksSettled();

		expect(shopify.deliveries.map(({ status, forged }) => [status, forged])).toEqual([
			[200, false],
			[200, false],
			[200, false],
			[200, false],
		]);
		const runs = receiver.deliveries.map((delivery) => delivery.result!);
		expect(runs.map((run) => run.status)).toEqual(['success', 'success', 'success', 'success']);
		expect(
			linnworksOrders()
				.map((entry) => entry.reference)
				.sort(),
		).toEqual([String(order.id), String(other.id)].sort());
		// The sequential repeat found the order by reference and created nothing.
		expect(runs[1].json('Create Linnworks Order')).toEqual([
			expect.objectContaining({ created: false, reference: String(order.id) }),
		]);
		// Of the two at once, one created it and the other found it (by reference, or by
		// Linnworks' own key when both got past the lookup).
		expect(
			runs
				.slice(2)
				.map((run) => run.json('Create Linnworks Order')[0])
				.map((output) => [output.reference, output.created])
				.sort(),
		).toEqual([
			[String(other.id), false],
			[String(other.id), true],
		]);
		expect(fixture.alerts()).toEqual([]);
	});

	it('runs nothing for a delivery with a forged signature', async () => {
		const { shopify } = fixture.sandboxes;
		const receiver = await activate(fixture.workflow(TEMPLATE));
		const order = shopify.state.createOrder(webOrder(), { silent: true });
		await shopify.deliverForged('orders/create', shopify.state.orderView(order));

		expect(shopify.deliveries.map(({ status, forged }) => [status, forged])).toEqual([[200, true]]);
		expect(receiver.deliveries).toHaveLength(1);
		expect(receiver.deliveries[0].items).toEqual([]);
		expect(receiver.deliveries[0].result).toBeUndefined();
		expect(JSON.parse(receiver.deliveries[0].answer.body)).toEqual({
			message: 'Webhook call received',
		});
		expect(linnworksOrders()).toEqual([]);
		expect(fixture.sandboxes.linnworks.calls).toEqual([]);
	});

	it('sends an order with a variant Linnworks has no SKU for to exceptions, naming the SKU and the fix, and files nothing', async () => {
		const workflow = fixture.workflow(TEMPLATE);
		const receiver = await activate(workflow);
		const order = await placeOrder(
			webOrder({
				line_items: [
					{ sku: 'TEE-RED-M', quantity: 1 },
					{ sku: SHOPIFY_ONLY_SKU, quantity: 2 },
				],
			}),
		);
		expect(linnworksOrders()).toEqual([]);
		expect(fixture.sandboxes.linnworks.callsTo('Orders/CreateOrders')).toEqual([]);
		const alerts = fixture.alerts();
		expect(alerts).toHaveLength(1);
		expect(alerts[0].text).toBe(
			`1 exception(s) in order-injection: Shopify order ${order.name}: Order ${order.id}: SKU ${SHOPIFY_ONLY_SKU} has no Linnworks stock item`,
		);
		expect(exceptions()).toEqual([
			expect.objectContaining({
				flow: 'order-injection',
				reason: `Shopify order ${order.name}: Order ${order.id}: SKU ${SHOPIFY_ONLY_SKU} has no Linnworks stock item`,
				howToFix: expect.stringMatching(
					/^Add the SKU to the SKU Mapping table, or create the stock item in Linnworks, then run again\. Shopify does not send the order again: once fixed, open this execution in n8n/,
				),
				record: expect.objectContaining({
					reference: String(order.id),
					origin: 'shopify',
					location: 'online',
					lines: [
						expect.objectContaining({ sku: 'TEE-RED-M', quantity: 1 }),
						expect.objectContaining({ sku: SHOPIFY_ONLY_SKU, quantity: 2 }),
					],
				}),
			}),
		]);

		// Fixed as the alert says (the stock item created in Linnworks), the execution's data run
		// again from the editor files the order, once however often it runs.
		linnworks().seed({ items: [{ SKU: SHOPIFY_ONLY_SKU, RetailPrice: 9.99 }] });
		const rerun = () =>
			fixture.runner.run(workflow, {
				startNode: TRIGGER,
				startItems: receiver.deliveries[0].items,
			});
		expect((await rerun()).json('Create Linnworks Order')).toEqual([
			expect.objectContaining({ created: true, reference: String(order.id) }),
		]);
		await rerun();
		expect(linnworksOrders().map((entry) => [entry.reference, entry.lines])).toEqual([
			[
				String(order.id),
				[
					{ sku: 'TEE-RED-M', quantity: 1 },
					{ sku: SHOPIFY_ONLY_SKU, quantity: 2 },
				],
			],
		]);
		expect(fixture.alerts()).toHaveLength(1);
	});

	it('skips test orders, and files an order awaiting payment as Unpaid', async () => {
		const receiver = await activate(fixture.workflow(TEMPLATE));
		await placeOrder(webOrder({ test: true }));
		const pending = await placeOrder(webOrder({ financial_status: 'pending' }));

		expect(receiver.deliveries[0].result!.status).toBe('success');
		expect(receiver.deliveries[0].result!.ran('Canonical Order')).toBe(false);
		expect(linnworksOrders().map((order) => [order.reference, order.paymentStatus])).toEqual([
			[String(pending.id), 'Unpaid'],
		]);
		expect(storedOrder(String(pending.id)).channel.PaidOn).toBeUndefined();
		expect(fixture.alerts()).toEqual([]);
	});

	it('sends an order from a Shopify location without a mapping to exceptions', async () => {
		const { shopify } = fixture.sandboxes;
		const popUp = shopify.state.addLocation('Brighton Pop-up');
		await activate(fixture.workflow(TEMPLATE));
		const order = await placeOrder({
			location_id: popUp.id,
			line_items: [{ sku: 'TEE-RED-M', quantity: 1 }],
		});
		expect(linnworksOrders()).toEqual([]);
		expect(exceptions().map((exception) => exception.reason)).toEqual([
			`Shopify order ${order.name}: Order ${order.id}: location "${popUp.id}" has no row in the Location Mapping table`,
		]);
	});
});
