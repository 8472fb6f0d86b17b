/**
 * Stokly in a client file: the `stokly` section (credential; the channel kiosk orders are filed
 * under, the payment method table (kiosk tender → Stokly payment method number), the VAT rate of
 * the kiosk's gross prices, the takings' time zone, Sale Order → Create's customer, guest and
 * backorder settings) and each location's `stokly` fields (the Stokly location it is, whether its
 * stock is pushed, whether its kiosk orders are filed, the location that fulfils them and their
 * channel, if not the section's). It fills the Stokly nodes exactly as a user would in the editor:
 * Stock → Get Levels' and the trigger's Stock Changed locations, Stock → Set / Adjust's Location
 * Mapping and SKU Mapping, Item → Get Many's VAT, Sale Order → Create's Location Mapping, Payment
 * Method Mapping, SKU Mapping, customer, options and the in-store value of its Fulfilment
 * expression, Takings → Reconcile's channels, Payment Method Mapping and time zone, and the sale
 * order events' channels.
 *
 * A location's name on the Stokly side is its Stokly location name: what Stock → Get Levels gives
 * as `location`, so the Cloudshelf part maps that name to the kiosk's location.
 *
 * Stokly publishes no list of its payment method numbers: only 4 has been seen in client code
 * (its meaning unknown), so the table is the client's to fill from their account (a till sale's
 * payments show the numbers); a file whose locations take orders must give it.
 *
 * Every location and channel field of the Stokly nodes takes a name or an ID; the client file gives
 * names. Those fields are drop-downs whose options are IDs, where a fixed name shows as "not
 * supported" in the editor, so names are written as expressions (`={{ "Oxford Street" }}`,
 * `={{ ["Cloudshelf"] }}`), which the nodes resolve by name.
 */
import { z } from 'zod';

import {
	definePlatform,
	fillGuestCustomer,
	fillSkuMapping,
	type PartLocation,
	type Problem,
} from '../part';

/** The channel a client's kiosk orders are filed under when the file names none (ASSUMED name). */
export const DEFAULT_ORDER_CHANNEL = 'Cloudshelf';

/** A Stokly name or ID: Stokly's filters cannot carry `{` or `}` (ASSUMED: no escaping known). */
const stoklyName = (what: string) =>
	z
		.string()
		.trim()
		.min(1)
		.refine((value) => !/[{}]/.test(value), `A Stokly ${what} name cannot contain { or }`);

/** A Stokly payment method number (a non-negative integer; meanings unpublished). */
const paymentMethod = z
	.number()
	.int('Expected a Stokly payment method number (a whole number, e.g. 4)')
	.min(0, 'Expected a Stokly payment method number (0 or more, e.g. 4)');

interface StoklyLocation {
	location?: string;
	holdsStock: boolean;
	takesOrders: boolean;
	fulfilmentLocation?: string;
	channel?: string;
}

interface StoklySettings {
	orderChannel: string;
	paymentMethods?: Record<string, number>;
	defaultPaymentMethod?: number;
	vatRate?: number;
	timeZone?: string;
	customers?: 'none' | 'findOrCreate';
	guestCustomer?: { name?: string; email?: string };
	backorderCheck?: 'flag' | 'error' | 'off';
}

/** The channel a location's orders are filed under. */
const channelOf = (settings: StoklySettings, location: StoklyLocation) =>
	location.channel ?? settings.orderChannel;

/** Payment Method Mapping rows (tender → number) of Sale Order → Create and Takings → Reconcile. */
function fillPaymentMethods(parameters: Record<string, unknown>, settings: StoklySettings) {
	if (settings.paymentMethods) {
		parameters.paymentMethodMapping = {
			mapping: Object.entries(settings.paymentMethods).map(([tender, method]) => ({
				tender,
				method,
			})),
		};
	}
	if (settings.defaultPaymentMethod !== undefined) {
		parameters.unmappedPaymentMethod = 'default';
		parameters.defaultMethod = settings.defaultPaymentMethod;
	} else if (settings.paymentMethods) {
		// The client's table is complete: a tender it lacks is named, never booked under a guess.
		parameters.unmappedPaymentMethod = 'error';
	}
}

/**
 * Fulfilment's expression in the order-injection template tells in-store sales (taken in store,
 * fulfilment type none) from endless-aisle orders by the kiosk order's fulfilment method:
 * `$json.attributes?.fulfilmentMethod === 'in_store'`. The value compared with is Cloudshelf's
 * in-store fulfilment method (the Cloudshelf section's, ASSUMED `in_store` by default), as in the
 * other pairs' in-store Filter nodes; a Fulfilment set to a fixed type is left alone.
 */
