/**
 * The order injection template (Cloudshelf kiosk orders → Stokly Sale Order → Create with payments,
 * kiosk order marked with the sale order id) through n8n's engine against the Cloudshelf and Stokly
 * sandboxes, configured by the agency tool for the sandbox client (stores shipped from the
 * warehouse, card → 4 and cash → 1, channel Cloudshelf).
 */
import type { IDataObject } from 'n8n-workflow';

import type { SeedOrder } from '../../sandbox/cloudshelf/state';
import { queueRows, runScheduled, startRetail, type RetailFixture } from '../harness/templates';
import { minutesAgo } from '../harness/time';

const TEMPLATE = 'order-injection-cloudshelf-to-stokly';
const WORKFLOW_NAME = 'Order injection: Cloudshelf → Stokly (Test Retailer)';
const TRIGGER = 'Every 5 Minutes';
const CREATE = 'Create Sale Order In Stokly';
const SHOWN = 'Shown In Stokly';
let fixture: RetailFixture;
beforeEach(async () => {
	fixture = await startRetail();
});
afterEach(async () => fixture.close());

/** A paid endless-aisle kiosk order (delivered to the customer: the sandbox's default method). */
function kioskOrder(overrides: Partial<SeedOrder> = {}): SeedOrder {
	return {
		status: 'PAID',
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

/** Stokly's sale orders (held ones too) by source reference. */
function saleOrders(): Record<
	string,
	ReturnType<RetailFixture['sandboxes']['stokly']['state']['saleOrders']>[number]
> {
	return Object.fromEntries(
		fixture.sandboxes.stokly.state
			.saleOrders({ includeHeld: true })
			.map((order) => [order.sourceReferenceId ?? order.saleOrderId, order]),
	);
}

/** A sale order as `channel / location / payments / lines (sku×qty fulfilmentType)`. */
function described(reference: string): string {
	const { state } = fixture.sandboxes.stokly;
	const order = saleOrders()[reference];
	const location = [...state.locations.all()].find(
		(candidate) => candidate.locationId === order.locationId,
	)?.name;
	return [
		order.channelName,
		location,
		order.payments.map((payment) => `${payment.method}:${payment.amount}`).join(','),
		order.items.map((line) => `${line.itemSku}x${line.quantity} ${line.fulfilmentType}`).join(','),
	].join(' / ');
}

/** Static data as it is `ms` later: every remembered write (`at`) that much older. */
function aged(staticData: IDataObject, ms: number): IDataObject {
	const walk = (value: unknown): unknown =>
		Array.isArray(value)
			? value.map(walk)
			: value && typeof value === 'object'
				? Object.fromEntries(
						Object.entries(value).map(([key, entry]) => [
							key,
							key === 'at' && typeof entry === 'number' ? entry - ms : walk(entry),
						]),
					)
				: value;
	return walk(staticData) as IDataObject;
}

const saleOrderPosts = () =>
	fixture.sandboxes.stokly.calls.filter((call) => call.operation === 'POST /v2/saleorders');
const alertsFlat = () => fixture.alerts().flatMap((alert) => alert.exceptions as IDataObject[]);

describe('template: order injection Cloudshelf → Stokly', () => {
	it('files each kiosk order once as a Stokly sale order with its mapped payment, channel and location, then marks it in Cloudshelf', async () => {
		const { cloudshelf } = fixture.sandboxes;
		const endlessAisle = cloudshelf.state.seedOrder(kioskOrder());
		const inStore = cloudshelf.state.seedOrder(
			kioskOrder({
				location: 'Manchester Arndale',
				fulfilmentMethod: 'in_store',
				paymentMethod: 'cash',
				lines: [{ variant: 'HOODIE-GREY-L', quantity: 1, price: 48.99 }],
			}),
		);
		// More caps than the warehouse holds (12): filed, flagged as a backorder.
		const short = cloudshelf.state.seedOrder(
			kioskOrder({ lines: [{ variant: 'CAP-BLUE', quantity: 40, price: 14.99 }] }),
		);
		cloudshelf.state.seedOrder(kioskOrder({ status: 'DRAFT_BASKET' }));
		const workflow = fixture.workflow(TEMPLATE);

		const result = await runScheduled(fixture, workflow, TRIGGER);
		expect(result.status).toBe('success');
		expect(Object.keys(saleOrders()).sort()).toEqual(
			[endlessAisle.id, inStore.id, short.id].sort(),
		);
		expect(described(endlessAisle.id)).toBe(
			'Cloudshelf / London Warehouse / 4:54.97 / TEE-RED-Mx2 delivery,CAP-BLUEx1 delivery',
		);
		expect(described(inStore.id)).toBe(
			'Cloudshelf / London Warehouse / 1:48.99 / HOODIE-GREY-Lx1 none',
		);
		const sold = saleOrders()[endlessAisle.id];
		// Counted on the day the kiosk took it; the store it was taken in is tagged.
		expect(new Date(sold.createdAt).toISOString()).toBe(
			cloudshelf.state.orders.get(endlessAisle.id)!.createdAt,
		);
		expect(sold.tags).toContain('location:Oxford Street');
		expect(saleOrders()[short.id].tags).toContain('backorder');
		expect(result.json(CREATE).find((item) => item.reference === short.id)).toMatchObject({
			created: true,
			backorderedLines: [expect.objectContaining({ sku: 'CAP-BLUE' })],
		});

		// Each kiosk order is marked with its Stokly sale order id; its status is unchanged.
		for (const order of [endlessAisle, inStore, short])
			expect(cloudshelf.state.orders.get(order.id)).toMatchObject({
				status: 'PAID',
				thirdPartyId: saleOrders()[order.id].saleOrderId,
			});
		expect(fixture.alerts()).toEqual([]);

		// Run again: marked orders are not read again; nothing is filed twice.
		expect((await runScheduled(fixture, workflow, TRIGGER)).status).toBe('success');
		expect(saleOrderPosts()).toHaveLength(3);
		// The Cloudshelf mark was lost: the order is read again, found by its reference, marked again.
		cloudshelf.state.orders.get(endlessAisle.id)!.thirdPartyId = null;
		const replay = await runScheduled(fixture, workflow, TRIGGER);
		expect(replay.json(CREATE).map((item) => [item.reference, item.created])).toEqual([
			[endlessAisle.id, false],
		]);
		expect(saleOrderPosts()).toHaveLength(3);
		expect(cloudshelf.state.orders.get(endlessAisle.id)!.thirdPartyId).toBe(sold.saleOrderId);
	});

	it('sends an order paid by a tender the Payment Method Mapping lacks to the exception alert, naming it, and leaves it un-marked', async () => {
		const { cloudshelf } = fixture.sandboxes;
		const good = cloudshelf.state.seedOrder(kioskOrder());
		const voucher = cloudshelf.state.seedOrder(kioskOrder({ paymentMethod: 'gift_voucher' }));
		const workflow = fixture.workflow(TEMPLATE);
		expect((await runScheduled(fixture, workflow, TRIGGER)).status).toBe('success');
		expect(Object.keys(saleOrders())).toEqual([good.id]);
		expect(cloudshelf.state.orders.get(voucher.id)!.thirdPartyId).toBeNull();
		const reason = `Order ${voucher.id}: payment method "gift_voucher" has no row in the Payment Method Mapping table`;
		expect(alertsFlat()).toEqual([
			expect.objectContaining({
				workflow: WORKFLOW_NAME,
				flow: 'order-injection',
				reference: voucher.id,
				reason,
				record: expect.objectContaining({ reference: voucher.id }),
			}),
		]);
		expect(fixture.alerts()[0].text).toBe(`1 new exception(s) in ${WORKFLOW_NAME}: ${reason}`);
		// Still un-marked: every run tries it again until the tender is mapped, counting an attempt on
		// its open row in the exception queue rather than alerting again.
		await runScheduled(fixture, workflow, TRIGGER);
		expect(Object.keys(saleOrders())).toEqual([good.id]);
		expect(fixture.alerts()).toHaveLength(1);
		expect(queueRows(fixture, WORKFLOW_NAME)).toEqual([
			expect.objectContaining({ reference: voucher.id, reason, attempts: 2, status: 'open' }),
		]);
	});

	it('never files twice a sale order Stokly accepted (202) but does not show yet, and marks the kiosk order only once Stokly shows it', async () => {
		const { cloudshelf, stokly } = fixture.sandboxes;
		const order = cloudshelf.state.seedOrder(kioskOrder());
		const workflow = fixture.workflow(TEMPLATE);
		stokly.state.holdWrites = true;

		// Production runs keep the node's static data (the pending sale order) between runs.
		const first = await fixture.runner.run(
			workflow,
			{ startNode: TRIGGER, mode: 'trigger' },
			undefined,
		);
		expect(first.status).toBe('success');
		expect(first.json(CREATE)).toEqual([
			expect.objectContaining({ reference: order.id, created: true, pending: true }),
		]);
		// Not shown by Stokly yet: left un-marked, so Kiosk Orders reads it again.
		expect(first.json(SHOWN)).toEqual([]);
		expect(cloudshelf.state.orders.get(order.id)!.thirdPartyId).toBeNull();
		expect(fixture.alerts()).toEqual([]);

		// Still not shown: remembered as sent, not sent again, still not marked.
		const second = await fixture.runner.run(
			workflow,
			{ startNode: TRIGGER, mode: 'trigger' },
			first.staticData,
		);
		expect(second.json(CREATE)).toEqual([
			expect.objectContaining({ reference: order.id, created: false, pending: true }),
		]);
		expect(saleOrderPosts()).toHaveLength(1);
		const [held] = stokly.state.saleOrders({ includeHeld: true });
		expect(held.visible).toBe(false);
		expect(cloudshelf.state.orders.get(order.id)!.thirdPartyId).toBeNull();

		// Once Stokly shows it, the next run finds it (created: false) and marks the kiosk order;
		// the mark fails once (Cloudshelf refuses), so the run after marks it.
		stokly.state.settle();
		cloudshelf.setFaults({ failNext: [{ operation: 'UpsertOrders', status: 400, count: 1 }] });
		const third = await fixture.runner.run(
			workflow,
			{ startNode: TRIGGER, mode: 'trigger' },
			second.staticData,
		);
		expect(third.json(CREATE)).toEqual([
			expect.objectContaining({
				reference: order.id,
				saleOrderId: held.saleOrderId,
				created: false,
				pending: false,
			}),
		]);
		expect(cloudshelf.state.orders.get(order.id)!.thirdPartyId).toBeNull();
		expect(alertsFlat()).toHaveLength(1);
		await fixture.runner.run(workflow, { startNode: TRIGGER, mode: 'trigger' }, third.staticData);
		expect(cloudshelf.state.orders.get(order.id)!.thirdPartyId).toBe(held.saleOrderId);
		expect(saleOrderPosts()).toHaveLength(1);
		expect(stokly.state.saleOrders().map((saleOrder) => saleOrder.sourceReferenceId)).toEqual([
			order.id,
		]);
	});

	it('sends a sale order Stokly never shows again after the Pending Window, the kiosk order still un-marked', async () => {
		const { cloudshelf, stokly } = fixture.sandboxes;
		const order = cloudshelf.state.seedOrder(kioskOrder());
		const workflow = fixture.workflow(TEMPLATE);
		stokly.state.holdWrites = true;
		const first = await fixture.runner.run(
			workflow,
			{ startNode: TRIGGER, mode: 'trigger' },
			undefined,
		);
		expect(first.json(CREATE)).toEqual([expect.objectContaining({ pending: true })]);
		// 31 minutes later (the Pending Window is 30): still not in Stokly, still un-marked.
		const second = await fixture.runner.run(
			workflow,
			{ startNode: TRIGGER, mode: 'trigger' },
			aged(first.staticData, 31 * 60_000),
		);
		expect(second.json(CREATE)).toEqual([
			expect.objectContaining({ reference: order.id, created: true, pending: true }),
		]);
		expect(saleOrderPosts()).toHaveLength(2);
		expect(cloudshelf.state.orders.get(order.id)!.thirdPartyId).toBeNull();
	});

	it('files a partly refunded kiosk order (a late offline sale refunded in part) with its payments', async () => {
		const { cloudshelf } = fixture.sandboxes;
		const order = cloudshelf.state.seedOrder(
			kioskOrder({ status: 'PARTIALLY_REFUNDED', createdAt: minutesAgo(26 * 60) }),
		);
		const result = await runScheduled(fixture, fixture.workflow(TEMPLATE), TRIGGER);
		expect(result.status).toBe('success');
		expect(result.json(CREATE)).toEqual([
			expect.objectContaining({ reference: order.id, created: true }),
		]);
		expect(described(order.id)).toBe(
			'Cloudshelf / London Warehouse / 4:54.97 / TEE-RED-Mx2 delivery,CAP-BLUEx1 delivery',
		);
		expect(cloudshelf.state.orders.get(order.id)).toMatchObject({
			status: 'PARTIALLY_REFUNDED',
			thirdPartyId: saleOrders()[order.id].saleOrderId,
		});
		expect(fixture.alerts()).toEqual([]);
	});

	it('renews the Stokly token when it expires in the middle of a run', async () => {
		const { cloudshelf, stokly } = fixture.sandboxes;
		const orders = [
			cloudshelf.state.seedOrder(kioskOrder()),
			cloudshelf.state.seedOrder(kioskOrder({ location: 'Manchester Arndale' })),
		];
		const workflow = fixture.workflow(TEMPLATE);
		// Once the run's second Stokly call is answered every token dies.
		let calls = 0;
		const push = stokly.calls.push.bind(stokly.calls);
		stokly.calls.push = (...records) => {
			calls += records.length;
			if (calls === 2) stokly.state.expireTokens();
			return push(...records);
		};
		const result = await runScheduled(fixture, workflow, TRIGGER);
		expect(result.status).toBe('success');
		// The calls refused for the expired token (those in flight at once) were renewed and repeated.
		const refused = stokly.calls.filter((call) => call.status === 401);
		expect(refused.length).toBeGreaterThan(0);
		for (const call of refused)
			expect(
				stokly.calls.some(
					(later) =>
						later.at >= call.at && later.operation === call.operation && later.status === 200,
				),
			).toBe(true);
		expect(
			stokly.calls.filter((call) => call.operation === 'POST /v1/grant').length,
		).toBeGreaterThanOrEqual(2);
		expect(Object.keys(saleOrders()).sort()).toEqual(orders.map((order) => order.id).sort());
		for (const order of orders)
			expect(cloudshelf.state.orders.get(order.id)!.thirdPartyId).toBe(
				saleOrders()[order.id].saleOrderId,
			);
		expect(fixture.alerts()).toEqual([]);
	});
});
