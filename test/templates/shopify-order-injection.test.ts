/**
 * Order injection Shopify → Linnworks, end to end in process: the template configured for the test
 * client, its Shopify Trigger registering its webhook with the simulator through n8n's HookContext,
 * and the simulator's signed webhook deliveries reaching the workflow through a real HTTP endpoint
 * (WebhookReceiver), which n8n's engine then runs against the Linnworks sandbox.
 */
import type { OrderInput } from '../../sandbox/shopify/state';
import {
	SHOPIFY_LOCATION_IDS,
	SHOPIFY_ONLY_SKU,
	queueRows,
	runScheduled,
	startRetail,
	type RetailFixture,
} from '../harness/templates';
import type { WorkflowJson } from '../harness/run-workflow';
import { minutesAgo } from '../harness/time';
import {
	GIFT_CARD_LINE,
	ShopifyTriggers,
	TIP_LINE,
	alertedExceptions,
	placeShopifyOrder,
	shopifyWebOrder as webOrder,
} from '../harness/shopify';

const TEMPLATE = 'order-injection-shopify-to-linnworks';
const WORKFLOW_NAME = 'Order injection: Shopify → Linnworks (Test Retailer)';
const TRIGGER = 'Shopify Trigger';
const CATCH_UP = 'Every 15 Minutes: Catch Up';
const SHOP = 'retail-sync-sandbox';

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

/** Activates the configured template: its Shopify Trigger registers orders/create with the shop. */
const activate = (workflow: WorkflowJson) => triggers.activate(workflow, 'orders/create', TRIGGER);

/** An order placed in the shop: Shopify sends its signed orders/create webhook. */
const placeOrder = (input: OrderInput) => placeShopifyOrder(fixture.sandboxes.shopify, input);

const linnworks = () => fixture.sandboxes.linnworks.state;
const linnworksOrders = () => linnworks().snapshot().orders;
const storedOrder = (reference: string) =>
	[...linnworks().orders.values()].find((order) => order.channel.ReferenceNumber === reference)!;
const locationId = (name: string) => linnworks().findLocation(name)!.StockLocationId;
const exceptions = () => alertedExceptions(fixture);
/** Lines as Linnworks holds them: [SKU, quantity, price per unit]. */
const linesOf = (reference: string) =>
	storedOrder(reference).channel.OrderItems.map((line) => [
		line.ChannelSKU,
		line.Qty,
		line.PricePerUnit,
	]);
