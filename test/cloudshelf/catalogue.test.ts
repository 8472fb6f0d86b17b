import { SANDBOX_API_KEY } from '../../sandbox/cloudshelf/server';
import { cloudshelfWorkflow, startCloudshelf, type CloudshelfFixture } from '../harness/cloudshelf';
import { ERROR_OUTPUT } from '../harness/workflows';

let fixture: CloudshelfFixture;
beforeEach(async () => {
	fixture = await startCloudshelf();
});
afterEach(async () => fixture.close());

describe('Cloudshelf API credential', () => {
	it('sends the key as "token <key>" and reports a refused key without showing it', async () => {
		const ok = await fixture.runner.run(
			cloudshelfWorkflow({ resource: 'location', operation: 'getMany', returnAll: true }),
		);
		expect(ok.status).toBe('success');
		const wrongKey = `${SANDBOX_API_KEY}-revoked`;
		fixture.runner.credentials.store.cloudshelfApi.apiKey = wrongKey;
		const refused = await fixture.runner.run(
			cloudshelfWorkflow({ resource: 'location', operation: 'getMany', returnAll: true }),
		);
		expect(refused.error?.message).toBe('Cloudshelf did not accept the API key (HTTP 401)');
		expect(JSON.stringify(refused.run.data)).not.toContain(wrongKey);
		expect(JSON.stringify(ok.run.data)).not.toContain(SANDBOX_API_KEY);
	});
});

describe('Cloudshelf → Location', () => {
	it('upserts locations under their keys and lists them', async () => {
		const upsert = await fixture.runner.run(
			cloudshelfWorkflow(
				{
					resource: 'location',
					operation: 'upsert',
					locationKey: '={{ $json.name }}',
					displayName: '={{ $json.name }}',
					countryCode: 'gb',
					fulfillsOnlineOrders: true,
				},
				[{ name: 'Oxford Street' }, { name: 'Manchester' }],
			),
		);
		expect(upsert.json('Cloudshelf')).toEqual([
			{
				locationId: 'gid://external/RetailSyncLocation/Oxford%20Street',
				key: 'Oxford Street',
				displayName: 'Oxford Street',
			},
			{
				locationId: 'gid://external/RetailSyncLocation/Manchester',
				key: 'Manchester',
				displayName: 'Manchester',
			},
		]);
		// Upserting again updates, it does not duplicate.
		await fixture.runner.run(
			cloudshelfWorkflow({
				resource: 'location',
				operation: 'upsert',
				locationKey: 'Manchester',
				displayName: 'Manchester Arndale',
			}),
		);
		const list = await fixture.runner.run(
			cloudshelfWorkflow({ resource: 'location', operation: 'getMany', returnAll: true }),
		);
		expect(list.json('Cloudshelf')).toEqual([
			expect.objectContaining({
				key: 'Oxford Street',
				displayName: 'Oxford Street',
				countryCode: 'GB',
				fulfillsOnlineOrders: true,
			}),
			expect.objectContaining({ key: 'Manchester', displayName: 'Manchester Arndale' }),
		]);
	});

	it('sends large but valid rows in smaller batches: 8 locations of 900 KB each are all upserted, none refused for the request size', async () => {
		const names = Array.from({ length: 8 }, (_, index) => `Store ${index} ${'x'.repeat(900_000)}`);
		const upsert = await fixture.runner.run(
			cloudshelfWorkflow(
				{
					resource: 'location',
					operation: 'upsert',
					locationKey: '={{ $json.key }}',
					displayName: '={{ $json.name }}',
				},
				names.map((name, index) => ({ key: `store-${index}`, name })),
				ERROR_OUTPUT,
			),
		);
		expect(upsert.json('Cloudshelf', 1)).toEqual([]);
		expect(upsert.json('Cloudshelf').map((location) => location.key)).toEqual(
			names.map((_, index) => `store-${index}`),
		);
		// 7.2 MB of rows in all: more than one request may carry, so more than one call.
		expect(fixture.sandbox.callsTo('UpsertLocations').length).toBeGreaterThan(1);
	});
});

