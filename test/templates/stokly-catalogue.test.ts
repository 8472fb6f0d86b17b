/**
 * The catalogue template (Stokly Item → Get Many → Cloudshelf Product → Create or Update) through
 * n8n's engine against the Stokly and Cloudshelf sandboxes, configured by the agency tool.
 */
import type { IDataObject } from 'n8n-workflow';

import { queueRows, runScheduled, startRetail, type RetailFixture } from '../harness/templates';

const TEMPLATE = 'catalogue-stokly-to-cloudshelf';
const WORKFLOW_NAME = 'Catalogue: Stokly → Cloudshelf (Test Retailer)';
const TRIGGER = 'Every Hour';
let fixture: RetailFixture;
beforeEach(async () => {
	fixture = await startRetail();
});
afterEach(async () => fixture.close());

const alertsFlat = () => fixture.alerts().flatMap((alert) => alert.exceptions as IDataObject[]);

/** The kiosk catalogue: per SKU, its product's external id, its name and price. */
function kioskCatalogue(): Record<string, IDataObject> {
	const { state } = fixture.sandboxes.cloudshelf;
	const catalogue: Record<string, IDataObject> = {};
	for (const variant of state.variants.values()) {
		const product = state.products.get(variant.productId)!;
		catalogue[variant.sku] = {
			product: product.platformProvidedId,
			productName: product.displayName,
			variant: variant.platformProvidedId,
			variantName: variant.displayName,
			price: variant.currentPrice,
		};
	}
	return catalogue;
}

describe('template: catalogue Stokly → Cloudshelf', () => {
	it('lands every complete Stokly item on the kiosks under its SKU at its gross price, variants under their parent; flawed items are reported, never pushed', async () => {
		fixture.sandboxes.stokly.state.seed({
			items: [
				// A variable parent and its two sizes: one Cloudshelf product with two variants.
				{ sku: 'JACKET-NAVY', name: 'Jacket navy', salePrice: 100 },
				{
					sku: 'JACKET-NAVY-M',
					name: 'Jacket navy M',
					parentSku: 'JACKET-NAVY',
					salePrice: 100,
					attributes: { Size: 'M' },
					barcodes: ['5012345678900'],
				},
				{
					sku: 'JACKET-NAVY-L',
					name: 'Jacket navy L',
					parentSku: 'JACKET-NAVY',
					salePrice: 100,
					attributes: { Size: 'L' },
				},
				// No price: reported.
				{ sku: 'BELT-BROWN', name: 'Belt brown' },
				// The same SKU on two items: neither is pushed.
				{ sku: 'SCARF-1', name: 'Scarf A', salePrice: 20 },
				{ sku: 'SCARF-B', name: 'Scarf B', salePrice: 25 },
				// Archived: not on the kiosks.
				{ sku: 'MUG-OLD', name: 'Old mug', salePrice: 5, status: 1 },
			],
		});
		// (The sandbox's seed refuses a repeated SKU; Stokly itself does not.)
		const { items } = fixture.sandboxes.stokly.state;
		items.findBy('sku', 'SCARF-B')!.sku = 'SCARF-1';
		// An item nobody priced (the seed gives every item one).
		Object.assign(items.findBy('sku', 'BELT-BROWN')!, { salePrice: undefined });
		const before = kioskCatalogue();

		const result = await runScheduled(fixture, fixture.workflow(TEMPLATE), TRIGGER);
		expect(result.status).toBe('success');
		const catalogue = kioskCatalogue();

		// The client catalogue at its kiosk prices: Stokly's net prices plus 20% VAT.
		for (const [sku, price] of Object.entries({
			'TEE-RED-M': 19.99,
			'TEE-RED-L': 19.99,
			'CAP-BLUE': 14.99,
			'HOODIE-GREY-L': 48.99,
		}))
			expect(catalogue[sku]).toMatchObject({
				product: `gid://external/RetailSyncProduct/${sku}`,
				variant: `gid://external/RetailSyncVariant/${sku}`,
				price,
			});
		// The variants under their parent's SKU and name, at 100 net + 20%.
		expect(catalogue['JACKET-NAVY-M']).toMatchObject({
			product: 'gid://external/RetailSyncProduct/JACKET-NAVY',
			productName: 'Jacket navy',
			variant: 'gid://external/RetailSyncVariant/JACKET-NAVY-M',
			price: 120,
		});
		expect(catalogue['JACKET-NAVY-L']).toMatchObject({
			product: 'gid://external/RetailSyncProduct/JACKET-NAVY',
			price: 120,
		});
		// Nothing else reached the kiosks.
		expect(
			Object.keys(catalogue)
				.filter((sku) => !(sku in before))
				.sort(),
		).toEqual(['JACKET-NAVY-L', 'JACKET-NAVY-M']);

		// Each flawed item reported, with what to fix.
		expect(fixture.alerts()).toHaveLength(1);
		const reasons = alertsFlat().map((exception) => String(exception.reason));
		expect(alertsFlat().every((exception) => exception.flow === 'catalogue')).toBe(true);
		expect(alertsFlat().every((exception) => exception.workflow === WORKFLOW_NAME)).toBe(true);
		expect(reasons).toHaveLength(2);
		expect(reasons).toEqual(
			expect.arrayContaining([
				expect.stringMatching(/BELT-BROWN has no sale price/),
				expect.stringMatching(/SKU SCARF-1 is on 2 Stokly items/),
			]),
		);
		expect(reasons.some((reason) => /MUG-OLD|Old mug/.test(reason))).toBe(false);
		expect(fixture.alerts()[0]).toMatchObject({
			text: `2 new exception(s) in ${WORKFLOW_NAME}: ${reasons.join('; ')}`,
			flow: 'catalogue',
			workflow: WORKFLOW_NAME,
		});

		// The next run changes nothing on the kiosks and meets the same problems again: not alerted
		// again, each counted as a second attempt on its open row in the exception queue.
		expect((await runScheduled(fixture, fixture.workflow(TEMPLATE), TRIGGER)).status).toBe(
			'success',
		);
		expect(kioskCatalogue()).toEqual(catalogue);
		expect(fixture.alerts()).toHaveLength(1);
		const rows = queueRows(fixture, WORKFLOW_NAME);
		expect(rows.map((row) => String(row.reason)).sort()).toEqual([...reasons].sort());
		expect(rows.map(({ attempts, status }) => [attempts, status])).toEqual([
			[2, 'open'],
			[2, 'open'],
		]);

		// The belt priced in Stokly: the next run (a full read of the catalogue) publishes it and
		// resolves its row; the scarf, still on two items, stays open.
		Object.assign(items.findBy('sku', 'BELT-BROWN')!, {
			salePrice: { amount: 30, currency: 'GBP' },
		});
		const fixed = await runScheduled(fixture, fixture.workflow(TEMPLATE), TRIGGER);
		expect(fixed.status).toBe('success');
		expect(kioskCatalogue()['BELT-BROWN']).toMatchObject({ price: 36 });
		expect(
			queueRows(fixture, WORKFLOW_NAME)
				.map(({ reference, status, attempts, resolution }) => [
					reference,
					status,
					attempts,
					resolution,
				])
				.sort(),
		).toEqual([
			[
				'BELT-BROWN',
				'resolved',
				2,
				expect.stringMatching(
					/^Went through in execution test-\d+ \(Create or Update In Cloudshelf\)$/,
				),
			],
			['SCARF-1', 'open', 3, ''],
		]);
		expect(fixture.alerts()).toHaveLength(1);
	});
});
