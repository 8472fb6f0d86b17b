import type { IDataObject } from 'n8n-workflow';

import { queueRows, runScheduled, startRetail, type RetailFixture } from '../harness/templates';

const TEMPLATE = 'catalogue-commercetools-to-cloudshelf';
const WORKFLOW_NAME = 'Catalogue: commercetools → Cloudshelf (Test Retailer)';
const TRIGGER = 'Every Hour';
let fixture: RetailFixture;
beforeEach(async () => {
	fixture = await startRetail();
});
afterEach(async () => fixture.close());

const alertsFlat = () => fixture.alerts().flatMap((alert) => alert.exceptions as IDataObject[]);

/** The kiosk catalogue: per SKU, its product's external id, its name and prices. */
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
			originalPrice: variant.originalPrice,
		};
	}
	return catalogue;
}

describe('template: catalogue commercetools → Cloudshelf', () => {
	it('publishes every complete variant of the published products under its SKU, with its EUR price; incomplete variants are reported, never pushed', async () => {
		const { commercetools, cloudshelf } = fixture.sandboxes;
		commercetools.state.seed({
			products: [
				{
					key: 'jacket-navy',
					name: 'Jacket',
					variants: [
						{
							sku: 'JACKET-NAVY-M',
							prices: [
								{ currency: 'EUR', centAmount: 12000, discountedCentAmount: 9900 },
								{ currency: 'GBP', centAmount: 10500 },
							],
							images: ['https://images.example.com/jacket-navy.jpg'],
						},
						// A variant nobody gave a SKU: reported, never pushed under its id.
						{ prices: [{ currency: 'EUR', centAmount: 12000 }] },
					],
				},
				// Two products carrying the same SKU: which price is right is unknown, neither is pushed.
				{
					key: 'scarf-a',
					name: 'Scarf A',
					variants: [{ sku: 'SCARF-1', prices: [{ currency: 'EUR', centAmount: 2500 }] }],
				},
				{
					key: 'scarf-b',
					name: 'Scarf B',
					variants: [{ sku: 'SCARF-1', prices: [{ currency: 'EUR', centAmount: 2900 }] }],
				},
				// No price in the kiosks' currency.
				{
					key: 'belt-brown',
					name: 'Belt',
					variants: [{ sku: 'BELT-BROWN', prices: [{ currency: 'GBP', centAmount: 3000 }] }],
				},
				// Not published: not on the kiosks yet.
				{
					key: 'coat-draft',
					name: 'Coat',
					published: false,
					variants: [{ sku: 'COAT-DRAFT', prices: [{ currency: 'EUR', centAmount: 20000 }] }],
				},
			],
		});
		const before = kioskCatalogue();

		const result = await runScheduled(fixture, fixture.workflow(TEMPLATE), TRIGGER);
		expect(result.status).toBe('success');
		const catalogue = kioskCatalogue();

		// The client catalogue, grouped by product key, at its EUR prices.
		expect(catalogue['TEE-RED-M']).toMatchObject({
			product: 'gid://external/RetailSyncProduct/tee-red',
			productName: 'Tee',
			variant: 'gid://external/RetailSyncVariant/TEE-RED-M',
			price: 19.99,
			originalPrice: 19.99,
		});
		expect(catalogue['TEE-RED-L']).toMatchObject({
			product: 'gid://external/RetailSyncProduct/tee-red',
			price: 19.99,
		});
		expect(catalogue['CAP-BLUE']).toMatchObject({
			product: 'gid://external/RetailSyncProduct/cap-blue',
			price: 14.99,
		});
		expect(catalogue['HOODIE-GREY-L']).toMatchObject({
			product: 'gid://external/RetailSyncProduct/hoodie-grey',
			price: 48.99,
		});
		// The discounted EUR price, the undiscounted one struck through; the GBP price is not used.
		expect(catalogue['JACKET-NAVY-M']).toMatchObject({
			product: 'gid://external/RetailSyncProduct/jacket-navy',
			productName: 'Jacket',
			price: 99,
			originalPrice: 120,
		});

		// Nothing else reached the kiosks: not the variant without SKU (under no id of any kind),
		// not the duplicated SKU, not the variant without a EUR price, not the unpublished product.
		const pushed = Object.keys(catalogue).filter((sku) => !(sku in before));
		expect(pushed.sort()).toEqual(['JACKET-NAVY-M']);
		expect(Object.keys(catalogue).sort()).toEqual(
			['CAP-BLUE', 'HOODIE-GREY-L', 'JACKET-NAVY-M', 'TEE-RED-L', 'TEE-RED-M'].sort(),
		);
		const jacketId = commercetools.state.product('jacket-navy')!.id;
		for (const variant of cloudshelf.state.variants.values()) {
			expect(variant.platformProvidedId).toMatch(/^gid:\/\/external\/RetailSyncVariant\/[A-Z-]+$/);
			expect(variant.platformProvidedId).not.toContain(jacketId);
		}

		// Each one reported, with the product key, the variant and what to fix.
		expect(fixture.alerts()).toHaveLength(1);
		const exceptions = alertsFlat();
		expect(exceptions.every((exception) => exception.flow === 'catalogue')).toBe(true);
		expect(exceptions.every((exception) => exception.workflow === WORKFLOW_NAME)).toBe(true);
		const reasons = exceptions.map((exception) => String(exception.reason));
		expect(reasons).toHaveLength(3);
		expect(reasons).toEqual(
			expect.arrayContaining([
				expect.stringMatching(/jacket-navy.*variant 2 has no SKU/),
				expect.stringMatching(/SCARF-1 is on 2 variants.*scarf-(a|b).*scarf-(a|b)/),
				expect.stringMatching(/belt-brown.*BELT-BROWN.*no price in EUR/),
			]),
		);
		expect(reasons.some((reason) => /COAT-DRAFT|coat-draft/.test(reason))).toBe(false);
		const prefix = `3 new exception(s) in ${WORKFLOW_NAME}: `;
		const text = String(fixture.alerts()[0].text);
		expect(text.startsWith(prefix)).toBe(true);
		expect(text.slice(prefix.length)).toBe(reasons.join('; '));
		expect(fixture.alerts()[0]).toMatchObject({ flow: 'catalogue', workflow: WORKFLOW_NAME });

		// The next run changes nothing on the kiosks and meets the same three problems again: not
		// alerted again, each counted as a second attempt on its open row in the exception queue.
		const again = await runScheduled(fixture, fixture.workflow(TEMPLATE), TRIGGER);
		expect(again.status).toBe('success');
		expect(kioskCatalogue()).toEqual(catalogue);
		expect(fixture.alerts()).toHaveLength(1);
		const rows = queueRows(fixture, WORKFLOW_NAME);
		expect(rows.map((row) => String(row.reason)).sort()).toEqual([...reasons].sort());
		expect(rows.map(({ attempts, status }) => [attempts, status])).toEqual([
			[2, 'open'],
			[2, 'open'],
			[2, 'open'],
		]);
	});
});
