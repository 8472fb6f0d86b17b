/**
 * The agency configuration of the sandboxes' retailer (three locations, as in the sandboxes' demo
 * and test data), used by `npm start`, the tests and the benchmarks alike. Its credentials are the
 * ones the sandbox registry names (those `npm start` creates).
 */
import { sandboxCredentials, type SandboxAddresses } from '../../sandbox/registry';
import { parseClientConfig, withCredentialNames, type ClientConfig } from './client-config';

export type { SandboxAddresses } from '../../sandbox/registry';

/** The retailer's platforms settings and locations (everything but names of credentials and URLs). */
const SANDBOX_RETAILER = {
	linnworks: {
		orderSource: 'CLOUDSHELF',
		priceTolerance: 5,
		guestCustomer: { name: 'In-store Customer', email: 'stores@retail-sync.local' },
	},
	cloudshelf: { stockBuffer: 1 },
	locations: [
		{
			name: 'London Warehouse',
			linnworks: { takesOrders: false },
			cloudshelf: { location: 'london-warehouse', fulfillsOnlineOrders: true },
		},
		{
			name: 'Oxford Street',
			linnworks: { fulfilmentLocation: 'London Warehouse' },
			cloudshelf: { location: 'oxford-street' },
		},
		{
			name: 'Manchester Arndale',
			linnworks: { fulfilmentLocation: 'London Warehouse' },
			cloudshelf: { location: 'manchester-arndale' },
		},
	],
};

export function sandboxClient(
	addresses: SandboxAddresses,
	client = 'Sandbox Retailer',
): ClientConfig {
	const credentials = Object.fromEntries(
		sandboxCredentials(addresses).map(({ type, name }) => [type, name]),
	);
	return parseClientConfig(
		withCredentialNames(
			{ client, alertUrl: `${addresses.alerts}/hooks/ops`, ...SANDBOX_RETAILER },
			credentials,
		),
	);
}
