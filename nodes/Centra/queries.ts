/**
 * The GraphQL documents this package sends to Centra's Integration API, and the multi-call reads
 * built on them, shared by the node and the trigger: paged listings (`limit`/`page`, read with
 * `fetchAllPages`), the warehouse directory, SKU → product size resolution in batches, stock per
 * warehouse, and the change-key lookup that keeps stock deltas exactly-once.
 */
import type { IDataObject } from 'n8n-workflow';

import type { DateWindow } from '../shared/dates';
import { byIdOrName } from '../shared/directory';
import { normaliseKey } from '../shared/mapping';
import { chunk, fetchAllPages } from '../shared/transport';
import { withoutUndefined } from '../shared/model';
import {
	changeKeyMarker,
	changeKeysIn,
	type CentraMarket,
	type CentraOrder,
	type CentraShipment,
	type CentraPricelist,
	type CentraProductSize,
	type CentraShippingOption,
	type CentraStock,
	type CentraStockChange,
	type CentraWarehouse,
} from './model';
import { LIMITS, type CentraClient } from './transport';

// ---------------------------------------------------------------------------------------------
// Paged listings
// ---------------------------------------------------------------------------------------------

/** A list field read page by page: its document (variables `limit`, `page`) and the field name. */
export interface ListDocument {
	operation: string;
	field: string;
	query: string;
}

const listDocument = (operation: string, field: string, selection: string): ListDocument => ({
	operation,
	field,
	query: `query ${operation}($limit: Int!, $page: Int!) {
	${field}(limit: $limit, page: $page) ${selection}
}`,
});

export const WAREHOUSES = listDocument('Warehouses', 'warehouses', '{ id name status }');
export const MARKETS = listDocument(
	'Markets',
	'markets',
	'{ id name assignedToCountries { code name } }',
);
export const PRICELISTS = listDocument(
	'Pricelists',
	'pricelists',
	'{ id name currency { code } assignedToCountries { code name } }',
);
export const SHIPPING_OPTIONS = listDocument(
	'ShippingOptions',
	'shippingOptions',
	'{ id name uri }',
);

/**
 * Every record of a list field (or the first `limit`), `LIMITS.pageSize` a page: a page shorter
 * than asked for is the last.
 */
export async function listAll<T>(
	client: CentraClient,
	document: ListDocument,
	{ limit = Infinity, itemIndex }: { limit?: number; itemIndex?: number } = {},
): Promise<T[]> {
	const pageSize = Math.max(1, Math.min(LIMITS.pageSize, limit));
	return await fetchAllPages<T>(
		async (page) => {
			const data = await client.request<Record<string, T[]>>(
				document.operation,
				document.query,
				{ limit: pageSize, page },
				itemIndex,
			);
			const items = data[document.field] ?? [];
			return { items, last: items.length < pageSize };
		},
		{ limit },
	);
}

export const listMarkets = async (client: CentraClient, limit?: number) =>
	await listAll<CentraMarket>(client, MARKETS, { limit });
export const listPricelists = async (client: CentraClient, limit?: number) =>
	await listAll<CentraPricelist>(client, PRICELISTS, { limit });
export const listShippingOptions = async (client: CentraClient, limit?: number) =>
	await listAll<CentraShippingOption>(client, SHIPPING_OPTIONS, { limit });

/** Looks warehouses up by id or by name, the way users type them and canonical items carry them. */
export class WarehouseDirectory {
	constructor(readonly warehouses: CentraWarehouse[]) {}

	static async load(client: CentraClient): Promise<WarehouseDirectory> {
		return new WarehouseDirectory(await listAll<CentraWarehouse>(client, WAREHOUSES));
	}

	find(reference: string | number | undefined): CentraWarehouse | undefined {
		return byIdOrName(
			this.warehouses,
			reference,
			(warehouse) => warehouse.id,
			(warehouse) => warehouse.name,
		);
	}

	names(): string {
		return this.warehouses.map((warehouse) => `"${warehouse.name}"`).join(', ');
	}
}

// ---------------------------------------------------------------------------------------------
// Product sizes by SKU
// ---------------------------------------------------------------------------------------------

const SIZE_FIELDS = '{ id SKU GTIN size { id name } productVariant { id name variantNumber } }';

export const PRODUCT_SIZES_BY_SKU = `query ProductSizesBySku($skus: [String!]!, $limit: Int!) {
	productSizes(where: { SKU: $skus }, limit: $limit) ${SIZE_FIELDS}
}`;

/**
 * SKU (normalised) → its product size, for the SKUs Centra knows; `LIMITS.skusPerLookup` SKUs per
 * call. A SKU missing from the map is unknown to Centra: the caller fails only its items. A failed
 * call throws, unless `onBatchFailure` is given: it then gets the SKUs of that call (for the caller
 * to fail their items) and the other batches are still looked up.
 */
