/**
 * Demo shop for `npm run sandbox` / `npm start`: the shared demo catalogue (products by style and
 * colour, a variant per size) at the three demo locations, seeded first so they get the ids the
 * sandbox client file names (1001 warehouse, 1002, 1003), some stock, and one web order.
 */
import { DEMO_CATALOGUE, DEMO_LOCATIONS } from '../demo-catalogue';
import type { ShopifySeed } from './state';

export function shopifyDemoData(): ShopifySeed {
	const products = new Map<string, NonNullable<ShopifySeed['products']>[number]>();
	for (const item of DEMO_CATALOGUE) {
		const product = products.get(item.productKey) ?? { title: item.productName, variants: [] };
		product.variants.push({ sku: item.sku, title: item.variantName, price: item.price.toFixed(2) });
		products.set(item.productKey, product);
	}
	const levels = Object.fromEntries(
		DEMO_CATALOGUE.map((item, index) => [
			item.sku,
			Object.fromEntries(
				DEMO_LOCATIONS.map((location, at) => [location.name, (index * 7 + at * 3) % 25]),
			),
		]),
	);
	return {
		locations: DEMO_LOCATIONS.map((location) => ({ name: location.name })),
		products: [...products.values()],
		levels,
		orders: [
			{
				email: 'demo@example.com',
				line_items: [{ sku: DEMO_CATALOGUE[0].sku, quantity: 1 }],
				shipping_lines: [{ title: 'Standard', price: '3.95' }],
			},
		],
	};
}
