import type { INodeType } from 'n8n-workflow';

import {
	CENTRA,
	CENTRA_STORES,
	centraLoadOptions,
	centraWorkflow,
	startCentra,
	type CentraFixture,
} from '../harness/centra';
import { nodeTypeByName } from '../harness/node-types';

let fixture: CentraFixture;
beforeEach(async () => {
	fixture = await startCentra({}, CENTRA_STORES);
});
afterEach(async () => fixture.close());

describe('Centra node description', () => {
	it('is usable as an AI tool, with a subtitle, themed icons and both credentials', () => {
		const { description } = nodeTypeByName(CENTRA) as INodeType;
		expect(description.usableAsTool).toBe(true);
		expect(description.subtitle).toContain('$parameter');
		expect(description.icon).toEqual({ light: expect.any(String), dark: expect.any(String) });
		expect(description.credentials?.map((credential) => credential.name)).toEqual([
			'centraIntegrationApi',
			'centraOrderApi',
		]);
	});
});

describe('Centra → reference data → Get Many', () => {
	it('lists warehouses as locations (Simplify) or as Centra returns them', async () => {
		const simple = await fixture.runner.run(
			centraWorkflow({ resource: 'warehouse', operation: 'getMany', returnAll: true }),
		);
		expect(simple.json('Centra')).toEqual([
			{ locationId: '1', name: 'Web Warehouse', active: true },
			{ locationId: '2', name: 'Oxford Street', active: true },
			{ locationId: '3', name: 'Soho', active: true },
		]);
		const raw = await fixture.runner.run(
			centraWorkflow({
				resource: 'warehouse',
				operation: 'getMany',
				returnAll: true,
				simplify: false,
			}),
		);
		expect(raw.json('Centra')[1]).toEqual({ id: 2, name: 'Oxford Street', status: 'ACTIVE' });
	});

	it('reads every page with Return All, and only what the limit needs without it', async () => {
		fixture.sandbox.state.seed({
			warehouses: Array.from({ length: 450 }, (_, index) => ({ name: `Store ${index}` })),
		});
		const all = await fixture.runner.run(
			centraWorkflow({ resource: 'warehouse', operation: 'getMany', returnAll: true }),
		);
		expect(all.json('Centra')).toHaveLength(453);
		// 453 warehouses at 200 a page: 3 pages, the third short.
		expect(fixture.sandbox.callsTo('Warehouses')).toHaveLength(3);
		const limited = await fixture.runner.run(
			centraWorkflow({ resource: 'warehouse', operation: 'getMany', returnAll: false, limit: 5 }),
			{},
		);
		expect(limited.json('Centra').map((row) => row.name)).toEqual([
			'Web Warehouse',
			'Oxford Street',
			'Soho',
			'Store 0',
			'Store 1',
		]);
		expect(fixture.sandbox.callsTo('Warehouses')).toHaveLength(4);
	});

	it('lists markets, pricelists and shipping options, simple or raw', async () => {
		const markets = await fixture.runner.run(
			centraWorkflow({ resource: 'market', operation: 'getMany', returnAll: true }),
		);
		expect(markets.json('Centra')).toEqual([
			{ marketId: 1, name: 'Retail UK', countries: ['GB'] },
			{ marketId: 2, name: 'Web EU', countries: ['SE', 'DE'] },
		]);
		const pricelists = await fixture.runner.run(
			centraWorkflow({ resource: 'pricelist', operation: 'getMany', returnAll: true }),
		);
		expect(pricelists.json('Centra')).toEqual([
			{ pricelistId: 1, name: 'GBP Retail', currency: 'GBP', countries: ['GB'] },
			{ pricelistId: 2, name: 'EUR Web', currency: 'EUR', countries: ['SE', 'DE'] },
		]);
		const options = await fixture.runner.run(
			centraWorkflow({ resource: 'shippingOption', operation: 'getMany', returnAll: true }),
		);
		expect(options.json('Centra')).toEqual([
			{ shippingOptionId: 1, name: 'Store Pickup', uri: 'store-pickup' },
			{ shippingOptionId: 2, name: 'Standard Delivery', uri: 'standard' },
		]);
		const raw = await fixture.runner.run(
			centraWorkflow({
				resource: 'pricelist',
				operation: 'getMany',
				returnAll: true,
				simplify: false,
			}),
		);
		expect(raw.json('Centra')[0]).toMatchObject({
			id: 1,
			name: 'GBP Retail',
			currency: { code: 'GBP' },
			assignedToCountries: [{ code: 'GB' }],
		});
	});

	it('answers every input item from one listing, paired with its item', async () => {
		const result = await fixture.runner.run(
			centraWorkflow({ resource: 'market', operation: 'getMany', returnAll: true }, [{}, {}]),
		);
		expect(result.items('Centra').map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 0 },
			{ item: 1 },
			{ item: 1 },
		]);
		expect(fixture.sandbox.callsTo('Markets')).toHaveLength(1);
	});
});

describe('Centra editor drop-downs', () => {
	it('offers warehouses, markets and pricelists by id and shipping options by URI, sorted by name', async () => {
		expect(await centraLoadOptions(fixture.runner, 'getWarehouses')).toEqual([
			{ name: 'Oxford Street', value: '2' },
			{ name: 'Soho', value: '3' },
			{ name: 'Web Warehouse', value: '1' },
		]);
		expect(await centraLoadOptions(fixture.runner, 'getMarkets')).toEqual([
			{ name: 'Retail UK', value: '1', description: 'GB' },
			{ name: 'Web EU', value: '2', description: 'SE, DE' },
		]);
		expect(await centraLoadOptions(fixture.runner, 'getPricelists')).toEqual([
			{ name: 'EUR Web', value: '2', description: 'EUR' },
			{ name: 'GBP Retail', value: '1', description: 'GBP' },
		]);
		expect(await centraLoadOptions(fixture.runner, 'getShippingOptions')).toEqual([
			{ name: 'Standard Delivery', value: 'standard' },
			{ name: 'Store Pickup', value: 'store-pickup' },
		]);
	});
});
