import type { IDataObject } from 'n8n-workflow';

import { runScheduled, startRetail, type RetailFixture } from '../harness/templates';
import { minutesAgo } from '../harness/time';

function seedKioskOrders(fixture: RetailFixture): void {
	const stores = ['Oxford Street', 'Manchester Arndale'];
	const skus = ['TEE-RED-M', 'TEE-RED-L', 'CAP-BLUE', 'HOODIE-GREY-L'];
	const prices: Record<string, number> = {
		'TEE-RED-M': 19.99,
		'TEE-RED-L': 19.99,
		'CAP-BLUE': 14.99,
		'HOODIE-GREY-L': 48.99,
	};
	for (let index = 0; index < 12; index++) {
		const sku = skus[index % skus.length];
		fixture.sandboxes.cloudshelf.state.seedOrder({
			location: stores[index % 2],
			status: index % 3 === 0 ? 'PAID' : 'PLACED',
			createdAt: minutesAgo(60 - index),
			lines: [{ variant: sku, quantity: 1 + (index % 2), price: prices[sku] }],
		});
	}
}

/** The end state that matters, independent of generated ids. */
function endState(fixture: RetailFixture): IDataObject {
	const linnworks = fixture.sandboxes.linnworks.state.snapshot();
	const cloudshelf = fixture.sandboxes.cloudshelf.state;
	return {
		linnworksOrders: linnworks.orders
			.map(
				(order) =>
					`${order.source}/${order.subSource}/${order.paymentStatus}/${order.lines.map((line) => `${line.sku}x${line.quantity}`).join(',')}`,
			)
			.sort(),
		linnworksStock: linnworks.stock
			.map((row) => `${row.sku}@${row.location}:${row.available}`)
			.sort(),
		kioskOrdersMarked: [...cloudshelf.orders.values()]
			.map((order) => `${order.status}:${Boolean(order.thirdPartyId)}`)
			.sort(),
		kioskOrderReferencesInLinnworks: [...cloudshelf.orders.values()].every((order) =>
			linnworks.orders.some((candidate) => candidate.reference === order.id),
		),
		cloudshelfStock: [...cloudshelf.stock.values()]
			.map(
				(record) =>
					`${cloudshelf.variants.get(record.variantId)!.sku}@${cloudshelf.locations.get(record.locationId)!.displayName}:${record.quantity}`,
			)
			.sort(),
	};
}

async function syncRound(fixture: RetailFixture): Promise<void> {
	await runScheduled(
		fixture,
		fixture.workflow('order-injection-cloudshelf-to-linnworks'),
		'Every 5 Minutes',
	);
	await runScheduled(
		fixture,
		fixture.workflow('stock-push-linnworks-to-cloudshelf'),
		'Nightly Full Push',
	);
}

describe('templates under faults', () => {
	it('converge to the clean end state with 10% 5xx and 429 bursts on both platforms, losing nothing', async () => {
		const clean = await startRetail();
		seedKioskOrders(clean);
		await syncRound(clean);
		const expected = endState(clean);
		await clean.close();
		expect(expected.kioskOrdersMarked).not.toContain('PLACED:false');

		const faulty = await startRetail();
		try {
			seedKioskOrders(faulty);
			for (const sandbox of [faulty.sandboxes.linnworks, faulty.sandboxes.cloudshelf]) {
				sandbox.setFaults({ errorRate: 0.1, burst429: 3, burstRetryAfterSeconds: 1 });
			}
			// Scheduled runs keep coming; each picks up what the previous one could not finish.
			for (let round = 0; round < 4; round++) await syncRound(faulty);
			expect(endState(faulty)).toEqual(expected);
			const failures = [faulty.sandboxes.linnworks, faulty.sandboxes.cloudshelf].flatMap(
				(sandbox) => sandbox.calls.filter((call) => call.status >= 429),
			);
			expect(failures.filter((call) => call.status === 429).length).toBeGreaterThanOrEqual(6);
			expect(failures.filter((call) => call.status === 500).length).toBeGreaterThan(0);
		} finally {
			await faulty.close();
		}
	});
});
