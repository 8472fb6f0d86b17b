import type { SeedData } from './state';

const COLOURS = ['BLACK', 'WHITE', 'NAVY', 'RED', 'GREEN', 'GREY'];
const SIZES = ['XS', 'S', 'M', 'L', 'XL'];
const STYLES = ['TEE', 'HOODIE', 'CHINO', 'JACKET', 'SOCK', 'CAP', 'SCARF', 'POLO', 'SHORT', 'DRESS'];
const PRICES: Record<string, number> = { TEE: 19, HOODIE: 49, CHINO: 45, JACKET: 120, SOCK: 6, CAP: 15, SCARF: 25, POLO: 29, SHORT: 30, DRESS: 65 };

export const DEMO_LOCATIONS = ['London Warehouse', 'Oxford Street', 'Manchester Arndale'];

/** 300 SKUs across three locations, and a few orders already dispatched from the warehouse. */
export function linnworksDemoData(): SeedData {
	const items: NonNullable<SeedData['items']> = [];
	let n = 0;
	for (const style of STYLES) {
		for (const colour of COLOURS) {
			for (const size of SIZES) {
				n++;
				items.push({
					SKU: `${style}-${colour}-${size}`,
					Title: `${style[0]}${style.slice(1).toLowerCase()} ${colour.toLowerCase()} ${size}`,
					RetailPrice: PRICES[style] - 0.01,
					levels: { 'London Warehouse': (n * 7) % 40, 'Oxford Street': (n * 3) % 9, 'Manchester Arndale': (n * 5) % 7 },
				});
			}
		}
	}
	const dispatchedAt = (hoursAgo: number) => new Date(Date.now() - hoursAgo * 3_600_000).toISOString();
	const orders: NonNullable<SeedData['orders']> = [1, 2, 3].map((i) => ({
		location: 'London Warehouse',
		order: {
			Source: 'CLOUDSHELF',
			SubSource: 'Oxford Street',
			ReferenceNumber: `CS-DEMO-${1000 + i}`,
			ChannelBuyerName: `Demo Customer ${i}`,
			Currency: 'GBP',
			ReceivedDate: dispatchedAt(30 + i),
			DispatchBy: dispatchedAt(6),
			PaymentStatus: 'Paid',
			PostalServiceName: 'Tracked 48',
			DeliveryAddress: { FullName: `Demo Customer ${i}`, Address1: `${i} Demo Street`, Town: 'London', PostCode: 'W1D 1AN', Country: 'GB' },
			OrderItems: [{ ItemNumber: '1', ChannelSKU: 'TEE-BLACK-M', ItemTitle: 'Tee black M', Qty: i, PricePerUnit: 18.99, TaxRate: 20 }],
		},
		dispatched: { processedOn: dispatchedAt(2 + i), vendor: 'Royal Mail', service: 'Tracked 48', trackingNumber: `RM00${i}DEMO` },
	}));
	return { locations: DEMO_LOCATIONS.map((LocationName, index) => ({ LocationName, IsFulfillmentCenter: index === 0 })), items, orders };
}
