/**
 * Reconciliation Shopify ⇄ Linnworks, end to end in process: the template configured for the test
 * client, run from its schedule against the Linnworks sandbox and the Shopify simulator (n8n's
 * Shopify node for the recent orders, HTTP Request with the Shopify credential for the Admin
 * GraphQL order statuses and inventory levels, through the simulator's HTTPS proxy).
 */
import type { IDataObject } from 'n8n-workflow';

import type { OrderRecord } from '../../sandbox/shopify/state';
import {
	CLIENT_CATALOGUE,
	SHOPIFY_SKUS,
	runScheduled,
	shopifyOrderInLinnworks,
	startRetail,
	type RetailFixture,
} from '../harness/templates';
import type { RunResult } from '../harness/run-workflow';
import { GIFT_CARD_LINE, TIP_LINE } from '../harness/shopify';
import { minutesAgo } from '../harness/time';

const TEMPLATE = 'reconciliation-shopify-linnworks';
const TRIGGER = 'Every Morning';
const LOCATIONS = ['London Warehouse', 'Oxford Street', 'Manchester Arndale'];
/** The test client's stock buffer (sandboxShopifyClient). */
const BUFFER = 1;

let fixture: RetailFixture;
beforeEach(async () => {
	fixture = await startRetail();
});
afterEach(async () => fixture.close());

/** A Shopify web order placed `minutes` ago. */
function shopifyOrder(minutes: number, sku = 'TEE-RED-M'): OrderRecord {
	const order = fixture.sandboxes.shopify.state.createOrder(
		{ email: 'ann.lee@example.com', line_items: [{ sku, quantity: 1 }] },
		{ silent: true },
	);
	order.created_at = minutesAgo(minutes);
	return order;
}

/** The order injected into Linnworks (Source SHOPIFY, reference = the Shopify order id); its OrderId. */
const inLinnworks = (order: OrderRecord): string =>
	shopifyOrderInLinnworks(fixture.sandboxes, order).OrderId;

/** Dispatches the Linnworks order `minutes` ago. */
const dispatched = (orderId: string, minutes: number, trackingNumber: string) =>
	fixture.sandboxes.linnworks.state.dispatch(orderId, {
		processedOn: minutesAgo(minutes),
		vendor: 'DPD',
		service: 'Next Day',
		trackingNumber,
	});

/** Fulfils the whole Shopify order in the simulator (as the writeback does). */
function fulfilledInShopify(order: OrderRecord): void {
	const { state } = fixture.sandboxes.shopify;
	const lines = state.fulfillmentOrdersOf(order.id).flatMap((fulfillmentOrder) =>
		fulfillmentOrder.line_items.map((line) => ({
			fulfillmentOrder,
			line,
			quantity: line.remaining_quantity,
		})),
	);
	state.recordFulfillment(order.id, lines, [{ company: 'DPD', number: 'DPD-1', url: null }], true);
}

/** Shopify's available levels set to what the stock push gives it: Linnworks' available less the buffer. */
function stockInStep(): void {
	const { linnworks, shopify } = fixture.sandboxes;
	for (const sku of CLIENT_CATALOGUE) {
		const item = linnworks.state.findItem(sku)!;
		for (const name of LOCATIONS) {
			const { Available } = linnworks.state.levelView(
				item,
				linnworks.state.findLocation(name)!.StockLocationId,
			);
			const variant = shopify.state.variantBySku(SHOPIFY_SKUS[sku] ?? sku)!;
			shopify.state.setAvailable(
				variant.inventory_item_id,
				shopify.state.locationByName(name)!.id,
				Math.max(0, Available - BUFFER),
			);
		}
	}
}

function setShopifyLevel(shopifySku: string, location: string, quantity: number): void {
	const { shopify } = fixture.sandboxes;
	shopify.state.setAvailable(
		shopify.state.variantBySku(shopifySku)!.inventory_item_id,
		shopify.state.locationByName(location)!.id,
		quantity,
	);
}

