import {
	cloudshelfStock as cloudshelfLevels,
	expectedCloudshelfStock as expectedStock,
	runPolled,
	runScheduled,
	startRetail,
	type RetailFixture,
} from '../harness/templates';

const TEMPLATE = 'stock-push-linnworks-to-cloudshelf';
let fixture: RetailFixture;
beforeEach(async () => {
	fixture = await startRetail();
});
afterEach(async () => fixture.close());

const expectedCloudshelfStock = () => expectedStock(fixture.sandboxes);
const cloudshelfStock = () => cloudshelfLevels(fixture.sandboxes);

describe('template: stock push Linnworks → Cloudshelf', () => {
	it('the nightly run pushes every mapped level, less the buffer, in one call', async () => {
		const result = await runScheduled(fixture, fixture.workflow(TEMPLATE), 'Nightly Full Push');
		expect(result.status).toBe('success');
		expect(cloudshelfStock()).toEqual(expectedCloudshelfStock());
		expect(Object.keys(cloudshelfStock())).toHaveLength(12);
		expect(fixture.sandboxes.cloudshelf.callsTo('UpsertStockLevels')).toHaveLength(1);
		expect(result.json('Push to Cloudshelf')).toEqual([
			{
				rowsWritten: 12,
				skus: 4,
				rowsByLocation: { 'London Warehouse': 4, 'Oxford Street': 4, 'Manchester Arndale': 4 },
			},
		]);
		expect(fixture.alerts()).toEqual([]);
	});

	it('the 5-minute run pushes only the levels that changed', async () => {
		const workflow = fixture.workflow(TEMPLATE);
		await runScheduled(fixture, workflow, 'Nightly Full Push');
		let check = await runPolled(fixture, workflow, 'Linnworks Stock Changes', {});
		expect(check.items).toHaveLength(0); // first check records the snapshot

		const { state } = fixture.sandboxes.linnworks;
		state.setLevel(
			state.findItem('CAP-BLUE')!,
			state.findLocation('Oxford Street')!.StockLocationId,
			9,
		);
		check = await runPolled(fixture, workflow, 'Linnworks Stock Changes', check.staticData);
		expect(check.items.map((item) => item.json)).toEqual([
			{ sku: 'CAP-BLUE', location: 'Oxford Street', quantity: 9, previousQuantity: 2 },
		]);
		expect(check.result?.status).toBe('success');
		expect(cloudshelfStock()['CAP-BLUE@Oxford Street']).toBe(8);
		expect(cloudshelfStock()).toEqual(expectedCloudshelfStock());
		expect(fixture.sandboxes.cloudshelf.callsTo('UpsertStockLevels')).toHaveLength(2);
	});

	it('sends SKUs Cloudshelf does not have to the exceptions branch with the reason and the record', async () => {
		fixture.sandboxes.linnworks.state.seed({
			items: [{ SKU: 'NEW-ARRIVAL', levels: { 'Oxford Street': 5 } }],
		});
		const result = await runScheduled(fixture, fixture.workflow(TEMPLATE), 'Nightly Full Push');
		expect(result.status).toBe('success');
		const [alert] = fixture.alerts();
		expect(alert.flow).toBe('stock-push');
		expect(alert.exceptions).toEqual(
			['London Warehouse', 'Oxford Street', 'Manchester Arndale'].map((location) =>
				expect.objectContaining({
					flow: 'stock-push',
					reason:
						'Cloudshelf refused UpsertStockLevels: ENTITY_NOT_FOUND: ProductVariant gid://external/RetailSyncVariant/NEW-ARRIVAL not found',
					record: expect.objectContaining({ sku: 'NEW-ARRIVAL', location }),
				}),
			),
		);
		// Everything else still arrived.
		const expected = Object.entries(expectedCloudshelfStock()).filter(
			([key]) => !key.startsWith('NEW-ARRIVAL'),
		);
		expect(cloudshelfStock()).toEqual(Object.fromEntries(expected));
		const rows = () =>
			fixture.runner.dataTables
				.rows('retail_sync_exceptions')
				.map(({ reference, status, attempts, resolution }) => [
					reference,
					status,
					attempts,
					resolution,
				])
				.sort();
		expect(rows()).toEqual(
			['London Warehouse', 'Manchester Arndale', 'Oxford Street'].map((location) => [
				`NEW-ARRIVAL @ ${location}`,
				'open',
				1,
				'',
			]),
		);

		// The catalogue sync publishes the item: the next nightly push lands its levels and, having
		// read every level, resolves the three rows; no new alert.
		fixture.sandboxes.cloudshelf.state.seed({
			products: [
				{
					id: 'gid://external/RetailSyncProduct/NEW-ARRIVAL',
					displayName: 'New arrival',
					variants: [
						{
							id: 'gid://external/RetailSyncVariant/NEW-ARRIVAL',
							sku: 'NEW-ARRIVAL',
							currentPrice: 9.99,
						},
					],
				},
			],
		});
		const next = await runScheduled(fixture, fixture.workflow(TEMPLATE), 'Nightly Full Push');
		expect(next.status).toBe('success');
		expect(cloudshelfStock()).toEqual(expectedCloudshelfStock());
		const fullRun = expect.stringMatching(
			/^Did not fail again in the full run of execution test-\d+$/,
		);
		expect(rows()).toEqual(
			['London Warehouse', 'Manchester Arndale', 'Oxford Street'].map((location) => [
				`NEW-ARRIVAL @ ${location}`,
				'resolved',
				1,
				fullRun,
			]),
		);
		expect(fixture.alerts()).toHaveLength(1);
	});
});
