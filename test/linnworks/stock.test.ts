import type { IDataObject } from 'n8n-workflow';

import {
	STORES,
	linnworksWorkflow,
	startLinnworks,
	type LinnworksFixture,
} from '../harness/linnworks';
import { ERROR_OUTPUT } from '../harness/workflows';

let fixture: LinnworksFixture;
beforeEach(async () => {
	fixture = await startLinnworks({}, STORES);
});
afterEach(async () => fixture.close());

const available = (sku: string, location: string) =>
	fixture.sandbox.state.snapshot().stock.find((row) => row.sku === sku && row.location === location)
		?.available;

function manySkus(count: number): IDataObject[] {
	return Array.from({ length: count }, (_, index) => ({
		SKU: `BULK-${String(index).padStart(5, '0')}`,
		levels: { 'London Warehouse': 1 },
	}));
}

describe('Linnworks → Stock → Get Levels', () => {
	it('reads every stock item page by page as canonical stock levels', async () => {
		fixture.sandbox.state.seed({ items: manySkus(450) as never });
		const result = await fixture.runner.run(
			linnworksWorkflow({
				resource: 'stock',
				operation: 'getLevels',
				scope: 'all',
				locations: ['London Warehouse'],
			}),
		);
		const levels = result.json('Linnworks');
		expect(levels).toHaveLength(453);
		expect(levels).toContainEqual({ sku: 'TEE-RED-M', location: 'London Warehouse', quantity: 10 });
		// 453 items at 200 per page: 3 pages (the third one short, so no 4th request).
		expect(fixture.sandbox.callsTo('Stock/GetStockItemsFull')).toHaveLength(3);
	});

	it('reads the SKUs of each item, and sends an unknown SKU to the error output', async () => {
		const result = await fixture.runner.run(
			linnworksWorkflow(
				{ resource: 'stock', operation: 'getLevels', scope: 'skus', skus: '={{ $json.sku }}' },
				[{ sku: 'TEE-RED-M' }, { sku: 'NOPE-1' }, { sku: 'CAP-BLUE' }],
				ERROR_OUTPUT,
			),
		);
		expect(result.json('Linnworks')).toEqual([
			{ sku: 'TEE-RED-M', location: 'Default', quantity: 0 },
			{ sku: 'TEE-RED-M', location: 'London Warehouse', quantity: 10 },
			{ sku: 'TEE-RED-M', location: 'Oxford Street', quantity: 3 },
			{ sku: 'CAP-BLUE', location: 'Default', quantity: 0 },
			{ sku: 'CAP-BLUE', location: 'London Warehouse', quantity: 0 },
			{ sku: 'CAP-BLUE', location: 'Oxford Street', quantity: 7 },
		]);
		const failed = result.items('Linnworks', 1);
		expect(failed).toHaveLength(1);
		expect(failed[0].json).toMatchObject({
			sku: 'NOPE-1',
			error: 'SKU NOPE-1 has no Linnworks stock item',
		});
		expect(failed[0].pairedItem).toEqual({ item: 1 });
		// All SKUs are resolved in one lookup, not one call per item.
		expect(fixture.sandbox.callsTo('Inventory/GetStockItemIdsBySKU')).toHaveLength(1);
	});

	it('reports available stock: stock held by open orders is not for sale', async () => {
		fixture.sandbox.state.seed({
			orders: [
				{
					location: 'London Warehouse',
					order: {
						Source: 'KIOSK',
						SubSource: 'Oxford Street',
						ReferenceNumber: 'HOLD-1',
						ReceivedDate: '2026-11-01T10:00:00Z',
						DispatchBy: '2026-11-02T10:00:00Z',
						PaymentStatus: 'Paid',
						OrderItems: [{ ItemNumber: '1', ChannelSKU: 'TEE-RED-M', Qty: 4, PricePerUnit: 19.99 }],
					},
				},
			],
		});
		const result = await fixture.runner.run(
			linnworksWorkflow({
				resource: 'stock',
				operation: 'getLevels',
				scope: 'skus',
				skus: 'TEE-RED-M',
				locations: ['London Warehouse'],
			}),
		);
		expect(result.json('Linnworks')).toEqual([
			{ sku: 'TEE-RED-M', location: 'London Warehouse', quantity: 6 },
		]);
	});
});

