/**
 * Fulfilment writeback Linnworks → Shopify, end to end in process: the template configured for the
 * test client, its Linnworks Trigger polled as n8n polls it, and n8n's HTTP Request node with the
 * Shopify credential calling the simulator's Admin GraphQL (fulfillment orders, fulfillmentCreate)
 * through its HTTPS proxy. Effects are asserted in the simulator's fulfillments.
 */
import type { IDataObject } from 'n8n-workflow';

import { queryCost } from '../../sandbox/shopify/graphql';
import { SANDBOX_ACCESS_TOKEN } from '../../sandbox/shopify/server';
import type { OrderRecord } from '../../sandbox/shopify/state';
import type { WorkflowJson } from '../harness/run-workflow';
import {
	queueRows,
	runPolled,
	shopifyOrderInLinnworks,
	startRetail,
	type RetailFixture,
} from '../harness/templates';
import { minutesAgo } from '../harness/time';

const TEMPLATE = 'fulfilment-writeback-linnworks-to-shopify';
const TRIGGER = 'Linnworks Order Dispatched';
const WORKFLOW_NAME = 'Fulfilment writeback: Linnworks → Shopify (Test Retailer)';

let fixture: RetailFixture;
beforeEach(async () => {
	fixture = await startRetail();
});
afterEach(async () => fixture.close());

/**
 * The template configured for the test client, whose client file also names a carrier as Shopify's
 * carrier list spells it and a tracking page for it.
 */
function writebackWorkflow(): WorkflowJson {
	const config = fixture.shopifyConfig;
	return fixture.workflow(TEMPLATE, {
		...config,
		shopify: {
			...(config.shopify as IDataObject),
			carriers: { DPD: 'DPD UK' },
			trackingUrls: { 'DPD UK': 'https://track.example/dpd/{number}' },
		},
	});
}

/** A Shopify web order (fulfilled from London Warehouse) and its Linnworks order, as injected. */
function orderInBoth(lines: Array<{ sku: string; quantity: number }>): {
	shopify: OrderRecord;
	linnworksOrderId: string;
} {
	const order = fixture.sandboxes.shopify.state.createOrder(
		{ email: 'ann.lee@example.com', line_items: lines },
		{ silent: true },
	);
	return {
		shopify: order,
		linnworksOrderId: shopifyOrderInLinnworks(fixture.sandboxes, order).OrderId,
	};
}

const dispatch = (orderId: string, trackingNumber: string) =>
	fixture.sandboxes.linnworks.state.dispatch(orderId, {
		vendor: 'DPD',
		service: 'Next Day',
		trackingNumber,
	});

/**
 * Splits the order's one fulfillment order: its line `i` (from the second on) moves to a new open
 * fulfillment order at `locationIds[i - 1]`, as Shopify splits an order stocked at several places.
 */
function splitFulfillmentOrder(order: OrderRecord, locationIds: number[]): void {
	const { state } = fixture.sandboxes.shopify;
	const [original] = state.fulfillmentOrdersOf(order.id);
	original.line_items.splice(1).forEach((line, index) => {
		const id = state.id();
		state.fulfillmentOrders.set(id, {
			id,
			order_id: order.id,
			assigned_location_id: locationIds[index],
			status: 'OPEN',
			line_items: [line],
		});
	});
}

/** The fulfillment order ids of each fulfillmentCreate call Shopify executed. */
const fulfillmentOrdersSent = () =>
	fixture.sandboxes.shopify.graphqlCalls
		.filter((call) => call.field === 'fulfillmentCreate' && call.outcome === 'ok')
		.map((call) =>
			(
				(call.variables.fulfillment as IDataObject).lineItemsByFulfillmentOrder as IDataObject[]
			).map((group) => Number(String(group.fulfillmentOrderId).split('/').pop())),
		);

/** The reasons of every exception alerted. */
const reasons = () =>
	fixture
		.alerts()
		.flatMap((alert) => alert.exceptions as IDataObject[])
		.map((exception) => exception.reason);

