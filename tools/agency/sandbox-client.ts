/**
 * The agency configuration of the sandboxes' retailer (three locations, as in the sandboxes' demo
 * and test data), used by `npm start`, the tests and the benchmarks alike. Its credentials are the
 * ones the sandbox registry names (those `npm start` creates).
 */
import { sandboxCredentials, type SandboxAddresses } from '../../sandbox/registry';
import { SANDBOX_SHOP } from '../../sandbox/shopify/server';
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

/**
 * The same retailer's Cloudshelf ⇄ Centra pair (a client file names two platforms per location):
 * the three locations as Centra warehouses of the same names, the stores' kiosk orders in market 1
 * and pricelist 1 (by id: the UK market and GBP pricelist both in the demo data of `npm start` and
 * in the template tests' seed), shipped `standard`.
 */
const SANDBOX_CENTRA_RETAILER = {
	cloudshelf: { stockBuffer: 1 },
	centra: {
		guestCustomer: { name: 'In-store Customer', email: 'stores@retail-sync.local' },
		defaultShippingOption: 'standard',
		shippingMethods: { delivery: 'standard' },
	},
	locations: [
		{
			name: 'London Warehouse',
			centra: {},
			cloudshelf: { location: 'london-warehouse', fulfillsOnlineOrders: true },
		},
		{
			name: 'Oxford Street',
			centra: { market: 1, pricelist: 1, country: 'GB' },
			cloudshelf: { location: 'oxford-street' },
		},
		{
			name: 'Manchester Arndale',
			centra: { market: 1, pricelist: 1, country: 'GB' },
			cloudshelf: { location: 'manchester-arndale' },
		},
	],
};

/**
 * The same retailer's Cloudshelf ⇄ commercetools pair: the three locations as supply channels keyed
 * like their Cloudshelf locations (as in the commercetools sandbox's demo data and the template
 * tests' seed); the stores' kiosk orders imported into store `uk-stores` with their lines taken
 * from the warehouse's channel (endless aisle), shipped as `Standard Delivery`, country GB (kiosk
 * orders carry no address).
 */
const SANDBOX_COMMERCETOOLS_RETAILER = {
	cloudshelf: { stockBuffer: 1 },
	commercetools: {
		guestCustomer: { name: 'In-store Customer', email: 'stores@retail-sync.local' },
		country: 'GB',
		shippingMethods: { delivery: 'Standard Delivery' },
	},
	locations: [
		{
			name: 'London Warehouse',
			commercetools: { supplyChannel: 'london-warehouse', takesOrders: false },
			cloudshelf: { location: 'london-warehouse', fulfillsOnlineOrders: true },
		},
		{
			name: 'Oxford Street',
			commercetools: {
				supplyChannel: 'oxford-street',
				store: 'uk-stores',
				orderSupplyChannel: 'london-warehouse',
			},
			cloudshelf: { location: 'oxford-street' },
		},
		{
			name: 'Manchester Arndale',
			commercetools: {
				supplyChannel: 'manchester-arndale',
				store: 'uk-stores',
				orderSupplyChannel: 'london-warehouse',
			},
			cloudshelf: { location: 'manchester-arndale' },
		},
	],
};

/**
 * The same retailer's Cloudshelf ⇄ Stokly pair: the three locations as Stokly locations of the same
 * names (as in the Stokly sandbox's demo data), the stores' kiosk orders filed under the
 * "Cloudshelf" channel and shipped from the warehouse (endless aisle), card and cash recorded under
 * Stokly payment methods 4 and 1 (the sandbox accepts any number; 4 is the one seen in Stokly
 * client code, 1 is ASSUMED), VAT 20%.
 */
const SANDBOX_STOKLY_RETAILER = {
	cloudshelf: { stockBuffer: 1 },
	stokly: {
		orderChannel: 'Cloudshelf',
		paymentMethods: { card: 4, cash: 1 },
		vatRate: 20,
		timeZone: 'Europe/London',
		guestCustomer: { name: 'In-store Customer', email: 'stores@retail-sync.local' },
	},
	locations: [
		{
			name: 'London Warehouse',
			stokly: { takesOrders: false },
			cloudshelf: { location: 'london-warehouse', fulfillsOnlineOrders: true },
		},
		{
			name: 'Oxford Street',
			stokly: { fulfilmentLocation: 'London Warehouse' },
			cloudshelf: { location: 'oxford-street' },
		},
		{
			name: 'Manchester Arndale',
			stokly: { fulfilmentLocation: 'London Warehouse' },
			cloudshelf: { location: 'manchester-arndale' },
		},
	],
};

