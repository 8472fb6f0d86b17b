/** Demo shop for `npm run sandbox` / `npm start`: three locations, 20 single-variant products, stock. */
import type { ShopifySeed } from './state';

export const DEMO_LOCATIONS = ['Warehouse', 'Oxford Street', 'Manchester'];

export function shopifyDemoData(): ShopifySeed {
	const products = Array.from({ length: 20 }, (_, index) => {
		const sku = `SKU-${String(index + 1).padStart(4, '0')}`;
		return { title: `Demo product ${index + 1}`, variants: [{ sku, price: '19.99' }] };
	});
	const levels = Object.fromEntries(
		products.map((product, index) => [
			product.variants[0].sku,
			Object.fromEntries(DEMO_LOCATIONS.map((name, at) => [name, (index * 7 + at * 3) % 25])),
		]),
	);
	return {
		locations: DEMO_LOCATIONS.map((name) => ({ name })),
		products,
		levels,
		orders: [{ email: 'demo@example.com', line_items: [{ sku: 'SKU-0001', quantity: 1 }] }],
	};
}