export async function lookupProductSizes(
	client: CentraClient,
	skus: Iterable<string>,
	onBatchFailure?: (skus: string[], error: unknown) => void,
): Promise<Map<string, CentraProductSize>> {
	const unique = [...new Set([...skus].map((sku) => sku.trim()).filter(Boolean))];
	const found = new Map<string, CentraProductSize>();
	for (const batch of chunk(unique, LIMITS.skusPerLookup)) {
		const call = client.request<{ productSizes: CentraProductSize[] }>(
			'ProductSizesBySku',
			PRODUCT_SIZES_BY_SKU,
			{ skus: batch, limit: LIMITS.pageSize },
		);
		const data = onBatchFailure
			? await call.catch((error: unknown) => {
					onBatchFailure(batch, error);
					return undefined;
				})
			: await call;
		for (const size of data?.productSizes ?? []) found.set(normaliseKey(size.SKU), size);
	}
	return found;
}

// ---------------------------------------------------------------------------------------------
// Stock per warehouse
// ---------------------------------------------------------------------------------------------

/**
 * Free-to-allocate costs no query complexity; the other quantities do (VERIFIED, Centra's stock
 * query advice), so they are read only for the raw rows.
 */
const STOCK_FIELDS = {
	lean: `{ freeToAllocateQuantity productSize { id SKU size { id name } productVariant { id } } }`,
	full: `{ freeToAllocateQuantity physicalQuantity allocatedQuantity productSize ${SIZE_FIELDS} }`,
} as const;
export type StockFields = keyof typeof STOCK_FIELDS;

export function warehouseStockQuery(fields: StockFields, bySize: boolean): string {
	const where = bySize ? 'where: { productSizeId: $sizes }, ' : '';
	return `query WarehouseStock($warehouse: Int!, $limit: Int!, $page: Int!${bySize ? ', $sizes: [Int!]!' : ''}) {
	warehouses(where: { id: [$warehouse] }, limit: 1) { id name stock(${where}limit: $limit, page: $page) ${STOCK_FIELDS[fields]} }
}`;
}

/**
 * The stock rows of one warehouse, page by page: all of them, or only those of `productSizeIds`
 * (in batches of one page each).
 */
export async function readWarehouseStock(
	client: CentraClient,
	warehouse: CentraWarehouse,
	{ fields = 'lean', productSizeIds }: { fields?: StockFields; productSizeIds?: number[] } = {},
): Promise<CentraStock[]> {
	const read = async (sizes?: number[]) =>
		await fetchAllPages<CentraStock>(async (page) => {
			const variables: IDataObject = { warehouse: warehouse.id, limit: LIMITS.pageSize, page };
			if (sizes) variables.sizes = sizes;
			const data = await client.request<{ warehouses: Array<{ stock: CentraStock[] }> }>(
				'WarehouseStock',
				warehouseStockQuery(fields, Boolean(sizes)),
				variables,
			);
			const stock = data.warehouses?.[0]?.stock ?? [];
			return { items: stock, last: stock.length < LIMITS.pageSize };
		});
	if (!productSizeIds) return await read();
	const rows: CentraStock[] = [];
	for (const batch of chunk([...new Set(productSizeIds)], LIMITS.sizesPerStockRead)) {
		rows.push(...(await read(batch)));
	}
	return rows;
}

// ---------------------------------------------------------------------------------------------
// Change keys already applied
// ---------------------------------------------------------------------------------------------

/**
 * One `stockChanges` field per change key (aliased `k0`, `k1`, …): the change whose description
 * equals the key's marker line, whatever its age. A keyed change's description is exactly that
 * line (one change per key), so `equals` finds only that key: never a longer key it is a prefix of
 * ("CS-1001" is not "CS-1001:sale"), and one row is enough. `stockChanges` is an ASSUMED query
 * (see the brief); the key is checked once more on the description's lines.
 */
export function appliedChangesQuery(count: number): string {
	const variables = Array.from({ length: count }, (_, index) => `$k${index}: String!`).join(', ');
	const fields = Array.from(
		{ length: count },
		(_, index) =>
			`k${index}: stockChanges(where: { description: { equals: $k${index} } }, limit: 1) { id description createdAt warehouse { id name } }`,
	).join('\n\t');
	return `query AppliedStockChanges(${variables}) {
	${fields}
}`;
}

/**
 * Change key → the stock change made for it (with its warehouse), for the keys that have one.
 * `LIMITS.changeKeysPerLookup` keys per request.
 */