/**
 * The same retailer's Shopify ⇄ Linnworks pair: its one shop's web orders (no location) fulfilled
 * from the warehouse, its point-of-sale orders from the store that took them, all filed under Source
 * SHOPIFY and SubSource the shop; the Shopify locations are the sandbox seed's 1001–1003 (as
 * test/harness/templates.ts seeds them), named as in Linnworks; the cap is sold as CAP-BLUE-OS in
 * Shopify; one unit of each level kept back from Shopify.
 */
const SANDBOX_SHOPIFY_RETAILER = {
	// No price tolerance: Shopify's line prices are the shop's own (discounts included), not a kiosk's.
	linnworks: {
		orderSource: 'SHOPIFY',
		guestCustomer: { name: 'Shopify Customer', email: 'orders@retail-sync.local' },
	},
	shopify: { shop: SANDBOX_SHOP, stockBuffer: 1, notifyCustomer: true },
	locations: [
		{
			name: 'Online store',
			shopify: { locationId: 'online', holdsStock: false },
			linnworks: { location: 'London Warehouse', subSource: SANDBOX_SHOP },
		},
		{
			name: 'London Warehouse',
			shopify: { locationId: 1001 },
			linnworks: { subSource: SANDBOX_SHOP },
		},
		{
			name: 'Oxford Street',
			shopify: { locationId: 1002 },
			linnworks: { subSource: SANDBOX_SHOP },
		},
		{
			name: 'Manchester Arndale',
			shopify: { locationId: 1003 },
			linnworks: { subSource: SANDBOX_SHOP },
		},
	],
	skuMapping: [{ shopify: 'CAP-BLUE-OS', linnworks: 'CAP-BLUE' }],
};

function sandboxConfig(
	addresses: SandboxAddresses,
	client: string,
	retailer: Record<string, unknown>,
): ClientConfig {
	const credentials = Object.fromEntries(
		sandboxCredentials(addresses).map(({ type, name }) => [type, name]),
	);
	return parseClientConfig(
		withCredentialNames(
			{ client, alertUrl: `${addresses.alerts}/hooks/ops`, ...retailer },
			credentials,
		),
	);
}

/** The sandboxes' retailer as a Cloudshelf ⇄ Linnworks client. */
export function sandboxClient(
	addresses: SandboxAddresses,
	client = 'Sandbox Retailer',
): ClientConfig {
	return sandboxConfig(addresses, client, SANDBOX_RETAILER);
}

/** The sandboxes' retailer as a Cloudshelf ⇄ Centra client. */
export function sandboxCentraClient(
	addresses: SandboxAddresses,
	client = 'Sandbox Retailer',
): ClientConfig {
	return sandboxConfig(addresses, client, SANDBOX_CENTRA_RETAILER);
}

/** The sandboxes' retailer as a Cloudshelf ⇄ commercetools client. */
export function sandboxCommercetoolsClient(
	addresses: SandboxAddresses,
	client = 'Sandbox Retailer',
): ClientConfig {
	return sandboxConfig(addresses, client, SANDBOX_COMMERCETOOLS_RETAILER);
}

/** The sandboxes' retailer as a Cloudshelf ⇄ Stokly client. */
export function sandboxStoklyClient(
	addresses: SandboxAddresses,
	client = 'Sandbox Retailer',
): ClientConfig {
	return sandboxConfig(addresses, client, SANDBOX_STOKLY_RETAILER);
}

/** The sandboxes' retailer as a Shopify ⇄ Linnworks client. */
export function sandboxShopifyClient(
	addresses: SandboxAddresses,
	client = 'Sandbox Retailer',
): ClientConfig {
	return sandboxConfig(addresses, client, SANDBOX_SHOPIFY_RETAILER);
}