/** The trigger's first check (it starts from activation), then the dispatches made meanwhile. */
async function pollDispatches(workflow: WorkflowJson, dispatchAll: () => void) {
	const first = await runPolled(fixture, workflow, TRIGGER, {});
	expect(first.items).toHaveLength(0);
	dispatchAll();
	return await runPolled(fixture, workflow, TRIGGER, first.staticData);
}

describe('template: fulfilment writeback Linnworks → Shopify', () => {
	it('fulfils the Shopify order with the tracking and notifies the customer, once even when the dispatch is seen twice', async () => {
		const { shopify } = fixture.sandboxes;
		const workflow = writebackWorkflow();
		const { shopify: order, linnworksOrderId } = orderInBoth([
			{ sku: 'TEE-RED-M', quantity: 2 },
			{ sku: 'CAP-BLUE-OS', quantity: 1 },
		]);
		// Another Shopify order, not dispatched: untouched.
		const waiting = orderInBoth([{ sku: 'TEE-RED-L', quantity: 1 }]).shopify;

		const check = await pollDispatches(workflow, () => dispatch(linnworksOrderId, 'DPD-4471'));
		expect(check.items.map((item) => item.json.orderReference)).toEqual([String(order.id)]);
		expect(check.result?.status).toBe('success');
		expect(shopify.state.fulfillments).toEqual([
			expect.objectContaining({
				order_id: order.id,
				notify_customer: true,
				tracking: [
					{ company: 'DPD UK', number: 'DPD-4471', url: 'https://track.example/dpd/DPD-4471' },
				],
			}),
		]);
		expect(shopify.state.fulfillments[0].line_items.map((line) => line.quantity).sort()).toEqual([
			1, 2,
		]);
		expect(shopify.state.orders.get(order.id)!.fulfillment_status).toBe('fulfilled');
		expect(shopify.state.orders.get(waiting.id)!.fulfillment_status).toBeNull();
		expect(check.result!.json('Fulfilled')).toEqual([
			expect.objectContaining({
				orderReference: String(order.id),
				outcome: 'fulfilled',
				fulfillmentIds: [`gid://shopify/Fulfillment/${shopify.state.fulfillments[0].id}`],
				locations: ['London Warehouse'],
				units: 3,
				notifyCustomer: true,
			}),
		]);
		// One location and nothing else open: no second read after the fulfilment.
		expect(shopify.callsTo('graphql:FulfillmentOrders')).toHaveLength(1);

		// The same dispatch again (a crashed run re-emitted it): nothing is left to fulfil, so nothing
		// is sent and nothing is reported.
		const mutations = shopify.callsTo('graphql:FulfillmentCreate').length;
		expect(mutations).toBe(1);
		const replay = await fixture.runner.run(workflow, {
			startNode: TRIGGER,
			startItems: check.items,
			mode: 'trigger',
		});
		expect(replay.status).toBe('success');
		expect(replay.json('Already Fulfilled')).toEqual([
			{
				orderReference: String(order.id),
				outcome: 'already fulfilled',
				displayFulfillmentStatus: 'FULFILLED',
			},
		]);
		expect(shopify.callsTo('graphql:FulfillmentCreate')).toHaveLength(mutations);
		expect(shopify.state.fulfillments).toHaveLength(1);
		expect(fixture.alerts()).toEqual([]);
	});

	it('reports a dispatched order Shopify does not know as an exception and still fulfils the others', async () => {
		const { shopify } = fixture.sandboxes;
		const workflow = writebackWorkflow();
		const known = orderInBoth([{ sku: 'HOODIE-GREY-L', quantity: 1 }]);
		const unknown = shopifyOrderInLinnworks(fixture.sandboxes, {
			id: 4242424242,
			created_at: minutesAgo(60),
			line_items: [
				{ id: 1, variant_id: null, sku: 'TEE-RED-M', title: 'Tee', quantity: 1, price: '19.99' },
			],
		}).OrderId;

		const check = await pollDispatches(workflow, () => {
			dispatch(unknown, 'DPD-404');
			dispatch(known.linnworksOrderId, 'DPD-200');
		});
		expect(check.items).toHaveLength(2);
		expect(check.result?.status).toBe('success');
		expect(shopify.state.fulfillments.map((fulfillment) => fulfillment.order_id)).toEqual([
			known.shopify.id,
		]);
		const alerts = fixture.alerts();
		expect(alerts).toHaveLength(1);
		expect(alerts[0]).toMatchObject({
			text: '1 new exception(s) in Fulfilment writeback: Linnworks → Shopify (Test Retailer): Shopify has no order 4242424242',
			flow: 'fulfilment-writeback',
			workflow: WORKFLOW_NAME,
			exceptions: [
				{
					key: `${WORKFLOW_NAME} | 4242424242`,
					workflow: WORKFLOW_NAME,
					client: 'Test Retailer',
					flow: 'fulfilment-writeback',
					reference: '4242424242',
					reason: 'Shopify has no order 4242424242',
					howToFix: expect.stringContaining('must carry the Shopify order ID as its reference'),
					record: expect.objectContaining({
						orderReference: '4242424242',
						carrier: 'DPD',
						trackingNumber: 'DPD-404',
					}),
				},
			],
		});
		// One open row in the exception queue for the unknown order, nothing for the fulfilled one.
		expect(queueRows(fixture)).toEqual([
			expect.objectContaining({
				key: `${WORKFLOW_NAME} | 4242424242`,
				reference: '4242424242',
				reason: 'Shopify has no order 4242424242',
				attempts: 1,
				status: 'open',
			}),
		]);
	});

	it('waits when Shopify throttles the fulfilment and sends it again until it lands', async () => {
		const { shopify } = fixture.sandboxes;
		const workflow = writebackWorkflow();
		const { shopify: order, linnworksOrderId } = orderInBoth([{ sku: 'TEE-RED-L', quantity: 1 }]);

		// A slow bucket (1 point/s) holding the query's cost and 2 points less than the mutation's:
		// the query passes, the mutation is throttled and lands once the bucket has refilled.
		const query = workflow.nodes.find((node) => node.name === 'Read Fulfillment Orders')!;
		const queryText = /query: '([^']+)'/.exec(String(query.parameters.jsonBody))![1];
		const create = workflow.nodes.find((node) => node.name === 'Create Fulfillment')!;
		const mutationText = /query: '([^']+)'/.exec(String(create.parameters.jsonBody))![1];
		const mutationCost = queryCost(mutationText, {
			fulfillment: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: 'gid://x' }] },
		});
		shopify.setFaults({ rateLimitScale: 0.01 });

		const check = await pollDispatches(workflow, () => {
			dispatch(linnworksOrderId, 'DPD-WAIT');
			shopify.setBucket(queryCost(queryText, { id: 'gid://x' }) + mutationCost - 2);
		});
		expect(check.result?.status).toBe('success');
		expect(check.result!.runCount('Wait For Fulfillment Budget')).toBe(1);
		expect(check.result!.runCount('Create Fulfillment')).toBe(2);
		expect(check.result!.json('Fulfillment Throttled?', 0, 0)).toEqual([
			expect.objectContaining({
				errors: [expect.objectContaining({ extensions: { code: 'THROTTLED' } })],
			}),
		]);
		expect(shopify.callsTo('graphql:FulfillmentCreate')).toHaveLength(2);
		expect(shopify.state.fulfillments).toEqual([
			expect.objectContaining({
				order_id: order.id,
				tracking: [
					{ company: 'DPD UK', number: 'DPD-WAIT', url: 'https://track.example/dpd/DPD-WAIT' },
				],
			}),
		]);
		expect(fixture.alerts()).toEqual([]);
	});

	it('reports a Shopify request that keeps failing as an exception', async () => {
		const { shopify } = fixture.sandboxes;
		const workflow = writebackWorkflow();
		const { shopify: order, linnworksOrderId } = orderInBoth([{ sku: 'TEE-RED-L', quantity: 1 }]);
		shopify.setFaults({
			failNext: [{ operation: 'graphql:FulfillmentOrders', status: 503, count: 3 }],
		});

		const check = await pollDispatches(workflow, () => dispatch(linnworksOrderId, 'DPD-503'));
		expect(check.result?.status).toBe('success');
		expect(shopify.callsTo('graphql:FulfillmentOrders')).toHaveLength(3);
		expect(shopify.state.fulfillments).toEqual([]);
		const [alert] = fixture.alerts();
		expect((alert.exceptions as IDataObject[]).map((exception) => exception.reason)).toEqual([
			`The Shopify request for order ${order.id} failed at Read Fulfillment Orders: HTTP 503 Injected failure (503)`,
		]);
		// Only the error's message reaches the alert, never the request (its headers hold the token).
		expect(JSON.stringify(alert)).not.toContain(SANDBOX_ACCESS_TOKEN);
		const failed = workflow.nodes.find((node) => node.name === 'Shopify Request Failed')!;
		expect(JSON.stringify(failed.parameters)).not.toContain('JSON.stringify(failure)');
	});

	it('reports fulfillment orders Shopify does not let it fulfil (on hold, none visible) instead of taking them as fulfilled', async () => {
		const { shopify } = fixture.sandboxes;
		const workflow = writebackWorkflow();
		const held = orderInBoth([{ sku: 'TEE-RED-M', quantity: 1 }]);
		const [heldFulfillmentOrder] = shopify.state.fulfillmentOrdersOf(held.shopify.id);
		heldFulfillmentOrder.status = 'ON_HOLD';
		// An order whose fulfillment orders this token does not see (e.g. another app's location).
		const unseen = orderInBoth([{ sku: 'TEE-RED-L', quantity: 1 }]);
		for (const fulfillmentOrder of shopify.state.fulfillmentOrdersOf(unseen.shopify.id))
			shopify.state.fulfillmentOrders.delete(fulfillmentOrder.id);

		const check = await pollDispatches(workflow, () => {
			dispatch(held.linnworksOrderId, 'DPD-HOLD');
			dispatch(unseen.linnworksOrderId, 'DPD-UNSEEN');
		});
		expect(check.result?.status).toBe('success');
		expect(check.result!.ran('Already Fulfilled')).toBe(false);
		expect(shopify.callsTo('graphql:FulfillmentCreate')).toHaveLength(0);
		expect(shopify.state.fulfillments).toEqual([]);
		const [alert] = fixture.alerts();
		expect(alert.exceptions).toEqual([
			expect.objectContaining({
				reason: `Order ${held.shopify.name} (${held.shopify.id}) was not fulfilled in Shopify: fulfillment order ${heldFulfillmentOrder.id} at London Warehouse is ON_HOLD (Shopify allows: none)`,
				howToFix: expect.stringContaining(
					`Fulfillment order ${heldFulfillmentOrder.id}: it is on hold: release the hold in Shopify`,
				),
			}),
			expect.objectContaining({
				reason: `Order ${unseen.shopify.name} (${unseen.shopify.id}) is UNFULFILLED in Shopify but has no open fulfillment order this app can see`,
				howToFix: expect.stringContaining('scopes do not cover'),
			}),
		]);
		expect(alert.exceptions).toEqual([
			expect.objectContaining({ howToFix: expect.stringContaining('DPD DPD-HOLD') }),
			expect.objectContaining({ howToFix: expect.stringContaining('DPD DPD-UNSEEN') }),
		]);
	});

	it('sends an order with more fulfillment orders than 5 pages hold to exceptions, not partly fulfilled', async () => {
		const { shopify } = fixture.sandboxes;
		const workflow = writebackWorkflow();
		const skus = ['TEE-RED-M', 'TEE-RED-L', 'CAP-BLUE-OS', 'HOODIE-GREY-L'];
		const { shopify: order, linnworksOrderId } = orderInBoth(
			Array.from({ length: 26 }, (_, index) => ({ sku: skus[index % 4], quantity: 1 })),
		);
		splitFulfillmentOrder(
			order,
			Array.from({ length: 25 }, () => 1001),
		);
		expect(shopify.state.fulfillmentOrdersOf(order.id)).toHaveLength(26);
		// A Plus bucket: five reads of ~540 points each are not throttled (that is tested elsewhere).
		shopify.setBucketLimits({ maximumAvailable: 20_000, restoreRate: 1_000 });
		shopify.setBucket(20_000);

		const check = await pollDispatches(workflow, () => dispatch(linnworksOrderId, 'DPD-MANY'));
		expect(check.result?.status).toBe('success');
		expect(
			shopify.graphqlCalls.filter((call) => call.field === 'order').map((call) => call.outcome),
		).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
		expect(shopify.callsTo('graphql:FulfillmentCreate')).toHaveLength(0);
		expect(shopify.state.fulfillments).toEqual([]);
		expect(reasons()).toEqual([
			`Order ${order.name} (${order.id}) has more than 25 fulfillment orders (5 pages of 5, open ones and history), more than this flow reads, so it was not written back (a partial fulfilment is never reported as done)`,
		]);
	});

	it('reads past fulfillment orders that are history (closed, cancelled) and fulfils the open one on a later page', async () => {
		const { shopify } = fixture.sandboxes;
		const workflow = writebackWorkflow();
		const { shopify: order, linnworksOrderId } = orderInBoth([
			{ sku: 'TEE-RED-M', quantity: 1 },
			{ sku: 'TEE-RED-L', quantity: 1 },
			{ sku: 'CAP-BLUE-OS', quantity: 1 },
			{ sku: 'HOODIE-GREY-L', quantity: 1 },
			{ sku: 'TEE-RED-M', quantity: 1 },
			{ sku: 'TEE-RED-L', quantity: 1 },
			{ sku: 'CAP-BLUE-OS', quantity: 2 },
		]);
		// Seven fulfillment orders at London Warehouse: the first five are history (two fulfilled and
		// CLOSED, two CANCELLED, one closed after being moved, which displayable: true leaves out), the
		// sixth has nothing left to fulfil (CLOSED), the seventh is OPEN: on the second page of 5.
		splitFulfillmentOrder(order, [1001, 1001, 1001, 1001, 1001, 1001]);
		const fulfillmentOrders = shopify.state.fulfillmentOrdersOf(order.id);
		const [open] = fulfillmentOrders.splice(-1);
		const history = ['CLOSED', 'CANCELLED', 'CLOSED', 'CANCELLED', 'CLOSED', 'CLOSED'];
		fulfillmentOrders.forEach((fulfillmentOrder, index) => {
			fulfillmentOrder.status = history[index];
			if (history[index] === 'CLOSED')
				for (const line of fulfillmentOrder.line_items) line.remaining_quantity = 0;
		});
		Object.assign(fulfillmentOrders[4], { hidden: true });

		const check = await pollDispatches(workflow, () => dispatch(linnworksOrderId, 'DPD-PAGE'));
		expect(check.result?.status).toBe('success');
		const reads = shopify.graphqlCalls.filter((call) => call.field === 'order');
		expect(reads.map((call) => call.variables.after === null)).toEqual([true, false]);
		expect(fulfillmentOrdersSent()).toEqual([[open.id]]);
		expect(shopify.state.fulfillments).toEqual([
			expect.objectContaining({
				line_items: [{ fulfillment_order_line_item_id: open.line_items[0].id, quantity: 2 }],
			}),
		]);
		expect(open.status).toBe('CLOSED');
		expect(check.result!.json('Fulfilled')).toEqual([
			expect.objectContaining({ outcome: 'fulfilled', locations: ['London Warehouse'], units: 2 }),
		]);
		expect(fixture.alerts()).toEqual([]);
	});

	it('reports a dispatch of an order cancelled in Shopify as an exception and sends nothing', async () => {
		const { shopify } = fixture.sandboxes;
		const workflow = writebackWorkflow();
		const { shopify: order, linnworksOrderId } = orderInBoth([{ sku: 'TEE-RED-M', quantity: 1 }]);
		// Cancelled in Shopify after it reached Linnworks: its fulfillment order is CANCELLED.
		shopify.state.cancelOrder(order.id, 'customer');
		expect(shopify.state.fulfillmentOrdersOf(order.id).map((fo) => fo.status)).toEqual([
			'CANCELLED',
		]);

		const check = await pollDispatches(workflow, () => dispatch(linnworksOrderId, 'DPD-CXL'));
		expect(check.result?.status).toBe('success');
		expect(check.result!.ran('Already Fulfilled')).toBe(false);
		expect(shopify.callsTo('graphql:FulfillmentCreate')).toHaveLength(0);
		expect(shopify.state.fulfillments).toEqual([]);
		const [alert] = fixture.alerts();
		expect(alert.exceptions).toEqual([
			expect.objectContaining({
				reason: `Order ${order.name} (${order.id}) was cancelled in Shopify at ${shopify.state.orders.get(order.id)!.cancelled_at} but Linnworks dispatched it (DPD DPD-CXL), so it was not written back`,
				howToFix: expect.stringContaining('Stop the parcel with the carrier'),
			}),
		]);
	});

	it('fulfils fulfillment orders at different locations with one fulfillmentCreate per location', async () => {
		const { shopify } = fixture.sandboxes;
		const workflow = writebackWorkflow();
		const { shopify: order, linnworksOrderId } = orderInBoth([
			{ sku: 'TEE-RED-M', quantity: 2 },
			{ sku: 'TEE-RED-L', quantity: 1 },
			{ sku: 'CAP-BLUE-OS', quantity: 1 },
		]);
		// Line 2 ships from Oxford Street, line 3 from London Warehouse like line 1.
		splitFulfillmentOrder(order, [1002, 1001]);
		const locationOf = new Map(
			shopify.state
				.fulfillmentOrdersOf(order.id)
				.map((fulfillmentOrder) => [fulfillmentOrder.id, fulfillmentOrder.assigned_location_id]),
		);

		const check = await pollDispatches(workflow, () => dispatch(linnworksOrderId, 'DPD-TWO'));
		expect(check.result?.status).toBe('success');
		const sent = fulfillmentOrdersSent();
		expect(sent.map((ids) => [...new Set(ids.map((id) => locationOf.get(id)))])).toEqual([
			[1001],
			[1002],
		]);
		expect(sent.flat().sort()).toEqual([...locationOf.keys()].sort());
		expect(shopify.state.fulfillments).toHaveLength(2);
		expect(shopify.state.orders.get(order.id)!.fulfillment_status).toBe('fulfilled');
		expect(check.result!.json('Fulfilled')).toEqual([
			expect.objectContaining({
				outcome: 'fulfilled',
				locations: ['London Warehouse', 'Oxford Street'],
				units: 4,
			}),
		]);
		expect(fixture.alerts()).toEqual([]);
	});

	it('counts a fulfilment whose answer was lost (the retry is refused) as fulfilled once Shopify shows nothing left', async () => {
		const { shopify } = fixture.sandboxes;
		const workflow = writebackWorkflow();
		const { shopify: order, linnworksOrderId } = orderInBoth([{ sku: 'TEE-RED-L', quantity: 2 }]);
		// The first fulfillmentCreate lands but its answer is lost: the node's retry is refused.
		shopify.setFaults({ loseAnswerNext: [{ operation: 'graphql:FulfillmentCreate', count: 1 }] });

		const check = await pollDispatches(workflow, () => dispatch(linnworksOrderId, 'DPD-LOST'));
		expect(check.result?.status).toBe('success');
		expect(shopify.callsTo('graphql:FulfillmentCreate')).toHaveLength(2);
		expect(shopify.graphqlCalls.filter((call) => call.field === 'fulfillmentCreate')).toEqual([
			expect.objectContaining({ outcome: 'ok', userErrors: [] }),
			expect.objectContaining({ outcome: 'ok', userErrors: [expect.anything()] }),
		]);
		expect(shopify.state.fulfillments).toHaveLength(1);
		expect(shopify.callsTo('graphql:FulfillmentOrders')).toHaveLength(2);
		expect(check.result!.json('Fulfilled')).toEqual([
			expect.objectContaining({
				orderReference: String(order.id),
				outcome: 'fulfilled',
				locations: ['London Warehouse'],
				units: 2,
			}),
		]);
		expect(fixture.alerts()).toEqual([]);
	});

	it('reports a refused fulfilment as an exception when nothing is left but no fulfillment carries its tracking (fulfilled by hand meanwhile)', async () => {
		const { shopify } = fixture.sandboxes;
		const workflow = writebackWorkflow();
		const { shopify: order, linnworksOrderId } = orderInBoth([{ sku: 'TEE-RED-L', quantity: 2 }]);
		const [fulfillmentOrder] = shopify.state.fulfillmentOrdersOf(order.id);
		// Between the read and the fulfilment, the merchant fulfils the order by hand, with another
		// tracking number: the fulfillmentCreate is refused and nothing is left on its fulfillment order.
		shopify.beforeNext('fulfillmentCreate', () =>
			shopify.state.recordFulfillment(
				order.id,
				fulfillmentOrder.line_items.map((line) => ({
					fulfillmentOrder,
					line,
					quantity: line.remaining_quantity,
				})),
				[{ company: 'Royal Mail', number: 'RM-BY-HAND', url: null }],
				false,
			),
		);

		const check = await pollDispatches(workflow, () => dispatch(linnworksOrderId, 'DPD-OURS'));
		expect(check.result?.status).toBe('success');
		expect(shopify.graphqlCalls.filter((call) => call.field === 'fulfillmentCreate')).toEqual([
			expect.objectContaining({ outcome: 'ok', userErrors: [expect.anything()] }),
		]);
		expect(shopify.callsTo('graphql:FulfillmentOrders')).toHaveLength(2);
		expect(shopify.state.fulfillments).toHaveLength(1);
		expect(check.result!.ran('Fulfilled')).toBe(false);
		expect(check.result!.ran('Already Fulfilled')).toBe(false);
		const [alert] = fixture.alerts();
		expect(alert.exceptions).toEqual([
			expect.objectContaining({
				reason: expect.stringMatching(
					new RegExp(
						`^Shopify refused to fulfil order ${order.name} \\(${order.id}\\) at London Warehouse \\(.*unfulfillable status= closed.*\\); nothing is left on the fulfillment orders sent \\(${fulfillmentOrder.id} CLOSED\\), but no fulfillment of the order carries tracking number DPD-OURS: it was fulfilled by hand or cancelled in Shopify in the meantime$`,
					),
				),
				howToFix: expect.stringContaining('add the tracking (DPD DPD-OURS) to that fulfillment'),
			}),
		]);
	});

	it('gives up after 10 throttled answers to one request and reports it', async () => {
		const { shopify } = fixture.sandboxes;
		const workflow = writebackWorkflow();
		// No waiting in the test: the bucket never refills (restore rate 0), so only the bound ends it.
		for (const node of workflow.nodes)
			if (node.type === 'n8n-nodes-base.wait') node.parameters.amount = 0;
		const { shopify: order, linnworksOrderId } = orderInBoth([{ sku: 'TEE-RED-L', quantity: 1 }]);
		shopify.setFaults({ rateLimitScale: 0 });

		const check = await pollDispatches(workflow, () => {
			dispatch(linnworksOrderId, 'DPD-SPENT');
			shopify.setBucket(0);
		});
		expect(check.result?.status).toBe('success');
		expect(check.result!.runCount('Wait For Query Budget')).toBe(9);
		expect(shopify.callsTo('graphql:FulfillmentOrders')).toHaveLength(10);
		expect(shopify.state.fulfillments).toEqual([]);
		expect(reasons()).toEqual([
			`Shopify throttled the fulfillment order query for order ${order.id} 10 times in a row (its query-cost bucket did not refill), so the order was not written back`,
		]);
	}, 15_000);
});
