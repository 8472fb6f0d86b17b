/**
 * The agency configuration of the sandboxes' retailer (three locations, as in the sandboxes' demo
 * and test data), used by `npm start`, the tests and the benchmarks alike.
 */
import { sandboxCredentials, type SandboxAddresses } from '../../sandbox/registry';
import { parseClientConfig, type ClientConfig } from './client-config';

export type { SandboxAddresses } from '../../sandbox/registry';

export function sandboxClient(
	addresses: SandboxAddresses,
	client = 'Sandbox Retailer',
): ClientConfig {
	return parseClientConfig({
		client,
		credentials: Object.fromEntries(
			sandboxCredentials(addresses).map(({ type, name }) => [type, name]),
		),
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
