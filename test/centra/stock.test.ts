import type { IDataObject } from 'n8n-workflow';

import { UNCONFIRMED_DELTA } from '../../nodes/Centra/actions/stock/stockWrite';
import { ALL_PERMISSIONS } from '../../sandbox/centra/server';
import type { SeedData } from '../../sandbox/centra/state';
import { CENTRA_STORES, centraWorkflow, startCentra, type CentraFixture } from '../harness/centra';
import { ERROR_OUTPUT } from '../harness/workflows';

let fixture: CentraFixture;
beforeEach(async () => {
	fixture = await startCentra({}, CENTRA_STORES);
});
afterEach(async () => fixture.close());

const stockOf = (warehouse: string, sku: string) => fixture.sandbox.state.stockOf(warehouse, sku);

/** `count` one-size products with 1 in stock at the web warehouse. */
function manySizes(count: number): SeedData {
	return {
		products: Array.from({ length: count }, (_, index) => ({
			name: `Bulk ${index}`,
			variants: [
				{
					name: 'Default',
					sizes: [
						{
							size: 'One Size',
							SKU: `BULK-${String(index).padStart(5, '0')}`,
							stock: { 'Web Warehouse': 1 },
						},
					],
				},
			],
		})),
	};
}

/** Use a token with every permission but these, as a restricted token in Centra would be. */
function restrictToken(without: string[]) {
	const { token } = fixture.sandbox.mintToken(
		ALL_PERMISSIONS.filter((permission) => !without.includes(permission)),
	);
	fixture.runner.credentials.store.centraIntegrationApi.token = token;
}

