import { sleep, type IDataObject } from 'n8n-workflow';

import type { SeedData } from '../../sandbox/linnworks/state';
import {
	STORES,
	linnworksWorkflow,
	startLinnworks,
	type LinnworksFixture,
} from '../harness/linnworks';
import {
	LINNWORKS_TRIGGER_NODE,
	linnworksOrderByReference,
	triggerWorkflow,
} from '../harness/workflows';

let fixture: LinnworksFixture;
beforeEach(async () => {
	fixture = await startLinnworks({}, STORES);
});
afterEach(async () => fixture.close());

const HOUR = 3_600_000;
const ago = (hours: number) => new Date(Date.now() - hours * HOUR).toISOString();

/** Orders placed and already dispatched, `processedOn` given in hours ago. */
function dispatched(
	entries: Array<{ reference: string; source?: string; hoursAgo: number; sku?: string }>,
): SeedData {
	return {
		orders: entries.map(({ reference, source = 'CLOUDSHELF', hoursAgo, sku = 'TEE-RED-M' }) => ({
			location: 'London Warehouse',
			order: {
				Source: source,
				SubSource: 'Oxford Street',
				ReferenceNumber: reference,
				ReceivedDate: ago(hoursAgo + 24),
				DispatchBy: ago(hoursAgo),
				PaymentStatus: 'Paid',
				OrderItems: [{ ItemNumber: '1', ChannelSKU: sku, Qty: 2, PricePerUnit: 19.99 }],
			},
			dispatched: {
				processedOn: ago(hoursAgo),
				vendor: 'Royal Mail',
				service: 'Tracked 48',
				trackingNumber: `RM-${reference}`,
			},
		})),
	};
}

function dispatchOpenOrder(reference: string, processedOn = new Date().toISOString()) {
	const order = linnworksOrderByReference(fixture.sandbox.state, reference);
	fixture.sandbox.state.dispatch(order.OrderId, {
		processedOn,
		vendor: 'DPD',
		service: 'Next Day',
		trackingNumber: `DPD-${reference}`,
	});
}

describe('Linnworks → Processed Order → Search', () => {
	it('returns dispatched orders in the window as canonical fulfilments with lines, paging past 200', async () => {
		const many = Array.from({ length: 230 }, (_, index) => ({
			reference: `P-${index}`,
			hoursAgo: 10 + index / 100,
		}));
		fixture.sandbox.state.seed(
			dispatched([
				...many,
				{ reference: 'OTHER-1', source: 'SHOPIFY', hoursAgo: 5 },
				{ reference: 'OLD-1', hoursAgo: 100 },
			]),
		);
		const result = await fixture.runner.run(
			linnworksWorkflow({
				resource: 'processedOrder',
				operation: 'search',
				from: ago(48),
				to: new Date().toISOString(),
				source: 'CLOUDSHELF',
				returnAll: true,
			}),
		);
		const fulfilments = result.json('Linnworks');
		expect(fulfilments).toHaveLength(230);
		expect(fulfilments[0]).toEqual({
			orderReference: 'P-229',
			carrier: 'Royal Mail',
			service: 'Tracked 48',
			trackingNumber: 'RM-P-229',
			shippedAt: expect.any(String),
			lines: [{ sku: 'TEE-RED-M', quantity: 2 }],
			attributes: {
				linnworksOrderId: expect.any(String),
				linnworksNumOrderId: expect.any(String),
				source: 'CLOUDSHELF',
				subSource: 'Oxford Street',
			},
		});
		expect(fixture.sandbox.callsTo('ProcessedOrders/SearchProcessedOrders')).toHaveLength(2);
		// Lines come from order details, 50 orders per call.
		expect(fixture.sandbox.callsTo('Orders/GetOrdersById')).toHaveLength(5);
	});

	it('honours the limit and leaves cancelled orders out', async () => {
		fixture.sandbox.state.seed(
			dispatched([
				{ reference: 'A', hoursAgo: 3 },
				{ reference: 'B', hoursAgo: 2 },
				{ reference: 'C', hoursAgo: 1 },
			]),
		);
		fixture.sandbox.state.seed({
			orders: [
				{
					location: 'London Warehouse',
					order: {
						Source: 'CLOUDSHELF',
						SubSource: 'x',
						ReferenceNumber: 'X',
						ReceivedDate: ago(2),
						DispatchBy: ago(1),
						OrderItems: [{ ItemNumber: '1', ChannelSKU: 'CAP-BLUE', Qty: 1, PricePerUnit: 1 }],
					},
				},
			],
		});
		const cancelled = linnworksOrderByReference(fixture.sandbox.state, 'X');
		fixture.sandbox.state.cancel(cancelled.OrderId);
		const result = await fixture.runner.run(
			linnworksWorkflow({
				resource: 'processedOrder',
				operation: 'search',
				from: ago(24),
				to: new Date().toISOString(),
				limit: 2,
			}),
		);
		expect(result.json('Linnworks').map((item) => item.orderReference)).toEqual(['A', 'B']);
	});
});