export async function findAppliedChanges(
	client: CentraClient,
	keys: Iterable<string>,
): Promise<Map<string, CentraStockChange[]>> {
	const found = new Map<string, CentraStockChange[]>();
	for (const batch of chunk([...new Set(keys)], LIMITS.changeKeysPerLookup)) {
		const variables: IDataObject = {};
		batch.forEach((key, index) => (variables[`k${index}`] = changeKeyMarker(key)));
		const data = await client.request<Record<string, CentraStockChange[]>>(
			'AppliedStockChanges',
			appliedChangesQuery(batch.length),
			variables,
		);
		batch.forEach((key, index) => {
			const changes = (data[`k${index}`] ?? []).filter((change) =>
				changeKeysIn(change.description).includes(key),
			);
			if (changes.length) found.set(key, changes);
		});
	}
	return found;
}

// ---------------------------------------------------------------------------------------------
// Stock mutations
// ---------------------------------------------------------------------------------------------

export const CHANGE_STOCK = `mutation ChangeStock($input: ChangeStockInput!) {
	changeStock(input: $input) { stockChange { id } userErrors { message path } }
}`;

export const SET_STOCK = `mutation SetStock($input: SetStockInput!) {
	setStock(input: $input) { stockChanges { id } userErrors { message path } }
}`;
// ---------------------------------------------------------------------------------------------
// Orders and shipments
// ---------------------------------------------------------------------------------------------

const ADDRESS_FIELDS = `{ firstName lastName address1 address2 city zipCode stateOrProvince country { code } email phoneNumber }`;
const SHIPMENT_OWN_FIELDS = `id number isGoodToGo isShipped isPaid createdAt shippedAt trackingNumber returnTrackingNumber
	additionalMessage
	carrierInformation { carrierName serviceName }
	lines { id quantity orderLine { id productSize { SKU } } }`;

/**
 * The order fields of the canonical order without customer and addresses: what Order → Confirm and
 * Cancel output, so they need only Order:read and Order.internalComment:read (no address or
 * Purchaser permissions). The shipping option is under `shippingPriceGroup` and the line name is
 * `productName`, both VERIFIED (C-DTC examples).
 */
const ORDER_SUMMARY_OWN_FIELDS = `id number status isOnHold createdAt orderDate internalComment otherComment
	grandTotal { value currency { code } }
	totals { shipping { value } taxAdded { value } taxIncluded { value } }
	lines { id quantity cancelledQuantity unitPrice { value } taxPercent productName productSize { SKU } }
	market { id name }
	pricelist { id name }
	shippingPriceGroup { shippingOption { id name uri } }`;

/**
 * Every order field the canonical order reads, where the whole order is output (Get, Get Many,
 * Create's read-back, the triggers). `Order.shipments` is ASSUMED (see sandbox/centra/schema.ts):
 * the docs show shipments only as mutation answers.
 */
export const ORDER_FIELDS = `{
	${ORDER_SUMMARY_OWN_FIELDS}
	shippingAddress ${ADDRESS_FIELDS}
	billingAddress ${ADDRESS_FIELDS}
	shipments { ${SHIPMENT_OWN_FIELDS} }
	... on DirectToConsumerOrder { customer { id email firstName lastName } }
}`;

/** Order → Confirm and Cancel: the canonical order without customer and addresses. */
export const ORDER_SUMMARY_FIELDS = `{
	${ORDER_SUMMARY_OWN_FIELDS}
}`;

/** What the duplicate check needs: whose order a number is (the reference in the internal comment). */
export const ORDER_CHECK_FIELDS = `{ id number status internalComment }`;

/**
 * Shipment → Create and Complete: the order's lines and its shipments (ASSUMED `Order.shipments`),
 * for what is left to ship, a shipment's key and a shipment number; no addresses or customer.
 */
export const ORDER_SHIPPING_FIELDS = `{
	id number status internalComment
	lines { id quantity cancelledQuantity productSize { SKU } }
	shipments { ${SHIPMENT_OWN_FIELDS} }
}`;

/** A shipment with the order it belongs to (its number and the external reference line). */
export const SHIPMENT_FIELDS = `{ ${SHIPMENT_OWN_FIELDS} order { id number internalComment } }`;

/**
 * Read along with the first batch of the duplicate check: the newest order's internal comment.
 * A missing `Order.internalComment:read` shows only on an order that is read (ASSUMED, as the
 * sandbox does: Centra checks permissions per field answered), and the candidates of a new
 * order are not there yet; the store's newest order makes it show before anything is created.
 */
export const INTERNAL_COMMENT_PROBE = `commentProbe: orders(sort: [id_DESC], limit: 1) { internalComment }`;