describe('Linnworks → Stock → Set Levels', () => {
	it('writes canonical items in batches of 500 with per-item outcomes', async () => {
		fixture.sandbox.state.seed({ items: manySkus(1200) as never });
		const input = Array.from({ length: 1200 }, (_, index) => ({
			sku: `BULK-${String(index).padStart(5, '0')}`,
			location: 'London Warehouse',
			quantity: index % 13,
		}));
		const result = await fixture.runner.run(
			linnworksWorkflow({ resource: 'stock', operation: 'setLevels' }, input),
		);
		expect(result.status).toBe('success');
		expect(result.json('Linnworks')).toHaveLength(1200);
		expect(fixture.sandbox.callsTo('Stock/UpdateStockLevelsBulk')).toHaveLength(3);
		expect(available('BULK-00012', 'London Warehouse')).toBe(12);
		expect(available('BULK-01199', 'London Warehouse')).toBe(1199 % 13);
	});

	it('sends invalid items and unknown SKUs to the error output and writes the rest', async () => {
		const result = await fixture.runner.run(
			linnworksWorkflow(
				{ resource: 'stock', operation: 'setLevels', defaultLocation: 'Oxford Street' },
				[
					{ sku: 'TEE-RED-M', quantity: 8 },
					{ sku: 'TEE-RED-L', quantity: -2 },
					{ sku: 'GHOST', quantity: 1 },
					{ sku: 'CAP-BLUE', quantity: 2, location: 'Atlantis' },
					{ sku: 'CAP-BLUE', quantity: 9, location: 'London Warehouse' },
				],
				ERROR_OUTPUT,
			),
		);
		expect(result.json('Linnworks')).toEqual([
			{ sku: 'TEE-RED-M', location: 'Oxford Street', quantity: 8 },
			{ sku: 'CAP-BLUE', location: 'London Warehouse', quantity: 9 },
		]);
		const errors = result.json('Linnworks', 1).map((item) => item.error);
		expect(errors).toEqual([
			'Item 1: Not a valid stock level: quantity must be a whole number of 0 or more (got -2)',
			expect.stringContaining('Stock level for SKU GHOST at "Oxford Street" was not set'),
			'Linnworks has no location "Atlantis"',
		]);
		expect(available('TEE-RED-M', 'Oxford Street')).toBe(8);
		expect(available('CAP-BLUE', 'London Warehouse')).toBe(9);
		expect(available('TEE-RED-L', 'Oxford Street')).toBe(0);
	});

	it('accepts fields set in the editor instead of canonical items', async () => {
		await fixture.runner.run(
			linnworksWorkflow(
				{
					resource: 'stock',
					operation: 'setLevels',
					inputMode: 'fields',
					sku: '={{ $json.code }}',
					quantity: '={{ $json.count }}',
					location: 'Oxford Street',
				},
				[{ code: 'TEE-RED-L', count: 4 }],
			),
		);
		expect(available('TEE-RED-L', 'Oxford Street')).toBe(4);
	});

	it('stops the node with the reason when no error output is configured', async () => {
		const result = await fixture.runner.run(
			linnworksWorkflow({ resource: 'stock', operation: 'setLevels' }, [{ sku: 'TEE-RED-M' }]),
		);
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe('Item 0: Not a valid stock level: quantity is missing');
	});

	it('backs off on a 429 burst and loses no write', async () => {
		fixture.sandbox.setFaults({ burst429: 3, burstRetryAfterSeconds: 1 });
		const result = await fixture.runner.run(
			linnworksWorkflow({ resource: 'stock', operation: 'setLevels' }, [
				{ sku: 'TEE-RED-M', location: 'London Warehouse', quantity: 21 },
				{ sku: 'CAP-BLUE', location: 'Oxford Street', quantity: 22 },
			]),
		);
		expect(result.status).toBe('success');
		expect(fixture.sandbox.calls.filter((call) => call.status === 429)).toHaveLength(3);
		expect(available('TEE-RED-M', 'London Warehouse')).toBe(21);
		expect(available('CAP-BLUE', 'Oxford Street')).toBe(22);
	});

	it('waits its turn through a long run of 429s, more than the 6 retries a 5xx gets (other executions sharing the limits)', async () => {
		// 9 refusals in a row: more than the 6 retries a 5xx gets, as executions on several
		// queue-mode workers would cause sharing one Linnworks account's per-minute limits.
		fixture.sandbox.setFaults({ burst429: 9, burstRetryAfterSeconds: 1 });
		const result = await fixture.runner.run(
			linnworksWorkflow({ resource: 'stock', operation: 'setLevels' }, [
				{ sku: 'TEE-RED-M', location: 'London Warehouse', quantity: 23 },
			]),
		);
		expect(result.status).toBe('success');
		expect(fixture.sandbox.calls.filter((call) => call.status === 429)).toHaveLength(9);
		expect(available('TEE-RED-M', 'London Warehouse')).toBe(23);
	}, 30_000);

	it('retries a batch that failed with a 500', async () => {
		fixture.sandbox.setFaults({
			failNext: [{ operation: 'Stock/UpdateStockLevelsBulk', status: 500, count: 1 }],
		});
		const result = await fixture.runner.run(
			linnworksWorkflow({ resource: 'stock', operation: 'setLevels' }, [
				{ sku: 'TEE-RED-L', location: 'London Warehouse', quantity: 17 },
			]),
		);
		expect(result.status).toBe('success');
		expect(
			fixture.sandbox.callsTo('Stock/UpdateStockLevelsBulk').map((call) => call.status),
		).toEqual([500, 200]);
		expect(available('TEE-RED-L', 'London Warehouse')).toBe(17);
	});
});

