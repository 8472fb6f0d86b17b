import type { IDataObject } from 'n8n-workflow';

import {
	CLIENT_CATALOGUE,
	runScheduled,
	startRetail,
	type RetailFixture,
} from '../harness/templates';
import { minutesAgo } from '../harness/time';

const TEMPLATE = 'reconciliation-cloudshelf-centra';
const TRIGGER = 'Every Morning';
const LOCATIONS = ['London Warehouse', 'Oxford Street', 'Manchester Arndale'];
let fixture: RetailFixture;
beforeEach(async () => {
	fixture = await startRetail();
	showCentraStockInCloudshelf();
});
afterEach(async () => fixture.close());

/** Cloudshelf shows what Centra has free to allocate, less the buffer of 1 (a stock push did it). */
function showCentraStockInCloudshelf(): void {
	const { centra, cloudshelf } = fixture.sandboxes;
	for (const sku of CLIENT_CATALOGUE)
		for (const location of LOCATIONS) {
			const { record, error } = cloudshelf.state.upsertStockLevel({
				locationId: [...cloudshelf.state.locations.values()].find(
					(candidate) => candidate.displayName === location,
				)!.id,
				productVariantId: `gid://external/RetailSyncVariant/${sku}`,
				quantity: Math.max(0, centra.state.stockOf(location, sku).freeToAllocate - 1),
			});
			if (!record) throw new Error(error?.message);
		}
}

/** A kiosk order injected into Centra by the order-injection template; its Centra number. */
async function injected(
	minutes: number,
	sku = 'CAP-BLUE',
): Promise<{ id: string; number: number }> {
	const kiosk = fixture.sandboxes.cloudshelf.state.seedOrder({
		location: 'Oxford Street',
		createdAt: minutesAgo(minutes),
		lines: [{ variant: sku, quantity: 1, price: 14.99 }],
	});
	await runScheduled(
		fixture,
		fixture.workflow('order-injection-cloudshelf-to-centra'),
		'Every 5 Minutes',
	);
	return {
		id: kiosk.id,
		number: Number(fixture.sandboxes.cloudshelf.state.orders.get(kiosk.id)!.thirdPartyId),
	};
}

