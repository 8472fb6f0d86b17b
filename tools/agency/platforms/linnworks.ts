/**
 * Linnworks in a client file: the `linnworks` section (credential, order Source, price tolerance,
 * guest customer), each location's `linnworks` fields (its Linnworks name, whether its orders are
 * filed, SubSource, fulfilment location) and the `linnworks` SKU of each SKU row. It fills the
 * Linnworks nodes: locations to watch or read, the Source of dispatched orders, and Order → Create's
 * location table, SKU table, guest customer and price tolerance.
 */
import { z } from 'zod';

import { definePlatform, fillGuestCustomer, fillSkuMapping } from '../part';

export const linnworksPart = definePlatform({
	key: 'linnworks',
	credentialType: 'linnworksApi',
	nodeTypes: ['linnworks', 'linnworksTrigger'],
	settings: z.object({
		/** Source under which orders are filed in Linnworks (and dispatched ones are found). */
		orderSource: z.string().min(1).default('CLOUDSHELF'),
		/** Order → Create's price tolerance option. */
		priceTolerance: z.number().min(0).optional(),
		/** Customer of orders that carry none. */
		guestCustomer: z
			.object({ name: z.string().min(1), email: z.string().email().optional() })
			.strict()
			.optional(),
	}),
	location: z.object({
		/** Linnworks location name; defaults to the row's name. */
		location: z.string().min(1).optional(),
		/** Whether orders from this location are filed in Linnworks (a row of the order location table). */
		takesOrders: z.boolean().default(true),
		/** SubSource of its orders; defaults to the name the order platform gives the location. */
		subSource: z.string().min(1).optional(),
		/** Linnworks location that fulfils its orders; defaults to the location itself. */
		fulfilmentLocation: z.string().min(1).optional(),
	}),
	locationName: (location, rowName) => location.location ?? rowName,
	configure(node, { settings, locations, skus }) {
		const parameters = node.parameters;
		if (locations && Array.isArray(parameters.locations)) {
			// Several rows may name one Linnworks location (a store and the web orders it fulfils).
			parameters.locations = [...new Set(locations.map((location) => location.name))];
		}
		if ('source' in parameters) parameters.source = settings.orderSource;
		if (parameters.operation !== 'create' || parameters.resource !== 'order') return;
		if (locations) {
			parameters.locationMapping = {
				mapping: locations.flatMap(({ own, name, peerName }) =>
					own.takesOrders && peerName
						? [
								{
									orderLocation: peerName,
									source: settings.orderSource,
									subSource: own.subSource ?? peerName,
									fulfilmentLocation: own.fulfilmentLocation ?? name,
								},
							]
						: [],
				),
			};
		}
		fillSkuMapping(parameters, skus);
		fillGuestCustomer(parameters, settings.guestCustomer);
		if (settings.priceTolerance !== undefined) {
			parameters.options = {
				...(parameters.options as object),
				priceTolerance: settings.priceTolerance,
			};
		}
	},
});
