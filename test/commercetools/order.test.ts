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
});
afterEach(async () => fixture.close());

const NODE = 'commercetools';

/** An anonymous kiosk order, as the Cloudshelf node outputs it. */
function kioskOrder(reference: string, overrides: IDataObject = {}): IDataObject {
	return {
		reference,
		origin: 'cloudshelf',
		placedAt: '2026-11-20T10:15:00Z',
		currency: 'EUR',
		status: 'paid',
		location: 'Oxford Street Kiosk',
		shippingMethod: 'delivery',
		lines: [
			{ sku: 'TEE-RED-M', name: 'Tee red M', quantity: 2, unitPrice: 19.99 },
			{ sku: 'CAP-BLUE', name: 'Cap blue', quantity: 1, unitPrice: 14.99 },
		],
		totals: { shipping: 4.95, total: 59.92 },
		...overrides,
	};
}

const importParameters: IDataObject = {
	resource: 'order',
	operation: 'import',
	supplyChannelMapping: {
		mapping: [{ location: 'Oxford Street Kiosk', channel: 'london-warehouse' }],
	},
	storeMapping: { mapping: [{ location: 'Oxford Street Kiosk', store: 'uk-stores' }] },
	shippingMethodMapping: {
		mapping: [{ shippingMethod: 'delivery', shippingMethodName: 'Standard Delivery' }],
	},
	guestEmail: 'oxford@shop.example',
	options: { defaultCountry: 'GB' },
};

const run = async (input: IDataObject[], parameters: IDataObject = {}) =>
	await fixture.runner.run(
		commercetoolsWorkflow({ ...importParameters, ...parameters }, input, ERROR_OUTPUT),
	);

const ordersIn = () => fixture.sandbox.state.orders();

describe('commercetools → Order → Import', () => {
	it('imports the order with its supply channel, store and shipping info, and outputs the canonical order', async () => {
		const result = await run([kioskOrder('CS-1001')]);
		expect(result.status).toBe('success');
		const [imported] = result.json(NODE);
		expect(imported).toMatchObject({
			created: true,
			commercetoolsOrderId: expect.any(String),
			commercetoolsOrderVersion: expect.any(Number),
			reference: 'CS-1001',
			currency: 'EUR',
			status: 'paid',
			location: 'uk-stores',
			shippingMethod: 'Standard Delivery',
			customer: { email: 'oxford@shop.example' },
			lines: [
				{ sku: 'TEE-RED-M', quantity: 2, unitPrice: 19.99 },
				{ sku: 'CAP-BLUE', quantity: 1, unitPrice: 14.99 },
			],
			totals: { total: 59.92, shipping: 4.95 },
		});
		const stored = orderOf(fixture.sandbox, 'CS-1001')!;
		expect(stored.totalPrice).toMatchObject({ currencyCode: 'EUR', centAmount: 5992 });
		expect(stored.shippingInfo).toMatchObject({ shippingMethodName: 'Standard Delivery' });
		expect(stored.store?.key).toBe('uk-stores');
		expect(stored.lineItems[0].supplyChannel).toMatchObject({ typeId: 'channel' });
		expect(fixture.sandbox.callsTo('orders/import')).toHaveLength(1);
	});

	it('is idempotent: the same order imported twice is one order, the replay says created: false', async () => {
		const first = await run([kioskOrder('CS-2001')]);
		const second = await run([kioskOrder('CS-2001')]);
		expect(first.json(NODE)[0].created).toBe(true);
		expect(second.json(NODE)[0]).toMatchObject({
			created: false,
			commercetoolsOrderId: first.json(NODE)[0].commercetoolsOrderId,
		});
		expect(ordersIn().filter((order) => order.orderNumber === 'CS-2001')).toHaveLength(1);
		expect(fixture.sandbox.callsTo('orders/import')).toHaveLength(1);
	});

	it('imports two items with the same reference in one run once', async () => {
		const result = await run([kioskOrder('CS-2101'), kioskOrder('CS-2101')]);
		expect(result.json(NODE).map((item) => item.created)).toEqual([true, false]);
		expect(ordersIn().filter((order) => order.orderNumber === 'CS-2101')).toHaveLength(1);
	});

	it('after a lost answer reads the order back instead of importing it again: one order, created: true', async () => {
		fixture.sandbox.setFaults({ loseAnswerNext: [{ operation: 'orders/import', count: 1 }] });
		const result = await run([kioskOrder('CS-3001')]);
		expect(result.json(NODE, 1)).toEqual([]);
		expect(result.json(NODE)[0]).toMatchObject({ created: true, reference: 'CS-3001' });
		expect(ordersIn().filter((order) => order.orderNumber === 'CS-3001')).toHaveLength(1);
		expect(fixture.sandbox.callsTo('orders/import')).toHaveLength(1);
		// And the replay finds it.
		const replay = await run([kioskOrder('CS-3001')]);
		expect(replay.json(NODE)[0].created).toBe(false);
		expect(ordersIn().filter((order) => order.orderNumber === 'CS-3001')).toHaveLength(1);
	});

	it('after a 5xx that did not import sends it again, once', async () => {
		fixture.sandbox.setFaults({
			failNext: [{ operation: 'orders/import', status: 500, count: 1 }],
		});
		const result = await run([kioskOrder('CS-3101')]);
		expect(result.json(NODE)[0]).toMatchObject({ created: true });
		expect(ordersIn().filter((order) => order.orderNumber === 'CS-3101')).toHaveLength(1);
		expect(fixture.sandbox.callsTo('orders/import')).toHaveLength(2);
	});

	it('an order imported by another run between the look-up and the import (DuplicateField) is returned with created: false', async () => {
		// The look-up misses (404 injected), the import then meets the existing order.
		await importOrder(
			fixture.sandbox,
			orderImportDraft('CS-3201', [{ sku: 'CAP-BLUE', quantity: 1 }]),
		);
		fixture.sandbox.setFaults({ failNext: [{ operation: 'orders/get', status: 404, count: 1 }] });
		const result = await run([kioskOrder('CS-3201')]);
		expect(result.json(NODE)[0]).toMatchObject({ created: false, reference: 'CS-3201' });
		expect(ordersIn().filter((order) => order.orderNumber === 'CS-3201')).toHaveLength(1);
	});

	it('sends an order with an unknown SKU to the error output, naming the SKU, and imports the others', async () => {
		const bad = kioskOrder('CS-4001', {
			lines: [{ sku: 'NO-SUCH-SKU', quantity: 1, unitPrice: 5 }],
		});
		const result = await run([bad, kioskOrder('CS-4002')]);
		expect(result.json(NODE)).toEqual([
			expect.objectContaining({ reference: 'CS-4002', created: true }),
		]);
		const [failed] = result.json(NODE, 1);
		expect(failed.error).toBe(
			'Order CS-4001: SKU NO-SUCH-SKU is not a commercetools product variant',
		);
		expect(orderOf(fixture.sandbox, 'CS-4001')).toBeUndefined();
	});

	it('maps SKUs and applies the Order Number Prefix', async () => {
		const result = await run(
			[
				kioskOrder('CS-5001', {
					lines: [{ sku: 'KIOSK-TEE', quantity: 1, unitPrice: 19.99 }],
					totals: { total: 19.99 },
				}),
			],
			{
				orderNumberPrefix: 'KIOSK-',
				skuMapping: { mapping: [{ sourceSku: 'KIOSK-TEE', targetSku: 'TEE-RED-M' }] },
			},
		);
		expect(result.json(NODE)[0]).toMatchObject({
			reference: 'KIOSK-CS-5001',
			lines: [{ sku: 'TEE-RED-M', quantity: 1 }],
		});
		expect(orderOf(fixture.sandbox, 'KIOSK-CS-5001')).toBeDefined();
	});

	it('fails an order from an unmapped location when the policy says so, before any call', async () => {
		const result = await run([kioskOrder('CS-6001', { location: 'Elsewhere' })], {
			unmappedSupplyChannel: 'error',
		});
		expect(result.json(NODE, 1)[0].error).toBe(
			'Order CS-6001: location "Elsewhere" has no row in the Supply Channel Mapping table',
		);
		expect(fixture.sandbox.callsTo('orders/import')).toHaveLength(0);
	});
});

