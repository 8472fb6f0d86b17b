/**
 * Centra in a client file: the `centra` section (the Integration API credential as `credential`,
 * the Order API credential as `orderCredential`, the order number base, the guest customer,
 * whether customers are registered, the default shipping option, the shipping method table and
 * whether orders are matched by store or by kiosk) and each location's `centra` fields (its
 * warehouse, and for a store that takes orders its market, pricelist, shipping option and country,
 * or its kiosks with theirs). It fills the Centra nodes: the warehouses Stock → Get Levels reads,
 * Stock → Adjust / Set's Warehouse Mapping (the other platform's location → its Centra warehouse)
 * and SKU Mapping, and Order → Create's Match Location By, Location Mapping, Shipping Method
 * Mapping, SKU Mapping, guest customer, order number base and Register Customer option (the base
 * also goes into Order → Get by reference, which must compute the same numbers).
 *
 * What an order location needs is checked when the file is read, with the field named: a market
 * and a pricelist together, a country (kiosk orders carry no address), and in the section a guest
 * e-mail (kiosk orders are anonymous) and the shipping methods (every injected order names one).
 */
import { z } from 'zod';

import {
	definePlatform,
	fillGuestCustomer,
	fillSkuMapping,
	type CheckedLocation,
	type Problem,
} from '../part';

/**
 * A market or pricelist: its id (as Market / Pricelist → Get Many and the editor's drop-downs give
 * it; a number or digits) or its name, both of which the Order API takes.
 */
const centraReference = (what: 'market' | 'pricelist') =>
	z
		.unknown()
		.superRefine((value, context) => {
			const valid =
				(typeof value === 'number' && Number.isInteger(value) && value > 0) ||
				(typeof value === 'string' && value.trim() !== '');
			if (!valid) {
				context.addIssue({
					code: z.ZodIssueCode.custom,
					message: `Expected a ${what} id (positive integer) or name, received ${JSON.stringify(value)}`,
				});
			}
		})
		.transform((value) => String(value as string | number).trim());

/** The order attribute a kiosk's orders are matched by (Cloudshelf's session device name). */
export const KIOSK_ATTRIBUTE = 'deviceName';

/** A market, pricelist, shipping option and country: a location's, or a kiosk's own. */
const orderFields = {
	/** Market (id or name) of the orders; with a pricelist, they are taken as Centra orders. */
	market: centraReference('market').optional(),
	/** Pricelist (id or name) of the orders, in their currency. */
	pricelist: centraReference('pricelist').optional(),
	/** Shipping option URI of orders that name none; defaults to `defaultShippingOption`. */
	shippingOption: z.string().min(1).optional(),
	/** ISO country code of orders without an address (kiosk orders). */
	country: z.string().length(2).toUpperCase().optional(),
};

const kiosk = z
	.object({
		/** The kiosk's device name, as Cloudshelf orders carry it (attribute deviceName). */
		device: z.string().trim().min(1),
		/** The kiosk's own values; each left out is the location's. */
		...orderFields,
	})
	.strict();

type OrderFields = {
	market?: string;
	pricelist?: string;
	shippingOption?: string;
	country?: string;
};
type CentraLocation = OrderFields & { kiosks?: Array<OrderFields & { device: string }> };

/** A kiosk's values: its own, else its location's. */
const kioskFields = (location: OrderFields, own: OrderFields): OrderFields => ({
	market: own.market ?? location.market,
	pricelist: own.pricelist ?? location.pricelist,
	shippingOption: own.shippingOption ?? location.shippingOption,
	country: own.country ?? location.country,
});

/** Whether a location (or one of its kiosks) takes Centra orders: it has a market. */
const takesOrders = (location: CentraLocation) =>
	location.market !== undefined ||
	(location.kiosks ?? []).some((entry) => entry.market !== undefined);

/** What an order location's own fields lack: half of market + pricelist, a country. */
function orderFieldProblems(
	fields: OrderFields,
	path: Array<string | number>,
	inherited: OrderFields = {},
): Problem[] {
	const all = kioskFields(inherited, fields);
	const problems: Problem[] = [];
	if (fields.market !== undefined && all.pricelist === undefined) {
		problems.push({
			path: [...path, 'pricelist'],
			message:
				'Required: with a market, orders are taken in Centra and need a pricelist (its id or name) too',
		});
	}
	if (fields.pricelist !== undefined && all.market === undefined) {
		problems.push({
			path: [...path, 'market'],
			message:
				'Required: with a pricelist, orders are taken in Centra and need a market (its id or name) too',
		});
	}
	if (fields.market !== undefined && all.country === undefined) {
		problems.push({
			path: [...path, 'country'],
			message:
				'Required: orders are taken in Centra (a market is given) and kiosk orders carry no address, so Centra needs their ISO country code (e.g. GB)',
		});
	}
	return problems;
}

