import type { IDataObject } from 'n8n-workflow';

import { runPolled, runScheduled, startRetail, type RetailFixture } from '../harness/templates';
import { minutesAgo } from '../harness/time';

const SKUS = ['TEE-RED-M', 'TEE-RED-L', 'CAP-BLUE', 'HOODIE-GREY-L'];
const STORES = ['Oxford Street', 'Manchester Arndale'];

/** Endless-aisle kiosk orders for order injection. */
function seedKioskOrders(fixture: RetailFixture): void {
	const prices: Record<string, number> = {
		'TEE-RED-M': 19.99,
		'TEE-RED-L': 19.99,
		'CAP-BLUE': 14.99,
		'HOODIE-GREY-L': 48.99,
	};
	for (let index = 0; index < 10; index++) {
		const sku = SKUS[index % SKUS.length];
		fixture.sandboxes.cloudshelf.state.seedOrder({
			location: STORES[index % 2],
			status: index % 3 === 0 ? 'PAID' : 'PLACED',
			createdAt: minutesAgo(60 - index),
			lines: [{ variant: sku, quantity: 1 + (index % 2), price: prices[sku] }],
		});
	}
}

/** In-store sales (paid now); the ones given in `refunded` are refunded once they were seen. */
function seedStoreSales(fixture: RetailFixture): string[] {
	const ids: string[] = [];
	for (let index = 0; index < 8; index++) {
		ids.push(
			fixture.sandboxes.cloudshelf.state.seedOrder({
				location: STORES[index % 2],
				status: index === 7 ? 'REFUNDED' : 'PAID', // the last one refunded before any check saw it
				fulfilmentMethod: 'in_store',
				lines: [
					{ variant: SKUS[index % SKUS.length], quantity: 1 + (index % 3) },
					{ variant: SKUS[(index + 1) % SKUS.length], quantity: 1 },
				],
			}).id,
		);
	}
	return ids;
}

/** The end state that matters, independent of generated ids. */
function endState(fixture: RetailFixture): IDataObject {
	const { centra, cloudshelf } = fixture.sandboxes;
	const stock: string[] = [];
	for (const warehouse of ['London Warehouse', ...STORES])
		for (const sku of SKUS)
			stock.push(`${sku}@${warehouse}:${centra.state.stockOf(warehouse, sku).freeToAllocate}`);
	const keys = centra.state.stockChanges
		.flatMap((change) => (change.description ?? '').split('\n'))
		.filter((line) => line.startsWith('n8n-retail-sync:'));
	return {
		centraOrders: [...centra.state.orders.values()]
			.map(
				(order) =>
					`${centra.state.markets.get(order.marketId!)?.name}/${centra.state.shippingOptions.get(order.shippingOptionId!)?.uri}/${order.lines.map((line) => `${centra.state.productSizes.get(line.productSizeId!)?.SKU}x${line.quantity}`).join(',')}`,
			)
			.sort(),
		centraStock: stock,
		// Each change key once: one sale per in-store order, one return per refunded one.
		changeKeys: keys.length,
		distinctChangeKeys: new Set(keys).size,
		kioskOrdersMarked: [...cloudshelf.state.orders.values()]
			.map((order) => `${order.status}:${Boolean(order.thirdPartyId)}`)
			.sort(),
	};
}

/**
 * One check of the store-sales trigger; a failing check leaves the cursor as it was, as in n8n.
 * Executions whose deltas fail are alerted and not replayed: the hourly catch-up applies them.
 */
async function checkStoreSales(
	fixture: RetailFixture,
	staticData: IDataObject,
): Promise<IDataObject> {
	try {
		return (
			await runPolled(
				fixture,
				fixture.workflow('stock-sales-cloudshelf-to-centra'),
				'Store Sales',
				staticData,
			)
		).staticData;
	} catch {
		return staticData; // n8n logs the failed check; the next one reads from the same cursor
	}
}

/** The scheduled runs of one round: order injection, a trigger check and a store-sales catch-up. */
async function syncRound(fixture: RetailFixture, staticData: IDataObject): Promise<IDataObject> {
	await runScheduled(
		fixture,
		fixture.workflow('order-injection-cloudshelf-to-centra'),
		'Every 5 Minutes',
	);
	const next = await checkStoreSales(fixture, staticData);
	await runScheduled(
		fixture,
		fixture.workflow('stock-sales-cloudshelf-to-centra'),
		'Every Hour: Catch Up',
	);
	return next;
}

async function scenario(faults: boolean): Promise<{ fixture: RetailFixture; state: IDataObject }> {
	const fixture = await startRetail();
	// The store-sales trigger is activated before the sales happen.
	const first = await runPolled(
		fixture,
		fixture.workflow('stock-sales-cloudshelf-to-centra'),
		'Store Sales',
		{},
	);
	let staticData = first.staticData;
	seedKioskOrders(fixture);
	const storeSales = seedStoreSales(fixture);
	if (faults) {
		for (const sandbox of [fixture.sandboxes.centra, fixture.sandboxes.cloudshelf])
			sandbox.setFaults({ errorRate: 0.1, burst429: 3, burstRetryAfterSeconds: 1 });
	}
	staticData = await syncRound(fixture, staticData);
	// Two of the sales are refunded later.
	for (const id of storeSales.slice(0, 2))
		fixture.sandboxes.cloudshelf.state.upsertOrder({ id, status: 'REFUNDED' });
	// Scheduled runs keep coming; each picks up what the previous ones could not finish (failed
	// sales through the catch-up: nothing replays executions).
	for (let round = 0; round < (faults ? 4 : 1); round++)
		staticData = await syncRound(fixture, staticData);
	return { fixture, state: endState(fixture) };
}

describe('Cloudshelf ⇄ Centra templates under faults', () => {
	it('converge to the clean end state with 10% 5xx and 429 bursts on Centra and Cloudshelf, applying every sale and return once', async () => {
		const clean = await scenario(false);
		await clean.fixture.close();
		const expected = clean.state;
		expect(expected.kioskOrdersMarked).not.toContain('PLACED:false');
		expect(expected.centraOrders).toHaveLength(10);
		// 8 sales, 3 returns (the two refunded later and the one refunded at once).
		expect(expected).toMatchObject({ changeKeys: 11, distinctChangeKeys: 11 });

		const faulty = await scenario(true);
		try {
			expect(faulty.state).toEqual(expected);
			// Some sales failed under the faults and were alerted: the catch-up applied them.
			expect(faulty.fixture.alerts().some((alert) => alert.flow === 'store-sales')).toBe(true);
			const failures = [
				faulty.fixture.sandboxes.centra,
				faulty.fixture.sandboxes.cloudshelf,
			].flatMap((sandbox) => sandbox.calls.filter((call) => call.status >= 429));
			expect(failures.filter((call) => call.status === 429).length).toBeGreaterThanOrEqual(6);
			expect(failures.filter((call) => call.status === 500).length).toBeGreaterThan(0);
			expect(
				faulty.fixture.sandboxes.centra.calls.filter((call) => call.status === 500).length,
			).toBeGreaterThan(0);
		} finally {
			await faulty.fixture.close();
		}
	});
});
