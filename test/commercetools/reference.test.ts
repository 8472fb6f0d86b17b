import type { INodeType } from 'n8n-workflow';

import {
	COMMERCETOOLS,
	commercetoolsLoadOptions,
	commercetoolsWorkflow,
	startCommercetools,
	type CommercetoolsFixture,
} from '../harness/commercetools';
import { nodeTypeByName } from '../harness/node-types';
import type { SeedData } from '../../sandbox/commercetools/state';

/** This file's own project: two supply channels, a distribution channel, two stores. */
const SEED: SeedData = {
	channels: [
		{ key: 'london-warehouse', name: 'London Warehouse' },
		{ key: 'oxford-street', name: 'Oxford Street' },
		{ key: 'web-prices', name: 'Web prices', roles: ['ProductDistribution'] },
	],
	stores: [
		{ key: 'oxford-street', name: 'Oxford Street', supplyChannels: ['oxford-street'] },
		{ key: 'web', name: 'Web', supplyChannels: ['london-warehouse', 'oxford-street'] },
	],
};

let fixture: CommercetoolsFixture;
beforeEach(async () => {
	fixture = await startCommercetools({}, SEED);
});
afterEach(async () => fixture.close());

describe('commercetools node description', () => {
	it('is usable as an AI tool, with a subtitle, themed icons, its credential and six resources', () => {
		const { description } = nodeTypeByName(COMMERCETOOLS) as INodeType;
		expect(description.usableAsTool).toBe(true);
		expect(description.subtitle).toContain('$parameter');
		expect(description.icon).toEqual({ light: expect.any(String), dark: expect.any(String) });
		expect(description.credentials?.map((credential) => credential.name)).toEqual([
			'commercetoolsApi',
		]);
		const resource = description.properties.find((property) => property.name === 'resource');
		expect((resource?.options as Array<{ value: string }>).map((option) => option.value)).toEqual([
			'channel',
			'delivery',
			'inventory',
			'order',
			'product',
			'store',
		]);
	});
});

describe('commercetools Channel → Get Many', () => {
	it('lists supply channels by default, canonical, and every channel with no role filter', async () => {
		const result = await fixture.runner.run(
			commercetoolsWorkflow({ resource: 'channel', operation: 'getMany', returnAll: true }),
		);
		expect(result.status).toBe('success');
		const supply = result.json('commercetools');
		expect(supply.map((channel) => channel.key).sort()).toEqual([
			'london-warehouse',
			'oxford-street',
		]);
		expect(supply.find((channel) => channel.key === 'london-warehouse')).toMatchObject({
			name: 'London Warehouse',
			roles: ['InventorySupply'],
			id: expect.any(String),
		});
		const all = await fixture.runner.run(
			commercetoolsWorkflow({
				resource: 'channel',
				operation: 'getMany',
				roles: [],
				returnAll: true,
			}),
		);
		expect(
			all
				.json('commercetools')
				.map((channel) => channel.key)
				.sort(),
		).toEqual(['london-warehouse', 'oxford-street', 'web-prices']);
		const distribution = await fixture.runner.run(
			commercetoolsWorkflow({
				resource: 'channel',
				operation: 'getMany',
				roles: ['ProductDistribution'],
				returnAll: true,
			}),
		);
		expect(distribution.json('commercetools').map((channel) => channel.key)).toEqual([
			'web-prices',
		]);
	});

	it('pages by id past one page and honours a limit', async () => {
		for (let index = 0; index < 620; index++)
			fixture.sandbox.state.addChannel({ key: `shop-${String(index).padStart(4, '0')}` });
		const result = await fixture.runner.run(
			commercetoolsWorkflow({ resource: 'channel', operation: 'getMany', returnAll: true }),
		);
		const keys = result.json('commercetools').map((channel) => channel.key);
		expect(keys).toHaveLength(622);
		expect(new Set(keys).size).toBe(622);
		const queries = fixture.sandbox.callsTo('channels/query');
		expect(queries).toHaveLength(2);
		expect(queries.every((call) => call.status === 200)).toBe(true);
		const limited = await fixture.runner.run(
			commercetoolsWorkflow({ resource: 'channel', operation: 'getMany', limit: 3 }),
		);
		expect(limited.json('commercetools')).toHaveLength(3);
	});

	it('offers supply channels by key in the editor drop-down', async () => {
		const options = await commercetoolsLoadOptions(fixture.runner, 'getSupplyChannels');
		expect(options).toEqual([
			{ name: 'London Warehouse (london-warehouse)', value: 'london-warehouse' },
			{ name: 'Oxford Street (oxford-street)', value: 'oxford-street' },
		]);
	});
});

describe('commercetools Store → Get Many', () => {
	it('lists stores with their supply channels by key, or raw', async () => {
		const result = await fixture.runner.run(
			commercetoolsWorkflow({ resource: 'store', operation: 'getMany', returnAll: true }),
		);
		expect(result.status).toBe('success');
		const stores = result.json('commercetools');
		expect(stores.find((store) => store.key === 'web')).toMatchObject({
			name: 'Web',
			supplyChannels: ['london-warehouse', 'oxford-street'],
		});
		const raw = await fixture.runner.run(
			commercetoolsWorkflow({
				resource: 'store',
				operation: 'getMany',
				returnAll: true,
				simplify: false,
			}),
		);
		const web = raw.json('commercetools').find((store) => store.key === 'web');
		expect(web?.supplyChannels).toEqual([
			{ typeId: 'channel', id: fixture.sandbox.state.channel('london-warehouse')!.id },
			{ typeId: 'channel', id: fixture.sandbox.state.channel('oxford-street')!.id },
		]);
	});
});
