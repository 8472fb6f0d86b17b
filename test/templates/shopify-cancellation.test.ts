/**
 * Order cancellation Shopify → Linnworks, end to end in process: the template configured for the
 * test client, its Shopify Trigger registering its orders/cancelled webhook with the simulator
 * through n8n's HookContext, and the simulator's signed deliveries reaching the workflow through a
 * real HTTP endpoint (WebhookReceiver). Orders are filed in Linnworks by the order injection
 * template, activated alongside, as in production.
 */
import type { OrderInput, OrderRecord } from '../../sandbox/shopify/state';
import {
	SHOPIFY_LOCATION_IDS,
	SHOPIFY_ONLY_SKU,
	startRetail,
	type RetailFixture,
} from '../harness/templates';
import {
	GIFT_CARD_LINE,
	ShopifyTriggers,
	alertedExceptions,
	placeShopifyOrder,
	shopifyWebOrder,
} from '../harness/shopify';

const CANCELLATION = 'order-cancellation-shopify-to-linnworks';
const INJECTION = 'order-injection-shopify-to-linnworks';
const CANCELLATION_NAME = 'Order cancellation: Shopify → Linnworks (Test Retailer)';

let fixture: RetailFixture;
let triggers: ShopifyTriggers;
beforeEach(async () => {
	fixture = await startRetail();
	triggers = new ShopifyTriggers(fixture);
});
afterEach(async () => {
	await triggers.close();
	await fixture.close();
});

/** Both templates live: orders placed in the shop reach Linnworks, cancellations follow. */
async function activateBoth() {
	const injection = await triggers.activate(fixture.workflow(INJECTION), 'orders/create');
	const cancellation = await triggers.activate(fixture.workflow(CANCELLATION), 'orders/cancelled');
	return { injection, cancellation };
}

/** A web order of one TEE-RED-M (the shared web checkout otherwise). */
const webOrder = (overrides: Partial<OrderInput> = {}): OrderInput =>
	shopifyWebOrder({ line_items: [{ sku: 'TEE-RED-M', quantity: 1 }], ...overrides });

const placeOrder = (input: OrderInput) => placeShopifyOrder(fixture.sandboxes.shopify, input);

async function cancelOrder(order: OrderRecord, reason = 'customer'): Promise<void> {
	expect(fixture.sandboxes.shopify.state.cancelOrder(order.id, reason)).toBe(true);
	await fixture.sandboxes.shopify.webhooksSettled();
}

const linnworks = () => fixture.sandboxes.linnworks;
const linnworksOrder = (order: OrderRecord) =>
	linnworks()
		.state.snapshot()
		.orders.find((entry) => entry.reference === String(order.id));
const exceptions = () => alertedExceptions(fixture);

