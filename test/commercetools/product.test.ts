import type { IDataObject } from 'n8n-workflow';

import type { SeedData } from '../../sandbox/commercetools/state';
import {
	commercetoolsWorkflow,
	seedBulkProducts,
	startCommercetools,
	type CommercetoolsFixture,
} from '../harness/commercetools';
import { ERROR_OUTPUT } from '../harness/workflows';

const SEED: SeedData = {
	channels: [{ key: 'web-prices', name: 'Web prices', roles: ['ProductDistribution'] }],
	products: [
		{
			key: 'TEE-RED',
			name: { en: 'Tee red', de: 'T-Shirt rot' },
			variants: [
				{
					sku: 'TEE-RED-M',
					prices: [
						{ currency: 'EUR', centAmount: 1999 },
						{ currency: 'EUR', centAmount: 1799, channel: 'web-prices' },
					],
					images: ['https://images.example.com/tee-red.jpg'],
					attributes: { size: 'M', gtin: '7350000000011', brand: 'Acme' },
				},
				{
					sku: 'TEE-RED-L',
					prices: [{ currency: 'EUR', centAmount: 1999, discountedCentAmount: 1499 }],
					attributes: { size: 'L' },
				},
				{
					sku: 'TEE-RED-XL',
					prices: [
						{ currency: 'EUR', centAmount: 1999 },
						{ currency: 'GBP', centAmount: 1799, country: 'GB' },
					],
					attributes: { size: 'XL' },
				},
			],
		},
		{
			key: 'CAP-BLUE',
			name: 'Cap blue',
			variants: [{ sku: 'CAP-BLUE', prices: [{ currency: 'EUR', centAmount: 1499 }] }],
		},
		{
			key: 'DRAFT',
			name: 'Not yet published',
			published: false,
			variants: [{ sku: 'DRAFT-1', prices: [{ currency: 'EUR', centAmount: 100 }] }],
		},
	],
};

let fixture: CommercetoolsFixture;
beforeEach(async () => {
	fixture = await startCommercetools({}, SEED);
});
afterEach(async () => fixture.close());

async function getMany(parameters: IDataObject = {}) {
	return await fixture.runner.run(
		commercetoolsWorkflow(
			{ resource: 'product', operation: 'getMany', returnAll: true, ...parameters },
			[{}],
			ERROR_OUTPUT,
		),
	);
}

