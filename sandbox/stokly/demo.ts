import { DEMO_CATALOGUE, DEMO_LOCATIONS } from '../demo-catalogue';
import type { SeedData, StoklyState } from './state';

/** The style-colours of the shared catalogue (../demo-catalogue.ts) that Stokly sells as variable items. */
const VARIABLE_PRODUCTS = ['TEE-BLACK', 'HOODIE-NAVY', 'CHINO-GREY'];
/** Sizes of these sell as simple items (format 0). */
const SIMPLE_SKUS = ['CAP-RED-M', 'SCARF-GREEN-M'];
/** The store with two bins. */
const TWO_BIN_STORE = 'Oxford Street';

/**
 * ASSUMED demo setting: writes become visible 2 s after their 202, so `npm start` shows Stokly's
 * asynchronous writes (tests keep the default 0, or hold writes explicitly).
 */
export const DEMO_VISIBILITY_DELAY_MS = 2000;

const net = (gross: number) => Math.round((gross / 1.2) * 100) / 100;

/**
 * A slice of the shared demo catalogue in Stokly: the demo warehouse and stores (Oxford Street
 * with a shop-floor and a stockroom bin), a "Cloudshelf" channel (type 0, local/other) and a
 * Shopify one, three variable items with a variant per size and two simple items, stock at
 * every location. Sale prices are net of 20% VAT, as Stokly keeps them.
 */
export function stoklyDemoData(): SeedData {
	const catalogue = DEMO_CATALOGUE.map((item, index) => ({ ...item, index }));
	const variants = catalogue.filter((item) => VARIABLE_PRODUCTS.includes(item.productKey));
	const simple = catalogue.filter((item) => SIMPLE_SKUS.includes(item.sku));
	const stockOf = (index: number) => ({
		'London Warehouse': (index * 7) % 40,
		[TWO_BIN_STORE]: { 'Shop Floor': (index * 3) % 5, Stockroom: (index * 5) % 7 },
		'Manchester Arndale': (index * 5) % 7,
	});
	const barcode = (index: number) => `50123450${String(index).padStart(5, '0')}`;
	const image = (key: string) => `https://images.example.com/${key.toLowerCase()}.jpg`;
	return {
		locations: DEMO_LOCATIONS.map((location) => ({
			name: location.name,
			bins: location.name === TWO_BIN_STORE ? ['Shop Floor', 'Stockroom'] : ['Default'],
		})),
		channels: [
			{ name: 'Cloudshelf', type: 0 },
			{ name: 'Shopify', type: 6 },
		],
		items: [
			...VARIABLE_PRODUCTS.map((key) => {
				const first = variants.find((item) => item.productKey === key)!;
				return {
					sku: key,
					name: first.productName,
					salePrice: net(first.price),
					images: [image(key)],
				};
			}),
			...variants.map((item) => ({
				sku: item.sku,
				name: `${item.productName} ${item.variantName}`,
				parentSku: item.productKey,
				salePrice: net(item.price),
				barcodes: [barcode(item.index)],
				images: [image(item.productKey)],
				attributes: { Size: item.variantName },
				stock: stockOf(item.index),
			})),
			...simple.map((item) => ({
				sku: item.sku,
				name: item.productName,
				salePrice: net(item.price),
				barcodes: [barcode(item.index)],
				images: [image(item.productKey)],
				stock: stockOf(item.index),
			})),
		],
	};
}

/**
 * The demo data plus two Cloudshelf kiosk orders at Oxford Street, one already dispatched; later
 * writes become visible after DEMO_VISIBILITY_DELAY_MS.
 */
export function seedStoklyDemo(state: StoklyState): void {
	state.seed(stoklyDemoData());
	const channel = state.channelByName('Cloudshelf')!;
	const store = state.locationByName(TWO_BIN_STORE)!;
	const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
	const ids = ['TEE-BLACK-M', 'HOODIE-NAVY-L'].map((sku, i) => {
		const item = state.itemBySku(sku)!;
		return state.createSaleOrder({
			stage: 'order',
			createdAt: hoursAgo(30 - i * 20),
			sourceType: 'other',
			sourceId: channel.channelId,
			sourceReferenceId: `gid://cloudshelf/Order/DEMO-${1001 + i}`,
			customerReference: `CS-DEMO-${1001 + i}`,
			currency: 'GBP',
			tags: ['cloudshelf', 'kiosk:Oxford Street 1'],
			locationId: store.locationId,
			payments: [{ method: 4, amount: Math.round(item.salePrice.amount * 1.2 * 100) / 100 }],
			items: [
				{
					referenceType: 'item',
					referenceId: item.itemId,
					quantity: 1,
					displayPrice: item.salePrice.amount,
					displayTax: Math.round(item.salePrice.amount * 0.2 * 100) / 100,
					displayDiscount: 0,
					fulfilmentType: 'delivery',
				},
			],
		});
	});
	state.settle();
	state.dispatch(ids[0], {
		courier: 'Royal Mail',
		trackingNumber: 'RM1001DEMOGB',
		trackingUrl: 'https://www.royalmail.com/track-your-item#/tracking-results/RM1001DEMOGB',
	});
	state.visibilityDelayMs = DEMO_VISIBILITY_DELAY_MS;
}