describe('Cloudshelf → Product', () => {
	it('upserts products with their variants from SKU master items, grouping by product key', async () => {
		const input = [
			{
				sku: 'TEE-RED-M',
				productKey: 'TEE-RED',
				productName: 'Tee red',
				variantName: 'M',
				price: 19.99,
				colour: 'Red',
			},
			{
				sku: 'TEE-RED-L',
				productKey: 'TEE-RED',
				productName: 'Tee red',
				variantName: 'L',
				price: '21.50',
				colour: 'Red',
			},
			{ sku: 'CAP-BLUE', name: 'Cap blue', price: 15 },
			{ sku: 'BROKEN', name: 'No price' },
		];
		const result = await fixture.runner.run(
			cloudshelfWorkflow(
				{
					resource: 'product',
					operation: 'upsert',
					attributes: { attribute: [{ key: 'Colour', value: '={{ $json.colour }}' }] },
				},
				input,
				ERROR_OUTPUT,
			),
		);
		expect(result.json('Cloudshelf')).toEqual([
			{
				sku: 'TEE-RED-M',
				variantId: 'gid://external/RetailSyncVariant/TEE-RED-M',
				productId: 'gid://external/RetailSyncProduct/TEE-RED',
			},
			{
				sku: 'TEE-RED-L',
				variantId: 'gid://external/RetailSyncVariant/TEE-RED-L',
				productId: 'gid://external/RetailSyncProduct/TEE-RED',
			},
			{
				sku: 'CAP-BLUE',
				variantId: 'gid://external/RetailSyncVariant/CAP-BLUE',
				productId: 'gid://external/RetailSyncProduct/CAP-BLUE',
			},
		]);
		expect(result.json('Cloudshelf', 1)).toEqual([
			expect.objectContaining({ sku: 'BROKEN', error: 'Item 3: Price is empty' }),
		]);
		expect(fixture.sandbox.callsTo('UpsertProducts')).toHaveLength(1);
		expect(fixture.sandbox.callsTo('UpsertProductVariants')).toHaveLength(1);

		const list = await fixture.runner.run(
			cloudshelfWorkflow({ resource: 'product', operation: 'getMany', returnAll: true }),
		);
		expect(list.json('Cloudshelf')).toEqual([
			expect.objectContaining({
				sku: 'TEE-RED-M',
				productKey: 'TEE-RED',
				productName: 'Tee red',
				variantName: 'M',
				price: 19.99,
				attributes: { Colour: 'Red' },
			}),
			expect.objectContaining({ sku: 'TEE-RED-L', price: 21.5 }),
			expect.objectContaining({ sku: 'CAP-BLUE', productKey: 'CAP-BLUE', variantName: 'Cap blue' }),
		]);
	});

	it('reads catalogues larger than one page without exceeding the complexity limit', async () => {
		fixture.sandbox.state.seed({
			products: Array.from({ length: 60 }, (_, index) => ({
				id: `gid://external/RetailSyncProduct/P${index}`,
				displayName: `Product ${index}`,
				variants: [{ id: `gid://external/RetailSyncVariant/P${index}-1`, sku: `P${index}-1` }],
			})),
		});
		const list = await fixture.runner.run(
			cloudshelfWorkflow({ resource: 'product', operation: 'getMany', returnAll: true }),
		);
		expect(list.json('Cloudshelf')).toHaveLength(60);
		expect(fixture.sandbox.callsTo('Products').length).toBeGreaterThan(1);
		expect(fixture.sandbox.calls.every((call) => call.status === 200)).toBe(true);
		expect(
			Math.max(...fixture.sandbox.charges.map((charge) => charge.complexity)),
		).toBeLessThanOrEqual(500);
	});
});