describe('template: order cancellation Shopify → Linnworks', () => {
	it('cancels the Linnworks order of an order cancelled in Shopify, and leaves the others open', async () => {
		const { cancellation } = await activateBoth();
		const cancelled = await placeOrder(webOrder());
		const kept = await placeOrder(webOrder({ line_items: [{ sku: 'CAP-BLUE-OS', quantity: 1 }] }));
		expect([linnworksOrder(cancelled)?.cancelled, linnworksOrder(kept)?.cancelled]).toEqual([
			false,
			false,
		]);

		await cancelOrder(cancelled);
		expect(cancellation.deliveries.map((delivery) => delivery.result?.status)).toEqual(['success']);
		expect(linnworksOrder(cancelled)).toMatchObject({
			source: 'SHOPIFY',
			processed: true,
			cancelled: true,
		});
		expect(linnworksOrder(kept)).toMatchObject({ processed: false, cancelled: false });
		expect(cancellation.deliveries[0].result!.json('Cancel Linnworks Order')).toEqual([
			expect.objectContaining({
				reference: String(cancelled.id),
				cancelled: true,
				alreadyCancelled: false,
			}),
		]);
		expect(linnworks().callsTo('Orders/CancelOrder')).toHaveLength(1);
		// The stock it held is released.
		expect(
			linnworks()
				.state.snapshot()
				.stock.find((level) => level.sku === 'TEE-RED-M' && level.location === 'London Warehouse')
				?.inOrders,
		).toBe(0);
		expect(fixture.alerts()).toEqual([]);
	});

	it('treats a repeated cancellation webhook as done: no second cancel, no exception', async () => {
		const { shopify } = fixture.sandboxes;
		const { cancellation } = await activateBoth();
		const order = await placeOrder(webOrder());
		await cancelOrder(order);
		await shopify.deliver('orders/cancelled', shopify.state.orderView(order));
		await shopify.deliver('orders/cancelled', shopify.state.orderView(order));

		expect(cancellation.deliveries.map((delivery) => delivery.result?.status)).toEqual([
			'success',
			'success',
			'success',
		]);
		expect(
			cancellation.deliveries.map(
				(delivery) => delivery.result!.json('Cancel Linnworks Order')[0].alreadyCancelled,
			),
		).toEqual([false, true, true]);
		expect(linnworks().callsTo('Orders/CancelOrder')).toHaveLength(1);
		expect(linnworksOrder(order)).toMatchObject({ cancelled: true });
		expect(fixture.alerts()).toEqual([]);
	});

	it('sends the cancellation of an order Linnworks never got to exceptions, naming it and what to do', async () => {
		const { cancellation } = await activateBoth();
		// Held back by the order injection (a variant without a Linnworks SKU): never filed.
		const order = await placeOrder(
			webOrder({ line_items: [{ sku: SHOPIFY_ONLY_SKU, quantity: 1 }] }),
		);
		expect(linnworksOrder(order)).toBeUndefined();
		const injectionAlerts = fixture.alerts().length;
		expect(injectionAlerts).toBe(1);

		await cancelOrder(order);
		expect(cancellation.deliveries[0].result!.status).toBe('success');
		expect(linnworks().callsTo('Orders/CancelOrder')).toEqual([]);
		const reason = `Shopify order ${order.name} (id ${order.id}) was cancelled in Shopify, but Linnworks has no order with that reference under this Source, so nothing was cancelled. It never got there (look for it in the exceptions of the order injection) or is still being filed: do not send it to Linnworks again, and if it turns up there, cancel it in Linnworks.`;
		const alerts = fixture.alerts().slice(injectionAlerts);
		expect(alerts).toEqual([
			expect.objectContaining({
				flow: 'order-cancellation',
				workflow: CANCELLATION_NAME,
				text: `1 new exception(s) in ${CANCELLATION_NAME}: ${reason}`,
			}),
		]);
		expect(exceptions().slice(injectionAlerts)).toEqual([
			expect.objectContaining({
				workflow: CANCELLATION_NAME,
				flow: 'order-cancellation',
				platform: 'linnworks',
				reference: String(order.id),
				reason,
				record: expect.objectContaining({
					id: order.id,
					name: order.name,
					cancelReason: 'customer',
					error: `No Linnworks order has reference ${order.id}`,
				}),
			}),
		]);
	});

	it('sends the cancellation of an order Linnworks already dispatched to exceptions: stop the parcel or take a return', async () => {
		const { cancellation } = await activateBoth();
		const order = await placeOrder(webOrder());
		const filed = linnworksOrder(order)!;
		linnworks().state.dispatch(filed.orderId, {
			vendor: 'Royal Mail',
			service: 'Tracked 48',
			trackingNumber: 'RM123456789GB',
		});

		await cancelOrder(order);
		expect(cancellation.deliveries[0].result!.status).toBe('success');
		expect(linnworksOrder(order)).toMatchObject({ processed: true, cancelled: false });
		expect(linnworks().callsTo('Orders/CancelOrder')).toEqual([]);
		expect(exceptions()).toEqual([
			expect.objectContaining({
				flow: 'order-cancellation',
				reason: `Shopify order ${order.name} (id ${order.id}) was cancelled in Shopify after Linnworks dispatched it: stop the parcel with the carrier if you can, otherwise handle it as a return in Linnworks.`,
				howToFix: 'Handle it as a return in Linnworks instead.',
			}),
		]);
	});

	it('drops the cancellation of an order of only gift cards or tips, which the injection never filed: no Linnworks call, no exception', async () => {
		const { injection, cancellation } = await activateBoth();
		const giftCardOnly = await placeOrder(
			webOrder({
				line_items: [GIFT_CARD_LINE],
				shipping_lines: [],
			}),
		);
		const tipOnly = await placeOrder({
			location_id: SHOPIFY_LOCATION_IDS['Oxford Street'],
			line_items: [
				{ title: 'Tip', quantity: 1, price: '2.00', tip_payment_gateway: null, tip: {} },
			],
		});
		expect(injection.deliveries.map((delivery) => delivery.result!.ran('Canonical Order'))).toEqual(
			[false, false],
		);
		const callsBefore = linnworks().calls.length;

		await cancelOrder(giftCardOnly);
		await cancelOrder(tipOnly);
		expect(cancellation.deliveries.map((delivery) => delivery.result?.status)).toEqual([
			'success',
			'success',
		]);
		expect(
			cancellation.deliveries.map((delivery) => delivery.result!.ran('Cancel Linnworks Order')),
		).toEqual([false, false]);
		expect(linnworks().calls.length).toBe(callsBefore);
		expect(fixture.alerts()).toEqual([]);
	});

	it('uses the very same gift card and tip rule as the order injection', () => {
		const rule = (template: string) => {
			const { conditions, combinator } = fixture
				.workflow(template)
				.nodes.find((node) => node.name === 'Skip Gift Card And Tip Only Orders')!.parameters
				.conditions as {
				conditions: Array<{ leftValue: string; operator: object }>;
				combinator: string;
			};
			return JSON.stringify([
				combinator,
				conditions.map(({ leftValue, operator }) => [leftValue, operator]),
			]);
		};
		expect(rule(CANCELLATION)).toBeDefined();
		expect(rule(CANCELLATION)).toBe(rule(INJECTION));
	});

	it('runs nothing for a forged cancellation, and skips test orders', async () => {
		const { shopify } = fixture.sandboxes;
		const { cancellation } = await activateBoth();
		const order = await placeOrder(webOrder());
		await shopify.deliverForged('orders/cancelled', {
			...shopify.state.orderView(order),
			cancelled_at: new Date().toISOString(),
		});
		expect(cancellation.deliveries.map((delivery) => delivery.items.length)).toEqual([0]);
		expect(cancellation.deliveries[0].result).toBeUndefined();
		expect(linnworksOrder(order)).toMatchObject({ cancelled: false });

		const test = await placeOrder(webOrder({ test: true }));
		await cancelOrder(test);
		expect(cancellation.deliveries[1].result!.ran('Cancel Linnworks Order')).toBe(false);
		expect(linnworks().callsTo('Orders/CancelOrder')).toEqual([]);
		expect(fixture.alerts()).toEqual([]);
	});
});
