/**
 * Cloudshelf in a client file: the `cloudshelf` section (credential, stock buffer) and each
 * location's `cloudshelf` fields (location key, the name kiosks show, whether it fulfils online
 * orders). It fills the Cloudshelf nodes' location table (stock from the other platform's location
 * → Cloudshelf location) and stock buffer.
 */
import { z } from 'zod';

import { definePlatform } from '../part';

export const cloudshelfPart = definePlatform({
	key: 'cloudshelf',
	credentialType: 'cloudshelfApi',
	nodeTypes: ['cloudshelf'],
	settings: z.object({
		/** Units held back from every stock level pushed or answered. */
		stockBuffer: z.number().int().min(0).optional(),
	}),
	location: z.object({
		/** Cloudshelf location key (or gid://… id). */
		location: z.string().min(1),
		/** Name kiosks show; kiosk orders carry it as their location. Defaults to the row's name. */
		displayName: z.string().min(1).optional(),
		fulfillsOnlineOrders: z.boolean().default(false),
	}),
	locationName: (location, rowName) => location.displayName ?? rowName,
	configure(node, { settings, locations }) {
		const parameters = node.parameters;
		if (locations && 'locationMapping' in parameters) {
			parameters.locationMapping = {
				mapping: locations.flatMap(({ own, name, peerName }) =>
					peerName
						? [
								{
									sourceLocation: peerName,
									cloudshelfLocation: own.location,
									displayName: name,
									fulfillsOnlineOrders: own.fulfillsOnlineOrders,
								},
							]
						: [],
				),
			};
		}
		if (settings.stockBuffer !== undefined && 'stockBuffer' in parameters) {
			parameters.stockBuffer = settings.stockBuffer;
		}
	},
});