describe('Linnworks Trigger → Order Dispatched', () => {
	it('starts from activation, then emits each dispatch once, advancing only past what it emitted', async () => {
		const workflow = triggerWorkflow(LINNWORKS_TRIGGER_NODE, {
			event: 'orderDispatched',
			source: 'CLOUDSHELF',
		});
		fixture.sandbox.state.seed(dispatched([{ reference: 'HISTORY', hoursAgo: 5 }]));
		const placed = (reference: string) => ({
			location: 'London Warehouse',
			order: {
				Source: 'CLOUDSHELF',
				SubSource: 'Oxford Street',
				ReferenceNumber: reference,
				ReceivedDate: ago(1),
				DispatchBy: ago(-24),
				PaymentStatus: 'Paid' as const,
				OrderItems: [{ ItemNumber: '1', ChannelSKU: 'CAP-BLUE', Qty: 1, PricePerUnit: 14.99 }],
			},
		});
		fixture.sandbox.state.seed({ orders: [placed('K-1'), placed('K-2'), placed('K-3')] });

		// First check after activation: nothing from before it.
		let poll = await fixture.runner.poll(workflow, 'Linnworks Trigger');
		expect(poll.items).toEqual([]);
		expect(poll.staticData).toEqual({
			'node:Linnworks Trigger': { after: expect.any(String), emitted: [] },
		});

		await sleep(5);
		const shippedAt = new Date().toISOString();
		dispatchOpenOrder('K-1', shippedAt);
		dispatchOpenOrder('K-2', shippedAt);
		poll = await fixture.runner.poll(workflow, 'Linnworks Trigger', poll.staticData);
		expect(poll.items.map((item) => item.json.orderReference)).toEqual(['K-1', 'K-2']);
		expect(poll.items[0].json).toMatchObject({
			carrier: 'DPD',
			trackingNumber: 'DPD-K-1',
			lines: [{ sku: 'CAP-BLUE', quantity: 1 }],
		});

		// Nothing new: nothing emitted (K-1 and K-2 share the cursor's timestamp and are not repeated).
		const unchanged = await fixture.runner.poll(workflow, 'Linnworks Trigger', poll.staticData);
		expect(unchanged.items).toEqual([]);

		// A third dispatch at the very same timestamp is still caught.
		dispatchOpenOrder('K-3', shippedAt);
		const next = await fixture.runner.poll(workflow, 'Linnworks Trigger', unchanged.staticData);
		expect(next.items.map((item) => item.json.orderReference)).toEqual(['K-3']);
	});

	it('emits a backlog over several checks when it exceeds the per-check maximum', async () => {
		fixture.sandbox.state.seed(
			dispatched(
				Array.from({ length: 5 }, (_, index) => ({ reference: `Q-${index}`, hoursAgo: 5 - index })),
			),
		);
		const workflow = triggerWorkflow(LINNWORKS_TRIGGER_NODE, {
			event: 'orderDispatched',
			startFrom: ago(24),
			maxPerPoll: 2,
		});
		const seen: unknown[] = [];
		let staticData: IDataObject = {};
		for (let check = 0; check < 4; check++) {
			const poll = await fixture.runner.poll(workflow, 'Linnworks Trigger', staticData);
			seen.push(...poll.items.map((item) => item.json.orderReference));
			staticData = poll.staticData;
		}
		expect(seen).toEqual(['Q-0', 'Q-1', 'Q-2', 'Q-3', 'Q-4']);
	});

	it('continues from a cursor saved by release 0.1.0, neither skipping nor replaying', async () => {
		fixture.sandbox.state.seed(
			dispatched([
				{ reference: 'OLD-1', hoursAgo: 5 },
				{ reference: 'OLD-2', hoursAgo: 3 },
				{ reference: 'NEW-1', hoursAgo: 1 },
			]),
		);
		const workflow = triggerWorkflow(LINNWORKS_TRIGGER_NODE, {
			event: 'orderDispatched',
			startFrom: ago(24),
		});
		// 0.1.0 kept the last dispatch time and the orders emitted at it under these names.
		const oldTwo = linnworksOrderByReference(fixture.sandbox.state, 'OLD-2');
		const saved = { dispatchedAfter: oldTwo.processedOn, emittedAtCursor: [oldTwo.OrderId] };
		const poll = await fixture.runner.poll(workflow, 'Linnworks Trigger', {
			'node:Linnworks Trigger': saved,
		});
		expect(poll.items.map((item) => item.json.orderReference)).toEqual(['NEW-1']);
		expect(poll.staticData['node:Linnworks Trigger']).toEqual({
			after: expect.any(String),
			emitted: [linnworksOrderByReference(fixture.sandbox.state, 'NEW-1').OrderId],
		});
	});

	it('returns a sample in a manual run without moving the cursor', async () => {
		fixture.sandbox.state.seed(dispatched([{ reference: 'S-1', hoursAgo: 2 }]));
		const workflow = triggerWorkflow(LINNWORKS_TRIGGER_NODE, { event: 'orderDispatched' });
		const manual = await fixture.runner.poll(workflow, 'Linnworks Trigger', {}, 'manual');
		expect(manual.items.map((item) => item.json.orderReference)).toEqual(['S-1']);
		expect(manual.staticData['node:Linnworks Trigger'] ?? {}).toEqual({});

		// The same through the engine, as the editor's "Fetch Test Event" runs it.
		const run = await fixture.runner.run(workflow);
		expect(run.json('Linnworks Trigger').map((item) => item.orderReference)).toEqual(['S-1']);
	});
});

