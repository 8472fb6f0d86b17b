/**
 * commercetools in a client file: the `commercetools` section (credential; the price Product → Get
 * Many selects: currency, country, channel, locale; Order → Import's guest customer, default
 * country, inventory mode and shipping method table) and each location's `commercetools` fields (the key of the supply
 * channel holding its stock, whether its kiosk orders are imported, the store they are imported
 * into and the supply channel their lines are taken from). It fills the commercetools nodes: the
 * channels Inventory → Get Levels reads, Inventory → Set Levels / Adjust's Location
 * Mapping (the other platform's location → supply channel key) and SKU Mapping, Product → Get
 * Many's price selection, and Order → Import's Supply Channel, Store, Shipping Method and SKU
 * Mapping tables, guest customer, default country, locale and inventory mode.
 *
 * Order → Import's Order Number Prefix is left as the templates ship it (empty): the fulfilment
 * writeback and the reconciliation find the kiosk order by the commercetools order number, which
 * is the kiosk order id itself.
 *
 * A location's name on the commercetools side is its supply channel key: what Inventory → Get
 * Levels and the trigger give as `location`, so the Cloudshelf part maps that key to the kiosk's
 * location. What a location's orders need is checked when the file is read, with the field named.
 */
import { z } from 'zod';

import { definePlatform, fillGuestCustomer, fillSkuMapping, type Problem } from '../part';

/**
 * A channel or store key: commercetools keys are 2 to 256 letters, digits, `_` or `-` (VERIFIED,
 * "key" of Channel and Store), so a display name such as "Oxford Street" is refused here rather
 * than by every order.
 */
const resourceKey = (what: string) =>
	z
		.string()
		.trim()
		.regex(
			/^[A-Za-z0-9_-]{2,256}$/,
			`Expected a commercetools ${what} key (2 to 256 letters, digits, _ or -, e.g. oxford-street), not its name`,
		);

/** Order → Import's inventory modes (VERIFIED, OrderImportDraft.inventoryMode; default None). */
export const INVENTORY_MODES = ['None', 'TrackOnly', 'ReserveOnOrder'] as const;

interface CommercetoolsLocation {
	supplyChannel?: string;
	holdsStock: boolean;
	takesOrders: boolean;
	store?: string;
	orderSupplyChannel?: string;
}

/** The supply channel an order location's lines are taken from: its own, or the one it names. */
const orderChannelOf = (location: CommercetoolsLocation) =>
	location.orderSupplyChannel ?? location.supplyChannel;

/** Whether a location's stock is a commercetools supply channel the stock tables name. */
const stocked = (location: CommercetoolsLocation) =>
	location.holdsStock && location.supplyChannel !== undefined;

