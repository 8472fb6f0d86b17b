import { DEMO_CATALOGUE, DEMO_LOCATIONS } from '../demo-catalogue';
import type { CloudshelfSeed } from './state';

const variantId = (sku: string) => `gid://external/RetailSyncVariant/${encodeURIComponent(sku)}`;

/** The demo catalogue as pushed by the Cloudshelf node, and kiosk orders waiting to be injected. */
export function cloudshelfDemoData(): CloudshelfSeed {
	const products = new Map<string, NonNullable<CloudshelfSeed['products']>[number]>();
	for (const item of DEMO_CATALOGUE) {
		const product = products.get(item.productKey) ?? {
			id: `gid://external/RetailSyncProduct/${encodeURIComponent(item.productKey)}`,
			displayName: item.productName,
			variants: [],
		};
		product.variants.push({
			id: variantId(item.sku),
			sku: item.sku,
			displayName: item.variantName,
			currentPrice: item.price,
		});
		products.set(item.productKey, product);
	}
	const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
	return {
		locations: DEMO_LOCATIONS.map((location) => ({
			id: `gid://external/RetailSyncLocation/${location.key}`,
			displayName: location.name,
			address: `${location.name}, UK`,
			countryCode: 'GB',
			fulfillsOnlineOrders: location.fulfillsOnlineOrders,
		})),
		products: [...products.values()],
		orders: [
			{
				location: 'Oxford Street',
				device: 'Kiosk 1',
				paymentMethod: 'card',
				createdAt: minutesAgo(25),
				lines: [
					{ variant: 'TEE-NAVY-M', quantity: 1 },
					{ variant: 'CAP-BLACK-M', quantity: 1 },
				],
			},
			{
				location: 'Oxford Street',
				device: 'Kiosk 2',
				paymentMethod: 'card',
				status: 'PAID',
				createdAt: minutesAgo(12),
				lines: [{ variant: 'HOODIE-GREY-L', quantity: 1 }],
			},
			{
				location: 'Manchester Arndale',
				device: 'Kiosk 1',
				createdAt: minutesAgo(5),
				lines: [
					{ variant: 'JACKET-BLACK-S', quantity: 1 },
					{ variant: 'SOCK-WHITE-M', quantity: 3 },
				],
			},
		],
	};
}