/** Linnworks' own totals of the order (Σ Qty × PricePerUnit + postage). */
const totalsOf = (reference: string) => {
	const { PostageCost, TotalCharge } = linnworks().orderDetails(storedOrder(reference)).TotalsInfo;
	return { postage: PostageCost, total: TotalCharge };
};
const extendedProperty = (reference: string, name: string) =>
	storedOrder(reference).channel.ExtendedProperties?.find((property) => property.Name === name)
		?.Value;

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

	it('catches up every 15 minutes: orders of the last hour whose webhook was lost are filed once, cancelled and test orders left out, filed ones reported created: false', async () => {
		const { shopify } = fixture.sandboxes;
		const receiver = await activate(fixture.workflow(TEMPLATE));
		const delivered = await placeOrder(webOrder({ created_at: minutesAgo(30) }));
		// Orders whose webhooks never reached n8n (created silently: no delivery).
		// Placed 10 minutes ago: the catch-up reads orders 65 to 5 minutes old.
		const placedAt = minutesAgo(10);
		const lost = shopify.state.createOrder(
			webOrder({ created_at: placedAt, line_items: [{ sku: 'TEE-RED-L', quantity: 1 }] }),
			{ silent: true },
		);
		const cancelled = shopify.state.createOrder(webOrder({ created_at: placedAt }), {
			silent: true,
		});
		shopify.state.cancelOrder(cancelled.id);
		shopify.state.createOrder(webOrder({ created_at: placedAt, test: true }), { silent: true });
		// Too old (the morning reconciliation reports it) and too new (its webhook may be running).
		shopify.state.createOrder(webOrder({ created_at: minutesAgo(70) }), { silent: true });
		shopify.state.createOrder(webOrder(), { silent: true });
		expect(receiver.deliveries).toHaveLength(1);

		const catchUp = async () => {
			const result = await runScheduled(fixture, fixture.workflow(TEMPLATE), CATCH_UP);
			expect(result.status).toBe('success');
			return result
				.json('Create Linnworks Order')
				.map((output) => [output.reference, output.created])
				.sort();
		};
		expect(await catchUp()).toEqual(
			[
				[String(delivered.id), false],
				[String(lost.id), true],
			].sort(),
		);
		expect(await catchUp()).toEqual(
			[
				[String(delivered.id), false],
				[String(lost.id), false],
			].sort(),
		);
		// Neither the cancelled, the test, the too old nor the too new order was filed.
		expect(
			linnworksOrders()
				.map((entry) => entry.reference)
				.sort(),
		).toEqual([String(delivered.id), String(lost.id)].sort());
		expect(fixture.alerts()).toEqual([]);
	});

	it('catches up every order of the window when it spans pages: 260 lost orders (Shopify pages by 250) are all filed once, read in two pages', async () => {
		const { shopify } = fixture.sandboxes;
		const lost = Array.from({ length: 260 }, (_, n) =>
			shopify.state.createOrder(
				webOrder({
					created_at: minutesAgo(6 + n / 10),
					line_items: [{ sku: 'TEE-RED-L', quantity: 1 }],
				}),
				{ silent: true },
			),
		);
		const result = await runScheduled(fixture, fixture.workflow(TEMPLATE), CATCH_UP);
		expect(result.status).toBe('success');
		// Page 2 follows the Link header's next URL (page_info alone: the filters ride in the cursor).
		expect(shopify.callsTo('GET orders').map(({ queryKeys }) => [...queryKeys].sort())).toEqual([
			['created_at_max', 'created_at_min', 'limit', 'status'],
			['limit', 'page_info'],
		]);
		const filed = result.json('Create Linnworks Order');
		expect(filed.filter((output) => output.created === true)).toHaveLength(260);
		expect(
			linnworksOrders()
				.map((entry) => entry.reference)
				.sort(),
		).toEqual(lost.map((order) => String(order.id)).sort());
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
			`1 new exception(s) in ${WORKFLOW_NAME}: Shopify order ${order.name}: Order ${order.id}: SKU ${SHOPIFY_ONLY_SKU} has no Linnworks stock item`,
		);
		expect(alerts[0].workflow).toBe(WORKFLOW_NAME);
		expect(exceptions()).toEqual([
			expect.objectContaining({
				workflow: WORKFLOW_NAME,
				flow: 'order-injection',
				reference: String(order.id),
				reason: `Shopify order ${order.name}: Order ${order.id}: SKU ${SHOPIFY_ONLY_SKU} has no Linnworks stock item`,
				howToFix: expect.stringMatching(
					/^Add the SKU to the SKU Mapping table, or create the stock item in Linnworks, then run again\. Once fixed, the catch-up files it by itself if the order is less than an hour old/,
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

		expect(queueRows(fixture, WORKFLOW_NAME)).toEqual([
			expect.objectContaining({ reference: String(order.id), attempts: 1, status: 'open' }),
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
		// Filed: the order's row in the exception queue is resolved.
		expect(queueRows(fixture, WORKFLOW_NAME)).toEqual([
			expect.objectContaining({ reference: String(order.id), attempts: 1, status: 'resolved' }),
		]);
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
	it("files discounted lines and discounted shipping at what the customer paid: Linnworks totals Shopify's total", async () => {
		await activate(fixture.workflow(TEMPLATE));
		// £4 off the two tees (a code Shopify allocates to the line) and free shipping (a code
		// taking the 3.95 off the shipping line): total_shipping_price_set still says 3.95.
		const order = await placeOrder(
			webOrder({
				line_items: [
					{
						sku: 'TEE-RED-M',
						quantity: 2,
						price: '19.99',
						discount_allocations: [{ amount: '4.00' }],
					},
					{ sku: 'CAP-BLUE-OS', quantity: 1, price: '14.99' },
				],
				shipping_lines: [
					{ title: 'Standard Delivery', price: '3.95', discount_allocations: [{ amount: '3.95' }] },
				],
			}),
		);
		expect([order.total_price, order.total_shipping_price_set]).toEqual([
			'50.97',
			{ shop_money: { amount: '3.95', currency_code: 'GBP' } },
		]);
		const reference = String(order.id);
		expect(linesOf(reference)).toEqual([
			['TEE-RED-M', 2, 17.99],
			['CAP-BLUE', 1, 14.99],
		]);
		expect(totalsOf(reference)).toEqual({ postage: 0, total: 50.97 });
		expect(fixture.alerts()).toEqual([]);
	});

	it('adds line and shipping tax in a shop whose prices exclude tax: Linnworks gets gross prices and postage', async () => {
		await activate(fixture.workflow(TEMPLATE));
		const vat = (price: string) => [{ title: 'VAT', price, rate: 0.2 }];
		const order = await placeOrder(
			webOrder({
				taxes_included: false,
				line_items: [{ sku: 'TEE-RED-M', quantity: 2, price: '16.66', tax_lines: vat('6.66') }],
				shipping_lines: [{ title: 'Standard Delivery', price: '3.29', tax_lines: vat('0.66') }],
			}),
		);
		expect([order.subtotal_price, order.total_tax, order.total_price]).toEqual([
			'33.32',
			'7.32',
			'43.93',
		]);
		const reference = String(order.id);
		expect(linesOf(reference)).toEqual([['TEE-RED-M', 2, 19.99]]);
		expect(storedOrder(reference).channel.OrderItems[0]).toMatchObject({
			TaxRate: 20,
			TaxCostInclusive: true,
		});
		expect(totalsOf(reference)).toEqual({ postage: 3.95, total: 43.93 });
	});

	it('splits a line whose discounted amount is not whole pennies per unit, so the Linnworks total is the penny Shopify charged', async () => {
		await activate(fixture.workflow(TEMPLATE));
		// 3 × 20.00 less 1.00 = 59.00: 19.666… a unit. Rounded per unit, 3 × 19.67 = 59.01.
		const order = await placeOrder(
			webOrder({
				line_items: [
					{
						sku: 'TEE-RED-M',
						quantity: 3,
						price: '20.00',
						discount_allocations: [{ amount: '1.00' }],
					},
				],
			}),
		);
		const reference = String(order.id);
		expect(linesOf(reference)).toEqual([
			['TEE-RED-M', 2, 19.66],
			['TEE-RED-M', 1, 19.68],
		]);
		expect(totalsOf(reference)).toEqual({ postage: 3.95, total: Number(order.total_price) });
		expect(order.total_price).toBe('62.95');
		// Linnworks holds the three units.
		expect(
			linnworks()
				.snapshot()
				.stock.find((level) => level.sku === 'TEE-RED-M' && level.location === 'London Warehouse')
				?.inOrders,
		).toBe(3);
	});

	it('leaves gift cards and tips out of the stock lines, keeps their amounts on the order, skips an order of only those, and sends a POS custom sale to exceptions by name', async () => {
		const receiver = await activate(fixture.workflow(TEMPLATE));
		const giftCard = GIFT_CARD_LINE;
		const tip = { ...TIP_LINE, tip_payment_method: 'card' };
		const mixed = await placeOrder(
			webOrder({ line_items: [{ sku: 'TEE-RED-M', quantity: 1, price: '19.99' }, giftCard, tip] }),
		);
		await placeOrder(webOrder({ line_items: [giftCard], shipping_lines: [] }));
		const custom = await placeOrder({
			location_id: SHOPIFY_LOCATION_IDS['Oxford Street'],
			line_items: [
				{ sku: 'HOODIE-GREY-L', quantity: 1 },
				{ title: 'Alteration', quantity: 1, price: '12.00' },
			],
		});

		expect(mixed.total_price).toBe('50.94');
		const reference = String(mixed.id);
		expect(linnworksOrders().map((order) => order.reference)).toEqual([reference]);
		expect(linesOf(reference)).toEqual([['TEE-RED-M', 1, 19.99]]);
		expect([
			extendedProperty(reference, 'shopifyGiftCards'),
			extendedProperty(reference, 'shopifyTips'),
		]).toEqual(['25.00', '2.00']);
		// Linnworks' total is Shopify's less the gift card and the tip.
		expect(totalsOf(reference)).toEqual({ postage: 3.95, total: 23.94 });

		// The gift-card-only order: answered, nothing sent to Linnworks, no exception.
		const runs = receiver.deliveries.map((delivery) => delivery.result!);
		expect(runs.map((run) => run.status)).toEqual(['success', 'success', 'success']);
		expect(runs[1].ran('Canonical Order')).toBe(false);
		expect(fixture.sandboxes.linnworks.callsTo('Orders/CreateOrders')).toHaveLength(1);
		expect(exceptions().map((exception) => exception.reason)).toEqual([
			`Shopify order ${custom.name}: Order ${custom.id}: SKU custom:Alteration has no Linnworks stock item`,
		]);
	});

	it('takes a line for a tip only without product or variant, with a tip object or the tip_payment_gateway key, adding up to total_tip_received; ordinary lines carrying tip_payment_gateway: null are stock lines', async () => {
		const receiver = await activate(fixture.workflow(TEMPLATE));
		// A POS tip as posted on community.shopify.com: the gateway key present but null, and a
		// `tip` object (its content is not relied on). The tee carries the key as null too.
		const tipped = await placeOrder({
			location_id: SHOPIFY_LOCATION_IDS['Oxford Street'],
			line_items: [
				{ sku: 'TEE-RED-M', quantity: 1, price: '19.99', tip_payment_gateway: null },
				{
					title: 'Tip',
					quantity: 1,
					price: '3.00',
					tip_payment_gateway: null,
					tip_payment_method: null,
					tip: {},
				},
			],
		});
		// Every line carrying tip_payment_gateway: null, none a tip: all stock lines.
		const keyed = await placeOrder(
			webOrder({
				line_items: [
					{ sku: 'TEE-RED-M', quantity: 2, tip_payment_gateway: null },
					{ sku: 'CAP-BLUE-OS', quantity: 1, tip_payment_gateway: null },
				],
			}),
		);
		// A tip marked by its tip object alone.
		const tipObjectOnly = await placeOrder({
			location_id: SHOPIFY_LOCATION_IDS['Oxford Street'],
			line_items: [
				{ sku: 'HOODIE-GREY-L', quantity: 1, price: '48.99' },
				{ title: 'Tip', quantity: 1, price: '5.00', tip: {} },
			],
		});

		expect([tipped, keyed, tipObjectOnly].map((order) => order.total_tip_received)).toEqual([
			'3.00',
			'0.00',
			'5.00',
		]);
		expect(receiver.deliveries.map((delivery) => delivery.result?.status)).toEqual([
			'success',
			'success',
			'success',
		]);
		expect(linnworksOrders().map((order) => [order.reference, order.lines])).toEqual([
			[String(tipped.id), [{ sku: 'TEE-RED-M', quantity: 1 }]],
			[
				String(keyed.id),
				[
					{ sku: 'TEE-RED-M', quantity: 2 },
					{ sku: 'CAP-BLUE', quantity: 1 },
				],
			],
			[String(tipObjectOnly.id), [{ sku: 'HOODIE-GREY-L', quantity: 1 }]],
		]);
		expect(
			[tipped, keyed, tipObjectOnly].map((order) =>
				extendedProperty(String(order.id), 'shopifyTips'),
			),
		).toEqual(['3.00', undefined, '5.00']);
		expect(totalsOf(String(tipped.id))).toEqual({ postage: 0, total: 19.99 });
		expect(totalsOf(String(keyed.id))).toEqual({
			postage: 3.95,
			total: Number(keyed.total_price),
		});
		expect(fixture.alerts()).toEqual([]);
	});

	it('sends an order whose tip-looking lines do not add up to total_tip_received to exceptions: nothing filed, nothing skipped silently', async () => {
		await activate(fixture.workflow(TEMPLATE));
		// A custom sale carrying tip_payment_gateway: null that Shopify counted as a sale (no tips).
		const order = await placeOrder({
			location_id: SHOPIFY_LOCATION_IDS['Oxford Street'],
			total_tip_received: '0.00',
			line_items: [
				{ sku: 'HOODIE-GREY-L', quantity: 1, price: '48.99' },
				{ title: 'Alteration', quantity: 1, price: '12.00', tip_payment_gateway: null },
			],
		});
		const only = await placeOrder({
			location_id: SHOPIFY_LOCATION_IDS['Oxford Street'],
			total_tip_received: '0.00',
			line_items: [{ title: 'Alteration', quantity: 1, price: '12.00', tip_payment_gateway: null }],
		});

		expect(linnworksOrders()).toEqual([]);
		expect(fixture.sandboxes.linnworks.callsTo('Orders/CreateOrders')).toEqual([]);
		const reason = (name: string) =>
			`Shopify order ${name}: its lines taken for tips (no product or variant, a tip object or the tip_payment_gateway key) add up to 12.00, but Shopify says total_tip_received 0.00: not filed in Linnworks`;
		expect(exceptions()).toEqual([
			expect.objectContaining({
				flow: 'order-injection',
				reason: reason(order.name),
				howToFix: expect.stringMatching(/^File the order in Linnworks by hand/),
				record: expect.objectContaining({
					reference: String(order.id),
					totalTipReceived: '0.00',
					lines: [
						expect.objectContaining({ sku: 'HOODIE-GREY-L', quantity: 1, price: '48.99' }),
						expect.objectContaining({
							sku: null,
							title: 'Alteration',
							price: '12.00',
							tipPaymentGateway: null,
						}),
					],
				}),
			}),
			expect.objectContaining({ reason: reason(only.name) }),
		]);
		// No "run it again" advice: running it again would find the same disagreement.
		expect(exceptions()[0].howToFix).not.toMatch(/Shopify does not send the order again/);
	});

	it("puts duties and additional fees on the order as extended properties: Linnworks' total is Shopify's total less them", async () => {
		await activate(fixture.workflow(TEMPLATE));
		const international = await placeOrder(
			webOrder({ total_duties: '12.34', total_additional_fees: '1.50' }),
		);
		const domestic = await placeOrder(webOrder());
		expect([
			international.total_price,
			international.original_total_duties_set,
			domestic.original_total_duties_set,
		]).toEqual([
			'72.76',
			{
				shop_money: { amount: '12.34', currency_code: 'GBP' },
				presentment_money: { amount: '12.34', currency_code: 'GBP' },
			},
			null,
		]);
		const reference = String(international.id);
		expect([
			extendedProperty(reference, 'shopifyDuties'),
			extendedProperty(reference, 'shopifyAdditionalFees'),
		]).toEqual(['12.34', '1.50']);
		expect(totalsOf(reference)).toEqual({ postage: 3.95, total: 58.92 });
		expect([
			extendedProperty(String(domestic.id), 'shopifyDuties'),
			extendedProperty(String(domestic.id), 'shopifyAdditionalFees'),
		]).toEqual([undefined, undefined]);
		expect(totalsOf(String(domestic.id)).total).toBe(Number(domestic.total_price));
		expect(fixture.alerts()).toEqual([]);
	});

	it('maps a variant without SKU (variant:<id>) and a POS custom sale (custom:<title>) through SKU Mapping rows', async () => {
		const { shopify } = fixture.sandboxes;
		const wrap = shopify.state.addProduct({
			title: 'Gift Wrap',
			variants: [{ sku: '', price: '2.50' }],
		}).variants[0];
		linnworks().seed({
			items: [
				{ SKU: 'GIFT-WRAP', RetailPrice: 2.5 },
				{ SKU: 'SERVICE-ALTERATION', RetailPrice: 12 },
			],
		});
		const config = fixture.shopifyConfig;
		await activate(
			fixture.workflow(TEMPLATE, {
				...config,
				skuMapping: [
					...(config.skuMapping ?? []),
					{ shopify: `variant:${wrap.id}`, linnworks: 'GIFT-WRAP' },
					{ shopify: 'custom:Alteration', linnworks: 'SERVICE-ALTERATION' },
				],
			}),
		);
		const order = await placeOrder({
			location_id: SHOPIFY_LOCATION_IDS['Oxford Street'],
			line_items: [
				{ variant_id: wrap.id, quantity: 2 },
				{ title: 'Alteration', quantity: 1, price: '12.00' },
			],
		});
		expect(order.line_items.map((line) => [line.sku, line.variant_id])).toEqual([
			['', wrap.id],
			[null, null],
		]);
		expect(linesOf(String(order.id))).toEqual([
			['GIFT-WRAP', 2, 2.5],
			['SERVICE-ALTERATION', 1, 12],
		]);
		expect(fixture.alerts()).toEqual([]);
	});

	it('files a POS sale handed over at the counter (fulfilled in Shopify) as an open order at its store, marked fulfilled, holding its stock', async () => {
		await activate(fixture.workflow(TEMPLATE));
		const sale = await placeOrder({
			location_id: SHOPIFY_LOCATION_IDS['Oxford Street'],
			fulfillment_status: 'fulfilled',
			line_items: [{ sku: 'HOODIE-GREY-L', quantity: 1 }],
		});
		const reference = String(sale.id);
		expect(linnworksOrders().map((order) => [order.reference, order.processed])).toEqual([
			[reference, false],
		]);
		expect(storedOrder(reference).fulfilmentLocationId).toBe(locationId('Oxford Street'));
		expect(extendedProperty(reference, 'shopifyFulfillment')).toBe('fulfilled');
		expect(extendedProperty(reference, 'shopifyChannel')).toBe('pos');
		expect(
			linnworks()
				.snapshot()
				.stock.find((level) => level.sku === 'HOODIE-GREY-L' && level.location === 'Oxford Street')
				?.inOrders,
		).toBe(1);
		expect(fixture.alerts()).toEqual([]);
	});

	it('a POS sale whose orders/create says fulfillment_status null still carries shopifyChannel = pos, as the About note says to filter by', async () => {
		await activate(fixture.workflow(TEMPLATE));
		const sale = await placeOrder({
			location_id: SHOPIFY_LOCATION_IDS['Oxford Street'],
			line_items: [{ sku: 'HOODIE-GREY-L', quantity: 1 }],
		});
		const web = await placeOrder(webOrder());
		expect(
			[sale, web].map((order) => [
				extendedProperty(String(order.id), 'shopifyChannel'),
				extendedProperty(String(order.id), 'shopifyFulfillment'),
			]),
		).toEqual([
			['pos', undefined],
			['web', undefined],
		]);
		const note = fixture
			.workflow(TEMPLATE)
			.nodes.find((node) => node.name === 'About This Workflow')!.parameters.content as string;
		expect(note).toMatch(
			/ASSUMED: the orders\/create webhook of a counter sale already says `fulfilled`/,
		);
		expect(note).toMatch(/filter by \*\*shopifyChannel\*\* = `pos` as well/);
		expect(note).toMatch(/shopifyDuties/);
		expect(note).not.toMatch(/the Linnworks total is what Shopify charged/);
	});
});
