import type { IDataObject } from 'n8n-workflow';

import {
	KIOSK_CATALOGUE,
	STOCK_LOCATIONS,
	cloudshelfWorkflow,
	startCloudshelf,
	type CloudshelfFixture,
} from '../harness/cloudshelf';
import { ERROR_OUTPUT } from '../harness/workflows';

let fixture: CloudshelfFixture;
beforeEach(async () => {
	fixture = await startCloudshelf(KIOSK_CATALOGUE);
});
afterEach(async () => fixture.close());

const setLevels = (extra: IDataObject = {}) => ({
	resource: 'stock',
	operation: 'setLevels',
	...STOCK_LOCATIONS,
	...extra,
});

describe('Cloudshelf → Stock → Set Levels', () => {
	it('pushes canonical levels through the location table, with the stock buffer', async () => {
		const result = await fixture.runner.run(
			cloudshelfWorkflow(setLevels({ stockBuffer: 2 }), [
				{ sku: 'TEE-RED-M', location: 'Oxford Street', quantity: 5 },
				{ sku: 'TEE-RED-M', location: 'london warehouse', quantity: 1 },
				{ sku: 'CAP-BLUE', location: 'Oxford Street', quantity: 12 },
			]),
		);
		expect(result.status).toBe('success');
		expect(fixture.sandbox.state.quantityOf('TEE-RED-M', 'Oxford Street')).toBe(3);
		expect(fixture.sandbox.state.quantityOf('TEE-RED-M', 'London Warehouse')).toBe(0);
		expect(fixture.sandbox.state.quantityOf('CAP-BLUE', 'Oxford Street')).toBe(10);
		expect(result.json('Cloudshelf')[0]).toMatchObject({
			sku: 'TEE-RED-M',
			quantity: 3,
			cloudshelfLocationId: 'gid://external/RetailSyncLocation/oxford-street',
		});
	});

	it('sends 2,500 rows in 3 calls of at most 1,000', async () => {
		const skus = Array.from({ length: 1250 }, (_, index) => `BULK-${index}`);
		fixture.sandbox.state.seed({
			products: [
				{
					id: 'gid://external/RetailSyncProduct/BULK',
					displayName: 'Bulk',
					variants: skus.map((sku) => ({ id: `gid://external/RetailSyncVariant/${sku}`, sku })),
				},
			],
		});
		const input = skus.flatMap((sku, index) => [
			{ sku, location: 'Oxford Street', quantity: index % 7 },
			{ sku, location: 'London Warehouse', quantity: index % 5 },
		]);
		const result = await fixture.runner.run(cloudshelfWorkflow(setLevels(), input));
		expect(result.json('Cloudshelf')).toHaveLength(2500);
		expect(fixture.sandbox.callsTo('UpsertStockLevels')).toHaveLength(3);
		expect(fixture.sandbox.state.quantityOf('BULK-1249', 'London Warehouse')).toBe(1249 % 5);
	});

	it('sums up a push in one item paired with every row written when Output is Summary; failures still one by one', async () => {
		const result = await fixture.runner.run(
			cloudshelfWorkflow(
				setLevels({ output: 'summary' }),
				[
					{ sku: 'TEE-RED-M', location: 'Oxford Street', quantity: 5 },
					{ sku: 'TEE-RED-M', location: 'Brighton', quantity: 4 },
					{ sku: 'CAP-BLUE', location: 'Oxford Street', quantity: 2 },
					{ sku: 'TEE-RED-M', location: 'London Warehouse', quantity: 1 },
				],
				ERROR_OUTPUT,
			),
		);
		expect(result.json('Cloudshelf')).toEqual([
			{ rowsWritten: 3, skus: 2, rowsByLocation: { 'Oxford Street': 2, 'London Warehouse': 1 } },
		]);
		expect(result.items('Cloudshelf')[0].pairedItem).toEqual([
			{ item: 0 },
			{ item: 2 },
			{ item: 3 },
		]);
		expect(result.json('Cloudshelf', 1)).toEqual([
			expect.objectContaining({
				sku: 'TEE-RED-M',
				location: 'Brighton',
				error: 'Location "Brighton" has no row in the Location Mapping table',
			}),
		]);
		expect(fixture.sandbox.state.quantityOf('CAP-BLUE', 'Oxford Street')).toBe(2);
	});

	it('sends unmapped locations, unknown variants and invalid items to the error output, naming each', async () => {
		const result = await fixture.runner.run(
			cloudshelfWorkflow(
				setLevels(),
				[
					{ sku: 'TEE-RED-L', location: 'Oxford Street', quantity: 4 },
					{ sku: 'TEE-RED-L', location: 'Brighton', quantity: 4 },
					{ sku: 'NEVER-UPSERTED', location: 'Oxford Street', quantity: 1 },
					{ sku: 'CAP-BLUE', location: 'Oxford Street', quantity: -1 },
				],
				ERROR_OUTPUT,
			),
		);
		expect(result.json('Cloudshelf').map((item) => item.sku)).toEqual(['TEE-RED-L']);
		expect(result.json('Cloudshelf', 1).map((item) => [item.sku, item.error])).toEqual([
			['TEE-RED-L', 'Location "Brighton" has no row in the Location Mapping table'],
			[
				'NEVER-UPSERTED',
				'Cloudshelf refused UpsertStockLevels: ENTITY_NOT_FOUND: ProductVariant gid://external/RetailSyncVariant/NEVER-UPSERTED not found',
			],
			[
				'CAP-BLUE',
				'Item 3: Not a valid stock level: quantity must be a whole number of 0 or more (got -1)',
			],
		]);
		expect(fixture.sandbox.state.quantityOf('TEE-RED-L', 'Oxford Street')).toBe(4);
	});

	it('retries through a 429 burst and a credit shortage, losing no row', async () => {
		fixture.sandbox.setFaults({ burst429: 2, burstRetryAfterSeconds: 1 });
		const burst = await fixture.runner.run(
			cloudshelfWorkflow(setLevels(), [
				{ sku: 'CAP-BLUE', location: 'Oxford Street', quantity: 6 },
			]),
		);
		expect(burst.status).toBe('success');
		expect(fixture.sandbox.calls.filter((call) => call.status === 429)).toHaveLength(2);
		expect(fixture.sandbox.state.quantityOf('CAP-BLUE', 'Oxford Street')).toBe(6);

		// Out of credits: Cloudshelf answers TEMPORARY_RESTRICTION until they refill (5 credits/s here).
		fixture.sandbox.setFaults({ rateLimitScale: 0.01 });
		fixture.sandbox.exhaustCredits();
		const restricted = await fixture.runner.run(
			cloudshelfWorkflow(setLevels(), [
				{ sku: 'CAP-BLUE', location: 'Oxford Street', quantity: 7 },
			]),
		);
		expect(restricted.status).toBe('success');
		expect(fixture.sandbox.restrictions).toBeGreaterThan(0);
		expect(fixture.sandbox.state.quantityOf('CAP-BLUE', 'Oxford Street')).toBe(7);
	});
});

