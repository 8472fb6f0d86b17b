import { DEMO_CATALOGUE, DEMO_LOCATIONS } from '../demo-catalogue';
import type { ProductSeed, SeedData } from './state';

/** The demo store (a Store with the three demo locations as its supply channels). */
export const DEMO_STORE_KEY = 'uk-stores';

/**
 * The shared demo catalogue (../demo-catalogue.ts) in commercetools: one InventorySupply channel
 * per demo location (key = the Cloudshelf location key, name = the Linnworks location name), one
 * store supplied by them, one published product per style-colour with a variant per size (SKU,
 * EUR price, image, a `gtin` attribute) and inventory in every channel.
 */
export function commercetoolsDemoData(): SeedData {
	const products = new Map<string, ProductSeed>();
	DEMO_CATALOGUE.forEach((item, index) => {
		const product = products.get(item.productKey) ?? {
			key: item.productKey,
			name: item.productName,
			variants: [],
		};
		products.set(item.productKey, product);
		product.variants.push({
			sku: item.sku,
			key: item.sku,
			prices: [{ currency: 'EUR', centAmount: Math.round(item.price * 100) }],
			images: [`https://images.example.com/${item.productKey.toLowerCase()}.jpg`],
			attributes: { size: item.variantName, gtin: `73500000${String(index).padStart(5, '0')}` },
		});
	});
	return {
		channels: DEMO_LOCATIONS.map((location) => ({
			key: location.key,
			name: location.name,
			roles: ['InventorySupply'],
		})),
		stores: [
			{
				key: DEMO_STORE_KEY,
				name: 'UK stores',
				supplyChannels: DEMO_LOCATIONS.map((location) => location.key),
				countries: ['GB', 'DE'],
			},
		],
		products: [...products.values()],
		inventory: DEMO_CATALOGUE.flatMap((item, index) =>
			DEMO_LOCATIONS.map((location, place) => ({
				sku: item.sku,
				channel: location.key,
				quantityOnStock: (index * (7 - 2 * place)) % (40 - 15 * place),
			})),
		),
	};
}
