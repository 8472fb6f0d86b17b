/**
 * Shopify's Admin GraphQL API executed with `graphql` on Shopify's own published Admin schema
 * (introspection JSON `data/admin_schema_2025-01.json.gz` of the npm package @shopify/dev-mcp
 * 1.1.0, built with buildClientSchema), so any field or argument the schema lacks fails
 * validation as at Shopify. Resolvers exist only for what the Shopify templates use: locations,
 * inventory items and product variants (by SKU query), order → fulfillment orders,
 * inventorySetQuantities, fulfillmentCreate and orderCancel; every other field resolves to null.
 *
 * Query cost (SH-RL, VERIFIED): scalars and enums 0, objects 1, connections scale with
 * `first`/`last`. ASSUMED simplifications: a connection costs 2 + size × its selection's cost
 * (pageInfo included), a mutation field 10, the actual cost equals the requested cost (Shopify
 * refunds unused connection pages), a single query over 1,000 is refused with MAX_COST_EXCEEDED.
 *
 * Page size: a connection gives at most 250 nodes a page (VERIFIED: shopify.dev "Paginating
 * results with GraphQL": "You can retrieve up to a maximum of 250 resources"); a `first` or `last`
 * over 250 on any connection is refused before execution with a GraphQL error (ASSUMED: its
 * wording and the code MAX_PAGE_SIZE_EXCEEDED, see `pageSizeErrors`).
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import {
	buildClientSchema,
	getNamedType,
	isLeafType,
	parse,
	type DocumentNode,
	type GraphQLSchema,
	type IntrospectionQuery,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';

import type {
	FulfillmentOrderLine,
	FulfillmentOrderRecord,
	LocationRecord,
	OrderRecord,
	ShopifyState,
	TrackingInfo,
	VariantRecord,
} from './state';

export const SCHEMA_VERSION = '2025-01';
export const MAX_SINGLE_QUERY_COST = 1000;
export const MUTATION_COST = 10;
/** The most nodes a connection gives a page (`first` / `last`). */
export const MAX_PAGE_SIZE = 250;

let cachedSchema: GraphQLSchema | undefined;

/** Shopify's published Admin schema (loaded once per process). */
export function adminSchema(): GraphQLSchema {
	if (!cachedSchema) {
		const path = require.resolve(`@shopify/dev-mcp/data/admin_schema_${SCHEMA_VERSION}.json.gz`);
		const json = JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')) as {
			data: IntrospectionQuery;
		};
		cachedSchema = buildClientSchema(json.data, { assumeValid: true });
	}
	return cachedSchema;
}

const costEstimator: ComplexityEstimator = ({ field, args, childComplexity, type }) => {
	const named = getNamedType(field.type);
	if (type.name === 'Mutation') return MUTATION_COST + childComplexity;
	if (isLeafType(named)) return 0;
	if (named.name.endsWith('Connection')) {
		const size = (args.first as number | undefined) ?? (args.last as number | undefined) ?? 0;
		return 2 + size * childComplexity;
	}
	return 1 + childComplexity;
};

/** The requested cost of a query (the simplified rule above). */
export function queryCost(
	document: DocumentNode | string,
	variables: Record<string, unknown> = {},
	operationName?: string,
): number {
	return getComplexity({
		schema: adminSchema(),
		query: typeof document === 'string' ? parse(document) : document,
		variables,
		operationName,
		estimators: [costEstimator],
	});
}

/**
 * Every connection asked for more than MAX_PAGE_SIZE nodes (`first` or `last`, variables
 * resolved), worded as one error each. ASSUMED wording.
 */
export function pageSizeErrors(
	document: DocumentNode | string,
	variables: Record<string, unknown> = {},
	operationName?: string,
): string[] {
	const errors: string[] = [];
	const estimator: ComplexityEstimator = ({ field, args }) => {
		if (getNamedType(field.type).name.endsWith('Connection'))
			for (const argument of ['first', 'last'] as const) {
				const size = args[argument] as number | undefined;
				if (size !== undefined && size !== null && size > MAX_PAGE_SIZE)
					errors.push(
						`The ${argument} argument of ${field.name} is ${size}, which exceeds the maximum page size of ${MAX_PAGE_SIZE}.`,
					);
			}
		return 0;
	};
	getComplexity({
		schema: adminSchema(),
		query: typeof document === 'string' ? parse(document) : document,
		variables,
		operationName,
		estimators: [estimator],
	});
	return errors;
}

