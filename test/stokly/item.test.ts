import { randomUUID } from 'node:crypto';

import type { SeedData } from '../../sandbox/stokly/state';
import { STOKLY_SEED, startStokly, stoklyWorkflow, type StoklyFixture } from '../harness/stokly';

const ALL = { resource: 'item', operation: 'getMany', selection: 'all', returnAll: true };
const BY_SKU = (skus: string, extra: Record<string, unknown> = {}) => ({
	resource: 'item',
	operation: 'getMany',
	selection: 'bySku',
	skus,
	...extra,
});
const CONTINUE = { onError: 'continueErrorOutput' as const };

let fixture: StoklyFixture;
afterEach(async () => fixture.close());

const itemId = (sku: string) => fixture.sandbox.state.itemBySku(sku)!.itemId;

describe('Stokly Item → Get Many (catalogue items for Cloudshelf)', () => {
	beforeEach(async () => {
		fixture = await startStokly(
			{},
			{
				...STOKLY_SEED,
				items: [
					...STOKLY_SEED.items!,
					{ sku: 'MUG-OLD', name: 'Old mug', salePrice: 5, status: 1 },
					{ sku: 'HAT', name: 'Hat', salePrice: 10, status: 1 },
					{ sku: 'HAT-S', name: 'Hat S', parentSku: 'HAT', salePrice: 10 },
				],
			},
		);
	});

	it('emits every sellable item as Cloudshelf reads it: variants under their parent, gross prices', async () => {
		const result = await fixture.runner.run(stoklyWorkflow(ALL));
		expect(result.status).toBe('success');
		const items = result.json('Stokly');
		expect(items).toEqual([
			{
				sku: 'TEE-RED-M',
				productKey: 'TEE-RED',
				productName: 'Tee red',
				variantName: 'M',
				price: 19.99,
				currency: 'GBP',
				imageUrl: 'https://images.example.com/tee-red.jpg',
				barcode: '5012345678900',
				attributes: { Size: 'M' },
				itemId: itemId('TEE-RED-M'),
				externalId: `gid://external/StoklyItem/${itemId('TEE-RED-M')}`,
			},
			expect.objectContaining({ sku: 'TEE-RED-L', productKey: 'TEE-RED', variantName: 'L' }),
			expect.objectContaining({ sku: 'TEE-RED-XL', productKey: 'TEE-RED', variantName: 'XL' }),
			{
				sku: 'CAP-BLUE',
				productKey: 'CAP-BLUE',
				productName: 'Cap blue',
				variantName: 'Cap blue',
				price: 15,
				currency: 'GBP',
				itemId: itemId('CAP-BLUE'),
				externalId: `gid://external/StoklyItem/${itemId('CAP-BLUE')}`,
			},
		]);
		// Archived items, and the variants of an archived parent, are left out; parents are no items.
		expect(items.map((item) => item.sku)).not.toContain('MUG-OLD');
		expect(items.map((item) => item.sku)).not.toContain('HAT-S');
		expect(fixture.sandbox.callsTo('GET /v0/items')).toHaveLength(1);
	});

	it('adds the VAT given (0: the net prices Stokly holds)', async () => {
		const net = await fixture.runner.run(stoklyWorkflow({ ...ALL, vatPercent: 0 }));
		expect(net.json('Stokly').map((item) => item.price)).toEqual([16.66, 16.66, 16.66, 12.5]);
		const reduced = await fixture.runner.run(stoklyWorkflow({ ...ALL, vatPercent: 5 }));
		expect(reduced.json('Stokly').map((item) => item.price)).toEqual([17.49, 17.49, 17.49, 13.13]);
	});

	it('limits the catalogue items without Return All', async () => {
		const result = await fixture.runner.run(stoklyWorkflow({ ...ALL, returnAll: false, limit: 2 }));
		expect(result.json('Stokly').map((item) => item.sku)).toEqual(['TEE-RED-M', 'TEE-RED-L']);
	});

	it('reports a variant without SKU and a SKU on two items on the error output, never emitting them', async () => {
		const state = fixture.sandbox.state;
		state.items.findBy('sku', 'TEE-RED-XL')!.sku = '';
		const cap = state.itemBySku('CAP-BLUE')!;
		state.items.add({ ...structuredClone(cap), itemId: randomUUID(), name: 'Cap blue (copy)' });
		state.items.changed();
		const result = await fixture.runner.run(stoklyWorkflow(ALL, [{}], CONTINUE));
		expect(result.status).toBe('success');
		expect(result.json('Stokly').map((item) => item.sku)).toEqual(['TEE-RED-M', 'TEE-RED-L']);
		const errors = result.items('Stokly', 1);
		expect(errors.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
		expect(errors.map((item) => item.json.error)).toEqual([
			expect.stringMatching(
				/^Item "Tee red XL" \(.+, no SKU\) \(a variant of Item TEE-RED\) has no SKU, so it cannot be matched to stock or orders$/,
			),
			expect.stringMatching(
				/^SKU CAP-BLUE is on 2 Stokly items: Cap blue \(.+\), Cap blue \(copy\)/,
			),
		]);
		expect(errors[1].json.details).toContain('Give each item its own SKU in Stokly');
	});

	it('reads by SKU: a variant with its parent, a parent’s SKU as its variants, an unknown SKU to the error output', async () => {
		const result = await fixture.runner.run(
			stoklyWorkflow(BY_SKU('TEE-RED-L, NOPE-1\nCAP-BLUE, BAD{SKU}'), [{}], CONTINUE),
		);
		expect(result.status).toBe('success');
		expect(result.json('Stokly')).toEqual([
			expect.objectContaining({ sku: 'TEE-RED-L', productKey: 'TEE-RED', productName: 'Tee red' }),
			expect.objectContaining({ sku: 'CAP-BLUE', productKey: 'CAP-BLUE' }),
		]);
		expect(result.json('Stokly', 1).map((item) => item.error)).toEqual([
			'SKU NOPE-1 is on no Stokly item',
			'SKU BAD{SKU} contains { or }, which Stokly filters cannot carry',
		]);
		const parent = await fixture.runner.run(stoklyWorkflow(BY_SKU('TEE-RED')));
		expect(parent.json('Stokly').map((item) => item.sku)).toEqual([
			'TEE-RED-M',
			'TEE-RED-L',
			'TEE-RED-XL',
		]);
	});

	it('sends 200 SKUs per || filter', async () => {
		const skus = Array.from({ length: 450 }, (_, index) => `MISSING-${index}`);
		const result = await fixture.runner.run(
			stoklyWorkflow(BY_SKU([...skus, 'CAP-BLUE'].join(',')), [{}], CONTINUE),
		);
		expect(result.json('Stokly').map((item) => item.sku)).toEqual(['CAP-BLUE']);
		expect(result.json('Stokly', 1)).toHaveLength(450);
		// 451 SKUs → 3 listings; CAP-BLUE's parents looked up once more.
		expect(fixture.sandbox.callsTo('GET /v0/items')).toHaveLength(4);
	});

	it('returns raw items with Simplify off', async () => {
		const result = await fixture.runner.run(stoklyWorkflow({ ...ALL, simplify: false }));
		const raw = result.json('Stokly');
		expect(raw.find((item) => item.sku === 'TEE-RED')).toEqual(
			expect.objectContaining({ format: 2, variantItems: expect.any(Array) }),
		);
		expect(raw.map((item) => item.sku)).not.toContain('MUG-OLD');
	});
});

describe('Stokly Item → Get Many over more than one page', () => {
	it('pages through 2,500 items 1,000 at a time', async () => {
		const seed: SeedData = {
			locations: [{ name: 'Warehouse' }],
			items: Array.from({ length: 2500 }, (_, index) => ({
				sku: `BULK-${String(index + 1).padStart(5, '0')}`,
				name: `Bulk ${index + 1}`,
				salePrice: 10,
			})),
		};
		fixture = await startStokly({}, seed);
		const result = await fixture.runner.run(stoklyWorkflow(ALL));
		expect(result.status).toBe('success');
		const skus = result.json('Stokly').map((item) => item.sku);
		expect(skus).toHaveLength(2500);
		expect(new Set(skus).size).toBe(2500);
		expect(skus[2499]).toBe('BULK-02500');
		expect(fixture.sandbox.callsTo('GET /v0/items')).toHaveLength(3);
	});
});