describe('Cloudshelf → Stock → Compare Levels', () => {
	it('reports SKUs missing on either side and stock Cloudshelf shows wrongly', async () => {
		await fixture.runner.run(
			cloudshelfWorkflow(setLevels(), [
				{ sku: 'TEE-RED-M', location: 'Oxford Street', quantity: 4 },
				{ sku: 'TEE-RED-L', location: 'Oxford Street', quantity: 0 },
			]),
		);
		const result = await fixture.runner.run(
			cloudshelfWorkflow(
				{ resource: 'stock', operation: 'compareLevels', threshold: 3, ...STOCK_LOCATIONS },
				[
					{ sku: 'TEE-RED-M', location: 'Oxford Street', quantity: 0 },
					{ sku: 'TEE-RED-L', location: 'Oxford Street', quantity: 6 },
					{ sku: 'TEE-RED-L', location: 'London Warehouse', quantity: 1 },
					{ sku: 'SCARF-9', location: 'Oxford Street', quantity: 2 },
				],
			),
		);
		expect(
			result.json('Cloudshelf').map((item) => [item.finding, item.sku, item.location ?? null]),
		).toEqual([
			['shown_in_stock_but_unavailable', 'TEE-RED-M', 'Oxford Street'],
			['missing_in_source', 'CAP-BLUE', null],
			['available_but_shown_out_of_stock', 'TEE-RED-L', 'Oxford Street'],
			['missing_in_cloudshelf', 'SCARF-9', null],
		]);
	});

	it('compares incoming SKUs through the SKU Mapping table, naming both SKUs where they differ', async () => {
		await fixture.runner.run(
			cloudshelfWorkflow(setLevels(), [
				{ sku: 'TEE-RED-M', location: 'Oxford Street', quantity: 4 },
				{ sku: 'TEE-RED-L', location: 'Oxford Street', quantity: 4 },
				{ sku: 'CAP-BLUE', location: 'Oxford Street', quantity: 4 },
			]),
		);
		const compare = (extra: IDataObject, levels: IDataObject[]) =>
			fixture.runner.run(
				cloudshelfWorkflow(
					{
						resource: 'stock',
						operation: 'compareLevels',
						threshold: 3,
						...STOCK_LOCATIONS,
						...extra,
					},
					levels,
				),
			);
		// OS-TEE-M is the order system's SKU for the kiosk's TEE-RED-M; the others match as is.
		const levels = [
			{ sku: 'OS-TEE-M', location: 'Oxford Street', quantity: 5 },
			{ sku: 'TEE-RED-L', location: 'Oxford Street', quantity: 0 },
			{ sku: 'CAP-BLUE', location: 'Oxford Street', quantity: 5 },
		];
		const tee = { sourceSku: ' os-tee-m', targetSku: 'TEE-RED-M' };

		const mapped = await compare({ skuMapping: { mapping: [tee] } }, levels);
		expect(mapped.status).toBe('success');
		expect(mapped.json('Cloudshelf')).toEqual([
			{
				finding: 'shown_in_stock_but_unavailable',
				detail: 'Cloudshelf shows TEE-RED-L in stock at Oxford Street, but none is available',
				sku: 'TEE-RED-L',
				location: 'Oxford Street',
				quantity: 0,
				cloudshelfInStock: true,
			},
		]);

		// Without the row, the same SKU is missing on both sides.
		const unmapped = await compare({}, levels);
		expect(
			unmapped.json('Cloudshelf').map((item) => [item.finding, item.sku, item.incomingSku]),
		).toEqual([
			['missing_in_cloudshelf', 'OS-TEE-M', undefined],
			['missing_in_source', 'TEE-RED-M', undefined],
			['shown_in_stock_but_unavailable', 'TEE-RED-L', undefined],
		]);

		// Findings on mapped SKUs name both: the Cloudshelf SKU as sku, the incoming one as incomingSku.
		const differing = await compare(
			{
				skuMapping: {
					mapping: [
						tee,
						{ sourceSku: 'OS-SCARF', targetSku: 'SCARF-9' },
						{ sourceSku: 'OS-CAP', targetSku: 'CAP-BLUE' },
					],
				},
			},
			[
				{ sku: 'OS-TEE-M', location: 'Oxford Street', quantity: 0 },
				{ sku: 'TEE-RED-L', location: 'Oxford Street', quantity: 4 },
				{ sku: 'OS-SCARF', location: 'Oxford Street', quantity: 2 },
			],
		);
		expect(
			differing.json('Cloudshelf').map((item) => [item.finding, item.sku, item.incomingSku]),
		).toEqual([
			['shown_in_stock_but_unavailable', 'TEE-RED-M', 'OS-TEE-M'],
			['missing_in_source', 'CAP-BLUE', 'OS-CAP'],
			['missing_in_cloudshelf', 'SCARF-9', 'OS-SCARF'],
		]);
		expect(differing.json('Cloudshelf').map((item) => item.detail)).toEqual([
			'Cloudshelf shows TEE-RED-M (incoming SKU OS-TEE-M) in stock at Oxford Street, but none is available',
			'Cloudshelf offers SKU CAP-BLUE (incoming SKU OS-CAP), which has no incoming stock level',
			'SKU SCARF-9 (incoming SKU OS-SCARF) has no Cloudshelf variant',
		]);
	});
});

