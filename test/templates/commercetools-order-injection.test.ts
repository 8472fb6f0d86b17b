import type { IDataObject } from 'n8n-workflow';

import type { SeedOrder } from '../../sandbox/cloudshelf/state';
import { queueRows, runScheduled, startRetail, type RetailFixture } from '../harness/templates';
import { minutesAgo } from '../harness/time';

const TEMPLATE = 'order-injection-cloudshelf-to-commercetools';
const WORKFLOW_NAME = 'Order injection: Cloudshelf → commercetools (Test Retailer)';
const TRIGGER = 'Every 5 Minutes';
const IMPORT = 'Import Into commercetools';
let fixture: RetailFixture;
beforeEach(async () => {
	fixture = await startRetail();
});
afterEach(async () => fixture.close());

/** An endless-aisle kiosk order (delivered to the customer: the sandbox's default method). */
function kioskOrder(overrides: Partial<SeedOrder> = {}): SeedOrder {
	return {
		location: 'Oxford Street',
		device: 'Kiosk 1',
		paymentMethod: 'card',
		createdAt: minutesAgo(10),
		lines: [
			{ variant: 'TEE-RED-M', quantity: 2, price: 19.99 },
			{ variant: 'CAP-BLUE', quantity: 1, price: 14.99 },
		],
		...overrides,
	};
}

/** commercetools' orders as `orderNumber → store / shipping method / lines (sku×qty@channel)`. */
function commercetoolsOrders(): Record<string, string> {
	const { state } = fixture.sandboxes.commercetools;
	const channelKey = (id?: string) =>
		['london-warehouse', 'oxford-street', 'manchester-arndale'].find(
			(key) => state.channel(key)?.id === id,
		);
	return Object.fromEntries(
		state
			.orders()
			.map((order) => [
				order.orderNumber ?? order.id,
				[
					order.store?.key,
					order.shippingInfo?.shippingMethodName,
					order.lineItems
						.map(
							(line) =>
								`${line.variant.sku}x${line.quantity}@${channelKey(line.supplyChannel?.id)}`,
						)
						.join(','),
				].join(' / '),
			]),
	);
}

const alertsFlat = () => fixture.alerts().flatMap((alert) => alert.exceptions as IDataObject[]);

