import type { IDataObject } from 'n8n-workflow';

import { anyOf } from '../../nodes/Stokly/requests';
import type { SeedData } from '../../sandbox/stokly/state';
import { startStokly, stoklyWorkflow, type StoklyFixture } from '../harness/stokly';

/** A warehouse with two bins (stock split over them) and a store with one. */
const SEED: SeedData = {
	locations: [
		{ name: 'London Warehouse', bins: ['Default', 'Overflow'] },
		{ name: 'Oxford Street' },
	],
	items: [
		{ sku: 'TEE-RED', name: 'Tee red' },
		{
			sku: 'TEE-RED-M',
			name: 'Tee red M',
			parentSku: 'TEE-RED',
			salePrice: 16.66,
			stock: { 'London Warehouse': { Default: 4, Overflow: 6 }, 'Oxford Street': 3 },
		},
		{ sku: 'TEE-RED-L', name: 'Tee red L', parentSku: 'TEE-RED', stock: { 'London Warehouse': 5 } },
		{ sku: 'CAP-BLUE', name: 'Cap blue', stock: { 'Oxford Street': 7 } },
	],
};
const CONTINUE = { onError: 'continueErrorOutput' as const };
const LOCATION_MAPPING = {
	mapping: [
		{ location: 'Kiosk Oxford', stoklyLocation: 'Oxford Street' },
		{ location: 'Kiosk Warehouse', stoklyLocation: 'London Warehouse' },
	],
};

let fixture: StoklyFixture;
beforeEach(async () => {
	fixture = await startStokly({}, SEED);
});
afterEach(async () => fixture.close());

const state = () => fixture.sandbox.state;
const onHand = (sku: string, location: string) => state().onHand(sku, location);
const adjustments = () => fixture.sandbox.callsTo('POST /v1/adjustments');

async function run(
	operation: string,
	items: IDataObject[],
	parameters: IDataObject = {},
	staticData?: IDataObject,
) {
	return await fixture.runner.run(
		stoklyWorkflow(
			{ resource: 'stock', operation, locationMapping: LOCATION_MAPPING, ...parameters },
			items,
			CONTINUE,
		),
		{},
		staticData,
	);
}

describe('Stokly Stock → Get Levels', () => {
	it('gives one canonical level per item and location, summed over bins', async () => {
		const result = await fixture.runner.run(
			stoklyWorkflow({ resource: 'stock', operation: 'getLevels', selection: 'all' }),
		);
		expect(result.status).toBe('success');
		const levels = result.json('Stokly');
		const london = state().locationByName('London Warehouse')!;
		expect(levels).toContainEqual({
			sku: 'TEE-RED-M',
			location: 'London Warehouse',
			quantity: 10,
			locationId: london.locationId,
			itemId: state().itemBySku('TEE-RED-M')!.itemId,
			onHand: 10,
		});
		const brief = levels.map((level) => `${level.sku}@${level.location}=${level.quantity}`);
		expect(brief.sort()).toEqual([
			'CAP-BLUE@London Warehouse=0',
			'CAP-BLUE@Oxford Street=7',
			'TEE-RED-L@London Warehouse=5',
			'TEE-RED-L@Oxford Street=0',
			'TEE-RED-M@London Warehouse=10',
			'TEE-RED-M@Oxford Street=3',
		]);
		// Aggregate rows (binId UNASSIGNED) are never read.
		const [call] = fixture.sandbox.callsTo('GET /v1/inventory-records');
		expect(call.status).toBe(200);
	});

	it('reads by SKU in the locations chosen; an unknown SKU goes to the error output', async () => {
		const oxford = state().locationByName('Oxford Street')!.locationId;
		const result = await fixture.runner.run(
			stoklyWorkflow(
				{
					resource: 'stock',
					operation: 'getLevels',
					selection: 'bySku',
					skus: 'TEE-RED-M, NOPE',
					locations: [oxford],
				},
				[{}],
				CONTINUE,
			),
		);
		expect(result.json('Stokly')).toEqual([
			expect.objectContaining({ sku: 'TEE-RED-M', location: 'Oxford Street', quantity: 3 }),
		]);
		expect(result.json('Stokly', 1)).toEqual([
			expect.objectContaining({ error: 'SKU NOPE is on no Stokly item' }),
		]);
	});

	it('takes locations by name too (an expression, the agency tool), and fails on an unknown one', async () => {
		const read = async (locations: string[]) =>
			await fixture.runner.run(
				stoklyWorkflow(
					{ resource: 'stock', operation: 'getLevels', selection: 'all', locations },
					[{}],
					CONTINUE,
				),
			);
		const result = await read(['oxford street ']);
		expect(result.json('Stokly').map((level) => level.location)).toEqual(
			expect.arrayContaining(['Oxford Street']),
		);
		expect(result.json('Stokly').every((level) => level.location === 'Oxford Street')).toBe(true);
		const unknown = await read(['Mars']);
		expect(unknown.json('Stokly', 1)).toEqual([
			expect.objectContaining({ error: 'Stokly has no location "Mars"' }),
		]);
	});

	it('returns the raw inventory records (one per bin) with Simplify off', async () => {
		const result = await fixture.runner.run(
			stoklyWorkflow({
				resource: 'stock',
				operation: 'getLevels',
				selection: 'bySku',
				skus: 'TEE-RED-M',
				simplify: false,
			}),
		);
		const records = result.json('Stokly');
		expect(records.filter((record) => record.locationName === 'London Warehouse')).toHaveLength(2);
		expect(records.every((record) => record.binId !== 'UNASSIGNED')).toBe(true);
	});
});

