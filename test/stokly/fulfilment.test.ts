import type { IDataObject } from 'n8n-workflow';

import { startStokly, stoklyWorkflow, type StoklyFixture } from '../harness/stokly';
import { ERROR_OUTPUT } from '../harness/workflows';

let fixture: StoklyFixture;
beforeEach(async () => {
	fixture = await startStokly();
});
afterEach(async () => fixture.close());

const NODE = 'Stokly';

/** Two endless-aisle kiosk orders made by Sale Order → Create, delivered from the warehouse. */
async function createOrders(): Promise<Map<string, string>> {
	const order = (reference: string, tags = '') => ({
		reference,
		origin: 'cloudshelf',
		placedAt: '2026-11-20T10:15:00.000Z',
		currency: 'GBP',
		status: 'paid',
		location: 'Hereford Kiosk',
		lines: [
			{ sku: 'TEE-RED-M', quantity: 2, unitPrice: 19.99 },
			{ sku: 'TEE-RED-L', quantity: 1, unitPrice: 19.99 },
		],
		payments: [{ method: 'card', amount: 59.97 }],
		tags,
	});
	const result = await fixture.runner.run(
		stoklyWorkflow(
			{
				resource: 'saleOrder',
				operation: 'create',
				locationMapping: {
					mapping: [
						{
							orderLocation: 'Hereford Kiosk',
							channel: 'Cloudshelf',
							location: 'London Warehouse',
						},
					],
				},
				paymentMethodMapping: { mapping: [{ tender: 'card', method: 4 }] },
				options: { tags: '={{ $json.tags }}' },
			},
			[order('CS-F1'), order('CS-F2', 'priority')],
		),
	);
	return new Map(
		result.json(NODE).map((item) => [item.reference as string, item.saleOrderId as string]),
	);
}

const getMany = async (parameters: IDataObject = {}) =>
	await fixture.runner.run(
		stoklyWorkflow(
			{ resource: 'fulfilment', operation: 'getMany', returnAll: true, ...parameters },
			[{}],
			ERROR_OUTPUT,
		),
	);

const lineOf = (saleOrderId: string, sku: string) =>
	fixture.sandbox.state
		.saleOrders()
		.find((order) => order.saleOrderId === saleOrderId)!
		.items.find((line) => line.itemSku === sku)!.lineId;

describe('Stokly → Fulfilment → Get Many (ASSUMED dispatch model)', () => {
	it('outputs one canonical fulfilment per dispatch: courier, tracking, shippedAt, lines by SKU, orderReference', async () => {
		const ids = await createOrders();
		const since = new Date(Date.now() - 60_000).toISOString();
		const dispatch = fixture.sandbox.state.dispatch(ids.get('CS-F1')!, {
			courier: 'Royal Mail',
			trackingNumber: 'RM123456789GB',
			trackingUrl: 'https://track.example/RM123456789GB',
		});
		const result = await getMany({ dispatchedAfter: since });
		expect(result.json(NODE)).toEqual([
			{
				orderReference: 'CS-F1',
				carrier: 'Royal Mail',
				trackingNumber: 'RM123456789GB',
				trackingUrl: 'https://track.example/RM123456789GB',
				shippedAt: new Date(dispatch.dispatchedAt).toISOString(),
				lines: [
					{ sku: 'TEE-RED-M', quantity: 2 },
					{ sku: 'TEE-RED-L', quantity: 1 },
				],
				attributes: {
					stoklySaleOrderId: ids.get('CS-F1'),
					stoklyNiceId: expect.any(String),
					stoklyDispatchId: dispatch.dispatchId,
					stoklyLocationId: fixture.sandbox.state.locationByName('London Warehouse')!.locationId,
				},
			},
		]);
	});

	it('a part dispatch and the rest are two fulfilments, oldest first; the window and the tag select them', async () => {
		const ids = await createOrders();
		const f2 = ids.get('CS-F2')!;
		const state = fixture.sandbox.state;
		const first = state.dispatch(f2, {
			courier: 'DPD',
			trackingNumber: 'DPD-1',
			lines: [{ lineId: lineOf(f2, 'TEE-RED-M'), quantity: 1 }],
		});
		const second = state.dispatch(f2, { courier: 'DPD', trackingNumber: 'DPD-2' });
		state.dispatch(ids.get('CS-F1')!, { courier: 'Royal Mail', trackingNumber: 'RM-1' });

		const all = await getMany();
		const f2Dispatches = all
			.json(NODE)
			.filter((fulfilment) => fulfilment.orderReference === 'CS-F2');
		expect(all.json(NODE)).toHaveLength(3);
		expect(f2Dispatches.map((fulfilment) => fulfilment.trackingNumber)).toEqual(['DPD-1', 'DPD-2']);
		expect(f2Dispatches[0].lines).toEqual([{ sku: 'TEE-RED-M', quantity: 1 }]);
		expect(f2Dispatches[1].lines).toEqual([
			{ sku: 'TEE-RED-M', quantity: 1 },
			{ sku: 'TEE-RED-L', quantity: 1 },
		]);
		const tagged = await getMany({ options: { tag: 'priority' } });
		expect(tagged.json(NODE).map((fulfilment) => fulfilment.orderReference)).toEqual([
			'CS-F2',
			'CS-F2',
		]);
		const future = await getMany({
			dispatchedAfter: new Date(Date.parse(second.dispatchedAt) + 60_000).toISOString(),
		});
		expect(future.json(NODE)).toEqual([]);
		const upTo = await getMany({
			dispatchedAfter: new Date(Date.parse(first.dispatchedAt) - 60_000).toISOString(),
			dispatchedBefore: new Date(Date.parse(second.dispatchedAt) + 60_000).toISOString(),
		});
		expect(upTo.json(NODE)).toHaveLength(3);
		const limited = await getMany({ returnAll: false, limit: 1 });
		expect(limited.json(NODE)).toHaveLength(1);
		const none = await getMany({ dispatchedBefore: '2026-01-01T00:00:00.000Z' });
		expect(none.json(NODE)).toEqual([]);
	});

	it('an order not dispatched yields nothing; raw output is the dispatch with SKUs and its sale order', async () => {
		const ids = await createOrders();
		expect((await getMany()).json(NODE)).toEqual([]);
		fixture.sandbox.state.dispatch(ids.get('CS-F1')!, {
			courier: 'Royal Mail',
			trackingNumber: 'RM-9',
		});
		const raw = await getMany({ simplify: false });
		expect(raw.json(NODE)).toEqual([
			expect.objectContaining({
				courier: 'Royal Mail',
				trackingNumber: 'RM-9',
				items: expect.arrayContaining([
					expect.objectContaining({ itemSku: 'TEE-RED-M', quantity: 2 }),
				]),
				saleOrder: expect.objectContaining({
					saleOrderId: ids.get('CS-F1'),
					sourceReferenceId: 'CS-F1',
					channelName: 'Cloudshelf',
				}),
			}),
		]);
	});
});
