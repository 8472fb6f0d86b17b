import type { IDataObject } from 'n8n-workflow';

import { commercetoolsWorkflow } from '../harness/commercetools';
import { runScheduled, startRetail, type RetailFixture } from '../harness/templates';
import { minutesAgo } from '../harness/time';

const TEMPLATE = 'reconciliation-cloudshelf-commercetools';
const TRIGGER = 'Every Morning';
let fixture: RetailFixture;
beforeEach(async () => {
	fixture = await startRetail();
});
afterEach(async () => fixture.close());

/** Cloudshelf shows commercetools' stock: the stock push's nightly full push has run. */
async function stockPushed() {
	const push = await runScheduled(
		fixture,
		fixture.workflow('stock-push-commercetools-to-cloudshelf'),
		'Nightly Full Push',
	);
	expect(push.status).toBe('success');
}

/** The report the run posted (the last alert). */
async function report(): Promise<IDataObject> {
	const before = fixture.alerts().length;
	const result = await runScheduled(fixture, fixture.workflow(TEMPLATE), TRIGGER);
	expect(result.status).toBe('success');
	expect(fixture.alerts()).toHaveLength(before + 1);
	return fixture.alerts().at(-1)!;
}

const findings = (body: IDataObject) =>
	(body.findings as IDataObject[])
		.map((finding) => [finding.finding, finding.sku ?? finding.reference, finding.location])
		.sort();

describe('template: reconciliation Cloudshelf ⇄ commercetools', () => {
	it('reports everything matching when the kiosks show commercetools stock and every kiosk order is in', async () => {
		await stockPushed();
		// A kiosk order another order system took (marked with its number) is not commercetools'.
		const elsewhere = fixture.sandboxes.cloudshelf.state.seedOrder({
			location: 'Oxford Street',
			createdAt: minutesAgo(90),
			lines: [{ variant: 'CAP-BLUE', quantity: 1, price: 14.99 }],
		});
		elsewhere.thirdPartyId = '4711';
		const body = await report();
		expect(fixture.sandboxes.commercetools.callsTo('orders/get')).toEqual([]);
		expect(body).toMatchObject({
			count: 0,
			text: expect.stringMatching(
				/^Reconciliation Cloudshelf ⇄ commercetools \d{4}-\d{2}-\d{2}: everything matches\.$/,
			),
			findings: [],
		});
	});

	it('finds stock drift, SKUs on one side only and a kiosk order that never became a commercetools order', async () => {
		const { commercetools, cloudshelf } = fixture.sandboxes;
		await stockPushed();
		// A SKU only commercetools stocks, and a kiosk variant commercetools has no stock of.
		commercetools.state.seed({
			inventory: [{ sku: 'WEB-ONLY-1', channel: 'oxford-street', quantityOnStock: 5 }],
		});
		cloudshelf.state.seed({
			products: [
				{
					id: 'gid://external/RetailSyncProduct/KIOSK-ONLY',
					displayName: 'Kiosk only',
					variants: [{ id: 'gid://external/RetailSyncVariant/KIOSK-ONLY-1', sku: 'KIOSK-ONLY-1' }],
				},
			],
		});
		// Drift the stock push has not seen yet (its messages not polled): the caps sold out in
		// Oxford Street, and the hoodies came back in Manchester while the kiosks show none.
		commercetools.state.setQuantity('CAP-BLUE', 'oxford-street', 0);
		cloudshelf.state.upsertStockLevel({
			locationId: 'gid://external/RetailSyncLocation/manchester-arndale',
			productVariantId: 'gid://external/RetailSyncVariant/HOODIE-GREY-L',
			quantity: 0,
		});
		// A kiosk order of 90 minutes ago that never reached commercetools; a fresh one and an
		// in-store sale are not findings.
		const stuck = cloudshelf.state.seedOrder({
			location: 'Oxford Street',
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
			createdAt: minutesAgo(90),
			lines: [{ variant: 'CAP-BLUE', quantity: 1, price: 14.99 }],
		});

		const body = await report();
		expect(findings(body)).toEqual(
			[
				['shown_in_stock_but_unavailable', 'CAP-BLUE', 'oxford-street'],
				['available_but_shown_out_of_stock', 'HOODIE-GREY-L', 'manchester-arndale'],
				['missing_in_cloudshelf', 'WEB-ONLY-1', undefined],
				['missing_in_source', 'KIOSK-ONLY-1', undefined],
				['kiosk_order_not_in_commercetools', stuck.id, undefined],
			].sort(),
		);
		expect(body.count).toBe(5);
		expect(body.text).toMatch(/: 5 finding\(s\)\n/);
		expect(String(body.text)).toContain(`Kiosk order ${stuck.id} placed at`);
	});

	it('records the tracking of a delivery whose writeback was lost, and reports only what still cannot be recorded', async () => {
		const { commercetools, cloudshelf } = fixture.sandboxes;
		await stockPushed();
		const kiosk = [
			cloudshelf.state.seedOrder({
				location: 'Oxford Street',
				createdAt: minutesAgo(60),
				lines: [{ variant: 'TEE-RED-M', quantity: 1, price: 19.99 }],
			}),
			cloudshelf.state.seedOrder({
				location: 'Manchester Arndale',
				createdAt: minutesAgo(60),
				lines: [{ variant: 'CAP-BLUE', quantity: 1, price: 14.99 }],
			}),
		];
		const injected = await runScheduled(
			fixture,
			fixture.workflow('order-injection-cloudshelf-to-commercetools'),
			'Every 5 Minutes',
		);
		expect(injected.status).toBe('success');
		// Both shipped in commercetools; the writeback never ran (its trigger was off).
		for (const [order, tracking] of [
			[kiosk[0], 'DHL-R1'],
			[kiosk[1], 'DHL-R2'],
		] as const) {
			const added = await fixture.runner.run(
				commercetoolsWorkflow({ resource: 'delivery', operation: 'add', linesMode: 'remaining' }, [
					{ orderReference: order.id, carrier: 'DHL', trackingNumber: tracking },
				]),
			);
			expect(added.status).toBe('success');
		}
		// The second order's only line is a SKU the kiosk order does not have (changed by hand).
		const line = cloudshelf.state.orders.get(kiosk[1].id)!.lines[0];
		const tee = [...cloudshelf.state.variants.values()].find(
			(variant) => variant.sku === 'TEE-RED-L',
		)!;
		Object.assign(line, {
			productVariantId: tee.id,
			platformProvidedProductVariantId: tee.platformProvidedId,
		});

		const body = await report();
		const trackingOf = (id: string) =>
			cloudshelf.state.orders
				.get(id)!
				.lines[0].customAttributes.find((attribute) => attribute.key === 'tracking_number')?.value;
		expect(trackingOf(kiosk[0].id)).toBe('DHL-R1');
		expect(findings(body)).toEqual([
			['delivered_not_fulfilled_in_cloudshelf', kiosk[1].id, undefined],
		]);
		expect(String(body.text)).toContain('CAP-BLUE');
		expect(commercetools.state.orders()).toHaveLength(2);

		// The next morning the recovered tracking is already there: nothing is written again.
		const writes = cloudshelf.callsTo('UpsertOrders').length;
		const again = await report();
		expect(findings(again)).toEqual([
			['delivered_not_fulfilled_in_cloudshelf', kiosk[1].id, undefined],
		]);
		expect(cloudshelf.callsTo('UpsertOrders')).toHaveLength(writes);
	});
});
