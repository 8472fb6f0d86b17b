/**
 * Cloudshelf in a client file: the `cloudshelf` section (credential, stock buffer, the fulfilment
 * method in-store sales carry) and each location's `cloudshelf` fields (location key, the name
 * kiosks show, whether it fulfils online orders). It fills the Cloudshelf nodes' location table
 * (stock from the other platform's location → Cloudshelf location), stock buffer, the SKU Mapping
 * of Record Fulfilment and Stock → Compare Levels (the order system's SKU → the kiosk's), and the
 * in-store value into the Filter nodes of the Cloudshelf ⇄ Centra templates that tell store sales
 * from endless-aisle orders.
 */
import { z } from 'zod';

import { definePlatform, fillSkuMapping, type TemplateNode } from '../part';

/**
 * The Filter nodes comparing a kiosk order's fulfilment method with the in-store value, by name:
 * the store-sales template keeps in-store sales, order injection and reconciliation leave them out.
 */
export const IN_STORE_FILTERS: readonly string[] = [
	'In-Store Sales Only',
	'Endless-Aisle Orders Only',
	'Older Than 30 Minutes, Not Injected',
];

/** A Filter condition on the order's fulfilment method (its left value reads the attribute). */
const onFulfilmentMethod = (condition: { leftValue?: unknown }) =>
	typeof condition.leftValue === 'string' && /\bfulfilmentMethod\b/.test(condition.leftValue);

/**
 * Sets the in-store value into the fulfilment method conditions of one of IN_STORE_FILTERS. A
 * filter of that name without such a condition is another template's (the Linnworks
 * reconciliation's is named the same) and is left alone; test/unit/agency.test.ts checks that each
 * fulfilment method condition of the shipped templates is in a filter of the list.
 */
function fillInStoreValue(node: TemplateNode, value: string): void {
	const conditions = (node.parameters.conditions as { conditions?: unknown } | undefined)
		?.conditions;
	if (!Array.isArray(conditions)) return;
	for (const condition of conditions as Array<{ leftValue?: unknown; rightValue?: unknown }>) {
		if (onFulfilmentMethod(condition)) condition.rightValue = value;
	}
}

export const cloudshelfPart = definePlatform({
	key: 'cloudshelf',
	credentialType: 'cloudshelfApi',
	nodeTypes: ['cloudshelf'],
	settings: z.object({
		/** Units held back from every stock level pushed or answered. */
		stockBuffer: z.number().int().min(0).optional(),
		/**
		 * The fulfilment method (`attributes.fulfilmentMethod`) of kiosk sales taken in the store.
		 * Cloudshelf's reference does not list the values; `in_store` is ASSUMED. A wrong value drops
		 * every store sale from the store-sales workflow and sends them to order injection instead:
		 * check one of the client's in-store orders (Cloudshelf → Order → Get).
		 */
		inStoreFulfilmentMethod: z.string().trim().min(1).default('in_store'),
	}),
	location: z.object({
		/** Cloudshelf location key (or gid://… id). */
		location: z.string().min(1),
		/** Name kiosks show; kiosk orders carry it as their location. Defaults to the row's name. */
		displayName: z.string().min(1).optional(),
		fulfillsOnlineOrders: z.boolean().default(false),
	}),
	locationName: (location, rowName) => location.displayName ?? rowName,
	configure(node, { settings, locations, skus }) {
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
		// Fulfilments and the stock levels reconciliation compares carry the order system's SKUs
		// (Centra's, Linnworks'), the order lines and variants the kiosk's.
		if (
			(parameters.resource === 'order' && parameters.operation === 'recordFulfilment') ||
			(parameters.resource === 'stock' && parameters.operation === 'compareLevels')
		) {
			fillSkuMapping(parameters, skus);
		}
	},
	configureOther(node, { settings }) {
		if (node.type === 'n8n-nodes-base.filter' && IN_STORE_FILTERS.includes(node.name)) {
			fillInStoreValue(node, settings.inStoreFulfilmentMethod);
		}
	},
});
