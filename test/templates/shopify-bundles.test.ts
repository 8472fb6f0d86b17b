/**
 * Bundles in the Shopify ⇄ Linnworks integration: a Shopify product sold as one SKU that Linnworks
 * keeps as a composite item (a parent made of components). Run in process through n8n's engine:
 * the order injection files the bundle under its own SKU, Linnworks holds its components' stock,
 * and the stock push offers Shopify as many bundles as the components make (less the buffer),
 * alongside the components' own lower levels.
 */
import { activateShopifyTrigger, placeShopifyOrder } from '../harness/shopify';
import {
	runPolled,
	runScheduled,
	shopifyOrderInLinnworks,
	startRetail,
	type RetailFixture,
} from '../harness/templates';
import type { WebhookReceiver } from '../harness/webhook-receiver';

const BUNDLE = 'TEE-CAP-SET';
const BUFFER = 1;

let fixture: RetailFixture;
let receivers: WebhookReceiver[] = [];
beforeEach(async () => {
	fixture = await startRetail();
	// One tee and two caps a set, sold in Shopify under the set's SKU at every location.
	fixture.sandboxes.linnworks.state.seed({
		items: [
			{
				SKU: BUNDLE,
				RetailPrice: 44.99,
				components: [
					{ sku: 'TEE-RED-M', quantity: 1 },
					{ sku: 'CAP-BLUE', quantity: 2 },
				],
			},
		],
	});
	const { shopify } = fixture.sandboxes;
	shopify.state.addProduct({
		title: 'Tee and caps set',
		variants: [{ sku: BUNDLE, price: '44.99' }],
	});
	for (const location of shopify.state.locations.values())
		shopify.state.setAvailable(
			shopify.state.variantBySku(BUNDLE)!.inventory_item_id,
			location.id,
			20,
		);
});
afterEach(async () => {
	for (const receiver of receivers) await receiver.close();
	receivers = [];
	await fixture.close();
});

const inShopify = (sku: string, location: string) =>
	fixture.sandboxes.shopify.state.availableBySku(sku, location);
const inLinnworks = (sku: string, location: string) =>
	fixture.sandboxes.linnworks.state
		.snapshot()
		.stock.find((row) => row.sku === sku && row.location === location)!.available;

describe('bundles: Shopify products that are Linnworks composite items', () => {
	it('offers Shopify the bundles the components make, files a bundle order under its SKU, and pushes the bundle and its components lower once Linnworks holds them', async () => {
		const push = fixture.workflow('stock-push-linnworks-to-shopify');
		expect((await runScheduled(fixture, push, 'Nightly Full Push')).status).toBe('success');
		// London Warehouse: 10 tees and 12 caps make 6 sets; Oxford Street: no tee, no set.
		expect(inLinnworks(BUNDLE, 'London Warehouse')).toBe(6);
		expect(inShopify(BUNDLE, 'London Warehouse')).toBe(6 - BUFFER);
		expect(inShopify(BUNDLE, 'Oxford Street')).toBe(0);
		expect(inShopify('TEE-RED-M', 'London Warehouse')).toBe(10 - BUFFER);
		const check = await runPolled(fixture, push, 'Linnworks Stock Changes', {});
		expect(check.items).toHaveLength(0);

		// Two sets bought online: filed under the set's SKU, fulfilled from the warehouse.
		const injection = fixture.workflow('order-injection-shopify-to-linnworks');
		const { receiver } = await activateShopifyTrigger(fixture, injection);
		receivers.push(receiver);
		const order = await placeShopifyOrder(fixture.sandboxes.shopify, {
			email: 'set.buyer@example.com',
			line_items: [{ sku: BUNDLE, quantity: 2 }],
		});
		const [filed] = [...fixture.sandboxes.linnworks.state.orders.values()].filter(
			(candidate) => candidate.channel.ReferenceNumber === String(order.id),
		);
		expect(filed.channel.OrderItems.map((line) => [line.ChannelSKU, line.Qty])).toEqual([
			[BUNDLE, 2],
		]);

		// Linnworks now holds 2 tees and 4 caps: 8 tees and 8 caps left make 4 sets.
		const next = await runPolled(fixture, push, 'Linnworks Stock Changes', check.staticData);
		expect(next.result?.status).toBe('success');
		expect(
			next.items
				.map(
					(item) =>
						`${String(item.json.sku)}@${String(item.json.location)}=${String(item.json.quantity)}`,
				)
				.sort(),
		).toEqual([
			'CAP-BLUE@London Warehouse=8',
			'TEE-CAP-SET@London Warehouse=4',
			'TEE-RED-M@London Warehouse=8',
		]);
		expect(inShopify(BUNDLE, 'London Warehouse')).toBe(4 - BUFFER);
		expect(inShopify('TEE-RED-M', 'London Warehouse')).toBe(8 - BUFFER);
		expect(inShopify('CAP-BLUE-OS', 'London Warehouse')).toBe(8 - BUFFER);
	});

	it('a dispatched bundle order takes the components, and the set stays at what they make', async () => {
		const { shopify, linnworks } = fixture.sandboxes;
		const order = shopify.state.createOrder(
			{ email: 'set.buyer@example.com', line_items: [{ sku: BUNDLE, quantity: 1 }] },
			{ silent: true },
		);
		const filed = shopifyOrderInLinnworks(fixture.sandboxes, order);
		linnworks.state.dispatch(filed.OrderId, {
			vendor: 'DPD',
			service: 'Next Day',
			trackingNumber: 'DPD-SET-1',
		});
		// 9 tees and 10 caps left: 5 sets.
		expect(inLinnworks('TEE-RED-M', 'London Warehouse')).toBe(9);
		expect(inLinnworks(BUNDLE, 'London Warehouse')).toBe(5);
		const push = fixture.workflow('stock-push-linnworks-to-shopify');
		expect((await runScheduled(fixture, push, 'Nightly Full Push')).status).toBe('success');
		expect(inShopify(BUNDLE, 'London Warehouse')).toBe(5 - BUFFER);
		expect(inShopify('CAP-BLUE-OS', 'London Warehouse')).toBe(10 - BUFFER);
	});
});