describe('template: reconciliation report Shopify ⇄ Linnworks', () => {
	it('reports orders missing in Linnworks, dispatches Shopify does not show fulfilled and stock drift per location, and not the healthy ones', async () => {
		const { shopify } = fixture.sandboxes;
		// (a) An order injected, one nobody injected, one too recent to tell, a cancelled one.
		const injected = shopifyOrder(120);
		inLinnworks(injected);
		const missing = shopifyOrder(90);
		shopifyOrder(5);
		shopify.state.cancelOrder(shopifyOrder(80).id);
		// (d) A cancellation that reached Linnworks, and one that did not (the order is still open).
		const cancelledBoth = shopifyOrder(70);
		fixture.sandboxes.linnworks.state.cancel(inLinnworks(cancelledBoth));
		shopify.state.cancelOrder(cancelledBoth.id);
		const stillOpen = shopifyOrder(60);
		inLinnworks(stillOpen);
		shopify.state.cancelOrder(stillOpen.id);
		// (b) A dispatch written back, one whose writeback was lost, one too recent to tell, and a
		// dispatch of an order Shopify no longer has.
		const written = shopifyOrder(600, 'TEE-RED-L');
		dispatched(inLinnworks(written), 300, 'DPD-OK');
		fulfilledInShopify(written);
		const lost = shopifyOrder(590, 'CAP-BLUE-OS');
		dispatched(inLinnworks(lost), 240, 'DPD-LOST');
		const recent = shopifyOrder(580);
		dispatched(inLinnworks(recent), 10, 'DPD-RECENT');
		const ghost = shopifyOrder(570);
		dispatched(inLinnworks(ghost), 200, 'DPD-GHOST');
		shopify.state.orders.delete(ghost.id); // deleted in Shopify since
		// (c) Stock in step, then two levels drift (one of a SKU Shopify sells under another SKU);
		// the Shopify-only mug is not compared.
		stockInStep();
		setShopifyLevel('TEE-RED-L', 'Oxford Street', 7);
		setShopifyLevel('CAP-BLUE-OS', 'Manchester Arndale', 0);

		const result = await runScheduled(fixture, fixture.workflow(TEMPLATE), TRIGGER);
		expect(result.status).toBe('success');
		const findings = result
			.json('Findings Only')
			.map((item) => [item.finding, item.reference ?? `${item.sku}@${item.location}`]);
		expect(findings.sort()).toEqual(
			[
				['cancelled_in_shopify_open_in_linnworks', String(stillOpen.id)],
				['dispatched_not_fulfilled_in_shopify', String(ghost.id)],
				['dispatched_not_fulfilled_in_shopify', String(lost.id)],
				['shopify_order_not_in_linnworks', String(missing.id)],
				['stock_drift', 'CAP-BLUE@Manchester Arndale'],
				['stock_drift', 'TEE-RED-L@Oxford Street'],
			].sort(),
		);
		// The healthy ones were checked, not skipped: the injected orders were found in Linnworks, the
		// three dispatches older than 30 minutes were looked up in one query, every mapped level compared.
		expect(
			result
				.json('Find In Linnworks')
				.map((found) => found.reference)
				.sort(),
		).toEqual([injected, written, lost, recent].map((order) => String(order.id)).sort());
		expect(
			(result.json('This Dispatch Batch')[0].dispatches as IDataObject[])
				.map((dispatch) => dispatch.trackingNumber)
				.sort(),
		).toEqual(['DPD-GHOST', 'DPD-LOST', 'DPD-OK']);
		expect(result.json('This Stock Batch')[0].levels).toHaveLength(
			CLIENT_CATALOGUE.length * LOCATIONS.length,
		);
		const drift = result.json('Findings Only').find((item) => item.sku === 'TEE-RED-L')!;
		const linnworksLevel = drift.linnworks as number;
		expect(drift).toMatchObject({ expected: linnworksLevel - BUFFER, shopify: 7 });

		const [summary] = result.json('Readable Summary');
		expect(summary.count).toBe(6);
		expect(summary.text).toMatch(
			/^Reconciliation Shopify ⇄ Linnworks \d{4}-\d{2}-\d{2}: 6 finding\(s\)\n• \[/,
		);
		const lines = String(summary.text).split('\n').slice(1).sort();
		expect(lines).toEqual(
			[
				`• [cancelled_in_shopify_open_in_linnworks] Shopify order ${stillOpen.name} (${stillOpen.id}) was cancelled at ${shopify.state.orders.get(stillOpen.id)!.cancelled_at} but Linnworks order ${linnworksNumber(stillOpen.id)} is still open (paid): cancel it in Linnworks before it is dispatched`,
				`• [dispatched_not_fulfilled_in_shopify] Order ${lost.name} (${lost.id}) was dispatched by Linnworks at ${new Date(Date.parse(linnworksDispatch(lost.id))).toISOString()} (DPD DPD-LOST) but Shopify shows it UNFULFILLED`,
				`• [dispatched_not_fulfilled_in_shopify] Order ${ghost.id} was dispatched by Linnworks at ${new Date(Date.parse(linnworksDispatch(ghost.id))).toISOString()} (DPD DPD-GHOST) but Shopify has no such order`,
				`• [shopify_order_not_in_linnworks] Shopify order ${missing.name} (${missing.id}) placed at ${missing.created_at} has no Linnworks order`,
				`• [stock_drift] CAP-BLUE (CAP-BLUE-OS in Shopify) at Manchester Arndale: Linnworks has 2 available, less the buffer of 1 = 1; Shopify shows 0`,
				`• [stock_drift] TEE-RED-L at Oxford Street: Linnworks has ${linnworksLevel} available, less the buffer of 1 = ${linnworksLevel - 1}; Shopify shows 7`,
			].sort(),
		);
		expect(summary.html).toContain('<li><b>shopify_order_not_in_linnworks</b>');
		const [report] = fixture.alerts();
		expect(report).toMatchObject({ count: 6, text: summary.text });
		expect((report.findings as IDataObject[]).map((finding) => finding.finding).sort()).toEqual(
			findings.map(([finding]) => finding).sort(),
		);
	});

	it('says everything matches when nothing drifted', async () => {
		const order = shopifyOrder(120);
		dispatched(inLinnworks(order), 60, 'DPD-OK');
		fulfilledInShopify(order);
		stockInStep();
		const result = await runScheduled(fixture, fixture.workflow(TEMPLATE), TRIGGER);
		expect(result.status).toBe('success');
		expect(result.json('Readable Summary')[0]).toMatchObject({
			count: 0,
			text: expect.stringMatching(/^Reconciliation Shopify ⇄ Linnworks .*: everything matches\.$/),
		});
		expect(fixture.alerts()).toHaveLength(1);
	});

	it('waits when Shopify throttles a query, sends it again and reports once', async () => {
		const { shopify } = fixture.sandboxes;
		const order = shopifyOrder(120);
		dispatched(inLinnworks(order), 60, 'DPD-OK');
		fulfilledInShopify(order);
		stockInStep();
		const workflow = fixture.workflow(TEMPLATE);
		const costOf = (result: RunResult, node: string) =>
			((result.json(node)[0].extensions as IDataObject).cost as IDataObject)
				.requestedQueryCost as number;
		const first = await runScheduled(fixture, workflow, TRIGGER);
		const needed = costOf(first, 'Read Shopify Orders') + costOf(first, 'Read Shopify Stock');

		// A slow bucket (1 point/s) 2 points short of both queries: one of them is throttled.
		shopify.setFaults({ rateLimitScale: 0.01 });
		shopify.setBucket(needed - 2);
		const result = await runScheduled(fixture, workflow, TRIGGER);
		expect(result.status).toBe('success');
		const waits =
			result.runCount('Wait For Stock Budget') + result.runCount('Wait For Orders Budget');
		expect(waits).toBeGreaterThanOrEqual(1);
		expect(result.runCount('Read Shopify Stock') + result.runCount('Read Shopify Orders')).toBe(
			2 + waits,
		);
		expect(result.json('Readable Summary')[0]).toMatchObject({ count: 0 });
		expect(result.runCount('Send Report')).toBe(1);
		expect(fixture.alerts()).toHaveLength(2);
	});
	it('reports a full page of 250 recent Shopify orders as an incomplete check', async () => {
		// 250 orders of the last 7 days (test orders: not looked up, but they fill Shopify's page).
		for (let index = 0; index < 250; index++) {
			const order = fixture.sandboxes.shopify.state.createOrder(
				{ test: true, line_items: [{ sku: 'TEE-RED-M', quantity: 1 }] },
				{ silent: true },
			);
			order.created_at = minutesAgo(60 + index);
		}
		stockInStep();
		const result = await runScheduled(fixture, fixture.workflow(TEMPLATE), TRIGGER);
		expect(result.status).toBe('success');
		expect(result.json('Recent Shopify Orders')).toHaveLength(250);
		expect(result.json('Findings Only')).toEqual([
			{
				finding: 'shopify_orders_check_incomplete',
				reference: '',
				detail: expect.stringMatching(
					/^Shopify returned 250 orders created since \d{4}-\d{2}-\d{2}, the most one page holds, so the orders beyond them were not checked against Linnworks: shorten Created At Min on Recent Shopify Orders \(e\.g\. 3 days\) or run this report more often$/,
				),
			},
		]);
		expect(fixture.alerts()).toEqual([expect.objectContaining({ count: 1 })]);
	});

	it('still reports when Linnworks cannot be read, with the checks that did not run', async () => {
		const order = shopifyOrder(120);
		inLinnworks(order);
		fixture.sandboxes.linnworks.setFaults({
			failNext: [
				{ operation: 'ProcessedOrders/SearchProcessedOrders', status: 400, count: 20 },
				{ operation: 'Stock/GetStockItemsFull', status: 403, count: 20 },
			],
		});
		const result = await runScheduled(fixture, fixture.workflow(TEMPLATE), TRIGGER);
		expect(result.status).toBe('success');
		const findings = result.json('Findings Only');
		expect(findings.map((finding) => finding.finding).sort()).toEqual([
			'linnworks_dispatch_check_failed',
			'linnworks_stock_check_failed',
		]);
		expect(findings).toEqual(
			expect.arrayContaining([
				expect.objectContaining({
					detail: expect.stringMatching(
						/^The orders Linnworks dispatched could not be read, so dispatches Shopify does not show fulfilled were not checked: \S/,
					),
				}),
				expect.objectContaining({
					detail: expect.stringMatching(
						/^The Linnworks stock levels could not be read, so stock drift was not checked: \S/,
					),
				}),
			]),
		);
		// The order check still ran: the injected order was found in Linnworks.
		expect(result.json('Find In Linnworks').map((found) => found.reference)).toEqual([
			String(order.id),
		]);
		expect(fixture.alerts()).toEqual([expect.objectContaining({ count: 2 })]);
	});

	it('gives up on a query after 10 throttled answers and reports the check as not run', async () => {
		const { shopify } = fixture.sandboxes;
		const order = shopifyOrder(120);
		dispatched(inLinnworks(order), 60, 'DPD-OK');
		const workflow = fixture.workflow(TEMPLATE);
		// No waiting in the test: the bucket never refills (restore rate 0), so only the bound ends it.
		for (const node of workflow.nodes)
			if (node.type === 'n8n-nodes-base.wait') node.parameters.amount = 0;
		shopify.setFaults({ rateLimitScale: 0 });
		shopify.setBucket(0);
		const result = await runScheduled(fixture, workflow, TRIGGER);
		expect(result.status).toBe('success');
		// 10 throttled answers to each query: 9 waits, then the check is reported as not run.
		expect(result.runCount('Wait For Orders Budget')).toBe(9);
		expect(result.runCount('Wait For Stock Budget')).toBe(9);
		expect(result.runCount('Read Shopify Orders')).toBe(10);
		expect(result.runCount('Read Shopify Stock')).toBe(10);
		const findings = result.json('Findings Only');
		expect(findings.map((finding) => [finding.finding, finding.detail])).toEqual(
			expect.arrayContaining([
				[
					'shopify_dispatch_check_failed',
					'Shopify throttled the order status query 10 times in a row (its query-cost bucket did not refill; another app may be using up the API budget), so these dispatches were not checked',
				],
				[
					'shopify_stock_check_failed',
					'Shopify throttled the stock query 10 times in a row (its query-cost bucket did not refill; another app may be using up the API budget), so these SKUs were not compared',
				],
			]),
		);
		expect(fixture.alerts()).toHaveLength(1);
	}, 15_000);
});

describe('template: reconciliation report Shopify ⇄ Linnworks, what it must not misreport', () => {
	it('does not report orders of only gift cards and tips (the order injection skips them) as missing in Linnworks', async () => {
		const { shopify } = fixture.sandboxes;
		const giftCard = GIFT_CARD_LINE;
		const tip = TIP_LINE;
		const placed = (line_items: Array<Record<string, unknown>>) => {
			const order = shopify.state.createOrder(
				{ email: 'ann.lee@example.com', line_items } as Parameters<
					typeof shopify.state.createOrder
				>[0],
				{ silent: true },
			);
			order.created_at = minutesAgo(90);
			return order;
		};
		placed([giftCard]);
		placed([tip]);
		placed([giftCard, tip]);
		// A gift card with a stock line is an order the injection files: missing, so reported.
		const missing = placed([giftCard, { sku: 'TEE-RED-M', quantity: 1 }]);
		stockInStep();

		const result = await runScheduled(fixture, fixture.workflow(TEMPLATE), TRIGGER);
		expect(result.status).toBe('success');
		expect(result.json('Recent Shopify Orders')).toHaveLength(4);
		expect(result.json('Findings Only').map((item) => [item.finding, item.reference])).toEqual([
			['shopify_order_not_in_linnworks', String(missing.id)],
		]);
		// Only the order with a stock line was looked up in Linnworks.
		expect(result.json('Older Than 30 Minutes, Not Cancelled').map((order) => order.id)).toEqual([
			missing.id,
		]);
	});

	it('reports a SKU on several Shopify inventory items and SKUs cut off after 5 pages by name, and still compares the rest', async () => {
		const { shopify } = fixture.sandboxes;
		stockInStep();
		// 20 more variants with TEE-RED-M, and HOODIE-GREY-L's product moved after them: the batch of
		// 4 SKUs asks 4 items a page, so 5 pages end before HOODIE-GREY-L.
		const duplicates = Array.from(
			{ length: 20 },
			(_, index) =>
				shopify.state.addProduct({
					title: `Tee (old listing ${index})`,
					variants: [{ sku: 'TEE-RED-M' }],
				}).variants[0].inventory_item_id,
		);
		const hoodie = shopify.state.variantBySku('HOODIE-GREY-L')!;
		const product = shopify.state.products.get(hoodie.product_id)!;
		shopify.state.products.delete(product.id);
		shopify.state.products.set(product.id, product);
		setShopifyLevel('CAP-BLUE-OS', 'Oxford Street', 0);
		setShopifyLevel('HOODIE-GREY-L', 'Oxford Street', 0);

		const result = await runScheduled(fixture, fixture.workflow(TEMPLATE), TRIGGER);
		expect(result.status).toBe('success');
		expect(result.runCount('Read Shopify Stock')).toBe(5);
		const findings = result.json('Findings Only');
		expect(findings.map((item) => [item.finding, item.sku])).toEqual([
			['shopify_sku_on_several_items', 'TEE-RED-M'],
			['shopify_stock_check_failed', 'HOODIE-GREY-L'],
			['stock_drift', 'CAP-BLUE'],
		]);
		const original = shopify.state.variantBySku('TEE-RED-M')!.inventory_item_id;
		expect(findings[0].detail).toBe(
			`Shopify SKU TEE-RED-M is on 18 inventory items (${[original, ...duplicates.slice(0, 17)].map((id) => `gid://shopify/InventoryItem/${id}`).join(', ')}), so its stock was not compared (the stock push does not push it either): give each Shopify variant its own SKU`,
		);
		expect(findings[1].detail).toBe(
			"Shopify had more inventory items for this batch's SKUs than 5 pages hold (20 read), so these SKUs were not compared (read or not sold in Shopify, it cannot tell): HOODIE-GREY-L",
		);
		expect(findings[2]).toMatchObject({ location: 'Oxford Street', shopify: 0 });
	});
});

/** The Linnworks order of the Shopify order with this id. */
const linnworksOrderOf = (shopifyId: number) =>
	[...fixture.sandboxes.linnworks.state.orders.values()].find(
		(candidate) => candidate.channel.ReferenceNumber === String(shopifyId),
	)!;

/** When the Linnworks sandbox recorded the dispatch of the order with this Shopify id. */
const linnworksDispatch = (shopifyId: number) => linnworksOrderOf(shopifyId).processedOn!;

const linnworksNumber = (shopifyId: number) => linnworksOrderOf(shopifyId).NumOrderId;
