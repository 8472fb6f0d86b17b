/**
 * The agency configuration of the sandboxes' retailer (three locations, as in the sandboxes' demo
 * and test data), used by `npm start`, the tests and the benchmarks alike.
 */
import { parseClientConfig, type ClientConfig } from './client-config';

/** Base URLs of the three sandboxes. */
export interface SandboxAddresses {
	linnworks: string;
	cloudshelf: string;
	alerts: string;
}

export function sandboxClient(
	addresses: SandboxAddresses,
	client = 'Sandbox Retailer',
): ClientConfig {
	return parseClientConfig({
		client,
		credentials: { linnworksApi: 'Linnworks sandbox', cloudshelfApi: 'Cloudshelf sandbox' },
		alertUrl: `${addresses.alerts}/hooks/ops`,
		locations: [
			{
				linnworks: 'London Warehouse',
				cloudshelf: 'london-warehouse',
				fulfillsOnlineOrders: true,
				takesOrders: false,
			},
			{
				linnworks: 'Oxford Street',
				cloudshelf: 'oxford-street',
				fulfilmentLocation: 'London Warehouse',
			},
			{
				linnworks: 'Manchester Arndale',
				cloudshelf: 'manchester-arndale',
				fulfilmentLocation: 'London Warehouse',
			},
		],
		stockBuffer: 1,
		priceTolerance: 5,
		guestCustomer: { name: 'In-store Customer', email: 'stores@retail-sync.local' },
	});
}