describe('Cloudshelf → Stock → Answer Live Stock Check', () => {
	it('answers with the SKU of the requested variant at every mapped location, in the shape kiosks expect', async () => {
		const result = await fixture.runner.run(
			cloudshelfWorkflow(
				{
					resource: 'stock',
					operation: 'answerStockCheck',
					variantId: 'gid://external/RetailSyncVariant/TEE-RED-M',
					productId: 'gid://external/RetailSyncProduct/TEE-RED',
					locationId: 'gid://external/RetailSyncLocation/oxford-street',
					stockBuffer: 1,
					...STOCK_LOCATIONS,
				},
				[
					{ sku: 'TEE-RED-M', location: 'Oxford Street', quantity: 3 },
					{ sku: 'TEE-RED-M', location: 'London Warehouse', quantity: 10 },
					{ sku: 'TEE-RED-M', location: 'Default', quantity: 50 },
					{ sku: 'CAP-BLUE', location: 'Oxford Street', quantity: 8 },
				],
			),
		);
		expect(result.json('Cloudshelf')).toEqual([
			{
				dataType: 'StockLevels',
				dataTypeVersion: 1,
				responseFor: {
					productId: 'gid://external/RetailSyncProduct/TEE-RED',
					variantId: 'gid://external/RetailSyncVariant/TEE-RED-M',
					locationId: 'gid://external/RetailSyncLocation/oxford-street',
				},
				response: {
					totalNumberAvailable: 11,
					location: {
						id: 'gid://external/RetailSyncLocation/oxford-street',
						displayName: 'Oxford Street',
						fulfillsOnlineOrders: false,
						numberAvailable: 2,
					},
					locations: [
						{
							id: 'gid://external/RetailSyncLocation/oxford-street',
							displayName: 'Oxford Street',
							fulfillsOnlineOrders: false,
							numberAvailable: 2,
						},
						{
							id: 'gid://external/RetailSyncLocation/london-warehouse',
							displayName: 'Warehouse',
							fulfillsOnlineOrders: true,
							numberAvailable: 9,
						},
					],
				},
			},
		]);
		// The answer is built locally: no call to Cloudshelf.
		expect(fixture.sandbox.calls).toHaveLength(0);
	});

	it('refuses a request without the live stock check token, in constant time', async () => {
		fixture.runner.credentials.store.cloudshelfApi.stockCheckToken = 'live-check-secret';
		const parameters = {
			resource: 'stock',
			operation: 'answerStockCheck',
			variantId: 'gid://external/RetailSyncVariant/CAP-BLUE',
			productId: '',
			locationId: '',
			...STOCK_LOCATIONS,
		};
		const refused = await fixture.runner.run(
			cloudshelfWorkflow(
				{ ...parameters, authorization: 'Bearer wrong' },
				[{ sku: 'CAP-BLUE', location: 'Oxford Street', quantity: 1 }],
				ERROR_OUTPUT,
			),
		);
		expect(refused.json('Cloudshelf', 1)[0].error).toBe(
			'The stock check request is not authorised',
		);
		expect(JSON.stringify(refused.run.data)).not.toContain('live-check-secret');
		const allowed = await fixture.runner.run(
			cloudshelfWorkflow({ ...parameters, authorization: 'Bearer live-check-secret' }, [
				{ sku: 'CAP-BLUE', location: 'Oxford Street', quantity: 1 },
			]),
		);
		expect(allowed.json('Cloudshelf')[0].response).toMatchObject({ totalNumberAvailable: 1 });
	});

	it('answers zero everywhere for a SKU without stock, with location null when none was asked', async () => {
		const result = await fixture.runner.run(
			cloudshelfWorkflow(
				{
					resource: 'stock',
					operation: 'answerStockCheck',
					variantId: 'gid://external/RetailSyncVariant/GONE',
					productId: '',
					locationId: '',
					...STOCK_LOCATIONS,
				},
				[{}],
			),
		);
		const [answer] = result.json('Cloudshelf');
		expect(answer.response).toEqual({
			totalNumberAvailable: 0,
			location: null,
			locations: [
				expect.objectContaining({ numberAvailable: 0 }),
				expect.objectContaining({ numberAvailable: 0 }),
			],
		});
	});
});

