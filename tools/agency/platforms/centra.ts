/**
 * Centra in a client file: the `centra` section (the Integration API credential as `credential`,
 * the Order API credential as `orderCredential`, the order number base, the guest customer,
 * whether customers are registered, the default shipping option and the shipping method table)
 * and each location's `centra` fields (its warehouse, and for a store or kiosk that takes orders
 * its market, pricelist, shipping option and country). It fills the Centra nodes: the warehouses
 * Stock → Get Levels reads, Stock → Adjust / Set's Warehouse Mapping (the other platform's
 * location → its Centra warehouse), and Order → Create's Location Mapping, Shipping Method Mapping,
 * SKU Mapping, guest customer, order number base and Register Customer option (the base also goes
 * into Order → Get by reference, which must compute the same numbers).
 */
import { z } from 'zod';

import { definePlatform } from '../part';

/**
 * A market or pricelist: its id (as Market / Pricelist → Get Many and the editor's drop-downs give
 * it; a number or digits) or its name, both of which the Order API takes.
 */
const centraReference = z.union([z.number().int().positive(), z.string().min(1)]).transform(String);

export const centraPart = definePlatform({
	key: 'centra',
	credentialType: 'centraIntegrationApi',
	moreCredentials: { orderCredential: 'centraOrderApi' },
	nodeTypes: ['centra', 'centraTrigger', 'centraEventsTrigger'],
	settings: z.object({
		/**
		 * Order → Create's Order Number Base: order numbers are derived from the order reference within
		 * [base, base + 10^9), so it must stay the same for the client (Order → Get uses it too).
		 */
		orderNumberBase: z
			.number()
			.int()
			.min(1)
			.max(2 ** 31 - 1 - 1_000_000_000)
			.optional(),
		/** Customer of orders that carry no e-mail (anonymous kiosk sales): Centra needs one. */
		guestCustomer: z
			.object({ name: z.string().min(1).optional(), email: z.string().email() })
			.strict()
			.optional(),
		/** Order → Create's Register Customer option: orders with an e-mail go to that customer. */
		registerCustomers: z.boolean().optional(),
		/** Shipping option URI of the locations whose row names none. */
		defaultShippingOption: z.string().min(1).optional(),
		/** Shipping method the orders name → Centra shipping option URI. */
		shippingMethods: z.record(z.string().min(1)).optional(),
	}),
	location: z.object({
		/** Centra warehouse (name or id) holding the location's stock; defaults to the row's name. */
		warehouse: z.string().min(1).optional(),
		/** Whether the location's stock is in Centra (a row of the warehouse tables). */
		holdsStock: z.boolean().default(true),
		/** Market (id or name) of the location's orders; with a pricelist, the location takes orders. */
		market: centraReference.optional(),
		/** Pricelist (id or name) of the location's orders, in their currency. */
		pricelist: centraReference.optional(),
		/** Shipping option URI of orders that name none; defaults to `defaultShippingOption`. */
		shippingOption: z.string().min(1).optional(),
		/** ISO country code for the location's orders without an address. */
		country: z.string().length(2).toUpperCase().optional(),
	}),
	locationName: (location, rowName) => location.warehouse ?? rowName,
	configure(node, { settings, locations: rows, skus }) {
		const parameters = node.parameters;
		// A file whose rows name no Centra location (a Cloudshelf ⇄ Linnworks client) leaves the tables.
		const locations = rows?.length ? rows : undefined;
		const numbersFromReferences =
			parameters.resource === 'order' &&
			(parameters.operation === 'create' ||
				(parameters.operation === 'get' && parameters.lookupBy === 'reference'));
		if (settings.orderNumberBase !== undefined && numbersFromReferences) {
			parameters.orderNumberBase = settings.orderNumberBase;
		}
		if (parameters.resource === 'stock') {
			const stores = locations?.filter((location) => location.own.holdsStock);
			if (!stores) return;
			if (Array.isArray(parameters.warehouses)) {
				parameters.warehouses = stores.map((location) => location.name);
			}
			if ('warehouseMapping' in parameters) {
				parameters.warehouseMapping = {
					mapping: stores.flatMap(({ name, peerName }) =>
						peerName ? [{ location: peerName, warehouse: name }] : [],
					),
				};
			}
			return;
		}
		if (parameters.resource !== 'order' || parameters.operation !== 'create') return;
		const half = locations?.find(
			({ own }) => (own.market === undefined) !== (own.pricelist === undefined),
		);
		if (half) {
			throw new Error(
				`Client file is not valid: the Centra fields of location "${half.peerName ?? half.name}" name a ${half.own.market ? 'market but no pricelist' : 'pricelist but no market'}; an order location needs both`,
			);
		}
		if (locations) {
			parameters.locationMapping = {
				mapping: locations.flatMap(({ own, name, peerName }) =>
					own.market !== undefined
						? [
								{
									orderLocation: peerName ?? name,
									market: own.market,
									pricelist: own.pricelist,
									shippingOption: own.shippingOption ?? settings.defaultShippingOption ?? '',
									country: own.country ?? '',
								},
							]
						: [],
				),
			};
		}
		if (settings.defaultShippingOption && 'defaultShippingOption' in parameters) {
			parameters.defaultShippingOption = settings.defaultShippingOption;
		}
		if (settings.shippingMethods) {
			parameters.shippingMethodMapping = {
				mapping: Object.entries(settings.shippingMethods).map(
					([shippingMethod, shippingOption]) => ({ shippingMethod, shippingOption }),
				),
			};
		}
		if (skus) {
			parameters.skuMapping = {
				mapping: skus.map(({ own, peer }) => ({ sourceSku: peer, targetSku: own })),
			};
		}
		if (settings.guestCustomer) {
			if (settings.guestCustomer.name) parameters.guestName = settings.guestCustomer.name;
			parameters.guestEmail = settings.guestCustomer.email;
		}
		if (settings.registerCustomers !== undefined) {
			parameters.options = {
				...(parameters.options as object),
				registerCustomer: settings.registerCustomers,
			};
		}
	},
});
