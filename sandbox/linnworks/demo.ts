import { DEMO_CATALOGUE, DEMO_LOCATIONS } from '../demo-catalogue';
import type { SeedData } from './state';

/** The demo catalogue at three locations, and a few kiosk orders already dispatched from the warehouse. */
export function linnworksDemoData(): SeedData {
	const items = DEMO_CATALOGUE.map((item, index) => ({
		SKU: item.sku,
		Title: `${item.productName} ${item.variantName}`,
		RetailPrice: item.price,
		levels: {
			'London Warehouse': (index * 7) % 40,
			'Oxford Street': (index * 3) % 9,
			'Manchester Arndale': (index * 5) % 7,
		},
	}));
	const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
	const orders: NonNullable<SeedData['orders']> = [1, 2, 3].map((i) => ({
		location: 'London Warehouse',
		order: {
			Source: 'CLOUDSHELF',
			SubSource: 'Oxford Street',
			ReferenceNumber: `CS-DEMO-${1000 + i}`,
			ChannelBuyerName: `Demo Customer ${i}`,
			Currency: 'GBP',
			ReceivedDate: hoursAgo(30 + i),
			DispatchBy: hoursAgo(6),
			PaymentStatus: 'Paid',
			PostalServiceName: 'Tracked 48',
			DeliveryAddress: {
				FullName: `Demo Customer ${i}`,
				Address1: `${i} Demo Street`,
				Town: 'London',
				PostCode: 'W1D 1AN',
				Country: 'GB',
			},
			OrderItems: [
				{
					ItemNumber: '1',
					ChannelSKU: 'TEE-BLACK-M',
					ItemTitle: 'Tee black M',
					Qty: i,
					PricePerUnit: 18.99,
					TaxRate: 20,
				},
			],
		},
		dispatched: {
			processedOn: hoursAgo(2 + i),
			vendor: 'Royal Mail',
			service: 'Tracked 48',
			trackingNumber: `RM00${i}DEMO`,
		},
	}));
	return {
		locations: DEMO_LOCATIONS.map((location) => ({
			LocationName: location.name,
			IsFulfillmentCenter: location.fulfillsOnlineOrders,
		})),
		items,
		orders,
	};
}
