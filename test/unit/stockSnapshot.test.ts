/** The stock snapshot of "stock changed" triggers (nodes/shared/stockSnapshot.ts). */
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { pollStockSnapshot } from '../../nodes/shared/stockSnapshot';

type Level = { sku: string; location: string; quantity: number };

function context(staticData: IDataObject, mode = 'trigger', emitAllOnFirstRun = false) {
	return {
		getMode: () => mode,
		getWorkflowStaticData: () => staticData,
		getNodeParameter: (name: string, fallback: unknown) =>
			name === 'emitAllOnFirstRun' ? emitAllOnFirstRun : fallback,
	} as unknown as IPollFunctions;
}

describe('pollStockSnapshot', () => {
	let levels: Level[];
	const check = (
		state: IDataObject,
		{ mode, emitAll, locations }: { mode?: string; emitAll?: boolean; locations?: string[] } = {},
	) =>
		pollStockSnapshot(context(state, mode, emitAll), {
			locations,
			read: async (see) => {
				for (const level of levels) see({ ...level }, level.sku, level.location, level.quantity);
			},
		});

	beforeEach(() => {
		levels = [
			{ sku: 'A', location: 'shop', quantity: 1 },
			{ sku: 'A', location: 'depot', quantity: 5 },
			{ sku: 'B', location: 'shop', quantity: 0 },
		];
	});

	it('records first, then emits only changed and new levels with the quantity before', async () => {
		const state: IDataObject = {};
		expect(await check(state)).toEqual([]);
		expect(state.stockSnapshot).toEqual({
			locations: ['shop', 'depot'],
			levels: { A: [1, 5], B: [0, -1] },
		});
		levels[1].quantity = 4;
		levels.push(
			{ sku: 'B', location: 'depot', quantity: 2 },
			{ sku: 'C', location: 'van', quantity: 3 },
		);
		expect(await check(state)).toEqual([
			{ sku: 'A', location: 'depot', quantity: 4, previousQuantity: 5 },
			{ sku: 'B', location: 'depot', quantity: 2, previousQuantity: null },
			{ sku: 'C', location: 'van', quantity: 3, previousQuantity: null },
		]);
		expect(await check(state)).toEqual([]);
	});

	it('emits every level on the first check when asked, and only fixed locations', async () => {
		const state: IDataObject = {};
		expect(await check(state, { emitAll: true, locations: ['shop'] })).toEqual([
			{ sku: 'A', location: 'shop', quantity: 1, previousQuantity: null },
			{ sku: 'B', location: 'shop', quantity: 0, previousQuantity: null },
		]);
		expect(state.stockSnapshot).toEqual({ locations: ['shop'], levels: { A: [1], B: [0] } });
	});

	it('returns a sample in a manual run and leaves the snapshot as it was', async () => {
		const state: IDataObject = {};
		expect(await check(state, { mode: 'manual' })).toHaveLength(3);
		expect(state).toEqual({});
		await check(state);
		const saved = JSON.stringify(state);
		levels[0].quantity = 9;
		expect(await check(state, { mode: 'manual' })).toEqual([
			{ sku: 'A', location: 'shop', quantity: 9, previousQuantity: 1 },
		]);
		expect(JSON.stringify(state)).toBe(saved);
	});
});