describe('Stokly Stock → Adjust', () => {
	it('applies signed deltas in the default bin, one adjustment per location; an unknown SKU fails alone', async () => {
		const result = await run('adjust', [
			{ sku: 'TEE-RED-M', location: 'Kiosk Oxford', quantity: -1 },
			{ sku: 'CAP-BLUE', location: 'Kiosk Oxford', quantity: 2 },
			{ sku: 'NOPE', location: 'Kiosk Oxford', quantity: 1 },
			{ sku: 'TEE-RED-L', location: 'Kiosk Warehouse', quantity: 3 },
			{ sku: 'TEE-RED', location: 'Kiosk Warehouse', quantity: 3 },
		]);
		expect(result.status).toBe('success');
		expect(onHand('TEE-RED-M', 'Oxford Street')).toBe(2);
		expect(onHand('CAP-BLUE', 'Oxford Street')).toBe(9);
		expect(onHand('TEE-RED-L', 'London Warehouse')).toBe(8);
		expect(adjustments()).toHaveLength(2);
		const written = state().adjustments();
		expect(written[0]).toMatchObject({
			locationId: state().locationByName('Oxford Street')!.locationId,
			binId: state().locationByName('Oxford Street')!.bins[0].binId,
			reason: 'n8n Retail Sync',
		});
		expect(result.json('Stokly')).toEqual([
			expect.objectContaining({
				sku: 'TEE-RED-M',
				location: 'Oxford Street',
				quantity: -1,
				bin: 'Default',
				changed: true,
				alreadyApplied: false,
				adjustmentId: written[0].adjustmentId,
			}),
			expect.objectContaining({ sku: 'CAP-BLUE', quantity: 2 }),
			expect.objectContaining({ sku: 'TEE-RED-L', location: 'London Warehouse', quantity: 3 }),
		]);
		const errors = result.items('Stokly', 1);
		expect(errors.map((item) => [item.pairedItem, item.json.error])).toEqual([
			[{ item: 2 }, 'SKU NOPE is on no Stokly item'],
			[{ item: 4 }, 'SKU TEE-RED is a variable parent in Stokly, which holds no stock'],
		]);
	});

	it('writes the bin named, and fails items of a bin the location does not have', async () => {
		const result = await run(
			'adjust',
			[
				{ sku: 'TEE-RED-M', location: 'London Warehouse', quantity: 4 },
				{ sku: 'TEE-RED-M', location: 'Oxford Street', quantity: 4 },
			],
			{ bin: 'Overflow' },
		);
		expect(state().recordsOf('TEE-RED-M')).toContainEqual(
			expect.objectContaining({
				locationName: 'London Warehouse',
				binName: 'Overflow',
				onHand: 10,
			}),
		);
		expect(result.json('Stokly', 1)).toEqual([
			expect.objectContaining({ error: 'Stokly location "Oxford Street" has no bin "Overflow"' }),
		]);
	});

	it('never re-sends an adjustment whose answer was lost, and says Stokly may have it', async () => {
		fixture.sandbox.setFaults({
			loseAnswerNext: [{ operation: 'POST /v1/adjustments', count: 1 }],
		});
		const result = await run('adjust', [
			{ sku: 'CAP-BLUE', location: 'Oxford Street', quantity: -2 },
		]);
		expect(result.status).toBe('success');
		expect(adjustments().map((call) => call.status)).toEqual([502]);
		expect(state().adjustments()).toHaveLength(1);
		expect(onHand('CAP-BLUE', 'Oxford Street')).toBe(5);
		const [error] = result.json('Stokly', 1);
		expect(error.error).toBe(
			'Stokly gave no answer to the stock adjustment of SKU CAP-BLUE at "Oxford Street", so it may have applied it',
		);
		expect(error.details).toContain('It is not sent again');
	});

	it('applies a Change Key once: a replay is alreadyApplied; after a lost answer a replay fails instead of applying twice', async () => {
		const items = [{ sku: 'CAP-BLUE', location: 'Oxford Street', quantity: -1, sale: 'S-1' }];
		const parameters = { changeKey: '={{ $json.sale }}' };
		const first = await run('adjust', items, parameters);
		expect(first.json('Stokly')).toEqual([expect.objectContaining({ alreadyApplied: false })]);
		const replay = await run('adjust', items, parameters, first.staticData);
		expect(replay.json('Stokly')).toEqual([
			expect.objectContaining({ alreadyApplied: true, changed: false }),
		]);
		expect(onHand('CAP-BLUE', 'Oxford Street')).toBe(6);
		expect(adjustments()).toHaveLength(1);

		fixture.sandbox.setFaults({
			loseAnswerNext: [{ operation: 'POST /v1/adjustments', count: 1 }],
		});
		const lostItems = [{ sku: 'CAP-BLUE', location: 'Oxford Street', quantity: -1, sale: 'S-2' }];
		const lost = await run('adjust', lostItems, parameters, replay.staticData);
		expect(lost.json('Stokly', 1)).toHaveLength(1);
		const again = await run('adjust', lostItems, parameters, lost.staticData);
		expect(again.json('Stokly', 1)[0].error).toMatch(
			/^An earlier stock adjustment of SKU CAP-BLUE at "Oxford Street" with this Change Key got no answer/,
		);
		expect(adjustments()).toHaveLength(2);
		expect(onHand('CAP-BLUE', 'Oxford Street')).toBe(5);
	});

	it('sends at most 500 items per adjustment', async () => {
		await fixture.close();
		fixture = await startStokly(
			{},
			{
				locations: [{ name: 'Warehouse' }],
				items: Array.from({ length: 1100 }, (_, index) => ({
					sku: `BULK-${index + 1}`,
					name: `Bulk ${index + 1}`,
				})),
			},
		);
		const items = Array.from({ length: 1100 }, (_, index) => ({
			sku: `BULK-${index + 1}`,
			location: 'Warehouse',
			quantity: 2,
		}));
		const result = await run('adjust', items);
		expect(result.json('Stokly')).toHaveLength(1100);
		expect(
			state()
				.adjustments()
				.map((adjustment) => adjustment.items.length),
		).toEqual([500, 500, 100]);
		expect(onHand('BULK-1100', 'Warehouse')).toBe(2);
		// SKUs looked up at most 200 (and 8,000 URL characters) per filter, one listing each.
		expect(fixture.sandbox.callsTo('GET /v0/items')).toHaveLength(
			anyOf(
				'sku',
				items.map((item) => item.sku),
			).length,
		);
	});
});