describe('Linnworks Trigger → Stock Changed', () => {
	const workflow = () =>
		triggerWorkflow(LINNWORKS_TRIGGER_NODE, {
			event: 'stockChanged',
			locations: ['London Warehouse', 'Oxford Street'],
		});

	it('records a snapshot first, then emits only levels that changed', async () => {
		const first = await fixture.runner.poll(workflow(), 'Linnworks Trigger');
		expect(first.items).toEqual([]);

		const item = fixture.sandbox.state.findItem('TEE-RED-M')!;
		const warehouse = fixture.sandbox.state.findLocation('London Warehouse')!;
		fixture.sandbox.state.setLevel(item, warehouse.StockLocationId, 4);
		fixture.sandbox.state.seed({ items: [{ SKU: 'NEW-SKU', levels: { 'Oxford Street': 6 } }] });

		const second = await fixture.runner.poll(workflow(), 'Linnworks Trigger', first.staticData);
		expect(second.items.map((entry) => entry.json)).toEqual([
			{ sku: 'NEW-SKU', location: 'London Warehouse', quantity: 0, previousQuantity: null },
			{ sku: 'NEW-SKU', location: 'Oxford Street', quantity: 6, previousQuantity: null },
			{ sku: 'TEE-RED-M', location: 'London Warehouse', quantity: 4, previousQuantity: 10 },
		]);

		const third = await fixture.runner.poll(workflow(), 'Linnworks Trigger', second.staticData);
		expect(third.items).toEqual([]);
	});

	it('compares every page of a large catalogue', async () => {
		fixture.sandbox.state.seed({
			items: Array.from({ length: 450 }, (_, index) => ({
				SKU: `BULK-${String(index).padStart(4, '0')}`,
				levels: { 'Oxford Street': 1 },
			})),
		});
		const first = await fixture.runner.poll(workflow(), 'Linnworks Trigger');
		const last = fixture.sandbox.state.findItem('BULK-0449')!;
		fixture.sandbox.state.setLevel(
			last,
			fixture.sandbox.state.findLocation('Oxford Street')!.StockLocationId,
			9,
		);
		const second = await fixture.runner.poll(workflow(), 'Linnworks Trigger', first.staticData);
		expect(second.items.map((entry) => entry.json)).toEqual([
			{ sku: 'BULK-0449', location: 'Oxford Street', quantity: 9, previousQuantity: 1 },
		]);
		expect(fixture.sandbox.callsTo('Stock/GetStockItemsFull')).toHaveLength(6);
	});

	it('can emit every level on the first check, for a full push', async () => {
		const poll = await fixture.runner.poll(
			triggerWorkflow(LINNWORKS_TRIGGER_NODE, {
				event: 'stockChanged',
				locations: ['Oxford Street'],
				emitAllOnFirstRun: true,
			}),
			'Linnworks Trigger',
		);
		expect(poll.items.map((entry) => entry.json)).toEqual([
			{ sku: 'CAP-BLUE', location: 'Oxford Street', quantity: 7, previousQuantity: null },
			{ sku: 'TEE-RED-L', location: 'Oxford Street', quantity: 0, previousQuantity: null },
			{ sku: 'TEE-RED-M', location: 'Oxford Street', quantity: 3, previousQuantity: null },
		]);
	});

	it('leaves the snapshot alone in a manual run', async () => {
		const first = await fixture.runner.poll(workflow(), 'Linnworks Trigger');
		const item = fixture.sandbox.state.findItem('CAP-BLUE')!;
		fixture.sandbox.state.setLevel(
			item,
			fixture.sandbox.state.findLocation('Oxford Street')!.StockLocationId,
			1,
		);
		const manual = await fixture.runner.poll(
			workflow(),
			'Linnworks Trigger',
			first.staticData,
			'manual',
		);
		expect(manual.items.map((entry) => entry.json)).toEqual([
			{ sku: 'CAP-BLUE', location: 'Oxford Street', quantity: 1, previousQuantity: 7 },
		]);
		expect(manual.staticData).toEqual(first.staticData);
		const real = await fixture.runner.poll(workflow(), 'Linnworks Trigger', first.staticData);
		expect(real.items).toHaveLength(1);
	});
});