describe('Linnworks → Stock → Adjust Levels', () => {
	it('applies deltas, checks SKUs first, and reports new levels', async () => {
		const result = await fixture.runner.run(
			linnworksWorkflow(
				{ resource: 'stock', operation: 'adjustLevels' },
				[
					{ sku: 'TEE-RED-M', location: 'London Warehouse', quantity: -3 },
					{ sku: 'MISSING', location: 'London Warehouse', quantity: 1 },
					{ sku: 'CAP-BLUE', location: 'Oxford Street', quantity: 5 },
				],
				ERROR_OUTPUT,
			),
		);
		expect(result.json('Linnworks')).toEqual([
			{ sku: 'TEE-RED-M', location: 'London Warehouse', quantity: 7, stockLevel: 7 },
			{ sku: 'CAP-BLUE', location: 'Oxford Street', quantity: 12, stockLevel: 12 },
		]);
		expect(result.json('Linnworks', 1)).toEqual([
			expect.objectContaining({ sku: 'MISSING', error: 'SKU MISSING has no Linnworks stock item' }),
		]);
		expect(fixture.sandbox.callsTo('Stock/UpdateStockLevelsBySKU')).toHaveLength(1);
	});

	const stockLevel = (sku: string, location: string) =>
		fixture.sandbox.state
			.snapshot()
			.stock.find((row) => row.sku === sku && row.location === location)?.stockLevel;
	const deltaWrites = () =>
		fixture.sandbox.callsTo('Stock/UpdateStockLevelsBySKU').map((call) => call.status);
	const adjust = (items: IDataObject[]) =>
		fixture.runner.run(
			linnworksWorkflow({ resource: 'stock', operation: 'adjustLevels' }, items, ERROR_OUTPUT),
		);

	it('applies a batch once when Linnworks applied it but its answer was lost: the levels read back show it', async () => {
		fixture.sandbox.setFaults({
			loseAnswerNext: [{ operation: 'Stock/UpdateStockLevelsBySKU', count: 1 }],
		});
		const result = await adjust([
			{ sku: 'TEE-RED-M', location: 'London Warehouse', quantity: -3 },
			{ sku: 'TEE-RED-M', location: 'London Warehouse', quantity: -2 },
			{ sku: 'CAP-BLUE', location: 'Oxford Street', quantity: 5 },
		]);
		// Sent once (answered 502), never again: read before and after instead.
		expect(deltaWrites()).toEqual([502]);
		expect(fixture.sandbox.callsTo('Stock/GetStockLevel_Batch')).toHaveLength(2);
		expect(stockLevel('TEE-RED-M', 'London Warehouse')).toBe(5);
		expect(stockLevel('CAP-BLUE', 'Oxford Street')).toBe(12);
		expect(result.json('Linnworks', 1)).toEqual([]);
		expect(result.json('Linnworks')).toEqual([
			{ sku: 'TEE-RED-M', location: 'London Warehouse', quantity: 5, stockLevel: 5 },
			{ sku: 'TEE-RED-M', location: 'London Warehouse', quantity: 5, stockLevel: 5 },
			{ sku: 'CAP-BLUE', location: 'Oxford Street', quantity: 12, stockLevel: 12 },
		]);
	});

	it('never sends a failed batch again, even with the levels unmoved: the items say it may have been applied or may still be', async () => {
		fixture.sandbox.setFaults({
			failNext: [{ operation: 'Stock/UpdateStockLevelsBySKU', status: 503, count: 1 }],
		});
		const result = await adjust([{ sku: 'TEE-RED-L', location: 'London Warehouse', quantity: -1 }]);
		// A 503 may come from a gateway while Linnworks still applies the change: one send only.
		expect(deltaWrites()).toEqual([503]);
		expect(result.json('Linnworks')).toEqual([]);
		const [failed] = result.json('Linnworks', 1);
		expect(failed.error).toBe(
			'Linnworks did not confirm the stock change of SKU TEE-RED-L at "London Warehouse" by -1, so it may have been applied',
		);
		expect(String(failed.details)).toContain('has not moved (yet)');
		expect(String(failed.details)).toContain('It was not sent again');
		expect(stockLevel('TEE-RED-L', 'London Warehouse')).toBe(5);
	});

	it('fails the items, sending nothing more, when after a lost answer the level moved by something else', async () => {
		fixture.sandbox.setFaults({
			loseAnswerNext: [{ operation: 'Stock/UpdateStockLevelsBySKU', count: 1 }],
		});
		// Another writer (a stock count) sets the tee to 20 between the lost answer and the read-back.
		const { state } = fixture.sandbox;
		const levelView = state.levelView.bind(state);
		jest.spyOn(state, 'levelView').mockImplementation((item, locationId) => {
			if (deltaWrites().length === 1 && stockLevel('TEE-RED-L', 'London Warehouse') !== 20)
				state.setLevel(
					state.findItem('TEE-RED-L')!,
					state.findLocation('London Warehouse')!.StockLocationId,
					20,
				);
			return levelView(item, locationId);
		});
		const result = await adjust([{ sku: 'TEE-RED-L', location: 'London Warehouse', quantity: -1 }]);
		expect(deltaWrites()).toEqual([502]);
		expect(result.json('Linnworks')).toEqual([]);
		const [failed] = result.json('Linnworks', 1);
		expect(failed.error).toBe(
			'Linnworks did not confirm the stock change of SKU TEE-RED-L at "London Warehouse" by -1, so it may have been applied',
		);
		expect(failed.details).toEqual(
			expect.stringContaining(
				"Check the item's stock history in Linnworks before running it again",
			),
		);
		expect(stockLevel('TEE-RED-L', 'London Warehouse')).toBe(20);
	});

	it('sends nothing when the levels cannot be read first, so the items can be run again safely', async () => {
		fixture.sandbox.setFaults({
			failNext: [{ operation: 'Stock/GetStockLevel_Batch', status: 400, count: 1 }],
		});
		const result = await adjust([{ sku: 'TEE-RED-L', location: 'London Warehouse', quantity: -1 }]);
		expect(deltaWrites()).toEqual([]);
		expect(result.json('Linnworks', 1)).toEqual([
			expect.objectContaining({ error: expect.stringContaining('Stock/GetStockLevel_Batch') }),
		]);
		expect(stockLevel('TEE-RED-L', 'London Warehouse')).toBe(5);
	});
});