describe('Centra → Stock → Get Levels', () => {
	it('reads every warehouse as canonical stock levels: free to allocate per SKU and warehouse name', async () => {
		const result = await fixture.runner.run(
			centraWorkflow({ resource: 'stock', operation: 'getLevels', scope: 'all' }),
		);
		expect(result.json('Centra')).toEqual(
			expect.arrayContaining([
				{ sku: 'TEE-RED-M', location: 'Web Warehouse', quantity: 10 },
				{ sku: 'TEE-RED-L', location: 'Web Warehouse', quantity: 4 },
				// 5 physical, 2 allocated to orders: 3 can be sold.
				{ sku: 'TEE-RED-M', location: 'Oxford Street', quantity: 3 },
				{ sku: 'CAP-BLUE', location: 'Oxford Street', quantity: 7 },
				{ sku: 'CAP-BLUE', location: 'Soho', quantity: 2 },
			]),
		);
		expect(result.json('Centra').every((row) => Object.keys(row).length === 3)).toBe(true);
	});

	it('reads only the chosen warehouses, page by page', async () => {
		fixture.sandbox.state.seed(manySizes(450));
		const result = await fixture.runner.run(
			centraWorkflow({
				resource: 'stock',
				operation: 'getLevels',
				scope: 'all',
				warehouses: ['1'],
			}),
		);
		const levels = result.json('Centra');
		expect(levels.every((level) => level.location === 'Web Warehouse')).toBe(true);
		expect(levels.filter((level) => String(level.sku).startsWith('BULK-'))).toHaveLength(450);
		expect(levels).toContainEqual({ sku: 'BULK-00449', location: 'Web Warehouse', quantity: 1 });
		// 450 + the seeded sizes at 200 a page: 3 pages of one warehouse, nothing of the others.
		expect(fixture.sandbox.callsTo('WarehouseStock')).toHaveLength(3);
	});

	it('reads the SKUs of each item in one lookup, and sends an unknown SKU to the error output', async () => {
		const result = await fixture.runner.run(
			centraWorkflow(
				{
					resource: 'stock',
					operation: 'getLevels',
					scope: 'skus',
					skus: '={{ $json.sku }}',
					warehouses: ['Web Warehouse', 'Oxford Street'],
				},
				[{ sku: 'TEE-RED-M' }, { sku: 'NOPE-1' }, { sku: 'CAP-BLUE' }],
				ERROR_OUTPUT,
			),
		);
		expect(result.json('Centra')).toEqual([
			{ sku: 'TEE-RED-M', location: 'Web Warehouse', quantity: 10 },
			{ sku: 'TEE-RED-M', location: 'Oxford Street', quantity: 3 },
			{ sku: 'CAP-BLUE', location: 'Web Warehouse', quantity: 0 },
			{ sku: 'CAP-BLUE', location: 'Oxford Street', quantity: 7 },
		]);
		const failed = result.items('Centra', 1);
		expect(failed).toHaveLength(1);
		expect(failed[0].json).toMatchObject({
			sku: 'NOPE-1',
			error: 'SKU NOPE-1 has no Centra product size',
		});
		expect(failed[0].pairedItem).toEqual({ item: 1 });
		expect(fixture.sandbox.callsTo('ProductSizesBySku')).toHaveLength(1);
	});

	it('reads only ACTIVE warehouses unless an inactive one is chosen', async () => {
		fixture.sandbox.state.seed({
			warehouses: [{ name: 'Closed Store', status: 'INACTIVE' }],
			products: [
				{
					name: 'Old Stock',
					variants: [
						{
							name: 'Default',
							sizes: [{ size: 'One Size', SKU: 'OLD-1', stock: { 'Closed Store': 3 } }],
						},
					],
				},
			],
		});
		const all = await fixture.runner.run(
			centraWorkflow({ resource: 'stock', operation: 'getLevels', scope: 'all' }),
		);
		expect(all.json('Centra').some((row) => row.location === 'Closed Store')).toBe(false);
		expect(all.json('Centra').some((row) => row.location === 'Web Warehouse')).toBe(true);
		const chosen = await fixture.runner.run(
			centraWorkflow({
				resource: 'stock',
				operation: 'getLevels',
				scope: 'all',
				warehouses: ['Closed Store'],
			}),
		);
		expect(chosen.json('Centra')).toContainEqual({
			sku: 'OLD-1',
			location: 'Closed Store',
			quantity: 3,
		});
		expect(chosen.json('Centra').every((row) => row.location === 'Closed Store')).toBe(true);
	});

	it('fails only the items whose SKU lookup failed, each with its own index', async () => {
		fixture.sandbox.setFaults({
			failNext: [{ operation: 'ProductSizesBySku', status: 400, count: 1 }],
		});
		const result = await fixture.runner.run(
			centraWorkflow(
				{ resource: 'stock', operation: 'getLevels', scope: 'skus', skus: '={{ $json.sku }}' },
				[{ sku: 'TEE-RED-M' }, { sku: 'CAP-BLUE' }],
				ERROR_OUTPUT,
			),
		);
		expect(result.status).toBe('success');
		expect(result.items('Centra', 1).map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
		]);
	});

	it("returns Centra's Stock rows with every quantity when Simplify is off", async () => {
		const result = await fixture.runner.run(
			centraWorkflow({
				resource: 'stock',
				operation: 'getLevels',
				scope: 'skus',
				skus: 'TEE-RED-M',
				warehouses: ['Oxford Street'],
				simplify: false,
			}),
		);
		expect(result.json('Centra')).toEqual([
			expect.objectContaining({
				freeToAllocateQuantity: 3,
				physicalQuantity: 5,
				allocatedQuantity: 2,
				productSize: expect.objectContaining({
					SKU: 'TEE-RED-M',
					size: expect.objectContaining({ name: 'M' }),
				}),
				warehouse: { id: 2, name: 'Oxford Street' },
			}),
		]);
	});

	it('names the missing permission when the token may not read stock', async () => {
		restrictToken(['Warehouse.stock:read']);
		const result = await fixture.runner.run(
			centraWorkflow({ resource: 'stock', operation: 'getLevels', scope: 'all' }),
		);
		expect(result.status).toBe('error');
		expect(result.error?.message).toBe(
			'The Centra token lacks the Warehouse.stock:read permission: add it to the token in Centra AMS → System → API Tokens',
		);
		expect(JSON.stringify(result.run.data)).not.toContain(
			fixture.runner.credentials.store.centraIntegrationApi.token,
		);
	});

	it('waits when the 10-second request bucket is spent (429 + Retry-After) and then succeeds', async () => {
		// A token's 10-second bucket of 5 requests, while the node paces for Centra's 20: the sixth
		// request is refused with 429 until the bucket refills.
		fixture.sandbox.setFaults({ rateLimitScale: 0.25 });
		const result = await fixture.runner.run(
			centraWorkflow(
				{ resource: 'stock', operation: 'getLevels', scope: 'skus', skus: '={{ $json.sku }}' },
				[{ sku: 'TEE-RED-M' }],
			),
		);
		// Warehouses, product sizes, then the stock of three warehouses: fine within 5. Again:
		const again = await fixture.runner.run(
			centraWorkflow({
				resource: 'stock',
				operation: 'getLevels',
				scope: 'skus',
				skus: 'TEE-RED-M',
			}),
		);
		expect(result.status).toBe('success');
		expect(again.status).toBe('success');
		expect(again.json('Centra')).toEqual(result.json('Centra'));
		const refused = fixture.sandbox.calls.filter((call) => call.status === 429);
		expect(refused.length).toBeGreaterThan(0);
	}, 60_000);
});