describe('commercetools Product → Get Many', () => {
	it('emits one catalogue item per published variant, as Cloudshelf Product → Create or Update reads it', async () => {
		const result = await getMany();
		expect(result.status).toBe('success');
		const items = result.json('commercetools');
		expect(items.map((item) => item.sku).sort()).toEqual([
			'CAP-BLUE',
			'TEE-RED-L',
			'TEE-RED-M',
			'TEE-RED-XL',
		]);
		expect(items.find((item) => item.sku === 'TEE-RED-M')).toEqual({
			sku: 'TEE-RED-M',
			productKey: 'TEE-RED',
			productName: 'Tee red',
			variantName: 'M',
			price: 19.99,
			currency: 'EUR',
			imageUrl: 'https://images.example.com/tee-red.jpg',
			barcode: '7350000000011',
			vendor: 'Acme',
			attributes: { size: 'M' },
		});
		expect(items.find((item) => item.sku === 'TEE-RED-L')).toMatchObject({
			price: 14.99,
			originalPrice: 19.99,
		});
		expect(result.json('commercetools', 1)).toEqual([]);
	});

	it('selects prices by currency, country, channel and names in the locale', async () => {
		const gbp = await getMany({ priceCurrency: 'GBP', priceCountry: 'GB', locale: 'de' });
		expect(gbp.json('commercetools')).toEqual([
			expect.objectContaining({
				sku: 'TEE-RED-XL',
				price: 17.99,
				currency: 'GBP',
				productName: 'T-Shirt rot',
			}),
		]);
		// The other variants have no GBP price: reported, not pushed.
		expect(gbp.json('commercetools', 1).map((item) => item.error)).toHaveLength(3);
		const channel = await getMany({
			priceChannel: 'web-prices',
			selection: 'bySku',
			skus: 'TEE-RED-M',
		});
		expect(channel.json('commercetools')).toEqual([
			expect.objectContaining({ sku: 'TEE-RED-M', price: 17.99 }),
		]);
	});

	it('reads by SKU only the variants asked for, and reports SKUs on no published product', async () => {
		const result = await getMany({
			selection: 'bySku',
			skus: 'TEE-RED-L\nCAP-BLUE, NOPE-1, DRAFT-1',
		});
		expect(
			result
				.json('commercetools')
				.map((item) => item.sku)
				.sort(),
		).toEqual(['CAP-BLUE', 'TEE-RED-L']);
		expect(result.json('commercetools', 1).map((item) => item.error)).toEqual([
			'SKU NOPE-1 is on no published product',
			'SKU DRAFT-1 is on no published product',
		]);
	});

	it('reports a variant without SKU on the error output and never emits it under an internal id', async () => {
		fixture.sandbox.state.addProducts([
			{
				key: 'SOCKS',
				name: 'Socks',
				variants: [
					{ sku: 'SOCKS-1', prices: [{ currency: 'EUR', centAmount: 500 }] },
					{ prices: [{ currency: 'EUR', centAmount: 500 }], attributes: { size: 'L' } },
				],
			},
		]);
		const socks = fixture.sandbox.state.product('SOCKS')!;
		const result = await getMany();
		const items = result.json('commercetools');
		expect(items.map((item) => item.sku)).toContain('SOCKS-1');
		expect(items).toHaveLength(5);
		expect(items.every((item) => typeof item.sku === 'string' && item.sku !== '')).toBe(true);
		expect(JSON.stringify(items)).not.toContain(socks.id);
		expect(result.json('commercetools', 1)).toEqual([
			{
				error: 'Product "SOCKS": variant 2 has no SKU, so it cannot be matched to stock or orders',
				details: expect.stringContaining('Give the variant a SKU in commercetools'),
			},
		]);
	});

	it('reports a SKU held by two variants and pushes neither', async () => {
		fixture.sandbox.state.addProducts([
			{
				key: 'CAP-BLUE-2',
				name: 'Cap blue (copy)',
				variants: [{ sku: 'CAP-BLUE', prices: [{ currency: 'EUR', centAmount: 1599 }] }],
			},
		]);
		const result = await getMany();
		expect(result.json('commercetools').map((item) => item.sku)).not.toContain('CAP-BLUE');
		const [duplicate] = result.json('commercetools', 1);
		expect(duplicate.error).toMatch(
			/^SKU CAP-BLUE is on 2 variants: Product "CAP-BLUE(-2)?" variant 1, Product "CAP-BLUE(-2)?" variant 1$/,
		);
		expect(duplicate.error).toContain('Product "CAP-BLUE-2" variant 1');
	});

	it('pages 12,000 products by id past the 10,000 offset cap', async () => {
		seedBulkProducts(fixture.sandbox, 12_000);
		const sandbox = fixture.sandbox;
		const original = sandbox.project.bind(sandbox);
		const queries: URLSearchParams[] = [];
		sandbox.project = async (call) => {
			if (call.segments[0] === 'product-projections') queries.push(new URLSearchParams(call.query));
			return await original(call);
		};
		const result = await getMany({ simplify: true });
		expect(result.status).toBe('success');
		const skus = result.json('commercetools').map((item) => item.sku as string);
		expect(skus.filter((sku) => sku.startsWith('BULK-'))).toHaveLength(12_000);
		expect(new Set(skus).size).toBe(skus.length);
		const calls = sandbox.callsTo('product-projections/query');
		expect(calls.every((call) => call.status === 200)).toBe(true);
		expect(calls.length).toBe(Math.ceil(12_004 / 500));
		expect(queries.every((query) => !query.has('offset') && query.get('sort') === 'id asc')).toBe(
			true,
		);
		expect(
			queries
				.slice(1)
				.every((query) => query.getAll('where').some((where) => where.startsWith('id > "'))),
		).toBe(true);
		expect(
			queries.every((query) => query.get('limit') === '500' && query.get('withTotal') === 'false'),
		).toBe(true);
	});

	it('stops reading once a limit is reached, and returns raw projections when not simplified', async () => {
		seedBulkProducts(fixture.sandbox, 1_200);
		const limited = await getMany({ returnAll: false, limit: 10 });
		expect(limited.json('commercetools')).toHaveLength(10);
		expect(fixture.sandbox.callsTo('product-projections/query')).toHaveLength(1);
		const raw = await getMany({ simplify: false, selection: 'bySku', skus: 'TEE-RED-M' });
		expect(raw.json('commercetools')).toEqual([
			expect.objectContaining({
				key: 'TEE-RED',
				masterVariant: expect.objectContaining({ sku: 'TEE-RED-M' }),
			}),
		]);
	});
});