const where = (location: CheckedLocation<unknown>) => `locations.${location.index}`;

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
		/**
		 * Customer of orders that carry no e-mail (anonymous kiosk sales): Centra needs one, so a
		 * file with an order location must give it.
		 */
		guestCustomer: z
			.object({ name: z.string().min(1).optional(), email: z.string().email() })
			.strict()
			.optional(),
		/** Order → Create's Register Customer option: orders with an e-mail go to that customer. */
		registerCustomers: z.boolean().optional(),
		/** Shipping option URI of the locations (and kiosks) whose row names none. */
		defaultShippingOption: z.string().min(1).optional(),
		/**
		 * Shipping method the orders name → Centra shipping option URI. Order injection gives every
		 * kiosk order its fulfilment method (e.g. `delivery`) as shipping method, so a file with an
		 * order location must map them; it replaces the template's example row.
		 */
		shippingMethods: z.record(z.string().min(1)).optional(),
		/**
		 * What Order → Create looks up in its Location Mapping: each order's store (`location`, a row
		 * per location with a market), or its kiosk (`kiosk`: the order's deviceName, a row per kiosk
		 * the locations list, for a market and pricelist per terminal).
		 */
		matchLocationBy: z.enum(['location', 'kiosk']).default('location'),
	}),
	location: z.object({
		/** Centra warehouse (name or id) holding the location's stock; defaults to the row's name. */
		warehouse: z.string().min(1).optional(),
		/** Whether the location's stock is in Centra (a row of the warehouse tables). */
		holdsStock: z.boolean().default(true),
		...orderFields,
		/**
		 * The location's kiosks, when orders are matched by kiosk (`matchLocationBy: "kiosk"`): each
		 * names its device and may give its own market, pricelist, shipping option and country.
		 */
		kiosks: z.array(kiosk).min(1).optional(),
	}),
	locationName: (location, rowName) => location.warehouse ?? rowName,
	checkLocation(location) {
		// What a kiosk inherits is checked at the location; a kiosk's own market or pricelist here.
		const problems = orderFieldProblems(location, []);
		(location.kiosks ?? []).forEach((entry, index) => {
			problems.push(...orderFieldProblems(entry, ['kiosks', index], location));
		});
		return problems;
	},
	checkClient(settings, locations) {
		const problems: Problem[] = [];
		const ordering = locations.find(({ own }) => takesOrders(own));
		if (ordering && !settings.guestCustomer) {
			problems.push({
				path: ['centra', 'guestCustomer', 'email'],
				message: `Required: ${where(ordering)} takes Centra orders (it has a market), and kiosk orders are anonymous, but Centra needs an e-mail on every order (e.g. the stores' mailbox)`,
			});
		}
		if (ordering && !Object.keys(settings.shippingMethods ?? {}).length) {
			problems.push({
				path: ['centra', 'shippingMethods'],
				message: `Required: ${where(ordering)} takes Centra orders, and each kiosk order names its fulfilment method (e.g. delivery) as shipping method: map each to a Centra shipping option URI, e.g. { "delivery": "standard" }`,
			});
		}
		const devices = new Map<string, string>();
		for (const location of locations) {
			const { own } = location;
			if (settings.matchLocationBy === 'location') {
				if (own.kiosks) {
					problems.push({
						path: ['locations', location.index, 'centra', 'kiosks'],
						message:
							'Kiosks are used only when centra.matchLocationBy is "kiosk" (orders are matched by their store now): set it, or leave the kiosks out',
					});
				}
				continue;
			}
			if (own.market !== undefined && !own.kiosks) {
				problems.push({
					path: ['locations', location.index, 'centra', 'kiosks'],
					message: `Required: centra.matchLocationBy is "kiosk", so orders are matched by their kiosk's ${KIOSK_ATTRIBUTE}: list the location's kiosks (its market is their default)`,
				});
			}
			(own.kiosks ?? []).forEach(({ device, market }, index) => {
				const path = `locations.${location.index}.centra.kiosks.${index}`;
				if (market === undefined && own.market === undefined) {
					problems.push({
						path: ['locations', location.index, 'centra', 'kiosks', index, 'market'],
						message: `Required: kiosk "${device}" takes orders, and neither it nor its location names a Centra market (and pricelist)`,
					});
				}
				const key = device.toLowerCase();
				const earlier = devices.get(key);
				if (earlier) {
					problems.push({
						path: ['locations', location.index, 'centra', 'kiosks', index, 'device'],
						message: `Kiosk "${device}" is listed twice (also at ${earlier}), but a kiosk's orders go to one market`,
					});
				} else devices.set(key, path);
			});
		}
		return problems;
	},
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
			// Adjust / Set: kiosk SKUs → Centra SKUs, translated before the size lookup.
			if (parameters.operation === 'adjust' || parameters.operation === 'set') {
				fillSkuMapping(parameters, skus);
			}
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
		const byKiosk = settings.matchLocationBy === 'kiosk';
		const row = (orderLocation: string, fields: OrderFields) => ({
			orderLocation,
			market: fields.market,
			pricelist: fields.pricelist,
			shippingOption: fields.shippingOption ?? settings.defaultShippingOption ?? '',
			country: fields.country ?? '',
		});
		if (locations) {
			parameters.locationKey = byKiosk ? 'attribute' : 'location';
			if (byKiosk) parameters.locationAttribute = KIOSK_ATTRIBUTE;
			parameters.locationMapping = {
				mapping: locations.flatMap(({ own, name, peerName }) =>
					byKiosk
						? (own.kiosks ?? []).flatMap(({ device, ...fields }) => {
								const values = kioskFields(own, fields);
								return values.market !== undefined ? [row(device, values)] : [];
							})
						: own.market !== undefined
							? [row(peerName ?? name, own)]
							: [],
				),
			};
		}
		// The template's row (delivery → standard) is an example: the client's table replaces it
		// (a client without order locations and without methods gets an empty one).
		if (locations || settings.shippingMethods) {
			parameters.shippingMethodMapping = {
				mapping: Object.entries(settings.shippingMethods ?? {}).map(
					([shippingMethod, shippingOption]) => ({ shippingMethod, shippingOption }),
				),
			};
		}
		fillSkuMapping(parameters, skus);
		fillGuestCustomer(parameters, settings.guestCustomer);
		if (settings.registerCustomers !== undefined) {
			parameters.options = {
				...(parameters.options as object),
				registerCustomer: settings.registerCustomers,
			};
		}
	},
});