function fillInStoreValue(parameters: Record<string, unknown>, value: unknown) {
	const expression = parameters.fulfilmentType;
	if (typeof expression !== 'string' || typeof value !== 'string' || !expression.startsWith('='))
		return;
	const quoted = `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
	parameters.fulfilmentType = expression.replace(
		/(\bfulfilmentMethod\s*===\s*)'(?:[^'\\]|\\.)*'/g,
		(_match, left: string) => `${left}${quoted}`,
	);
}

/** A name for a drop-down (options) field: an expression giving it, so the editor accepts it. */
export const nameExpression = (name: string) => `={{ ${JSON.stringify(name)} }}`;

/** Names for a multi-select (multiOptions) field, as one expression. */
export const namesExpression = (names: string[]) => `={{ ${JSON.stringify(names)} }}`;

/** Whether a multi-select holds a list or an expression (the templates ship either). */
const isListField = (value: unknown) =>
	Array.isArray(value) || (typeof value === 'string' && value.startsWith('='));

/** Whether a location's stock is read from Stokly (a row of the stock tables). */
const stocked = ({ own }: PartLocation<StoklyLocation>) => own.holdsStock;

export const stoklyPart = definePlatform({
	key: 'stokly',
	credentialType: 'stoklyApi',
	nodeTypes: ['stokly', 'stoklyTrigger'],
	settings: z.object({
		/**
		 * The Stokly sales channel (name or ID) kiosk orders are filed under (their source), e.g. a
		 * channel the client made for Cloudshelf; also the channel Takings → Reconcile reads.
		 */
		orderChannel: stoklyName('channel').default(DEFAULT_ORDER_CHANNEL),
		/**
		 * Kiosk tender (the payment method of kiosk orders, e.g. `card`) → the Stokly payment method
		 * number its payments are recorded under. Stokly publishes no list: use the client's numbers.
		 */
		paymentMethods: z.record(z.string().trim().min(1), paymentMethod).optional(),
		/** The number of tenders not in the table; without it such an order goes to the error output. */
		defaultPaymentMethod: paymentMethod.optional(),
		/**
		 * VAT rate (%) of the kiosk's gross prices: added to Stokly's net prices in the catalogue
		 * (Item → Get Many) and split off order lines that carry none (Sale Order → Create).
		 */
		vatRate: z.number().min(0).max(100).optional(),
		/** IANA time zone of the stores' days, for Takings → Reconcile (default: the workflow's). */
		timeZone: z
			.string()
			.trim()
			.refine(
				(zone) => {
					try {
						new Intl.DateTimeFormat('en', { timeZone: zone });
						return true;
					} catch {
						return false;
					}
				},
				(zone) => ({ message: `"${zone}" is not an IANA time zone (e.g. Europe/London)` }),
			)
			.optional(),
		/** Sale Order → Create's Customer: none (guest sales) or find or create by e-mail. */
		customers: z.enum(['none', 'findOrCreate']).optional(),
		/** Name (and e-mail, for findOrCreate) of orders without a customer (anonymous kiosk sales). */
		guestCustomer: z
			.object({ name: z.string().min(1).optional(), email: z.string().email().optional() })
			.strict()
			.optional(),
		/** Sale Order → Create's Backorder Check: flag short lines (default), error, or off. */
		backorderCheck: z.enum(['flag', 'error', 'off']).optional(),
	}),
	location: z.object({
		/** The Stokly location's name; defaults to the row's name. */
		location: stoklyName('location').optional(),
		/** Whether its stock is read from Stokly and pushed to the other platform. */
		holdsStock: z.boolean().default(true),
		/** Whether kiosk orders from the location are filed in Stokly (a row of the Location Mapping). */
		takesOrders: z.boolean().default(true),
		/** The Stokly location that fulfils its orders (e.g. the warehouse); defaults to itself. */
		fulfilmentLocation: stoklyName('location').optional(),
		/** The channel its orders are filed under, when not the section's orderChannel. */
		channel: stoklyName('channel').optional(),
	}),
	locationName: (location, rowName) => location.location ?? rowName,
	checkClient(settings, locations) {
		// Kiosk orders carry their payments: with no table every one of them would fail.
		const ordering = locations.find(({ own }) => own.takesOrders);
		const problems: Problem[] = [];
		if (ordering && !settings.paymentMethods && settings.defaultPaymentMethod === undefined) {
			problems.push({
				path: ['stokly', 'paymentMethods'],
				message: `Required: locations.${ordering.index} takes Stokly orders (takesOrders, on by default), and each kiosk order's payments name their tender (e.g. card): map each tender to the Stokly payment method number of your account (a sale order taken on your till shows them, as Stokly publishes no list), e.g. { "card": 4 }`,
			});
		}
		// One Stokly location's levels reach one location of the other platform.
		const seen = new Map<string, number>();
		for (const { index, own } of locations) {
			if (!own.holdsStock || own.location === undefined) continue;
			const key = own.location.toLowerCase();
			const earlier = seen.get(key);
			if (earlier === undefined) seen.set(key, index);
			else
				problems.push({
					path: ['locations', index, 'stokly', 'location'],
					message: `Stokly location "${own.location}" is listed twice (also at locations.${earlier}), but a location's stock goes to one place: set holdsStock to false on one of them`,
				});
		}
		return problems;
	},
	configure(node, { settings, locations: rows, skus, sections }) {
		const parameters = node.parameters;
		// A file whose rows name no Stokly location leaves the tables as they are.
		const locations = rows?.length ? rows : undefined;
		const stores = locations?.filter(stocked);
		const { resource, operation, event } = parameters;
		const orderChannels = () =>
			locations
				? [
						...new Set(
							locations
								.filter(({ own }) => own.takesOrders)
								.map(({ own }) => channelOf(settings, own)),
						),
					]
				: [settings.orderChannel];
		if (node.type.endsWith('.stoklyTrigger')) {
			// Stock Changed: the client's locations only (fewer pages, as Get Levels); the sale order
			// events: the kiosk orders' channels only.
			if (event === 'stockChanged' && stores && isListField(parameters.locations))
				parameters.locations = namesExpression(stores.map(({ name }) => name));
			if (
				(event === 'saleOrderCreated' || event === 'saleOrderDispatched') &&
				isListField(parameters.channels)
			) {
				const channels = orderChannels();
				parameters.channels = namesExpression(channels.length ? channels : [settings.orderChannel]);
			}
			return;
		}
		if (resource === 'stock' && operation === 'getLevels') {
			// The client's locations only: another location's levels have no row in the kiosk's table.
			if (stores) parameters.locations = namesExpression(stores.map(({ name }) => name));
			return;
		}
		if (resource === 'stock' && (operation === 'set' || operation === 'adjust')) {
			fillSkuMapping(parameters, skus);
			if (stores && 'locationMapping' in parameters) {
				parameters.locationMapping = {
					mapping: stores.flatMap(({ name, peerName }) =>
						peerName ? [{ location: peerName, stoklyLocation: nameExpression(name) }] : [],
					),
				};
			}
			return;
		}
		if (resource === 'item' && operation === 'getMany') {
			if (settings.vatRate !== undefined) parameters.vatPercent = settings.vatRate;
			return;
		}
		if (resource === 'takings' && operation === 'reconcile') {
			const channels = orderChannels();
			parameters.channels = namesExpression(channels.length ? channels : [settings.orderChannel]);
			fillPaymentMethods(parameters, settings);
			if (settings.timeZone !== undefined) parameters.timeZone = settings.timeZone;
			return;
		}
		if (resource !== 'saleOrder' || operation !== 'create') return;
		fillInStoreValue(parameters, sections?.cloudshelf?.inStoreFulfilmentMethod);
		if (locations) {
			parameters.locationMapping = {
				mapping: locations.flatMap(({ own, name, peerName }) =>
					own.takesOrders && peerName
						? [
								{
									orderLocation: peerName,
									channel: nameExpression(channelOf(settings, own)),
									location: nameExpression(own.fulfilmentLocation ?? name),
								},
							]
						: [],
				),
			};
		}
		fillPaymentMethods(parameters, settings);
		fillSkuMapping(parameters, skus);
		if (settings.customers !== undefined) parameters.customerMode = settings.customers;
		fillGuestCustomer(parameters, settings.guestCustomer);
		if (settings.backorderCheck !== undefined) parameters.backorderCheck = settings.backorderCheck;
		if (settings.vatRate !== undefined) {
			parameters.options = { ...(parameters.options as object), defaultTaxRate: settings.vatRate };
		}
	},
});