export const commercetoolsPart = definePlatform({
	key: 'commercetools',
	credentialType: 'commercetoolsApi',
	nodeTypes: ['commercetools', 'commercetoolsTrigger'],
	settings: z.object({
		/**
		 * Product → Get Many's price selection: the currency (default EUR in the node), country and
		 * distribution channel key of the price each catalogue item carries, and the locale of its
		 * names. A variant without a price for them is reported, never pushed.
		 */
		priceCurrency: z.string().trim().length(3).toUpperCase().optional(),
		priceCountry: z.string().trim().length(2).toUpperCase().optional(),
		priceChannel: resourceKey('channel').optional(),
		locale: z.string().trim().min(2).optional(),
		/**
		 * Customer of orders that carry none (anonymous kiosk sales): Order → Import's guest name and
		 * e-mail (commercetools needs neither; the e-mail makes the order findable by customer).
		 */
		guestCustomer: z
			.object({ name: z.string().min(1).optional(), email: z.string().email().optional() })
			.strict()
			.optional(),
		/** ISO country code of imported orders without an address (kiosk orders): Default Country. */
		country: z.string().trim().length(2).toUpperCase().optional(),
		/** Order → Import's inventory mode: None (the node's default) leaves stock alone. */
		inventoryMode: z.enum(INVENTORY_MODES).optional(),
		/**
		 * Shipping method the orders name → the shipping method name of the imported order's
		 * shipping info. Order injection gives every kiosk order its fulfilment method (e.g.
		 * `delivery`); it replaces the template's example row.
		 */
		shippingMethods: z.record(z.string().trim().min(1)).optional(),
	}),
	location: z.object({
		/**
		 * Key of the supply channel (role InventorySupply) holding the location's stock: the
		 * location's name in every commercetools node (Get Levels' `location`).
		 */
		supplyChannel: resourceKey('channel').optional(),
		/** Whether the location's stock is in commercetools (a row of the stock tables). */
		holdsStock: z.boolean().default(true),
		/** Whether kiosk orders from the location are imported (a row of Order → Import's tables). */
		takesOrders: z.boolean().default(true),
		/**
		 * Key of the store its orders are imported into (optional). commercetools refuses an import
		 * into a store that does not list the lines' supply channel (VERIFIED, OrderImportDraft.store).
		 */
		store: resourceKey('store').optional(),
		/**
		 * Key of the supply channel its orders' lines are taken from, when not its own (e.g. the
		 * warehouse that ships endless-aisle orders).
		 */
		orderSupplyChannel: resourceKey('channel').optional(),
	}),
	locationName: (location, rowName) => location.supplyChannel ?? rowName,
	checkLocation(location) {
		const problems: Problem[] = [];
		if (location.takesOrders && orderChannelOf(location) === undefined && !location.holdsStock) {
			problems.push({
				path: ['orderSupplyChannel'],
				message:
					'Required: the location takes orders (takesOrders, on by default) and every imported line needs the supply channel it is taken from: give supplyChannel (its own stock) or orderSupplyChannel (e.g. the warehouse shipping its orders), or set takesOrders to false',
			});
		}
		if (location.holdsStock && location.supplyChannel === undefined) {
			problems.push({
				path: ['supplyChannel'],
				message:
					'Required: the location holds stock in commercetools (holdsStock, on by default): give the key of its supply channel, or set holdsStock to false',
			});
		}
		return problems;
	},
	checkClient(_settings, locations) {
		// One channel's levels reach one Cloudshelf location: a channel on two rows would send the
		// same stock to both, or to the first only.
		const problems: Problem[] = [];
		const seen = new Map<string, number>();
		for (const { index, own } of locations) {
			if (!stocked(own)) continue;
			const key = own.supplyChannel!.toLowerCase();
			const earlier = seen.get(key);
			if (earlier === undefined) seen.set(key, index);
			else
				problems.push({
					path: ['locations', index, 'commercetools', 'supplyChannel'],
					message: `Supply channel "${own.supplyChannel}" is listed twice (also at locations.${earlier}), but a channel's stock goes to one location`,
				});
		}
		return problems;
	},
	configure(node, { settings, locations: rows, skus }) {
		const parameters = node.parameters;
		// A file whose rows name no commercetools location leaves the tables as they are.
		const locations = rows?.length ? rows : undefined;
		const stores = locations?.filter(({ own }) => stocked(own));
		// Get Levels' channels: the client's. (The trigger has no channel filter: its events of other
		// channels meet the Location Mapping of the node they go to.)
		if (stores && Array.isArray(parameters.channels)) {
			parameters.channels = stores.map(({ name }) => name);
		}
		if (parameters.resource === 'product' && parameters.operation === 'getMany') {
			for (const field of ['priceCurrency', 'priceCountry', 'priceChannel', 'locale'] as const) {
				if (settings[field] !== undefined) parameters[field] = settings[field];
			}
			return;
		}
		if (parameters.resource === 'inventory') {
			// Set Levels / Adjust: kiosk SKUs → commercetools SKUs, kiosk locations → supply channels.
			if (parameters.operation !== 'setLevels' && parameters.operation !== 'adjust') return;
			fillSkuMapping(parameters, skus);
			if (stores && 'locationMapping' in parameters) {
				parameters.locationMapping = {
					mapping: stores.flatMap(({ name, peerName }) =>
						peerName ? [{ location: peerName, channel: name }] : [],
					),
				};
			}
			return;
		}
		if (parameters.resource !== 'order' || parameters.operation !== 'import') return;
		if (locations) {
			const ordering = locations.filter(({ own }) => own.takesOrders);
			parameters.supplyChannelMapping = {
				mapping: ordering.flatMap(({ own, peerName }) => {
					const channel = orderChannelOf(own);
					return peerName && channel ? [{ location: peerName, channel }] : [];
				}),
			};
			parameters.storeMapping = {
				mapping: ordering.flatMap(({ own, peerName }) =>
					peerName && own.store ? [{ location: peerName, store: own.store }] : [],
				),
			};
			// A location without a store imports its orders into none (the project's, not a store's):
			// the Supply Channel table still refuses a location the client does not have.
			if (ordering.some(({ own }) => own.store === undefined)) {
				parameters.unmappedStore = 'default';
				parameters.defaultStore = '';
			}
		}
		// The template's row is an example: the client's table replaces it (a client with order
		// locations and no methods gets an empty one).
		if (locations || settings.shippingMethods) {
			parameters.shippingMethodMapping = {
				mapping: Object.entries(settings.shippingMethods ?? {}).map(
					([shippingMethod, shippingMethodName]) => ({ shippingMethod, shippingMethodName }),
				),
			};
		}
		fillSkuMapping(parameters, skus);
		fillGuestCustomer(parameters, settings.guestCustomer);
		const options = {
			inventoryMode: settings.inventoryMode,
			defaultCountry: settings.country,
			locale: settings.locale,
		};
		for (const [option, value] of Object.entries(options)) {
			if (value !== undefined)
				parameters.options = { ...(parameters.options as object), [option]: value };
		}
	},
});
