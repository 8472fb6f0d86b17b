import type { IDataObject } from 'n8n-workflow';

import { ALL_PERMISSIONS } from '../../sandbox/centra/server';
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

/** The tracking number on each line of a Cloudshelf order. */
const trackingOf = (id: string) =>
	fixture.sandboxes.cloudshelf.state.orders
		.get(id)!
		.lines.map(
			(line) =>
				line.customAttributes.find((attribute) => attribute.key === 'tracking_number')?.value,
		);

/** A kiosk order injected into Centra by the order-injection template; its Centra number. */
async function injected(
	minutes: number,
	...skus: string[]
): Promise<{ id: string; number: number }> {
	const kiosk = fixture.sandboxes.cloudshelf.state.seedOrder({
		location: 'Oxford Street',
		createdAt: minutesAgo(minutes),
		lines: (skus.length ? skus : ['CAP-BLUE']).map((sku) => ({
			variant: sku,
			quantity: 1,
			price: 14.99,
		})),
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

		// Kiosk orders: one shipped by Centra and written back; one shipped and not written back (its
		// webhook run failed); one written back on one of its two lines only; one shipped whose
		// Cloudshelf order is gone (cannot be recorded); one Centra never got (older than 30 minutes),
		// one too recent to report, one in-store sale.
		const writtenBack = await injected(300);
		const notWrittenBack = await injected(200, 'TEE-RED-L');
		const partly = await injected(190, 'TEE-RED-M', 'CAP-BLUE');
		const gone = await injected(180, 'TEE-RED-M');
		centra.ship({ order: writtenBack.number, complete: { trackingNumber: 'DHL-OK' } });
		centra.ship({ order: notWrittenBack.number, complete: { trackingNumber: 'DHL-9' } });
		centra.ship({ order: partly.number, complete: { trackingNumber: 'DHL-PART' } });
		centra.ship({ order: gone.number, complete: { trackingNumber: 'DHL-GONE' } });
		cloudshelf.state.orders.get(partly.id)!.lines[0].customAttributes.push({
			key: 'tracking_number',
			value: 'DHL-PART',
		});
		cloudshelf.state.orders.delete(gone.id);
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
				['shipped_not_fulfilled_in_cloudshelf', gone.id],
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
			`• [shipped_not_fulfilled_in_cloudshelf] Order ${gone.id} was shipped by Centra (shipment ${gone.number}-1, DHL-GONE) and its tracking could not be recorded in Cloudshelf: Cloudshelf has no order ${gone.id}`,
		);
		// The writeback the webhook run lost is recovered, on every line of the shipment; tracking
		// already there is not written again.
		expect(
			result
				.json('Record Missing Tracking')
				.map((item) => [item.orderId, item.recorded, item.alreadyRecorded, item.lines]),
		).toEqual(
			expect.arrayContaining([
				[writtenBack.id, false, true, 1],
				[notWrittenBack.id, true, false, 1],
				[partly.id, true, false, 2],
			]),
		);
		expect(result.json('Record Missing Tracking')).toHaveLength(3);
		expect(trackingOf(notWrittenBack.id)).toEqual(['DHL-9']);
		expect(trackingOf(partly.id)).toEqual(['DHL-PART', 'DHL-PART']);
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

	it('reports a check that could not run as a finding, and tells a Centra look-up that failed from an order Centra does not have', async () => {
		const { centra, cloudshelf } = fixture.sandboxes;
		const shipped = await injected(120);
		centra.ship({ order: shipped.number, complete: { trackingNumber: 'DHL-4' } });
		// Centra never got this one.
		const stuck = cloudshelf.state.seedOrder({
			location: 'Manchester Arndale',
			createdAt: minutesAgo(90),
			lines: [{ variant: 'CAP-BLUE', quantity: 1, price: 14.99 }],
		});
		// A token without the permissions to read stock, shipments and orders.
		const { token } = centra.mintToken(
			ALL_PERMISSIONS.filter(
				(permission) =>
					!['Warehouse.stock:read', 'Shipment:read', 'Order:read'].includes(permission),
			),
		);
		const store = fixture.runner.credentials.store.centraIntegrationApi;
		const fullToken = store.token;
		store.token = token;
		const findings = (run: Awaited<ReturnType<typeof runScheduled>>) =>
			run
				.json('Findings Only')
				.map((item) => [item.finding, item.reference ?? null, String(item.detail)]);

		const restricted = await runScheduled(fixture, fixture.workflow(TEMPLATE), TRIGGER);
		expect(restricted.status).toBe('success');
		expect(findings(restricted).sort()).toEqual(
			[
				[
					'centra_order_check_failed',
					stuck.id,
					expect.stringMatching(
						new RegExp(
							`^Could not check whether kiosk order ${stuck.id} is in Centra: .*Order:read`,
						),
					),
				],
				[
					'centra_stock_check_failed',
					null,
					expect.stringMatching(/^Centra stock could not be read.*Warehouse\.stock:read/),
				],
				[
					'shipments_check_failed',
					null,
					expect.stringMatching(/^Centra shipments could not be read.*Shipment:read/),
				],
			].sort(),
		);
		expect(fixture.alerts().at(-1)).toMatchObject({ count: 3 });

		// With every permission again, Cloudshelf refuses its stock read once: the order Centra
		// really does not have is reported as such, the shipment is recorded.
		store.token = fullToken;
		cloudshelf.setFaults({ failNext: [{ operation: 'ProductStock', status: 403, count: 1 }] });
		const refused = await runScheduled(fixture, fixture.workflow(TEMPLATE), TRIGGER);
		expect(refused.status).toBe('success');
		expect(findings(refused).sort()).toEqual(
			[
				[
					'cloudshelf_stock_check_failed',
					null,
					expect.stringMatching(/^Cloudshelf stock could not be compared with Centra: .*403/),
				],
				['kiosk_order_not_in_centra', stuck.id, expect.stringContaining('has no Centra order')],
			].sort(),
		);
		expect(trackingOf(shipped.id)).toEqual(['DHL-4']);
		expect(fixture.alerts().at(-1)).toMatchObject({ count: 2 });
	});
});
