import { DEMO_CATALOGUE, DEMO_LOCATIONS } from '../demo-catalogue';
import type { SeedData } from './state';

/**
 * The shared demo catalogue (../demo-catalogue.ts: product = style-colour, one size per SKU) in
 * Centra's warehouses (product = style, variant = colour): the online warehouse and the two store warehouses, named as the Cloudshelf
 * and Linnworks demos name their locations; a UK and an EU market and pricelist; two shipping
 * options; one registered customer and two orders waiting to ship.
 */
export function centraDemoData(): SeedData {
	type SeedProduct = NonNullable<SeedData['products']>[number];
	const products = new Map<string, SeedProduct>();
	DEMO_CATALOGUE.forEach((item, index) => {
		// Product = style, variant = colour (variant number = the style-colour key), size = the SKU's size.
		const [style, colour] = item.productName.split(' ');
		const product: SeedProduct = products.get(style) ?? { name: style, variants: [] };
		products.set(style, product);
		let variant = product.variants.find((candidate) => candidate.variantNumber === item.productKey);
		if (!variant) {
			variant = { name: colour, variantNumber: item.productKey, sizes: [] };
			product.variants.push(variant);
		}
		variant.sizes.push({
			size: item.variantName,
			SKU: item.sku,
			GTIN: `73500000${String(index).padStart(5, '0')}`,
			price: item.price,
			stock: {
				'London Warehouse': (index * 7) % 40,
				'Oxford Street': (index * 3) % 9,
				'Manchester Arndale': (index * 5) % 7,
			},
		});
	});
	return {
		warehouses: DEMO_LOCATIONS.map((location) => ({ name: location.name })),
		products: [...products.values()],
		markets: [
			{
				name: 'UK',
				countries: ['GB'],
				warehouse: 'London Warehouse',
				taxPercent: 20,
			},
			{
				name: 'EU',
				countries: ['SE', 'DE', 'FR', 'NL', 'IE', 'DK', 'FI'],
				warehouse: 'London Warehouse',
				taxPercent: 25,
			},
		],
		pricelists: [
			{ name: 'GBP', currency: 'GBP', countries: ['GB'] },
			{ name: 'EUR', currency: 'EUR', countries: ['SE', 'DE', 'FR', 'NL', 'IE', 'DK', 'FI'] },
		],
		shippingOptions: [
			{ name: 'Standard', uri: 'standard' },
			{ name: 'Express', uri: 'express' },
			{ name: 'Click & Collect', uri: 'click-and-collect' },
		],
		customers: [{ email: 'jane@example.com', firstName: 'Jane', lastName: 'Smith' }],
		orders: [
			{
				market: 'UK',
				pricelist: 'GBP',
				shippingOption: 'standard',
				customer: 'jane@example.com',
				status: 'CONFIRMED',
				address: {
					firstName: 'Jane',
					lastName: 'Smith',
					address1: '1 Demo Street',
					city: 'London',
					zipCode: 'W1D 1AN',
					country: 'GB',
					email: 'jane@example.com',
				},
				lines: [{ sku: 'TEE-BLACK-M', quantity: 1 }],
			},
			{
				market: 'UK',
				pricelist: 'GBP',
				shippingOption: 'express',
				customer: 'jane@example.com',
				address: {
					firstName: 'Jane',
					lastName: 'Smith',
					address1: '1 Demo Street',
					city: 'London',
					zipCode: 'W1D 1AN',
					country: 'GB',
					email: 'jane@example.com',
				},
				lines: [
					{ sku: 'HOODIE-GREY-L', quantity: 1 },
					{ sku: 'SOCK-WHITE-M', quantity: 2 },
				],
			},
		],
	};
}