/** The orders with these numbers (those that exist), by number. */
export async function readOrdersByNumber(
	client: CentraClient,
	numbers: number[],
	{
		fields = ORDER_FIELDS,
		itemIndex,
		also,
	}: {
		fields?: string;
		itemIndex?: number;
		/** Selections added to the first request (e.g. INTERNAL_COMMENT_PROBE). */
		also?: string;
	} = {},
): Promise<Map<number, CentraOrder>> {
	const found = new Map<number, CentraOrder>();
	const query = (extra = '') => `query OrdersByNumber($numbers: [Int!], $limit: Int) {
	orders(where: { number: $numbers }, limit: $limit) ${fields}${extra ? `\n\t${extra}` : ''}
}`;
	let first = true;
	for (const batch of chunk([...new Set(numbers)], LIMITS.pageSize)) {
		const data = await client.request<{ orders: CentraOrder[] | null }>(
			'OrdersByNumber',
			query(first ? also : undefined),
			{ numbers: batch, limit: batch.length },
			itemIndex,
		);
		first = false;
		for (const order of data.orders ?? []) found.set(order.number, order);
	}
	return found;
}

const windowFilter = (window: DateWindow | undefined) =>
	window && (window.from || window.to)
		? withoutUndefined({ from: window.from || undefined, to: window.to || undefined })
		: undefined;

/** Orders created in a window, in some statuses, newest first, paged 200 at a time. */
export async function listOrders(
	client: CentraClient,
	filter: { createdAt?: DateWindow; statuses?: string[]; limit?: number },
	itemIndex?: number,
): Promise<CentraOrder[]> {
	const where = withoutUndefined({
		createdAt: windowFilter(filter.createdAt),
		status: filter.statuses?.length ? filter.statuses : undefined,
	});
	const query = `query Orders($where: OrderFilter, $limit: Int, $page: Int) {
	orders(where: $where, sort: [id_DESC], limit: $limit, page: $page) ${ORDER_FIELDS}
}`;
	const pageSize = Math.min(LIMITS.pageSize, filter.limit ?? LIMITS.pageSize);
	return await fetchAllPages(
		async (page) => {
			const data = await client.request<{ orders: CentraOrder[] | null }>(
				'Orders',
				query,
				{ where, limit: pageSize, page },
				itemIndex,
			);
			const items = data.orders ?? [];
			return { items, last: items.length < pageSize };
		},
		{ limit: filter.limit },
	);
}

export interface ShipmentListing {
	orderNumbers?: number[];
	isGoodToGo?: boolean;
	isShipped?: boolean;
	createdAt?: DateWindow;
	shippedAt?: DateWindow;
	limit?: number;
}

/** Shipments matching the filter, oldest first, paged 200 at a time. */
export async function listShipments(
	client: CentraClient,
	filter: ShipmentListing,
	itemIndex?: number,
): Promise<CentraShipment[]> {
	const where = withoutUndefined({
		orderNumber: filter.orderNumbers,
		isGoodToGo: filter.isGoodToGo,
		isShipped: filter.isShipped,
		createdAt: windowFilter(filter.createdAt),
		shippedAt: windowFilter(filter.shippedAt),
	});
	const query = `query Shipments($where: ShipmentFilter, $limit: Int, $page: Int) {
	shipments(where: $where, sort: [id_ASC], limit: $limit, page: $page) ${SHIPMENT_FIELDS}
}`;
	const pageSize = Math.min(LIMITS.pageSize, filter.limit ?? LIMITS.pageSize);
	return await fetchAllPages(
		async (page) => {
			const data = await client.request<{ shipments: CentraShipment[] | null }>(
				'Shipments',
				query,
				{ where, limit: pageSize, page },
				itemIndex,
			);
			const items = data.shipments ?? [];
			return { items, last: items.length < pageSize };
		},
		{ limit: filter.limit },
	);
}

/**
 * Shipments by id, for the trigger (webhook shipment events carry the shipment id). Reads
 * `shipments(where: {id: [...]})`: ShipmentFilter.id is ASSUMED (requested of the sandbox, like
 * the id lists of WarehouseFilter and ProductSizeFilter).
 */
export async function readShipmentsById(
	client: CentraClient,
	ids: number[],
	itemIndex?: number,
): Promise<CentraShipment[]> {
	const query = `query ShipmentsById($ids: [Int!], $limit: Int) {
	shipments(where: { id: $ids }, limit: $limit) ${SHIPMENT_FIELDS}
}`;
	const found: CentraShipment[] = [];
	for (const batch of chunk([...new Set(ids)], LIMITS.pageSize)) {
		const data = await client.request<{ shipments: CentraShipment[] | null }>(
			'ShipmentsById',
			query,
			{ ids: batch, limit: batch.length },
			itemIndex,
		);
		found.push(...(data.shipments ?? []));
	}
	return found;
}
