/**
 * Fulfilment writeback Linnworks → Shopify, end to end in process: the template configured for the
 * test client, its Linnworks Trigger polled as n8n polls it, and n8n's HTTP Request node with the
 * Shopify credential calling the simulator's Admin GraphQL (fulfillment orders, fulfillmentCreate)
 * through its HTTPS proxy. Effects are asserted in the simulator's fulfillments.
 */
import type { IDataObject } from 'n8n-workflow';

import { queryCost } from '../../sandbox/shopify/graphql';
import type { OrderRecord } from '../../sandbox/shopify/state';
import type { RunResult, WorkflowJson } from '../harness/run-workflow';
import {
	runPolled,
	shopifyOrderInLinnworks,
	startRetail,
	type RetailFixture,
} from '../harness/templates';
import { minutesAgo } from '../harness/time';

const TEMPLATE = 'fulfilment-writeback-linnworks-to-shopify';
const TRIGGER = 'Linnworks Order Dispatched';

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

/** How many times a node ran in an execution. */
const runsOf = (result: RunResult, node: string) =>
	result.run.data.resultData.runData[node]?.length ?? 0;

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
				units: 3,
				notifyCustomer: true,
			}),
		]);

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
			text: '1 exception(s) in fulfilment-writeback: Shopify has no order 4242424242',
			flow: 'fulfilment-writeback',
			exceptions: [
				{
					flow: 'fulfilment-writeback',
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
		expect(runsOf(check.result!, 'Wait For Fulfillment Budget')).toBe(1);
		expect(runsOf(check.result!, 'Create Fulfillment')).toBe(2);
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
	});
});