describe('template: reconciliation report Cloudshelf ⇄ Centra', () => {
	it('reports every kind of drift, one item per finding, plus a readable summary', async () => {
		const { centra, cloudshelf } = fixture.sandboxes;
		// SKUs in one system only.
		centra.state.seed({
			products: [
				{
					name: 'Scarf',
					variants: [
						{
							name: 'Wool',
							sizes: [{ size: 'One Size', SKU: 'CENTRA-ONLY', stock: { 'Oxford Street': 3 } }],
						},
					],
				},
			],
		});
		cloudshelf.state.seed({
			products: [
				{
					id: 'gid://external/RetailSyncProduct/CS-ONLY',
					displayName: 'Old',
					variants: [{ id: 'gid://external/RetailSyncVariant/CS-ONLY', sku: 'CS-ONLY' }],
				},
			],
		});
		// Sold out in Centra's web warehouse; Cloudshelf still shows it in stock.
		const warehouse = centra.state.findWarehouse('London Warehouse')!;
		centra.state.level(warehouse.id, centra.state.findSizeBySku('HOODIE-GREY-L')!.id).physical = 0;

		// Kiosk orders: one shipped by Centra and written back, one shipped and not written back, one
		// Centra never got (older than 30 minutes), one too recent to report, one in-store sale.
		const writtenBack = await injected(300);
		const notWrittenBack = await injected(200, 'TEE-RED-L');
		centra.ship({ order: writtenBack.number, complete: { trackingNumber: 'DHL-OK' } });
		centra.ship({ order: notWrittenBack.number, complete: { trackingNumber: 'DHL-9' } });
		// The first shipment's tracking was written back (as its webhook delivery would).
		const [firstShipment] = [...centra.state.shipments.values()].filter(
			(shipment) => shipment.orderNumber === writtenBack.number,
		);
		const recordFulfilment = await fixture.runner.run(
			fixture.workflow('fulfilment-writeback-centra-to-cloudshelf'),
			{
				startNode: 'Centra Shipment Completed',
				startItems: [
					{
						json: {
							orderReference: writtenBack.id,
							carrier: 'DHL',
							trackingNumber: firstShipment.trackingNumber,
							shippedAt: firstShipment.shippedAt,
							lines: [{ sku: 'CAP-BLUE', quantity: 1 }],
							attributes: { centraOrderNumber: String(writtenBack.number) },
						},
					},
				],
				mode: 'trigger',
			},
		);
		expect(recordFulfilment.json('Record Fulfilment In Cloudshelf')).toEqual([
			expect.objectContaining({ recorded: true }),
		]);
		const stuck = cloudshelf.state.seedOrder({
			location: 'Manchester Arndale',
			createdAt: minutesAgo(90),
			lines: [{ variant: 'CAP-BLUE', quantity: 1, price: 14.99 }],
		});
		cloudshelf.state.seedOrder({
			location: 'Oxford Street',
			createdAt: minutesAgo(5),
			lines: [{ variant: 'CAP-BLUE', quantity: 1, price: 14.99 }],
		});
		cloudshelf.state.seedOrder({
			location: 'Oxford Street',
			status: 'PAID',
			fulfilmentMethod: 'in_store',
			createdAt: minutesAgo(120),
			lines: [{ variant: 'CAP-BLUE', quantity: 1, price: 14.99 }],
		});
		// An order whose variant Cloudshelf no longer knows cannot be read: reported, not dropped.
		const unreadable = cloudshelf.state.seedOrder({
			location: 'Oxford Street',
			createdAt: minutesAgo(120),
			lines: [{ variant: 'gid://cloudshelf/ProductVariant/GONE', quantity: 1, price: 1 }],
		});

		const result = await runScheduled(fixture, fixture.workflow(TEMPLATE), TRIGGER);
		expect(result.status).toBe('success');
		const findings = result
			.json('Findings Only')
			.map((item) => [item.finding, item.sku ?? item.reference]);
		expect(findings.sort()).toEqual(
			[
				['kiosk_order_not_in_centra', stuck.id],
				['kiosk_order_unreadable', unreadable.id],
				['missing_in_cloudshelf', 'CENTRA-ONLY'],
				['missing_in_source', 'CS-ONLY'],
				['shipped_not_fulfilled_in_cloudshelf', notWrittenBack.id],
				['shown_in_stock_but_unavailable', 'HOODIE-GREY-L'],
			].sort(),
		);
		const [summary] = result.json('Readable Summary');
		expect(summary.count).toBe(6);
		expect(summary.text).toMatch(
			/^Reconciliation Cloudshelf ⇄ Centra \d{4}-\d{2}-\d{2}: 6 finding\(s\)\n• \[/,
		);
		expect(summary.text).toContain(
			`• [kiosk_order_not_in_centra] Kiosk order ${stuck.id} placed at ${new Date(stuck.createdAt).toISOString()} in Manchester Arndale has no Centra order`,
		);
		expect(summary.text).toContain(
			`was shipped by Centra (shipment ${notWrittenBack.number}-1, DHL-9) but Cloudshelf has no tracking for it`,
		);
		expect(summary.html).toContain('<li><b>kiosk_order_not_in_centra</b>');
		const [report] = fixture.alerts();
		expect(report).toMatchObject({ count: 6, text: summary.text });
		expect((report.findings as IDataObject[]).map((finding) => finding.finding).sort()).toEqual(
			findings.map(([finding]) => finding).sort(),
		);
	});

	it('says everything matches when nothing drifted, however many kiosk orders went through', async () => {
		const order = await injected(120);
		fixture.sandboxes.centra.ship({ order: order.number, complete: { trackingNumber: 'DHL-3' } });
		const shipment = [...fixture.sandboxes.centra.state.shipments.values()][0];
		await fixture.runner.run(fixture.workflow('fulfilment-writeback-centra-to-cloudshelf'), {
			startNode: 'Centra Shipment Completed',
			startItems: [
				{
					json: {
						orderReference: order.id,
						trackingNumber: shipment.trackingNumber,
						shippedAt: shipment.shippedAt,
						lines: [{ sku: 'CAP-BLUE', quantity: 1 }],
						attributes: { centraOrderNumber: String(order.number) },
					},
				},
			],
			mode: 'trigger',
		});
		// Centra took the order's unit from its web warehouse: Cloudshelf is shown the same.
		showCentraStockInCloudshelf();
		const result = await runScheduled(fixture, fixture.workflow(TEMPLATE), TRIGGER);
		expect(result.status).toBe('success');
		expect(result.json('Readable Summary')[0]).toMatchObject({
			count: 0,
			text: expect.stringMatching(/everything matches\.$/),
		});
		expect(fixture.alerts()).toEqual([
			expect.objectContaining({ count: 0, text: expect.stringMatching(/everything matches\.$/) }),
		]);
	});
});