export const gid = (type: string, id: number) => `gid://shopify/${type}/${id}`;

/** The numeric id of a gid of this type, or undefined. */
export function idOf(value: unknown, type: string): number | undefined {
	const match = new RegExp(`^gid://shopify/${type}/(\\d+)$`).exec(String(value));
	return match ? Number(match[1]) : undefined;
}

/**
 * A fulfillment order a test marks as closed after being combined or moved (ASSUMED model):
 * Order.fulfillmentOrders(displayable: true) leaves it out, as Shopify hides it from the merchant.
 */
export type HideableFulfillmentOrder = FulfillmentOrderRecord & { hidden?: boolean };

interface ConnectionArgs {
	first?: number;
	last?: number;
	after?: string;
	before?: string;
	query?: string;
}

const cursorOf = (index: number) => Buffer.from(`cursor:${index}`).toString('base64');
const indexOf = (cursor: string) =>
	Number(
		Buffer.from(cursor, 'base64')
			.toString('utf8')
			.replace(/^cursor:/, ''),
	);

/** A Relay connection over a list (forward paging; `last` takes the tail). ASSUMED cursor format. */
export function connection<T>(list: T[], args: ConnectionArgs) {
	let start = args.after ? indexOf(args.after) + 1 : 0;
	let end = args.before ? indexOf(args.before) : list.length;
	if (args.first !== undefined) end = Math.min(end, start + args.first);
	else if (args.last !== undefined) start = Math.max(start, end - args.last);
	const slice = list.slice(start, end);
	const edges = slice.map((node, offset) => ({ node, cursor: cursorOf(start + offset) }));
	return {
		nodes: slice,
		edges,
		pageInfo: {
			hasNextPage: end < list.length,
			hasPreviousPage: start > 0,
			startCursor: edges[0]?.cursor ?? null,
			endCursor: edges.at(-1)?.cursor ?? null,
		},
	};
}

