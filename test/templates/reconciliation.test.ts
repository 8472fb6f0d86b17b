import type { IDataObject } from 'n8n-workflow';

import { runScheduled, startRetail, type RetailFixture } from '../harness/templates';
import { minutesAgo } from '../harness/time';
import { linnworksOrderByReference } from '../harness/workflows';

let fixture: RetailFixture;
beforeEach(async () => {
	fixture = await startRetail();
});
afterEach(async () => fixture.close());

/** The tracking number on each line of a Cloudshelf order. */
const trackingOf = (id: string) =>
	fixture.sandboxes.cloudshelf.state.orders
		.get(id)!
		.lines.map(
			(line) =>
				line.customAttributes.find((attribute) => attribute.key === 'tracking_number')?.value,
		);

describe('template: reconciliation report', () => {
	it('reports every kind of drift, one item per finding, plus a readable summary', async () => {
		const { linnworks, cloudshelf } = fixture.sandboxes;
		// Stock in sync first, then drift.
		await runScheduled(
			fixture,
			fixture.workflow('stock-push-linnworks-to-cloudshelf'),
			'Nightly Full Push',
		);
		linnworks.state.seed({ items: [{ SKU: 'LW-ONLY', levels: { 'Oxford Street': 3 } }] });
		cloudshelf.state.seed({
			products: [
				{
					id: 'gid://external/RetailSyncProduct/CS-ONLY',
					displayName: 'Old',
					variants: [{ id: 'gid://external/RetailSyncVariant/CS-ONLY', sku: 'CS-ONLY' }],
				},
			],
		});
		const warehouse = linnworks.state.findLocation('London Warehouse')!.StockLocationId;
		linnworks.state.setLevel(linnworks.state.findItem('TEE-RED-M')!, warehouse, 0); // Cloudshelf still shows it in stock
		// A kiosk order nobody injected; a dispatch never written back (its writeback run failed); one
		// written back on one of its two lines only; one whose Cloudshelf order is gone (cannot be
		// recorded).
		const stuck = cloudshelf.state.seedOrder({
			location: 'Oxford Street',
			createdAt: minutesAgo(90),
			lines: [{ variant: 'CAP-BLUE', quantity: 1, price: 14.99 }],
		});
		cloudshelf.state.seedOrder({
			location: 'Oxford Street',
			createdAt: minutesAgo(5),
			lines: [{ variant: 'CAP-BLUE', quantity: 1, price: 14.99 }],
		}); // too recent to report
		const shipped = cloudshelf.state.seedOrder({
			location: 'Oxford Street',
			status: 'PAID',
			createdAt: minutesAgo(600),
			lines: [{ variant: 'TEE-RED-L', quantity: 1, price: 19.99 }],
		});
		const partly = cloudshelf.state.seedOrder({
			location: 'Oxford Street',
			status: 'PAID',
			createdAt: minutesAgo(590),
			lines: [
				{ variant: 'TEE-RED-L', quantity: 1, price: 19.99 },
				{ variant: 'CAP-BLUE', quantity: 1, price: 14.99 },
			],
		});
		const gone = cloudshelf.state.seedOrder({
			location: 'Oxford Street',
			status: 'PAID',
			createdAt: minutesAgo(580),
			lines: [{ variant: 'CAP-BLUE', quantity: 1, price: 14.99 }],
		});
		await runScheduled(
			fixture,
			fixture.workflow('order-injection-cloudshelf-to-linnworks'),
			'Every 5 Minutes',
		);
		const injected = linnworksOrderByReference(linnworks.state, shipped.id);
		linnworks.state.dispatch(injected.OrderId, {
			vendor: 'DPD',
			service: 'Next Day',
			trackingNumber: 'DPD-9',
		});
		linnworks.state.dispatch(linnworksOrderByReference(linnworks.state, partly.id).OrderId, {
			vendor: 'DPD',
			service: 'Next Day',
			trackingNumber: 'DPD-PART',
		});
		linnworks.state.dispatch(linnworksOrderByReference(linnworks.state, gone.id).OrderId, {
			vendor: 'DPD',
			service: 'Next Day',
			trackingNumber: 'DPD-GONE',
		});
		cloudshelf.state.orders.get(partly.id)!.lines[0].customAttributes.push({
			key: 'tracking_number',
			value: 'DPD-PART',
		});
		cloudshelf.state.orders.delete(gone.id);
		for (const order of cloudshelf.state.orders.values())
			if (order.id === stuck.id) order.thirdPartyId = null;
		for (const order of [...linnworks.state.orders.values()])
			if (order.channel.ReferenceNumber === stuck.id) linnworks.state.orders.delete(order.OrderId);
		// The recent order was injected too; it is not a finding either way.
		// An order whose variant Cloudshelf no longer knows cannot be read: reported, not dropped.
		const unreadable = cloudshelf.state.seedOrder({
			location: 'Oxford Street',
			createdAt: minutesAgo(120),
			lines: [{ variant: 'gid://cloudshelf/ProductVariant/GONE', quantity: 1, price: 1 }],
		});

		const result = await runScheduled(
			fixture,
			fixture.workflow('reconciliation-cloudshelf-linnworks'),
			'Every Morning',
		);
		expect(result.status).toBe('success');
		const findings = result
			.json('Findings Only')
			.map((item) => [item.finding, item.sku ?? item.reference]);
		expect(findings.sort()).toEqual(
			[
				['dispatched_not_fulfilled_in_cloudshelf', gone.id],
				['kiosk_order_not_in_linnworks', stuck.id],
				['kiosk_order_unreadable', unreadable.id],
				['missing_in_cloudshelf', 'LW-ONLY'],
				['missing_in_source', 'CS-ONLY'],
				['shown_in_stock_but_unavailable', 'TEE-RED-M'],
			].sort(),
		);
		const [summary] = result.json('Readable Summary');
		expect(summary.count).toBe(6);
		expect(summary.text).toMatch(/^Reconciliation \d{4}-\d{2}-\d{2}: 6 finding\(s\)\n• \[/);
		expect(summary.text).toContain(
			`• [dispatched_not_fulfilled_in_cloudshelf] Order ${gone.id} was dispatched by Linnworks (DPD-GONE) and its tracking could not be recorded in Cloudshelf: Cloudshelf has no order ${gone.id}`,
		);
		// The writeback that was lost, and the one that reached only one of two lines, are recovered on
		// every dispatched line; nothing is reported for them.
		expect(
			result
				.json('Record Missing Tracking')
				.map((item) => [item.orderId, item.recorded, item.alreadyRecorded, item.lines])
				.sort(),
		).toEqual(
			[
				[shipped.id, true, false, 1],
				[partly.id, true, false, 2],
			].sort(),
		);
		expect(trackingOf(shipped.id)).toEqual(['DPD-9']);
		expect(trackingOf(partly.id)).toEqual(['DPD-PART', 'DPD-PART']);
		expect(summary.html).toContain('<li><b>kiosk_order_not_in_linnworks</b>');
		const [report] = fixture.alerts();
		expect(report).toMatchObject({ count: 6, text: summary.text });
		expect((report.findings as IDataObject[]).map((finding) => finding.finding).sort()).toEqual(
			findings.map(([finding]) => finding).sort(),
		);
	});

	it('says everything matches when nothing drifted', async () => {
		await runScheduled(
			fixture,
			fixture.workflow('stock-push-linnworks-to-cloudshelf'),
			'Nightly Full Push',
		);
		const result = await runScheduled(
			fixture,
			fixture.workflow('reconciliation-cloudshelf-linnworks'),
			'Every Morning',
		);
		expect(result.status).toBe('success');
		expect(result.json('Readable Summary')[0]).toMatchObject({
			count: 0,
			text: expect.stringMatching(/everything matches\.$/),
		});
	});

	it('reports that the kiosk order check could not run when Cloudshelf keeps failing, instead of an unreadable order', async () => {
		await runScheduled(
			fixture,
			fixture.workflow('stock-push-linnworks-to-cloudshelf'),
			'Nightly Full Push',
		);
		fixture.sandboxes.cloudshelf.setFaults({
			failNext: [{ operation: 'Orders', status: 500, count: 100 }],
		});
		const result = await runScheduled(
			fixture,
			fixture.workflow('reconciliation-cloudshelf-linnworks'),
			'Every Morning',
		);
		expect(result.status).toBe('success');
		const findings = result.json('Findings Only');
		expect(findings.map((item) => item.finding)).toContain('kiosk_orders_check_failed');
		expect(findings.map((item) => item.finding)).not.toContain('kiosk_order_unreadable');
		expect(findings.find((item) => item.finding === 'kiosk_orders_check_failed')?.detail).toMatch(
			/^Cloudshelf Orders failed \(HTTP 500\)/,
		);
	});
});
