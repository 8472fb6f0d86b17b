import type { IDataObject } from 'n8n-workflow';

import type { SeedOrder } from '../../sandbox/cloudshelf/state';
import { parseClientConfig } from '../../tools/agency/client-config';
import { queueRows, runScheduled, startRetail, type RetailFixture } from '../harness/templates';
import { minutesAgo } from '../harness/time';

const TEMPLATE = 'order-injection-cloudshelf-to-centra';
const WORKFLOW_NAME = 'Order injection: Cloudshelf → Centra (Test Retailer)';
const TRIGGER = 'Every 5 Minutes';
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

/** Centra's orders as `reference → market/pricelist/shipping option/customer/lines`. */
function centraOrders(): Record<string, string> {
	const { state } = fixture.sandboxes.centra;
	const orders: Record<string, string> = {};
	for (const order of state.orders.values()) {
		const reference = /External reference: (\S+)/.exec(order.internalComment ?? '')?.[1] ?? '';
		orders[reference] = [
			state.markets.get(order.marketId!)?.name,
			state.pricelists.get(order.pricelistId!)?.name,
			state.shippingOptions.get(order.shippingOptionId!)?.uri,
			state.customers.get(order.customerId!)?.email,
			order.lines
				.map((line) => `${state.productSizes.get(line.productSizeId!)?.SKU}x${line.quantity}`)
				.join(','),
		].join(' / ');
	}
	return orders;
}

const alertsFlat = () => fixture.alerts().flatMap((alert) => alert.exceptions as IDataObject[]);

