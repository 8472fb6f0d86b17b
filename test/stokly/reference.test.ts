import type { INodeType } from 'n8n-workflow';

import { nodeTypeByName } from '../harness/node-types';
import {
	STOKLY,
	startStokly,
	stoklyLoadOptions,
	stoklyWorkflow,
	type StoklyFixture,
} from '../harness/stokly';

let fixture: StoklyFixture;
beforeEach(async () => {
	fixture = await startStokly();
});
afterEach(async () => fixture.close());

const LOCATIONS = { resource: 'location', operation: 'getMany' };

describe('Stokly node description', () => {
	it('is usable as an AI tool, with a subtitle, themed icons and its credential', () => {
		const { description } = nodeTypeByName(STOKLY) as INodeType;
		expect(description.name).toBe('stokly');
		expect(description.displayName).toBe('Stokly');
		expect(description.usableAsTool).toBe(true);
		expect(description.subtitle).toContain('$parameter');
		expect(description.icon).toEqual({
			light: 'file:stokly.svg',
			dark: 'file:stokly.dark.svg',
		});
		expect(description.credentials?.map((credential) => credential.name)).toEqual(['stoklyApi']);
		const resource = description.properties.find((property) => property.name === 'resource');
		const values = (resource?.options as Array<{ value: string }>).map((option) => option.value);
		expect(values).toEqual(expect.arrayContaining(['channel', 'item', 'location', 'stock']));
		expect([...values].sort()).toEqual(values);
	});
});

describe('Stokly Location → Get Many', () => {
	it('lists the locations, canonical, once per input item and paired with it', async () => {
		const result = await fixture.runner.run(stoklyWorkflow(LOCATIONS, [{ a: 1 }, { a: 2 }]));
		expect(result.status).toBe('success');
		const items = result.items('Stokly');
		const london = fixture.sandbox.state.locationByName('London Warehouse')!;
		expect(items.map((item) => item.json)).toEqual([
			{ locationId: london.locationId, name: 'London Warehouse', status: 0, active: true },
			expect.objectContaining({ name: 'Oxford Street', active: true }),
			expect.objectContaining({ name: 'London Warehouse' }),
			expect.objectContaining({ name: 'Oxford Street' }),
		]);
		expect(items.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 0 },
			{ item: 1 },
			{ item: 1 },
		]);
		// One listing serves both items.
		expect(fixture.sandbox.callsTo('GET /v0/locations')).toHaveLength(1);
	});

	it('returns raw locations with Simplify off', async () => {
		const result = await fixture.runner.run(stoklyWorkflow({ ...LOCATIONS, simplify: false }));
		expect(result.json('Stokly')[0]).toEqual(
			expect.objectContaining({ locationId: expect.any(String), name: 'London Warehouse' }),
		);
		expect(result.json('Stokly')[0]).not.toHaveProperty('active');
	});

	it('survives a burst of 429s (Retry-After honoured) without failing', async () => {
		// The first run's grant meets the burst too: it is retried like any call.
		fixture.sandbox.setFaults({ burst429: 2, burstRetryAfterSeconds: 0 });
		expect((await fixture.runner.run(stoklyWorkflow(LOCATIONS))).status).toBe('success');
		expect(fixture.sandbox.callsTo('POST /v1/grant').map((call) => call.status)).toEqual([
			429, 429, 200,
		]);
		fixture.sandbox.setFaults({ burst429: 3, burstRetryAfterSeconds: 0 });
		const result = await fixture.runner.run(stoklyWorkflow(LOCATIONS));
		expect(result.status).toBe('success');
		expect(result.json('Stokly')).toHaveLength(2);
		expect(fixture.sandbox.callsTo('GET /v0/locations').map((call) => call.status)).toEqual([
			200, 429, 429, 429, 200,
		]);
	});

	it('sends a listing failure to every item’s error output, in Stokly’s words', async () => {
		fixture.sandbox.setFaults({
			failNext: [{ operation: 'GET /v0/locations', status: 403, count: 1 }],
		});
		const result = await fixture.runner.run(
			stoklyWorkflow(LOCATIONS, [{ a: 1 }, { a: 2 }], { onError: 'continueErrorOutput' }),
		);
		expect(result.status).toBe('success');
		expect(result.json('Stokly', 0)).toEqual([]);
		const errors = result.items('Stokly', 1);
		expect(errors.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(errors[0].json.error).toBe(
			'Stokly refused GET /v0/locations (HTTP 403): Injected failure (403)',
		);
		expect(errors[0].json.details).toContain('permissions');
	});
});

describe('Stokly Channel → Get Many', () => {
	it('lists the channels, canonical, with the type name where known', async () => {
		const result = await fixture.runner.run(
			stoklyWorkflow({ resource: 'channel', operation: 'getMany' }),
		);
		expect(result.status).toBe('success');
		expect(result.json('Stokly')).toEqual([
			expect.objectContaining({ channelId: expect.any(String), name: 'Cloudshelf', type: 0 }),
			expect.objectContaining({ name: 'Website', type: 6, typeName: 'shopify' }),
		]);
	});
});

describe('Stokly editor drop-downs', () => {
	it('offer locations and channels by name, valued by ID', async () => {
		const locations = await stoklyLoadOptions(fixture.runner, 'getLocations');
		expect(locations).toEqual([
			{
				name: 'London Warehouse',
				value: fixture.sandbox.state.locationByName('London Warehouse')!.locationId,
			},
			{
				name: 'Oxford Street',
				value: fixture.sandbox.state.locationByName('Oxford Street')!.locationId,
			},
		]);
		const channels = await stoklyLoadOptions(fixture.runner, 'getChannels');
		expect(channels.map((channel) => channel.name)).toEqual(['Cloudshelf', 'Website']);
		expect(channels[0].value).toBe(fixture.sandbox.state.channelByName('Cloudshelf')!.channelId);
	});
});