describe('commercetools → Order → Get and Update State', () => {
	beforeEach(async () => {
		await importOrder(
			fixture.sandbox,
			orderImportDraft('WEB-1', [{ sku: 'TEE-RED-M', quantity: 2 }]),
		);
	});

	it('gets an order by number as the canonical order', async () => {
		const result = await fixture.runner.run(
			commercetoolsWorkflow({ resource: 'order', operation: 'get', orderNumber: 'WEB-1' }),
		);
		expect(result.json(NODE)[0]).toMatchObject({
			reference: 'WEB-1',
			origin: 'commercetools',
			lines: [{ sku: 'TEE-RED-M', quantity: 2, unitPrice: 19.99 }],
		});
	});

	it('sends an unknown order number to the error output', async () => {
		const result = await fixture.runner.run(
			commercetoolsWorkflow(
				{ resource: 'order', operation: 'get', orderNumber: 'NOPE' },
				[{}],
				ERROR_OUTPUT,
			),
		);
		expect(result.json(NODE, 1)[0].error).toBe('commercetools has no order number NOPE');
	});

	it('updates the states on the version read, and after a 409 re-reads and retries', async () => {
		fixture.sandbox.setFaults({
			failNext: [{ operation: 'orders/update', status: 409, count: 1 }],
		});
		const result = await fixture.runner.run(
			commercetoolsWorkflow({
				resource: 'order',
				operation: 'updateState',
				orderNumber: 'WEB-1',
				orderState: 'Confirmed',
				paymentState: 'Paid',
			}),
		);
		expect(result.status).toBe('success');
		expect(result.json(NODE)[0]).toMatchObject({
			changed: ['changeOrderState', 'changePaymentState'],
			attributes: { orderState: 'Confirmed', paymentState: 'Paid' },
		});
		expect(orderOf(fixture.sandbox, 'WEB-1')).toMatchObject({
			orderState: 'Confirmed',
			paymentState: 'Paid',
		});
		expect(fixture.sandbox.callsTo('orders/update')).toHaveLength(2);
		// Nothing left to change: nothing is written.
		const again = await fixture.runner.run(
			commercetoolsWorkflow({
				resource: 'order',
				operation: 'updateState',
				orderNumber: 'WEB-1',
				orderState: 'Confirmed',
			}),
		);
		expect(again.json(NODE)[0].changed).toEqual([]);
		expect(fixture.sandbox.callsTo('orders/update')).toHaveLength(2);
	});
});
