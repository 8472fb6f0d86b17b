import {
	STORES,
	linnworksWorkflow,
	startLinnworks,
	type LinnworksFixture,
} from '../harness/linnworks';

let fixture: LinnworksFixture;
beforeAll(async () => {
	fixture = await startLinnworks({}, STORES);
});
afterAll(async () => fixture.close());

describe('Linnworks → Location → Get Many', () => {
	it('lists the locations in the canonical shape, opening a session first', async () => {
		const result = await fixture.runner.run(
			linnworksWorkflow({ resource: 'location', operation: 'getMany' }),
		);
		expect(result.status).toBe('success');
		const locations = result.json('Linnworks');
		expect(locations.map((location) => location.name)).toEqual([
			'Default',
			'London Warehouse',
			'Oxford Street',
		]);
		expect(locations[1]).toMatchObject({ isFulfilmentCenter: true });
		expect(fixture.sandbox.callsTo('Auth/AuthorizeByApplication')).toHaveLength(1);
		expect(result.items('Linnworks')[0].pairedItem).toEqual({ item: 0 });
	});

	it('returns the raw Linnworks payload when Simplify is off', async () => {
		const result = await fixture.runner.run(
			linnworksWorkflow({ resource: 'location', operation: 'getMany', simplify: false }),
		);
		expect(result.json('Linnworks')[2]).toMatchObject({
			LocationName: 'Oxford Street',
			StockLocationIntId: 3,
		});
	});
});
