import type { IDataObject } from 'n8n-workflow';

import {
	commercetoolsWorkflow,
	importOrder,
	orderImportDraft,
	orderOf,
	startCommercetools,
	type CommercetoolsFixture,
} from '../harness/commercetools';
import { ERROR_OUTPUT } from '../harness/workflows';

let fixture: CommercetoolsFixture;
beforeEach(async () => {
	fixture = await startCommercetools();
	await importOrder(
		fixture.sandbox,
		orderImportDraft('CS-1001', [
			{ sku: 'TEE-RED-M', quantity: 2 },
			{ sku: 'CAP-BLUE', quantity: 1, centAmount: 1499 },
		]),
	);
});
afterEach(async () => fixture.close());

const NODE = 'commercetools';

/** A canonical fulfilment, as a WMS or the Cloudshelf side would give it. */
const fulfilment = (overrides: IDataObject = {}): IDataObject => ({
	orderReference: 'CS-1001',
	carrier: 'Royal Mail',
	service: 'Tracked 48',
	trackingNumber: 'RM123456789GB',
	shippedAt: '2026-11-21T09:00:00Z',
	lines: [{ sku: 'TEE-RED-M', quantity: 2 }],
	...overrides,
});

const add = async (input: IDataObject[], parameters: IDataObject = {}) =>
	await fixture.runner.run(
		commercetoolsWorkflow(
			{ resource: 'delivery', operation: 'add', ...parameters },
			input,
			ERROR_OUTPUT,
		),
	);

const deliveries = () => orderOf(fixture.sandbox, 'CS-1001')?.shippingInfo?.deliveries ?? [];

describe('commercetools → Delivery → Add', () => {
	it('adds a delivery with a tracked parcel, sets the shipment state and outputs the fulfilment', async () => {
		const result = await add([fulfilment()]);
		expect(result.json(NODE, 1)).toEqual([]);
		expect(result.json(NODE)[0]).toMatchObject({
			created: true,
			deliveryKey: 'CS-1001-RM123456789GB',
			orderReference: 'CS-1001',
			carrier: 'Royal Mail',
			service: 'Tracked 48',
			trackingNumber: 'RM123456789GB',
			lines: [{ sku: 'TEE-RED-M', quantity: 2 }],
		});
		const [delivery] = deliveries();
		expect(delivery).toMatchObject({
			key: 'CS-1001-RM123456789GB',
			parcels: [{ trackingData: { trackingId: 'RM123456789GB', carrier: 'Royal Mail' } }],
		});
		expect(orderOf(fixture.sandbox, 'CS-1001')?.shipmentState).toBe('Shipped');
	});

	it('is idempotent by delivery key: added twice is one delivery, the replay says created: false', async () => {
		await add([fulfilment()]);
		const replay = await add([fulfilment()]);
		expect(replay.json(NODE)[0]).toMatchObject({ created: false, trackingNumber: 'RM123456789GB' });
		expect(deliveries()).toHaveLength(1);
		expect(fixture.sandbox.callsTo('orders/update')).toHaveLength(1);
	});

	it('after a lost answer reads the order back: one delivery, created: true', async () => {
		fixture.sandbox.setFaults({ loseAnswerNext: [{ operation: 'orders/update', count: 1 }] });
		const result = await add([fulfilment()]);
		expect(result.json(NODE)[0]).toMatchObject({ created: true });
		expect(deliveries()).toHaveLength(1);
	});

	it('after a 409 re-reads the version and adds it once', async () => {
		fixture.sandbox.setFaults({
			failNext: [{ operation: 'orders/update', status: 409, count: 1 }],
		});
		const result = await add([fulfilment()]);
		expect(result.json(NODE)[0]).toMatchObject({ created: true });
		expect(deliveries()).toHaveLength(1);
	});

	it('sends an unknown SKU and more than ordered to the error output, adding nothing', async () => {
		const result = await add([
			fulfilment({ trackingNumber: 'A1', lines: [{ sku: 'NOPE', quantity: 1 }] }),
			fulfilment({ trackingNumber: 'A2', lines: [{ sku: 'CAP-BLUE', quantity: 2 }] }),
		]);
		expect(result.json(NODE)).toEqual([]);
		expect(result.json(NODE, 1).map((item) => item.error)).toEqual([
			'commercetools order CS-1001 has no line item with SKU NOPE',
			'commercetools order CS-1001: more than ordered is asked for, CAP-BLUE 2 (1 of 1 not yet delivered)',
		]);
		expect(deliveries()).toHaveLength(0);
	});

	it('reads deliveries back as canonical fulfilments', async () => {
		await add([fulfilment()]);
		await add([fulfilment({ trackingNumber: 'RM2', lines: [{ sku: 'CAP-BLUE', quantity: 1 }] })]);
		const result = await fixture.runner.run(
			commercetoolsWorkflow({ resource: 'delivery', operation: 'getMany', orderNumber: 'CS-1001' }),
		);
		expect(result.json(NODE)).toEqual([
			expect.objectContaining({
				trackingNumber: 'RM123456789GB',
				lines: [{ sku: 'TEE-RED-M', quantity: 2 }],
			}),
			expect.objectContaining({ trackingNumber: 'RM2', lines: [{ sku: 'CAP-BLUE', quantity: 1 }] }),
		]);
	});
});