describe('template: order injection Cloudshelf → Centra', () => {
	it('creates each endless-aisle order once in the market and pricelist of its store, then marks it in Cloudshelf', async () => {
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

		// The client's Manchester kiosks sell in the outlet market, at outlet prices (by name here).
		const client = parseClientConfig({
			...fixture.centraConfig,
			locations: (fixture.centraConfig.locations ?? []).map((row) =>
				row.name === 'Manchester Arndale'
					? { ...row, centra: { market: 'UK Outlet', pricelist: 'GBP Outlet', country: 'GB' } }
					: row,
			),
		});
		const result = await runScheduled(fixture, fixture.workflow(TEMPLATE, client), TRIGGER);
		expect(result.status).toBe('success');
		expect(centraOrders()).toEqual({
			[placed.id]:
				'UK Retail / GBP Retail / standard / stores@retail-sync.local / TEE-RED-Mx2,CAP-BLUEx1',
			[paid.id]: 'UK Outlet / GBP Outlet / standard / stores@retail-sync.local / HOODIE-GREY-Lx1',
		});
		// Each kiosk order carries its Centra order number; status unchanged.
		const numberOf = (reference: string) =>
			String(
				[...fixture.sandboxes.centra.state.orders.values()].find((order) =>
					order.internalComment?.includes(`External reference: ${reference}`),
				)!.number,
			);
		expect(state.orders.get(placed.id)).toMatchObject({
			status: 'PLACED',
			thirdPartyId: numberOf(placed.id),
		});
		expect(state.orders.get(paid.id)).toMatchObject({
			status: 'PAID',
			thirdPartyId: numberOf(paid.id),
		});
		// The in-store sale is the store-sales workflow's: not an order, not marked.
		expect(state.orders.get(inStore.id)!.thirdPartyId).toBeNull();
		// Guest orders are never registered customers; Centra took the stock from the web warehouse.
		const [customer] = [...fixture.sandboxes.centra.state.customers.values()];
		expect(customer).toMatchObject({ email: 'stores@retail-sync.local', registered: false });
		expect(
			fixture.sandboxes.centra.state.stockOf('London Warehouse', 'TEE-RED-M').freeToAllocate,
		).toBe(10 - 2);
		expect(fixture.alerts()).toEqual([]);
	});

	it('never duplicates: replayed runs, and a run after a lost status update, keep one Centra order per kiosk order', async () => {
		const { state } = fixture.sandboxes.cloudshelf;
		state.seedOrder(kioskOrder());
		state.seedOrder(kioskOrder({ location: 'Manchester Arndale' }));
		const workflow = fixture.workflow(TEMPLATE);
		await runScheduled(fixture, workflow, TRIGGER);
		const created = centraOrders();
		expect(Object.keys(created)).toHaveLength(2);
		await runScheduled(fixture, workflow, TRIGGER);
		expect(centraOrders()).toEqual(created);
		// Simulate the status write-back having been lost: the orders look un-injected again.
		for (const order of state.orders.values()) order.thirdPartyId = null;
		const replay = await runScheduled(fixture, workflow, TRIGGER);
		expect(replay.json('Create Centra Order').map((item) => item.created)).toEqual([false, false]);
		expect(centraOrders()).toEqual(created);
		expect(fixture.sandboxes.centra.state.orders.size).toBe(2);
		expect(fixture.sandboxes.centra.callsTo('POST order')).toHaveLength(2);
		expect([...state.orders.values()].every((order) => order.thirdPartyId)).toBe(true);
		expect(fixture.alerts()).toEqual([]);
	});

	it('sends unmapped stores and fulfilment methods to exceptions, with the reason, and creates them once mapped', async () => {
		const { state } = fixture.sandboxes.cloudshelf;
		state.seed({
			locations: [
				{ id: 'gid://external/RetailSyncLocation/brighton', displayName: 'Brighton Pop-up' },
			],
		});
		const popUp = state.seedOrder(kioskOrder({ location: 'Brighton Pop-up' }));
		const collect = state.seedOrder(kioskOrder({ fulfilmentMethod: 'click_and_collect' }));
		await runScheduled(fixture, fixture.workflow(TEMPLATE), TRIGGER);
		expect(fixture.sandboxes.centra.state.orders.size).toBe(0);
		const reasons = {
			[popUp.id]: `Order ${popUp.id}: location "Brighton Pop-up" has no row in the Location Mapping table`,
			[collect.id]: `Order ${collect.id}: shipping method "click_and_collect" has no row in the Shipping Method Mapping table`,
		};
		expect(
			alertsFlat()
				.map((exception) => [
					exception.workflow,
					exception.flow,
					exception.reference,
					exception.reason,
				])
				.sort(),
		).toEqual(
			[
				[WORKFLOW_NAME, 'order-injection', popUp.id, reasons[popUp.id]],
				[WORKFLOW_NAME, 'order-injection', collect.id, reasons[collect.id]],
			].sort(),
		);
		expect(fixture.alerts()).toHaveLength(1);
		const prefix = `2 new exception(s) in ${WORKFLOW_NAME}: `;
		const text = String(fixture.alerts()[0].text);
		expect(text.startsWith(prefix)).toBe(true);
		expect(text.slice(prefix.length).split('; ').sort()).toEqual(Object.values(reasons).sort());
		expect(state.orders.get(popUp.id)!.thirdPartyId).toBeNull();
		expect(state.orders.get(collect.id)!.thirdPartyId).toBeNull();
		const queue = () =>
			queueRows(fixture, WORKFLOW_NAME)
				.map(({ reference, attempts, status }) => [reference, attempts, status])
				.sort();
		expect(queue()).toEqual(
			[
				[popUp.id, 1, 'open'],
				[collect.id, 1, 'open'],
			].sort(),
		);

		// Mapped in the editor: the next run creates both (they stayed un-marked, so they are read again).
		const workflow = fixture.workflow(TEMPLATE);
		const create = workflow.nodes.find((node) => node.name === 'Create Centra Order')!;
		const parameters = create.parameters as IDataObject & {
			locationMapping: { mapping: IDataObject[] };
			shippingMethodMapping: { mapping: IDataObject[] };
		};
		parameters.locationMapping.mapping.push({
			orderLocation: 'Brighton Pop-up',
			market: '2',
			pricelist: '2',
			shippingOption: 'next-day',
			country: 'GB',
		});
		parameters.shippingMethodMapping.mapping.push({
			shippingMethod: 'click_and_collect',
			shippingOption: 'store-pickup',
		});
		const fixed = await runScheduled(fixture, workflow, TRIGGER);
		expect(fixed.status).toBe('success');
		expect(centraOrders()).toEqual({
			// The location's default shipping option is for orders that name none; delivery is mapped.
			[popUp.id]:
				'UK Outlet / GBP Outlet / standard / stores@retail-sync.local / TEE-RED-Mx2,CAP-BLUEx1',
			[collect.id]:
				'UK Retail / GBP Retail / store-pickup / stores@retail-sync.local / TEE-RED-Mx2,CAP-BLUEx1',
		});
		expect(state.orders.get(popUp.id)!.thirdPartyId).toBeTruthy();
		expect(state.orders.get(collect.id)!.thirdPartyId).toBeTruthy();
		// Created: both rows of the exception queue are resolved, and nothing new was alerted.
		expect(queue()).toEqual(
			[
				[popUp.id, 1, 'resolved'],
				[collect.id, 1, 'resolved'],
			].sort(),
		);
		expect(fixture.alerts()).toHaveLength(1);
	});
});