/** SKUs named in a search query (`sku:A OR sku:"B"`), or undefined when it names none. */
export function skusOf(query: string | undefined): Set<string> | undefined {
	if (!query) return undefined;
	const skus = new Set<string>();
	for (const match of query.matchAll(/sku:(?:"([^"]*)"|'([^']*)'|(\S+))/g))
		skus.add(match[1] ?? match[2] ?? match[3]);
	return skus.size ? skus : undefined;
}

/**
 * inventorySetQuantities reasons. ASSUMED: the list shopify.dev documents for inventory changes
 * (the reference records only that `correction` is valid).
 */
export const INVENTORY_REASONS = new Set([
	'correction',
	'cycle_count_available',
	'damaged',
	'movement_created',
	'movement_updated',
	'movement_received',
	'movement_canceled',
	'other',
	'promotion',
	'quality_control',
	'received',
	'reservation_created',
	'reservation_deleted',
	'reservation_updated',
	'restock',
	'safety_stock',
	'shrinkage',
]);

interface QuantityInput {
	inventoryItemId: string;
	locationId: string;
	quantity: number;
	compareQuantity?: number | null;
}

interface UserError {
	code?: string;
	field: string[] | null;
	message: string;
}

/** The resolvers (a root value for graphql's default field resolver). */
export function rootValue(state: ShopifyState) {
	const locationNode = (location: LocationRecord) => ({
		id: gid('Location', location.id),
		legacyResourceId: String(location.id),
		name: location.name,
		isActive: location.active,
		inventoryLevel: ({ inventoryItemId }: { inventoryItemId: string }) => {
			const itemId = idOf(inventoryItemId, 'InventoryItem');
			return itemId === undefined ? null : levelNode(itemId, location.id);
		},
	});
	const levelNode = (itemId: number, locationId: number): unknown => {
		const available = state.available(itemId, locationId);
		if (available === undefined) return null;
		const location = state.locations.get(locationId)!;
		return {
			id: `gid://shopify/InventoryLevel/${itemId}?inventory_item_id=${itemId}&location_id=${locationId}`,
			location: () => locationNode(location),
			item: () => itemNode(state.variantByInventoryItem(itemId)!),
			quantities: ({ names }: { names: string[] }) =>
				names.map((name) => ({
					id: `gid://shopify/InventoryQuantity/${itemId}-${locationId}-${name}`,
					name,
					// ASSUMED: no committed or reserved stock, so on_hand = available.
					quantity: name === 'available' || name === 'on_hand' ? available : 0,
				})),
		};
	};
	const itemNode = (variant: VariantRecord): Record<string, unknown> => ({
		id: gid('InventoryItem', variant.inventory_item_id),
		legacyResourceId: String(variant.inventory_item_id),
		sku: variant.sku,
		tracked: true,
		variant: () => variantNode(variant),
		inventoryLevel: ({ locationId }: { locationId: string }) => {
			const location = idOf(locationId, 'Location');
			return location === undefined ? null : levelNode(variant.inventory_item_id, location);
		},
		inventoryLevels: (args: ConnectionArgs) =>
			connection(
				[...state.locations.keys()]
					.map((locationId) => levelNode(variant.inventory_item_id, locationId))
					.filter(Boolean),
				args,
			),
	});
	const variantNode = (variant: VariantRecord): Record<string, unknown> => ({
		id: gid('ProductVariant', variant.id),
		legacyResourceId: String(variant.id),
		sku: variant.sku,
		title: variant.title,
		price: variant.price,
		inventoryItem: () => itemNode(variant),
		inventoryQuantity: [...state.locations.keys()].reduce(
			(sum, locationId) => sum + (state.available(variant.inventory_item_id, locationId) ?? 0),
			0,
		),
		product: () => {
			const product = state.products.get(variant.product_id)!;
			return { id: gid('Product', product.id), title: product.title };
		},
	});
	const fulfillmentOrderNode = (fo: FulfillmentOrderRecord) => ({
		id: gid('FulfillmentOrder', fo.id),
		orderId: gid('Order', fo.order_id),
		status: fo.status,
		// ASSUMED: open and in-progress fulfillment orders offer CREATE_FULFILLMENT only.
		supportedActions:
			fo.status === 'OPEN' || fo.status === 'IN_PROGRESS' ? [{ action: 'CREATE_FULFILLMENT' }] : [],
		assignedLocation: () => {
			const location = state.locations.get(fo.assigned_location_id)!;
			return { name: location.name, location: locationNode(location) };
		},
		order: () => orderNode(state.orders.get(fo.order_id)!),
		lineItems: (args: ConnectionArgs) =>
			connection(
				fo.line_items.map((line) => lineNode(fo, line)),
				args,
			),
	});
	const lineNode = (fo: FulfillmentOrderRecord, line: FulfillmentOrderLine) => ({
		id: gid('FulfillmentOrderLineItem', line.id),
		sku: line.sku,
		totalQuantity: line.total_quantity,
		remainingQuantity: line.remaining_quantity,
		inventoryItemId: line.inventory_item_id ? gid('InventoryItem', line.inventory_item_id) : null,
		lineItem: () => {
			const item = state.orders
				.get(fo.order_id)!
				.line_items.find((l) => l.id === line.line_item_id)!;
			return {
				id: gid('LineItem', item.id),
				sku: item.sku,
				quantity: item.quantity,
				name: item.title,
			};
		},
	});
	const orderNode = (order: OrderRecord): Record<string, unknown> => ({
		id: gid('Order', order.id),
		legacyResourceId: String(order.id),
		name: order.name,
		test: order.test,
		cancelledAt: order.cancelled_at,
		cancelReason: order.cancel_reason?.toUpperCase() ?? null,
		displayFulfillmentStatus:
			order.fulfillment_status === 'fulfilled'
				? 'FULFILLED'
				: order.fulfillment_status === 'partial'
					? 'PARTIALLY_FULFILLED'
					: 'UNFULFILLED',
		// VERIFIED (2025-01 schema, Order.fulfillmentOrders `displayable`, default false): "If false,
		// all fulfillment orders will be returned. If true, fulfillment orders that are normally
		// hidden from the merchant will be excluded. For example, fulfillment orders that were closed
		// after being combined or moved are hidden." So CLOSED and CANCELLED ones are returned too.
		// ASSUMED model: a fulfillment order marked `hidden: true` (see HideableFulfillmentOrder) is
		// one of those hidden ones; `query` and `reverse` are not applied.
		fulfillmentOrders: (args: ConnectionArgs & { displayable?: boolean }) =>
			connection(
				state
					.fulfillmentOrdersOf(order.id)
					.filter((fo) => !args.displayable || !(fo as HideableFulfillmentOrder).hidden)
					.map(fulfillmentOrderNode),
				args,
			),
		fulfillments: ({ first }: { first?: number }) =>
			state.fulfillments
				.filter((fulfillment) => fulfillment.order_id === order.id)
				.slice(0, first ?? undefined)
				.map((fulfillment) => fulfillmentNode(fulfillment.id)),
	});
	const fulfillmentNode = (id: number) => {
		const fulfillment = state.fulfillments.find((candidate) => candidate.id === id)!;
		return {
			id: gid('Fulfillment', fulfillment.id),
			status: 'SUCCESS',
			createdAt: fulfillment.created_at,
			totalQuantity: fulfillment.line_items.reduce((sum, line) => sum + line.quantity, 0),
			trackingInfo: ({ first }: { first?: number }) =>
				fulfillment.tracking.slice(0, first ?? fulfillment.tracking.length),
			order: () => orderNode(state.orders.get(fulfillment.order_id)!),
		};
	};
	const variantsBySku = (query: string | undefined) => {
		const skus = skusOf(query);
		return state.variants().filter((variant) => !skus || skus.has(variant.sku));
	};

	return {
		// Queries
		locations: (args: ConnectionArgs & { includeInactive?: boolean }) =>
			connection(
				[...state.locations.values()]
					.filter((location) => args.includeInactive || location.active)
					.map(locationNode),
				args,
			),
		location: ({ id }: { id?: string }) => {
			const location = id
				? state.locations.get(idOf(id, 'Location') ?? -1)
				: [...state.locations.values()][0];
			return location ? locationNode(location) : null;
		},
		inventoryItems: (args: ConnectionArgs) =>
			connection(variantsBySku(args.query).map(itemNode), args),
		inventoryItem: ({ id }: { id: string }) => {
			const variant = state.variantByInventoryItem(idOf(id, 'InventoryItem') ?? -1);
			return variant ? itemNode(variant) : null;
		},
		productVariants: (args: ConnectionArgs) =>
			connection(variantsBySku(args.query).map(variantNode), args),
		productVariant: ({ id }: { id: string }) => {
			const variant = state.variantById(idOf(id, 'ProductVariant') ?? -1);
			return variant ? variantNode(variant) : null;
		},
		order: ({ id }: { id: string }) => {
			const order = state.orders.get(idOf(id, 'Order') ?? -1);
			return order ? orderNode(order) : null;
		},
		fulfillmentOrder: ({ id }: { id: string }) => {
			const fo = state.fulfillmentOrders.get(idOf(id, 'FulfillmentOrder') ?? -1);
			return fo ? fulfillmentOrderNode(fo) : null;
		},

		// Mutations
		inventorySetQuantities: ({
			input,
		}: {
			input: {
				name: string;
				reason: string;
				referenceDocumentUri?: string;
				ignoreCompareQuantity?: boolean;
				quantities: QuantityInput[];
			};
		}) => {
			const userErrors: UserError[] = [];
			const fail = (code: string, field: Array<string | number>, message: string) =>
				userErrors.push({ code, field: field.map(String), message });
			if (input.name !== 'available' && input.name !== 'on_hand')
				fail('INVALID_NAME', ['input', 'name'], 'The quantity name must be available or on_hand.');
			if (!INVENTORY_REASONS.has(input.reason))
				fail('INVALID_REASON', ['input', 'reason'], 'The specified reason is invalid.');
			const changes: Array<{ itemId: number; locationId: number; before: number; after: number }> =
				[];
			input.quantities.forEach((quantity, index) => {
				const at = ['input', 'quantities', index];
				const itemId = idOf(quantity.inventoryItemId, 'InventoryItem');
				const locationId = idOf(quantity.locationId, 'Location');
				if (itemId === undefined || !state.variantByInventoryItem(itemId))
					return fail(
						'INVALID_INVENTORY_ITEM',
						[...at, 'inventoryItemId'],
						'The specified inventory item could not be found.',
					);
				if (locationId === undefined || !state.locations.has(locationId))
					return fail(
						'INVALID_LOCATION',
						[...at, 'locationId'],
						'The specified location could not be found.',
					);
				const current = state.available(itemId, locationId);
				if (current === undefined)
					return fail(
						'ITEM_NOT_STOCKED_AT_LOCATION',
						[...at, 'locationId'],
						'The specified inventory item is not stocked at the location.',
					);
				if (quantity.quantity < 0)
					return fail(
						'INVALID_QUANTITY_NEGATIVE',
						[...at, 'quantity'],
						"The quantity can't be negative.",
					);
				if (!input.ignoreCompareQuantity) {
					if (quantity.compareQuantity === undefined || quantity.compareQuantity === null)
						return fail(
							'COMPARE_QUANTITY_REQUIRED',
							[...at, 'compareQuantity'],
							'The compareQuantity argument must be given to each quantity or ignored using ignoreCompareQuantity.',
						);
					if (quantity.compareQuantity !== current)
						return fail(
							'COMPARE_QUANTITY_STALE',
							[...at, 'compareQuantity'],
							'The compareQuantity value does not match the stored value.',
						);
				}
				changes.push({ itemId, locationId, before: current, after: quantity.quantity });
				return undefined;
			});
			// ASSUMED: all or nothing — one user error and no quantity is set.
			if (userErrors.length) return { inventoryAdjustmentGroup: null, userErrors };
			for (const change of changes)
				state.setAvailable(change.itemId, change.locationId, change.after);
			const groupId = state.id();
			return {
				userErrors: [],
				inventoryAdjustmentGroup: {
					id: gid('InventoryAdjustmentGroup', groupId),
					reason: input.reason,
					referenceDocumentUri: input.referenceDocumentUri ?? null,
					createdAt: new Date().toISOString(),
					changes: ({ quantityNames }: { quantityNames?: string[] }) =>
						changes
							.filter(() => !quantityNames || quantityNames.includes(input.name))
							.map((change) => ({
								name: input.name,
								delta: change.after - change.before,
								quantityAfterChange: change.after,
								item: itemNode(state.variantByInventoryItem(change.itemId)!),
								location: locationNode(state.locations.get(change.locationId)!),
							})),
				},
			};
		},
		fulfillmentCreate: ({
			fulfillment,
		}: {
			fulfillment: {
				notifyCustomer?: boolean;
				trackingInfo?: {
					company?: string;
					number?: string;
					url?: string;
					numbers?: string[];
					urls?: string[];
				};
				lineItemsByFulfillmentOrder: Array<{
					fulfillmentOrderId: string;
					fulfillmentOrderLineItems?: Array<{ id: string; quantity: number }>;
				}>;
			};
		}) => {
			const userErrors: UserError[] = [];
			const lines: Array<{
				fulfillmentOrder: FulfillmentOrderRecord;
				line: FulfillmentOrderLine;
				quantity: number;
			}> = [];
			const orders = new Set<number>();
			fulfillment.lineItemsByFulfillmentOrder.forEach((group, index) => {
				const field = ['fulfillment', 'lineItemsByFulfillmentOrder', String(index)];
				const fo = state.fulfillmentOrders.get(
					idOf(group.fulfillmentOrderId, 'FulfillmentOrder') ?? -1,
				);
				if (!fo)
					return userErrors.push({
						field: [...field, 'fulfillmentOrderId'],
						message: 'Fulfillment order does not exist.',
					});
				if (fo.status !== 'OPEN' && fo.status !== 'IN_PROGRESS')
					return userErrors.push({
						field: [...field, 'fulfillmentOrderId'],
						message: `Fulfillment order ${fo.id} has an unfulfillable status= ${fo.status.toLowerCase()}.`,
					});
				orders.add(fo.order_id);
				const wanted =
					group.fulfillmentOrderLineItems ??
					fo.line_items
						.filter((line) => line.remaining_quantity > 0)
						.map((line) => ({
							id: gid('FulfillmentOrderLineItem', line.id),
							quantity: line.remaining_quantity,
						}));
				for (const item of wanted) {
					const line = fo.line_items.find(
						(candidate) => candidate.id === idOf(item.id, 'FulfillmentOrderLineItem'),
					);
					if (!line || item.quantity < 1 || item.quantity > line.remaining_quantity)
						return userErrors.push({
							field: [...field, 'fulfillmentOrderLineItems'],
							message: 'Invalid fulfillment order line item quantity requested.',
						});
					lines.push({ fulfillmentOrder: fo, line, quantity: item.quantity });
				}
				return undefined;
			});
			if (!userErrors.length && orders.size > 1)
				userErrors.push({
					field: ['fulfillment'],
					message: 'All fulfillment orders must belong to the same order.',
				});
			// VERIFIED (fulfillmentCreate: the fulfillment orders "are assigned to the same location");
			// the message is the one Shopify staff quote, the field ASSUMED.
			const locations = new Set(
				lines.map(({ fulfillmentOrder }) => fulfillmentOrder.assigned_location_id),
			);
			if (!userErrors.length && locations.size > 1)
				userErrors.push({
					field: ['fulfillment'],
					message: `All fulfillment orders must be assigned to a single location. Multiple locations with IDs [${[...locations].join(', ')}] were found`,
				});
			if (!userErrors.length && !lines.length)
				userErrors.push({ field: ['fulfillment'], message: 'Nothing to fulfill.' });
			if (userErrors.length) return { fulfillment: null, userErrors };
			const info = fulfillment.trackingInfo;
			const numbers = info?.numbers ?? (info?.number ? [info.number] : []);
			const urls = info?.urls ?? (info?.url ? [info.url] : []);
			const tracking: TrackingInfo[] = (numbers.length ? numbers : info?.company ? [null] : []).map(
				(number, index) => ({
					company: info?.company ?? null,
					number,
					url: urls[index] ?? null,
				}),
			);
			const record = state.recordFulfillment(
				[...orders][0],
				lines,
				tracking,
				fulfillment.notifyCustomer ?? false,
			);
			return { fulfillment: fulfillmentNode(record.id), userErrors: [] };
		},
		orderCancel: ({
			orderId,
			reason,
		}: {
			orderId: string;
			reason: string;
			refund: boolean;
			restock: boolean;
		}) => {
			const order = state.orders.get(idOf(orderId, 'Order') ?? -1);
			const error = (code: string, message: string) => {
				const userError = { code, field: ['orderId'], message };
				return { job: null, orderCancelUserErrors: [userError], userErrors: [userError] };
			};
			if (!order) return error('NOT_FOUND', 'Order not found.');
			// ASSUMED wording and code for an order already cancelled.
			if (!state.cancelOrder(order.id, reason.toLowerCase()))
				return error('INVALID', 'Order has already been cancelled.');
			// ASSUMED: the cancellation job is done when the mutation answers.
			return {
				job: { id: gid('Job', state.id()), done: true },
				orderCancelUserErrors: [],
				userErrors: [],
			};
		},
	};
}
