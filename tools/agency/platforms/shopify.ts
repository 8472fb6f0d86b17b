/**
 * Shopify in a client file: the `shopify` section (credential; the shop's subdomain, the Admin API
 * version the templates' GraphQL requests use, the stock buffer, whether customers are told of a
 * fulfilment) and each location's `shopify` fields (the Shopify location ID, or `online` for the
 * web orders, which carry no location; whether its stock is pushed). Shopify is driven by n8n's own
 * nodes (Shopify Trigger, Shopify, HTTP Request with the Shopify credential), so this part owns
 * those nodes by type and credential and fills the templates' `Shopify Settings` node, which the
 * HTTP Requests read: shop, API version, Linnworks location → Shopify location GID, Linnworks SKU
 * → Shopify SKU (where they differ), stock buffer, customer notification, and the carrier names and
 * tracking pages of fulfilments.
 *
 * A location's name on the Shopify side is its location ID (what a Shopify order's `location_id`
 * carries, `online` when it has none), so the other platform's order table maps that ID.
 */
import { z } from 'zod';

import { definePlatform, type Problem, type TemplateNode } from '../part';

/** How the order injection names a line whose variant has no SKU (`variant:<variant id>`). */
const VARIANT_PREFIX = 'variant:';

/** The Set node of the Shopify templates that the HTTP Requests to Shopify read. */
export const SHOPIFY_SETTINGS_NODE = 'Shopify Settings';

interface Assignment {
	name: string;
	value: unknown;
	type?: string;
}

/** Sets the value of each named assignment the Set node has (an object as JSON text). */
function fillAssignments(node: TemplateNode, values: Record<string, unknown>) {
	const assignments = (node.parameters.assignments as { assignments?: Assignment[] } | undefined)
		?.assignments;
	for (const assignment of assignments ?? []) {
		if (!(assignment.name in values) || values[assignment.name] === undefined) continue;
		const value = values[assignment.name];
		assignment.value = typeof value === 'object' ? JSON.stringify(value) : value;
	}
}

export const shopifyPart = definePlatform({
	key: 'shopify',
	credentialType: 'shopifyAccessTokenApi',
	nodeTypes: [],
	builtInNodeTypes: ['n8n-nodes-base.shopify', 'n8n-nodes-base.shopifyTrigger'],
	settings: z.object({
		/** The shop's subdomain: `example` for example.myshopify.com. */
		shop: z
			.string()
			.regex(
				/^[a-z0-9][a-z0-9-]*$/,
				'Expected the shop subdomain only, e.g. example for example.myshopify.com',
			)
			.optional(),
		/** Admin API version of the templates' GraphQL requests (they use 2025-01's fields). */
		apiVersion: z
			.string()
			.regex(/^\d{4}-(01|04|07|10)$/, 'Expected a Shopify API version such as 2025-01')
			.default('2025-01'),
		/** Units kept back from Shopify: it is offered the Linnworks level less this, never below 0. */
		stockBuffer: z.number().int().min(0).default(0),
		/** Whether Shopify e-mails the customer the tracking when a dispatch is written back. */
		notifyCustomer: z.boolean().default(true),
		/**
		 * Linnworks carrier (vendor) → Shopify tracking company, spelt as in Shopify's carrier list
		 * (Shopify builds tracking links only for names it knows exactly).
		 */
		carriers: z.record(z.string().min(1)).optional(),
		/** Shopify tracking company → tracking page with `{number}`, for carriers Shopify has no link for. */
		trackingUrls: z
			.record(
				z
					.string()
					.url()
					.refine((url) => url.includes('{number}'), 'Expected a URL with {number} in it'),
			)
			.optional(),
	}),
	location: z.object({
		/** The Shopify location ID (numeric, as in the admin URL), or `online` for web orders. */
		locationId: z.union([z.number().int().positive(), z.literal('online')]),
		/** Whether the other platform's stock at this location is pushed to it. */
		holdsStock: z.boolean().default(true),
	}),
	locationName: (location) => String(location.locationId),
	checkClient(settings, locations) {
		const problems: Problem[] = [];
		if (locations.length && settings.shop === undefined)
			problems.push({
				path: ['shopify', 'shop'],
				message:
					"Required: the shop's subdomain (example for example.myshopify.com), the same as the Shopify credential's; the templates' requests go to it",
			});
		// One Shopify location per row, and one Shopify location per Linnworks location's stock.
		const ids = new Map<string, number>();
		const stocked = new Map<string, number>();
		for (const { index, own, peerName } of locations) {
			const id = String(own.locationId);
			const earlier = ids.get(id);
			if (earlier !== undefined)
				problems.push({
					path: ['locations', index, 'shopify', 'locationId'],
					message: `Shopify location ${id} is listed twice (also at locations.${earlier}): give each Shopify location one row`,
				});
			else ids.set(id, index);
			if (!own.holdsStock || own.locationId === 'online' || peerName === undefined) continue;
			const before = stocked.get(peerName);
			if (before !== undefined)
				problems.push({
					path: ['locations', index, 'shopify', 'holdsStock'],
					message: `"${peerName}" already stocks the Shopify location of locations.${before}, but a location's stock goes to one place: set holdsStock to false on one of them`,
				});
			else stocked.set(peerName, index);
		}
		return problems;
	},
	configure() {
		// Shopify Trigger, Shopify and the HTTP Requests get the credential (cross-cutting) only.
	},
	configureOther(node, { settings, locations, skus }) {
		if (node.name !== SHOPIFY_SETTINGS_NODE || node.type !== 'n8n-nodes-base.set') return;
		fillAssignments(node, {
			shop: settings.shop,
			apiVersion: settings.apiVersion,
			stockBuffer: settings.stockBuffer,
			notifyCustomer: settings.notifyCustomer,
			carriers: settings.carriers,
			trackingUrls: settings.trackingUrls,
			locations:
				locations &&
				Object.fromEntries(
					locations.flatMap(({ own, peerName }) =>
						own.holdsStock && own.locationId !== 'online' && peerName
							? [[peerName, `gid://shopify/Location/${own.locationId}`]]
							: [],
					),
				),
			// A `variant:<id>` row maps a variant without SKU for orders only: it has no stock by SKU.
			skus:
				skus &&
				Object.fromEntries(
					skus
						.filter(({ own, peer }) => own !== peer && !own.startsWith(VARIANT_PREFIX))
						.map(({ own, peer }) => [peer, own]),
				),
		});
	},
});