describe('template: order injection Cloudshelf → commercetools', () => {
	it('imports each endless-aisle order once into the store, from the warehouse channel, then marks it in Cloudshelf', async () => {
		const { state } = fixture.sandboxes.cloudshelf;
		const placed = state.seedOrder(kioskOrder());
		const paid = state.seedOrder(
			kioskOrder({
				status: 'PAID',
				location: 'Manchester Arndale',
				lines: [{ variant: 'HOODIE-GREY-L', quantity: 1, price: 48.99 }],
			}),
		);
		const inStore = state.seedOrder(kioskOrder({ status: 'PAID', fulfilmentMethod: 'in_store' }));
		state.seedOrder(kioskOrder({ status: 'DRAFT_BASKET' }));

		const result = await runScheduled(fixture, fixture.workflow(TEMPLATE), TRIGGER);
		expect(result.status).toBe('success');
		expect(commercetoolsOrders()).toEqual({
			[placed.id]:
				'uk-stores / Standard Delivery / TEE-RED-Mx2@london-warehouse,CAP-BLUEx1@london-warehouse',
			[paid.id]: 'uk-stores / Standard Delivery / HOODIE-GREY-Lx1@london-warehouse',
		});
		expect(
			result
				.json(IMPORT)
				.map((item) => [item.reference, item.created])
				.sort(),
		).toEqual(
			[
				[placed.id, true],
				[paid.id, true],
			].sort(),
		);
		// Each kiosk order is marked with its commercetools order number; its status is unchanged.
		expect(state.orders.get(placed.id)).toMatchObject({
			status: 'PLACED',
			thirdPartyId: placed.id,
		});
		expect(state.orders.get(paid.id)).toMatchObject({ status: 'PAID', thirdPartyId: paid.id });
		// The in-store sale is the store-sales workflow's: not an order, not marked.
		expect(state.orders.get(inStore.id)!.thirdPartyId).toBeNull();
		// Imported orders emit OrderImported, which the order trigger of other flows reads.
		expect(
			fixture.sandboxes.commercetools.state
				.messages(['OrderImported'])
				.map((message) => String(message.resourceUserProvidedIdentifiers?.orderNumber))
				.sort(),
		).toEqual([placed.id, paid.id].sort());
		expect(fixture.alerts()).toEqual([]);
	});

	it('never imports twice: a second run, a run after the Cloudshelf mark was lost and an import whose answer was lost keep one order each', async () => {
		const { cloudshelf, commercetools } = fixture.sandboxes;
		const first = cloudshelf.state.seedOrder(kioskOrder());
		const workflow = fixture.workflow(TEMPLATE);
		await runScheduled(fixture, workflow, TRIGGER);
		const imported = commercetoolsOrders();
		expect(Object.keys(imported)).toEqual([first.id]);

		// Run twice: the order is marked, not read again.
		expect((await runScheduled(fixture, workflow, TRIGGER)).status).toBe('success');
		expect(commercetoolsOrders()).toEqual(imported);

		// The Cloudshelf mark was lost: the order is read again, found in commercetools, marked.
		cloudshelf.state.orders.get(first.id)!.thirdPartyId = null;
		const replay = await runScheduled(fixture, workflow, TRIGGER);
		expect(replay.json(IMPORT).map((item) => [item.reference, item.created])).toEqual([
			[first.id, false],
		]);
		expect(commercetoolsOrders()).toEqual(imported);
		expect(cloudshelf.state.orders.get(first.id)!.thirdPartyId).toBe(first.id);

		// commercetools imports the next order but its answer never arrives: it is read back by its
		// order number, not imported again, and marked.
		const second = cloudshelf.state.seedOrder(kioskOrder({ location: 'Manchester Arndale' }));
		commercetools.setFaults({ loseAnswerNext: [{ operation: 'orders/import', count: 1 }] });
		const lost = await runScheduled(fixture, workflow, TRIGGER);
		expect(lost.status).toBe('success');
		expect(commercetools.callsTo('orders/import')).toHaveLength(2);
		expect(Object.keys(commercetoolsOrders()).sort()).toEqual([first.id, second.id].sort());
		expect(cloudshelf.state.orders.get(second.id)!.thirdPartyId).toBe(second.id);
		await runScheduled(fixture, workflow, TRIGGER);
		expect(commercetools.state.orders()).toHaveLength(2);
		expect(fixture.alerts()).toEqual([]);
	});

	it('sends an order with a SKU commercetools does not have to exceptions and leaves it un-marked, so the next run tries it again', async () => {
		const { cloudshelf } = fixture.sandboxes;
		cloudshelf.state.seed({
			products: [
				{
					id: 'gid://external/RetailSyncProduct/KIOSK-ONLY',
					displayName: 'Kiosk only',
					variants: [{ id: 'gid://external/RetailSyncVariant/KIOSK-ONLY-1', sku: 'KIOSK-ONLY-1' }],
				},
			],
		});
		const good = cloudshelf.state.seedOrder(kioskOrder());
		const bad = cloudshelf.state.seedOrder(
			kioskOrder({ lines: [{ variant: 'KIOSK-ONLY-1', quantity: 1, price: 9.99 }] }),
		);
		const workflow = fixture.workflow(TEMPLATE);
		const result = await runScheduled(fixture, workflow, TRIGGER);
		expect(result.status).toBe('success');
		expect(Object.keys(commercetoolsOrders())).toEqual([good.id]);
		expect(cloudshelf.state.orders.get(bad.id)!.thirdPartyId).toBeNull();
		const reason = `Order ${bad.id}: SKU KIOSK-ONLY-1 is not a commercetools product variant`;
		expect(fixture.alerts()).toHaveLength(1);
		expect(fixture.alerts()[0]).toMatchObject({
			text: `1 new exception(s) in ${WORKFLOW_NAME}: ${reason}`,
			flow: 'order-injection',
			workflow: WORKFLOW_NAME,
		});
		expect(alertsFlat()).toEqual([
			expect.objectContaining({
				workflow: WORKFLOW_NAME,
				flow: 'order-injection',
				platform: 'commercetools',
				reference: bad.id,
				reason,
				record: expect.objectContaining({ reference: bad.id }),
			}),
		]);

		// Still un-marked, so every run tries it again until it is fixed: not alerted again, but
		// counted as another attempt on its open row in the exception queue.
		await runScheduled(fixture, workflow, TRIGGER);
		expect(Object.keys(commercetoolsOrders())).toEqual([good.id]);
		expect(fixture.alerts()).toHaveLength(1);
		expect(queueRows(fixture, WORKFLOW_NAME)).toEqual([
			expect.objectContaining({ reference: bad.id, reason, attempts: 2, status: 'open' }),
		]);
	});
});
