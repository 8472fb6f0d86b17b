import type { IDataObject } from 'n8n-workflow';

import { ORDER_READS } from '../../nodes/Cloudshelf/queries';
import { complexityOf } from '../../sandbox/cloudshelf/server';
import type { SeedOrder } from '../../sandbox/cloudshelf/state';
import { parseClientConfig } from '../../tools/agency/client-config';
import { runScheduled, startRetail, type RetailFixture } from '../harness/templates';
import { minutesAgo } from '../harness/time';

const TEMPLATE = 'order-injection-cloudshelf-to-linnworks';
const TRIGGER = 'Every 5 Minutes';
let fixture: RetailFixture;
beforeEach(async () => {
	fixture = await startRetail();
});
afterEach(async () => fixture.close());

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

const linnworksOrders = () => fixture.sandboxes.linnworks.state.snapshot().orders;
const alertsFlat = () => fixture.alerts().flatMap((alert) => alert.exceptions as IDataObject[]);

describe('template: order injection Cloudshelf → Linnworks', () => {
	it('creates each kiosk order in Linnworks under its store, then marks it in Cloudshelf', async () => {
		const { state } = fixture.sandboxes.cloudshelf;
		const placed = state.seedOrder(kioskOrder());
		const paid = state.seedOrder(
			kioskOrder({
				status: 'PAID',
				location: 'Manchester Arndale',
				lines: [{ variant: 'HOODIE-GREY-L', quantity: 1, price: 48.99 }],
			}),
		);
		state.seedOrder(kioskOrder({ status: 'DRAFT_BASKET' }));

		const result = await runScheduled(fixture, fixture.workflow(TEMPLATE), TRIGGER);
		expect(result.status).toBe('success');
		const orders = linnworksOrders();
		expect(
			orders.map((order) => [order.reference, order.source, order.subSource, order.paymentStatus]),
		).toEqual([
			[paid.id, 'CLOUDSHELF', 'Manchester Arndale', 'Paid'],
			[placed.id, 'CLOUDSHELF', 'Oxford Street', 'Unpaid'],
		]);
		const byReference = Object.fromEntries(orders.map((order) => [order.reference, order]));
		expect(state.orders.get(placed.id)).toMatchObject({
			status: 'PLACED',
			thirdPartyId: String(byReference[placed.id].numOrderId),
		});
		expect(state.orders.get(paid.id)).toMatchObject({
			status: 'PAID',
			thirdPartyId: String(byReference[paid.id].numOrderId),
		});
		// Fulfilled from the warehouse, under the in-store guest customer.
		const stored = [...fixture.sandboxes.linnworks.state.orders.values()][0];
		expect(stored.channel.ChannelBuyerName).toBe('In-store Customer');
		expect(
			fixture.sandboxes.linnworks.state.findLocation('London Warehouse')!.StockLocationId,
		).toBe(stored.fulfilmentLocationId);
		expect(fixture.alerts()).toEqual([]);
		// Kiosk Orders reads only the fields injection uses, in the larger pages that allows.
		const lean = ORDER_READS.orderInjection;
		const { charges, schema } = fixture.sandboxes.cloudshelf;
		expect(charges.filter((charge) => charge.operation === 'Orders')).toEqual([
			{
				operation: 'Orders',
				complexity: complexityOf(schema, lean.query, { first: lean.pageSize }),
			},
		]);
	});

	it('never duplicates: replayed runs, and a run after a lost status update, keep one Linnworks order per kiosk order', async () => {
		const { state } = fixture.sandboxes.cloudshelf;
		state.seedOrder(kioskOrder());
		state.seedOrder(kioskOrder({ location: 'Manchester Arndale' }));
		const workflow = fixture.workflow(TEMPLATE);
		await runScheduled(fixture, workflow, TRIGGER);
		await runScheduled(fixture, workflow, TRIGGER);
		expect(linnworksOrders()).toHaveLength(2);
		// Simulate the status write-back having been lost: the orders look un-injected again.
		for (const order of state.orders.values()) order.thirdPartyId = null;
		const replay = await runScheduled(fixture, workflow, TRIGGER);
		expect(replay.json('Create Linnworks Order').map((item) => item.created)).toEqual([
			false,
			false,
		]);
		expect(linnworksOrders()).toHaveLength(2);
		expect(fixture.sandboxes.linnworks.callsTo('Orders/CreateOrders')).toHaveLength(1);
		expect([...state.orders.values()].every((order) => order.thirdPartyId)).toBe(true);
	});

	it('keeps an order with an unmapped SKU in exceptions and injects it once the mapping is added', async () => {
		const { state } = fixture.sandboxes.cloudshelf;
		state.seed({
			products: [
				{
					id: 'gid://external/RetailSyncProduct/KIOSK-TEE',
					displayName: 'Kiosk tee',
					variants: [
						{
							id: 'gid://external/RetailSyncVariant/KIOSK-TEE',
							sku: 'KIOSK-TEE',
							currentPrice: 19.99,
						},
					],
				},
			],
		});
		const order = state.seedOrder(
			kioskOrder({ lines: [{ variant: 'KIOSK-TEE', quantity: 1, price: 19.99 }] }),
		);

		await runScheduled(fixture, fixture.workflow(TEMPLATE), TRIGGER);
		expect(linnworksOrders()).toHaveLength(0);
		expect(alertsFlat()).toEqual([
			expect.objectContaining({
				flow: 'order-injection',
				reason: `Order ${order.id}: SKU KIOSK-TEE has no Linnworks stock item`,
				record: expect.objectContaining({ reference: order.id }),
			}),
		]);
		expect(state.orders.get(order.id)!.thirdPartyId).toBeNull();

		const fixed = parseClientConfig({
			...fixture.config,
			skuMapping: [{ cloudshelf: 'KIOSK-TEE', linnworks: 'TEE-RED-M' }],
		});
		await runScheduled(fixture, fixture.workflow(TEMPLATE, fixed), TRIGGER);
		expect(linnworksOrders()).toEqual([
			expect.objectContaining({ reference: order.id, lines: [{ sku: 'TEE-RED-M', quantity: 1 }] }),
		]);
		expect(state.orders.get(order.id)!.thirdPartyId).toBeTruthy();
	});

	it('sends unknown stores and prices beyond the tolerance to exceptions, with the reason', async () => {
		const { state } = fixture.sandboxes.cloudshelf;
		state.seed({
			locations: [
				{ id: 'gid://external/RetailSyncLocation/brighton', displayName: 'Brighton Pop-up' },
			],
		});
		const popUp = state.seedOrder(kioskOrder({ location: 'Brighton Pop-up' }));
		const cheap = state.seedOrder(
			kioskOrder({ lines: [{ variant: 'CAP-BLUE', quantity: 1, price: 9.99 }] }),
		);
		await runScheduled(fixture, fixture.workflow(TEMPLATE), TRIGGER);
		expect(
			alertsFlat()
				.map((exception) => exception.reason)
				.sort(),
		).toEqual(
			[
				`Order ${popUp.id}: location "Brighton Pop-up" has no row in the Location Mapping table`,
				`Order ${cheap.id}: line 1 (CAP-BLUE) costs 9.99 but the Linnworks price is 14.99 (33.4% off), more than the 5% tolerance`,
			].sort(),
		);
		expect(linnworksOrders()).toHaveLength(0);
	});
});