describe('Centra → Stock → Adjust', () => {
	it('applies deltas per warehouse in input order: negative out of, positive into the warehouse', async () => {
		const result = await fixture.runner.run(
			centraWorkflow({ resource: 'stock', operation: 'adjust' }, [
				{ sku: 'TEE-RED-M', location: 'Web Warehouse', quantity: -3 },
				{ sku: 'TEE-RED-L', location: 'Web Warehouse', quantity: -1 },
				{ sku: 'CAP-BLUE', location: 'Soho', quantity: 4 },
				{ sku: 'TEE-RED-M', location: 'Web Warehouse', quantity: 2 },
			]),
		);
		expect(result.status).toBe('success');
		expect(result.json('Centra')).toEqual([
			expect.objectContaining({
				sku: 'TEE-RED-M',
				location: 'Web Warehouse',
				quantity: -3,
				applied: true,
			}),
			expect.objectContaining({
				sku: 'TEE-RED-L',
				location: 'Web Warehouse',
				quantity: -1,
				applied: true,
			}),
			expect.objectContaining({ sku: 'CAP-BLUE', location: 'Soho', quantity: 4, applied: true }),
			expect.objectContaining({
				sku: 'TEE-RED-M',
				location: 'Web Warehouse',
				quantity: 2,
				applied: true,
			}),
		]);
		expect(stockOf('Web Warehouse', 'TEE-RED-M').physical).toBe(9);
		expect(stockOf('Web Warehouse', 'TEE-RED-L').physical).toBe(3);
		expect(stockOf('Soho', 'CAP-BLUE').physical).toBe(6);
		// Web Warehouse: one batch out (two sizes), then one in; Soho: one in.
		expect(fixture.sandbox.callsTo('ChangeStock')).toHaveLength(3);
		// Sizes resolved in one lookup for every item.
		expect(fixture.sandbox.callsTo('ProductSizesBySku')).toHaveLength(1);
	});

	it('applies a change key once: a replay of the same delta is recognised and not applied again', async () => {
		const sale = [
			{ reference: 'CS-1001', sku: 'TEE-RED-M', location: 'Oxford Street', quantity: -1 },
			{ reference: 'CS-1001', sku: 'CAP-BLUE', location: 'Oxford Street', quantity: -2 },
		];
		const workflow = centraWorkflow(
			{ resource: 'stock', operation: 'adjust', changeKey: '={{ $json.reference }}:sale' },
			sale,
		);
		const first = await fixture.runner.run(workflow);
		expect(first.json('Centra').map((row) => row.applied)).toEqual([true, true]);
		const replay = await fixture.runner.run(workflow);
		const stockChangeId = first.json('Centra')[0].stockChangeId;
		expect(replay.json('Centra')).toEqual([
			expect.objectContaining({
				sku: 'TEE-RED-M',
				applied: false,
				alreadyApplied: true,
				stockChangeId,
				changeKey: 'CS-1001:sale',
			}),
			expect.objectContaining({
				sku: 'CAP-BLUE',
				applied: false,
				alreadyApplied: true,
				stockChangeId,
				changeKey: 'CS-1001:sale',
			}),
		]);
		expect(stockOf('Oxford Street', 'TEE-RED-M').physical).toBe(4);
		expect(stockOf('Oxford Street', 'CAP-BLUE').physical).toBe(5);
		expect(fixture.sandbox.callsTo('ChangeStock')).toHaveLength(1);
		// The key is the stock change's description, for anyone reading Centra's history.
		expect(fixture.sandbox.state.stockChanges.at(-1)?.description).toBe(
			'n8n-retail-sync:CS-1001:sale',
		);
		// However old the first change is: a refund replays its sale's key months later.
		const change = fixture.sandbox.state.stockChanges.at(-1)!;
		change.createdAt = new Date(Date.now() - 200 * 86_400_000).toISOString();
		const late = await fixture.runner.run(workflow);
		expect(late.json('Centra').map((row) => row.applied)).toEqual([false, false]);
		expect(fixture.sandbox.callsTo('ChangeStock')).toHaveLength(1);
		// A key that the applied one starts with ("CS-1001" in "CS-1001:sale") is another change:
		// applied, and then recognised itself, although the older change matches it as a prefix.
		const prefix = centraWorkflow(
			{ resource: 'stock', operation: 'adjust', changeKey: 'CS-1001' },
			[sale[0]],
		);
		const prefixed = await fixture.runner.run(prefix);
		expect(prefixed.json('Centra')[0]).toMatchObject({ applied: true, changeKey: 'CS-1001' });
		expect(stockOf('Oxford Street', 'TEE-RED-M').physical).toBe(3);
		const prefixReplay = await fixture.runner.run(prefix);
		expect(prefixReplay.json('Centra')[0]).toMatchObject({
			applied: false,
			alreadyApplied: true,
			stockChangeId: prefixed.json('Centra')[0].stockChangeId,
		});
		expect(stockOf('Oxford Street', 'TEE-RED-M').physical).toBe(3);
		expect(fixture.sandbox.callsTo('ChangeStock')).toHaveLength(2);
	});

	it('sends each change key as exactly one stock change, however its items interleave with other keys', async () => {
		const workflow = centraWorkflow(
			{ resource: 'stock', operation: 'adjust', changeKey: '={{ $json.key }}' },
			[
				{ key: 'K1', sku: 'TEE-RED-M', location: 'Oxford Street', quantity: -1 },
				{ key: 'K2', sku: 'CAP-BLUE', location: 'Oxford Street', quantity: -1 },
				{ key: 'K1', sku: 'CAP-BLUE', location: 'Oxford Street', quantity: -2 },
				{ key: 'K3', sku: 'CAP-BLUE', location: 'Oxford Street', quantity: 0 },
			],
		);
		const first = await fixture.runner.run(workflow);
		expect(first.json('Centra').map((row) => [row.changeKey, row.applied])).toEqual([
			['K1', true],
			['K2', true],
			['K1', true],
			['K3', false],
		]);
		expect(fixture.sandbox.callsTo('ChangeStock')).toHaveLength(2);
		expect(fixture.sandbox.state.stockChanges.map((change) => change.description)).toEqual([
			'n8n-retail-sync:K1',
			'n8n-retail-sync:K2',
		]);
		expect(stockOf('Oxford Street', 'TEE-RED-M').physical).toBe(4);
		expect(stockOf('Oxford Street', 'CAP-BLUE').physical).toBe(4);

		const replay = await fixture.runner.run(workflow);
		expect(
			replay.json('Centra').map((row) => [row.changeKey, row.applied, row.alreadyApplied]),
		).toEqual([
			['K1', false, true],
			['K2', false, true],
			['K1', false, true],
			// A zero change has nothing to apply, and is told apart from one applied before.
			['K3', false, undefined],
		]);
		expect(fixture.sandbox.callsTo('ChangeStock')).toHaveLength(2);
		expect(stockOf('Oxford Street', 'TEE-RED-M').physical).toBe(4);
		expect(stockOf('Oxford Street', 'CAP-BLUE').physical).toBe(4);
	});

	it('fails every item of a key that would need two stock changes (two directions, two warehouses, too many sizes), sending nothing for it', async () => {
		fixture.sandbox.state.seed(manySizes(201));
		const big = Array.from({ length: 201 }, (_, index) => ({
			key: 'BIG',
			sku: `BULK-${String(index).padStart(5, '0')}`,
			location: 'Web Warehouse',
			quantity: -1,
		}));
		const result = await fixture.runner.run(
			centraWorkflow(
				{ resource: 'stock', operation: 'adjust', changeKey: '={{ $json.key }}' },
				[
					{ key: 'MIX', sku: 'TEE-RED-M', location: 'Oxford Street', quantity: -1 },
					{ key: 'MIX', sku: 'CAP-BLUE', location: 'Oxford Street', quantity: 2 },
					{ key: 'TWO', sku: 'CAP-BLUE', location: 'Oxford Street', quantity: -1 },
					{ key: 'TWO', sku: 'CAP-BLUE', location: 'Soho', quantity: -1 },
					...big,
				],
				ERROR_OUTPUT,
			),
		);
		expect(result.json('Centra')).toEqual([]);
		const failed = result.items('Centra', 1);
		expect(failed).toHaveLength(205);
		expect(failed.slice(0, 2).map((item) => item.json.error)).toEqual([
			'Change key "MIX" both adds and removes stock: a change key is one Centra stock change, in one direction',
			'Change key "MIX" both adds and removes stock: a change key is one Centra stock change, in one direction',
		]);
		expect(failed[2].json.error).toBe(
			'Change key "TWO" has items in several warehouses ("Oxford Street", "Soho"): a change key is one Centra stock change, in one warehouse',
		);
		expect(failed[4].json.error).toBe(
			'Change key "BIG" changes 201 sizes, more than the 200 one Centra stock change takes',
		);
		expect(failed.map((item) => item.pairedItem)).toEqual(
			Array.from({ length: 205 }, (_, item) => ({ item })),
		);
		expect(fixture.sandbox.callsTo('ChangeStock')).toHaveLength(0);
		expect(stockOf('Oxford Street', 'CAP-BLUE').physical).toBe(7);
	});

	it('fails the other items of a key when one of them cannot be applied, so a later replay applies the whole change', async () => {
		const items = [
			{ key: 'S1', sku: 'TEE-RED-M', location: 'Oxford Street', quantity: -1 },
			{ key: 'S1', sku: 'NOPE-1', location: 'Oxford Street', quantity: -1 },
			{ key: 'S2', sku: 'CAP-BLUE', location: 'Oxford Street', quantity: -1 },
		];
		const result = await fixture.runner.run(
			centraWorkflow(
				{ resource: 'stock', operation: 'adjust', changeKey: '={{ $json.key }}' },
				items,
				ERROR_OUTPUT,
			),
		);
		expect(result.json('Centra')).toEqual([
			expect.objectContaining({ sku: 'CAP-BLUE', applied: true, changeKey: 'S2' }),
		]);
		expect(result.json('Centra', 1).map((row) => row.error)).toEqual([
			'Not applied: item 1 of change key "S1" failed, and a change key is applied whole or not at all',
			'SKU NOPE-1 has no Centra product size',
		]);
		expect(stockOf('Oxford Street', 'TEE-RED-M').physical).toBe(5);
		expect(fixture.sandbox.callsTo('ChangeStock')).toHaveLength(1);
	});

	it('applies a keyed change exactly once when Centra applied it but its answer was lost', async () => {
		fixture.sandbox.setFaults({ loseAnswerNext: [{ operation: 'ChangeStock', count: 1 }] });
		const result = await fixture.runner.run(
			centraWorkflow({ resource: 'stock', operation: 'adjust', changeKey: 'CS-2001:sale' }, [
				{ sku: 'TEE-RED-M', location: 'Oxford Street', quantity: -2 },
			]),
		);
		expect(result.status).toBe('success');
		const change = fixture.sandbox.state.stockChanges.at(-1)!;
		expect(result.json('Centra')).toEqual([
			expect.objectContaining({
				applied: true,
				stockChangeId: change.id,
				changeKey: 'CS-2001:sale',
			}),
		]);
		expect(stockOf('Oxford Street', 'TEE-RED-M').physical).toBe(3);
		// Sent once (answered 502), then the key was found in Centra instead of sending again.
		expect(fixture.sandbox.callsTo('ChangeStock').map((call) => call.status)).toEqual([502]);
		expect(fixture.sandbox.callsTo('AppliedStockChanges')).toHaveLength(2);
	});

	it('sends a keyed change again when it failed without being applied, at most three times', async () => {
		fixture.sandbox.setFaults({
			failNext: [{ operation: 'ChangeStock', status: 502, count: 2 }],
		});
		const workflow = (key: string) =>
			centraWorkflow(
				{ resource: 'stock', operation: 'adjust', changeKey: key },
				[{ sku: 'TEE-RED-M', location: 'Oxford Street', quantity: -1 }],
				ERROR_OUTPUT,
			);
		const recovered = await fixture.runner.run(workflow('R1'));
		expect(recovered.json('Centra')).toEqual([
			expect.objectContaining({ applied: true, changeKey: 'R1' }),
		]);
		expect(fixture.sandbox.callsTo('ChangeStock').map((call) => call.status)).toEqual([
			502, 502, 200,
		]);
		expect(stockOf('Oxford Street', 'TEE-RED-M').physical).toBe(4);

		fixture.sandbox.setFaults({
			failNext: [{ operation: 'ChangeStock', status: 502, count: 3 }],
		});
		const failed = await fixture.runner.run(workflow('R2'));
		expect(failed.json('Centra')).toEqual([]);
		expect(failed.json('Centra', 1)[0].error).toBe(
			'Centra did not confirm the stock change of change key "R2" in 3 attempts, and it was not applied',
		);
		expect(fixture.sandbox.callsTo('ChangeStock')).toHaveLength(6);
		expect(stockOf('Oxford Street', 'TEE-RED-M').physical).toBe(4);
	});

	it('fails an unkeyed change whose answer was lost, saying it may have been applied, and never sends it twice', async () => {
		fixture.sandbox.setFaults({ loseAnswerNext: [{ operation: 'ChangeStock', count: 1 }] });
		const result = await fixture.runner.run(
			centraWorkflow(
				{ resource: 'stock', operation: 'adjust' },
				[{ sku: 'TEE-RED-M', location: 'Oxford Street', quantity: -2 }],
				ERROR_OUTPUT,
			),
		);
		expect(result.json('Centra')).toEqual([]);
		const failed = result.items('Centra', 1);
		expect(failed[0].json.error).toBe(UNCONFIRMED_DELTA);
		expect(failed[0].pairedItem).toEqual({ item: 0 });
		expect(UNCONFIRMED_DELTA).toBe(
			'Centra did not confirm the stock change, so it may or may not have been applied: check the stock in Centra before running again, or set a Change Key so a replay is recognised',
		);
		// Applied once by Centra, not repeated by the node.
		expect(stockOf('Oxford Street', 'TEE-RED-M').physical).toBe(3);
		expect(fixture.sandbox.callsTo('ChangeStock')).toHaveLength(1);
	});

	it('fails only the items of a SKU lookup that failed, each with its own index', async () => {
		fixture.sandbox.setFaults({
			failNext: [{ operation: 'ProductSizesBySku', status: 400, count: 1 }],
		});
		const result = await fixture.runner.run(
			centraWorkflow(
				{ resource: 'stock', operation: 'adjust' },
				[
					{ sku: 'TEE-RED-M', location: 'Oxford Street', quantity: -1 },
					{ sku: 'CAP-BLUE', location: 'Oxford Street', quantity: -1 },
				],
				ERROR_OUTPUT,
			),
		);
		expect(result.status).toBe('success');
		const failed = result.items('Centra', 1);
		expect(failed.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(failed[0].json.error).toMatch(/^Centra ProductSizesBySku failed \(HTTP 400\)/);
		expect(fixture.sandbox.callsTo('ChangeStock')).toHaveLength(0);
	});

	it('sends a userError to the error output of its item only, and applies the rest', async () => {
		const result = await fixture.runner.run(
			centraWorkflow(
				{ resource: 'stock', operation: 'adjust', changeKey: '={{ $json.ref }}' },
				[
					{ ref: 'A', sku: 'TEE-RED-L', location: 'Web Warehouse', quantity: -1 },
					// Only 4 free to allocate: Centra refuses taking 9.
					{ ref: 'B', sku: 'TEE-RED-M', location: 'Oxford Street', quantity: -9 },
					{ ref: 'C', sku: 'CAP-BLUE', location: 'Oxford Street', quantity: -1 },
					{ ref: 'D', sku: 'NOPE-1', location: 'Oxford Street', quantity: -1 },
				],
				ERROR_OUTPUT,
			),
		);
		expect(result.json('Centra').map((row) => row.sku)).toEqual(['TEE-RED-L', 'CAP-BLUE']);
		const failed = result.items('Centra', 1);
		expect(failed.map((item) => item.pairedItem)).toEqual([{ item: 1 }, { item: 3 }]);
		expect(failed[0].json.error).toMatch(
			/^Stock of SKU TEE-RED-M in "Oxford Street" was not changed by -9: Not enough free to allocate stock/,
		);
		expect(failed[1].json.error).toBe('SKU NOPE-1 has no Centra product size');
		expect(stockOf('Oxford Street', 'TEE-RED-M').physical).toBe(5);
		expect(stockOf('Oxford Street', 'CAP-BLUE').physical).toBe(6);
		expect(stockOf('Web Warehouse', 'TEE-RED-L').physical).toBe(3);
	});

	it('maps locations to warehouses, and sends an unmapped one to the error output when told to', async () => {
		const result = await fixture.runner.run(
			centraWorkflow(
				{
					resource: 'stock',
					operation: 'adjust',
					warehouseMapping: { mapping: [{ location: 'Kiosk Oxford St', warehouse: '2' }] },
					unmappedLocation: 'error',
				},
				[
					{ sku: 'CAP-BLUE', location: 'kiosk oxford st ', quantity: -1 },
					{ sku: 'CAP-BLUE', location: 'Soho', quantity: -1 },
				],
				ERROR_OUTPUT,
			),
		);
		expect(result.json('Centra')).toEqual([
			expect.objectContaining({ sku: 'CAP-BLUE', location: 'Oxford Street', warehouseId: 2 }),
		]);
		expect(result.json('Centra', 1)).toEqual([
			expect.objectContaining({
				error: 'Location "Soho" has no row in the Warehouse Mapping table',
			}),
		]);
		expect(stockOf('Oxford Street', 'CAP-BLUE').physical).toBe(6);
		expect(stockOf('Soho', 'CAP-BLUE').physical).toBe(2);
	});

	it('applies a mapped SKU to its Centra SKU (the lookup uses the Centra SKU), and sends an unmapped one to the error output when told to', async () => {
		const result = await fixture.runner.run(
			centraWorkflow(
				{
					resource: 'stock',
					operation: 'adjust',
					skuMapping: { mapping: [{ sourceSku: 'KIOSK-TEE-M', targetSku: 'TEE-RED-M' }] },
					unmappedSku: 'error',
					changeKey: '={{ $json.key }}',
				},
				[
					{ sku: 'kiosk-tee-m ', location: 'Oxford Street', quantity: -2, key: 'S-1:sale' },
					{ sku: 'CAP-BLUE', location: 'Oxford Street', quantity: -1, key: 'S-2:sale' },
				],
				ERROR_OUTPUT,
			),
		);
		expect(result.json('Centra')).toEqual([
			expect.objectContaining({
				sku: 'TEE-RED-M',
				incomingSku: 'kiosk-tee-m',
				location: 'Oxford Street',
				quantity: -2,
				applied: true,
				changeKey: 'S-1:sale',
			}),
		]);
		const failed = result.items('Centra', 1);
		expect(failed).toHaveLength(1);
		expect(failed[0].json).toMatchObject({
			sku: 'CAP-BLUE',
			error: 'SKU "CAP-BLUE" has no row in the SKU Mapping table',
		});
		expect(failed[0].pairedItem).toEqual({ item: 1 });
		expect(stockOf('Oxford Street', 'TEE-RED-M').physical).toBe(3);
		expect(stockOf('Oxford Street', 'CAP-BLUE').physical).toBe(7);
		// Only the mapped sale was sent.
		expect(fixture.sandbox.callsTo('ChangeStock')).toHaveLength(1);
	});

	it('uses an unmapped SKU as is by default, as Order → Create does', async () => {
		const result = await fixture.runner.run(
			centraWorkflow(
				{
					resource: 'stock',
					operation: 'adjust',
					skuMapping: { mapping: [{ sourceSku: 'KIOSK-TEE-M', targetSku: 'TEE-RED-M' }] },
				},
				[
					{ sku: 'CAP-BLUE', location: 'Soho', quantity: 1 },
					{ sku: 'KIOSK-CAP', location: 'Soho', quantity: 1 },
				],
				ERROR_OUTPUT,
			),
		);
		expect(result.json('Centra')).toEqual([
			expect.objectContaining({ sku: 'CAP-BLUE', incomingSku: 'CAP-BLUE', applied: true }),
		]);
		// Passed through unchanged, so Centra's lookup names the kiosk SKU.
		expect(result.json('Centra', 1)).toEqual([
			expect.objectContaining({ error: 'SKU KIOSK-CAP has no Centra product size' }),
		]);
		expect(stockOf('Soho', 'CAP-BLUE').physical).toBe(3);
	});

	it('takes SKU, change and warehouse from the editor with Define Below', async () => {
		const result = await fixture.runner.run(
			centraWorkflow({
				resource: 'stock',
				operation: 'adjust',
				inputMode: 'fields',
				sku: 'TEE-RED-XL',
				quantity: 6,
				warehouse: '3',
			}),
		);
		expect(result.json('Centra')).toEqual([
			expect.objectContaining({ sku: 'TEE-RED-XL', location: 'Soho', quantity: 6, applied: true }),
		]);
		expect(stockOf('Soho', 'TEE-RED-XL').physical).toBe(6);
	});
});

describe('Centra → Stock → Set', () => {
	it('sets absolute physical levels in batches per warehouse, with per-item outcomes', async () => {
		fixture.sandbox.state.seed(manySizes(450));
		const input: IDataObject[] = Array.from({ length: 450 }, (_, index) => ({
			sku: `BULK-${String(index).padStart(5, '0')}`,
			location: 'Web Warehouse',
			quantity: index % 13,
		}));
		input.push(
			{ sku: 'CAP-BLUE', location: 'Soho', quantity: 9 },
			{ sku: 'NOPE-1', location: 'Soho', quantity: 1 },
		);
		const result = await fixture.runner.run(
			centraWorkflow({ resource: 'stock', operation: 'set' }, input, ERROR_OUTPUT),
		);
		expect(result.json('Centra')).toHaveLength(451);
		expect(result.json('Centra', 1)).toEqual([
			expect.objectContaining({ error: 'SKU NOPE-1 has no Centra product size' }),
		]);
		// 450 rows in Web Warehouse at 200 a call, and 1 in Soho.
		expect(fixture.sandbox.callsTo('SetStock')).toHaveLength(4);
		expect(stockOf('Web Warehouse', 'BULK-00012').physical).toBe(12);
		expect(stockOf('Web Warehouse', 'BULK-00449').physical).toBe(449 % 13);
		expect(stockOf('Soho', 'CAP-BLUE').physical).toBe(9);
	});

	it('sets the level of a mapped SKU on its Centra SKU, and sends an unmapped one to the error output when told to', async () => {
		const result = await fixture.runner.run(
			centraWorkflow(
				{
					resource: 'stock',
					operation: 'set',
					skuMapping: { mapping: [{ sourceSku: 'KIOSK-CAP', targetSku: 'CAP-BLUE' }] },
					unmappedSku: 'error',
				},
				[
					{ sku: 'KIOSK-CAP', location: 'Soho', quantity: 9 },
					{ sku: 'TEE-RED-L', location: 'Soho', quantity: 4 },
				],
				ERROR_OUTPUT,
			),
		);
		expect(result.json('Centra')).toEqual([
			expect.objectContaining({
				sku: 'CAP-BLUE',
				incomingSku: 'KIOSK-CAP',
				location: 'Soho',
				quantity: 9,
			}),
		]);
		expect(result.json('Centra', 1)).toEqual([
			expect.objectContaining({ error: 'SKU "TEE-RED-L" has no row in the SKU Mapping table' }),
		]);
		expect(stockOf('Soho', 'CAP-BLUE').physical).toBe(9);
		expect(stockOf('Soho', 'TEE-RED-L').physical).toBe(0);
	});

	it('sets free-to-allocate levels when asked: Centra adds what orders hold', async () => {
		await fixture.runner.run(
			centraWorkflow(
				{ resource: 'stock', operation: 'set', stockQuantityType: 'FREE_TO_ALLOCATE' },
				[{ sku: 'TEE-RED-M', location: 'Oxford Street', quantity: 10 }],
			),
		);
		expect(stockOf('Oxford Street', 'TEE-RED-M')).toMatchObject({
			physical: 12,
			allocated: 2,
			freeToAllocate: 10,
		});
	});
});