describe('Cloudshelf → Stock → Verify Live Stock Check', () => {
	it('passes authorised requests on unchanged and sends the others to the error output', async () => {
		fixture.runner.credentials.store.cloudshelfApi.stockCheckToken = 'live-check-secret';
		const requests = [
			{ headers: { authorization: 'Bearer live-check-secret' }, query: { variant: 'A' } },
			{ headers: { authorization: 'Bearer live-check-secre' }, query: { variant: 'B' } },
			{ headers: {}, query: { variant: 'C' } },
		];
		const result = await fixture.runner.run(
			cloudshelfWorkflow(
				{ resource: 'stock', operation: 'verifyStockCheck' },
				requests,
				ERROR_OUTPUT,
			),
		);
		expect(result.json('Cloudshelf')).toEqual([requests[0]]);
		expect(result.items('Cloudshelf')[0].pairedItem).toEqual({ item: 0 });
		expect(
			result.json('Cloudshelf', 1).map((item) => [(item.query as IDataObject).variant, item.error]),
		).toEqual([
			['B', 'The stock check request is not authorised'],
			['C', 'The stock check request is not authorised'],
		]);
		// The reason never quotes the expected token.
		expect(
			JSON.stringify(result.json('Cloudshelf', 1).map((item) => [item.error, item.details])),
		).not.toContain('live-check-secret');
		expect(fixture.sandbox.calls).toHaveLength(0);
	});

	it('refuses every request when the credential has no token to verify against, saying to set one', async () => {
		fixture.runner.credentials.store.cloudshelfApi.stockCheckToken = '';
		const result = await fixture.runner.run(
			cloudshelfWorkflow(
				{ resource: 'stock', operation: 'verifyStockCheck' },
				[{ headers: { authorization: 'Bearer anything' } }],
				ERROR_OUTPUT,
			),
		);
		expect(result.json('Cloudshelf')).toEqual([]);
		expect(result.json('Cloudshelf', 1)[0]).toMatchObject({
			error: 'The Cloudshelf credential has no Live Stock Check Token',
		});
	});
});