describe('Stokly Stock → Set', () => {
	it('reads the bin, then adjusts by the difference; a level already right writes nothing', async () => {
		const result = await run('set', [
			{ sku: 'CAP-BLUE', location: 'Kiosk Oxford', quantity: 4 },
			{ sku: 'TEE-RED-M', location: 'Kiosk Oxford', quantity: 3 },
			{ sku: 'TEE-RED-L', location: 'Kiosk Warehouse', quantity: 9 },
		]);
		expect(result.status).toBe('success');
		expect(result.json('Stokly')).toEqual([
			expect.objectContaining({
				sku: 'CAP-BLUE',
				quantity: 4,
				previous: 7,
				change: -3,
				changed: true,
			}),
			expect.objectContaining({
				sku: 'TEE-RED-M',
				quantity: 3,
				previous: 3,
				change: 0,
				changed: false,
			}),
			expect.objectContaining({ sku: 'TEE-RED-L', quantity: 9, previous: 5, change: 4 }),
		]);
		expect(onHand('CAP-BLUE', 'Oxford Street')).toBe(4);
		expect(onHand('TEE-RED-L', 'London Warehouse')).toBe(9);
		expect(
			state()
				.adjustments()
				.map((adjustment) => adjustment.items),
		).toEqual([
			[{ itemId: state().itemBySku('CAP-BLUE')!.itemId, quantity: -3 }],
			[{ itemId: state().itemBySku('TEE-RED-L')!.itemId, quantity: 4 }],
		]);
	});

	it('sets the default bin only: other bins keep their stock', async () => {
		await run('set', [{ sku: 'TEE-RED-M', location: 'London Warehouse', quantity: 1 }]);
		// Default 4 → 1; Overflow keeps 6.
		expect(onHand('TEE-RED-M', 'London Warehouse')).toBe(7);
	});

	it('does not apply a change twice while Stokly has not shown it yet (held writes), and settles to the level', async () => {
		state().holdWrites = true;
		const items = [{ sku: 'CAP-BLUE', location: 'Oxford Street', quantity: 10 }];
		const first = await run('set', items);
		expect(first.json('Stokly')).toEqual([
			expect.objectContaining({ previous: 7, change: 3, changed: true, pending: true }),
		]);
		expect(onHand('CAP-BLUE', 'Oxford Street')).toBe(7);
		// The same level again while the first change is invisible: nothing is sent.
		const second = await run('set', items, {}, first.staticData);
		expect(second.json('Stokly')).toEqual([
			expect.objectContaining({ previous: 10, change: 0, changed: false, pending: true }),
		]);
		// Another level while it is pending: only the difference to it is sent, and both merge.
		const third = await run(
			'set',
			[{ sku: 'CAP-BLUE', location: 'Oxford Street', quantity: 12 }],
			{},
			second.staticData,
		);
		expect(third.json('Stokly')).toEqual([expect.objectContaining({ previous: 10, change: 2 })]);
		state().settle();
		expect(onHand('CAP-BLUE', 'Oxford Street')).toBe(12);
		const fourth = await run(
			'set',
			[{ sku: 'CAP-BLUE', location: 'Oxford Street', quantity: 12 }],
			{},
			third.staticData,
		);
		expect(fourth.json('Stokly')).toEqual([
			expect.objectContaining({ previous: 12, change: 0, changed: false, pending: false }),
		]);
		expect(adjustments()).toHaveLength(2);
		expect(onHand('CAP-BLUE', 'Oxford Street')).toBe(12);
		expect(fourth.staticData).toEqual({ 'node:Stokly': { stoklyStockSet: {} } });
	});

	it('sends nothing when the level moved while an earlier change is not shown (error output), and converges after the Pending Window', async () => {
		state().holdWrites = true;
		const items = [{ sku: 'CAP-BLUE', location: 'Oxford Street', quantity: 10 }];
		const first = await run('set', items);
		expect(first.json('Stokly')).toEqual([
			expect.objectContaining({ previous: 7, change: 3, changed: true, pending: true }),
		]);
		// A sale of one in Stokly, shown at once, while the +3 is not: 6 is neither 7 nor 10.
		state().setOnHand('CAP-BLUE', 'Oxford Street', 6);
		const second = await run('set', items, {}, first.staticData);
		expect(second.json('Stokly')).toEqual([]);
		const [error] = second.json('Stokly', 1);
		expect(error.error).toBe(
			'Stokly\'s level of SKU CAP-BLUE at "Oxford Street" moved (now 6) while an earlier Set (+3 from 7) is not shown yet',
		);
		expect(error.details).toMatch(/^Nothing was sent: 6 may or may not include the earlier change/);
		expect(error.details).toContain('after the Pending Window (5 minutes from the earlier Set)');
		expect(adjustments()).toHaveLength(1);
		expect(second.staticData).toEqual(first.staticData);

		// The first change lands once: the sale and the +3, not a +4 on top.
		state().settle();
		expect(onHand('CAP-BLUE', 'Oxford Street')).toBe(9);
		// Still within the window, 9 is neither 7 nor 10: nothing is sent.
		const third = await run('set', items, {}, second.staticData);
		expect(third.json('Stokly', 1)).toEqual([
			expect.objectContaining({ error: expect.stringContaining('moved (now 9)') }),
		]);
		expect(adjustments()).toHaveLength(1);

		// Past the window (the entry 6 minutes old), the level read is the truth.
		const aged = JSON.parse(JSON.stringify(third.staticData)) as {
			'node:Stokly': { stoklyStockSet: Record<string, { at: number }> };
		};
		for (const entry of Object.values(aged['node:Stokly'].stoklyStockSet)) entry.at -= 6 * 60_000;
		const fourth = await run('set', items, {}, aged);
		expect(fourth.json('Stokly')).toEqual([
			expect.objectContaining({ previous: 9, change: 1, changed: true }),
		]);
		state().settle();
		expect(onHand('CAP-BLUE', 'Oxford Street')).toBe(10);
		expect(adjustments()).toHaveLength(2);
	});

	it('after a lost answer, remembers the change as pending instead of sending it again', async () => {
		fixture.sandbox.setFaults({
			loseAnswerNext: [{ operation: 'POST /v1/adjustments', count: 1 }],
		});
		state().holdWrites = true;
		const items = [{ sku: 'CAP-BLUE', location: 'Oxford Street', quantity: 2 }];
		const lost = await run('set', items);
		expect(lost.json('Stokly', 1)[0].error).toMatch(
			/^Stokly gave no answer to the stock adjustment/,
		);
		const again = await run('set', items, {}, lost.staticData);
		expect(again.json('Stokly')).toEqual([
			expect.objectContaining({ change: 0, changed: false, pending: true }),
		]);
		state().settle();
		expect(onHand('CAP-BLUE', 'Oxford Street')).toBe(2);
		expect(state().adjustments()).toHaveLength(1);
	});

	it('fails items of an unknown location, naming the locations there are', async () => {
		const result = await run('set', [{ sku: 'CAP-BLUE', location: 'Mars', quantity: 1 }]);
		const [error] = result.json('Stokly', 1);
		expect(error.error).toBe('Stokly has no location "Mars"');
		expect(error.details).toContain('London Warehouse, Oxford Street');
		expect(adjustments()).toHaveLength(0);
	});

	it('takes SKU, location and level from fields set in the editor', async () => {
		const oxford = state().locationByName('Oxford Street')!.locationId;
		const result = await fixture.runner.run(
			stoklyWorkflow({
				resource: 'stock',
				operation: 'set',
				inputMode: 'fields',
				sku: 'CAP-BLUE',
				quantity: 1,
				location: oxford,
			}),
		);
		expect(result.status).toBe('success');
		expect(onHand('CAP-BLUE', 'Oxford Street')).toBe(1);
	});
});
