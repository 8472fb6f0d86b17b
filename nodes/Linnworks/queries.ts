/**
 * Multi-call reads shared by the Linnworks node and trigger: the location directory, SKU lookup,
 * paged stock levels, processed (dispatched, cancelled) and open orders, and order details. Each is a sequence of `LinnworksClient`
 * calls batched to the method's maximum.
 */
import { normaliseKey } from '../shared/mapping';
import { chunk, fetchAllPages, forEachConcurrently, type PageBudget } from '../shared/transport';
import {
	DEFAULT_LOCATION_ID,
	type LinnworksLocation,
	type LinnworksOpenOrder,
	type LinnworksOrderDetails,
	type LinnworksProcessedOrder,
	type LinnworksStockItemFull,
	type LinnworksStockItemLevel,
	sameChannel,
} from './model';
import { LIMITS, type LinnworksClient } from './transport';

/** Looks locations up by id or by name, the way users type them. */
export class LocationDirectory {
	constructor(readonly locations: LinnworksLocation[]) {}

	static async load(client: LinnworksClient): Promise<LocationDirectory> {
		return new LocationDirectory(
			await client.call<LinnworksLocation[]>('Inventory/GetStockLocations'),
		);
	}

	/** An empty reference means the Default location. */
	find(reference: string | undefined): LinnworksLocation | undefined {
		const key = normaliseKey(reference);
		if (!key) {
			return (
				this.locations.find((location) => location.StockLocationId === DEFAULT_LOCATION_ID) ??
				this.locations.find((location) => normaliseKey(location.LocationName) === 'default')
			);
		}
		return this.locations.find(
			(location) =>
				normaliseKey(location.StockLocationId) === key ||
				normaliseKey(location.LocationName) === key,
		);
	}

	names(): string {
		return this.locations.map((location) => `"${location.LocationName}"`).join(', ');
	}
}

/** SKU → StockItemId for the SKUs that exist in Linnworks (matched case-insensitively). */
export async function lookupStockItemIds(
	client: LinnworksClient,
	skus: Iterable<string>,
): Promise<Map<string, { sku: string; stockItemId: string }>> {
	const unique = [...new Set([...skus].filter(Boolean))];
	const found = new Map<string, { sku: string; stockItemId: string }>();
	for (const batch of chunk(unique, LIMITS.stockItemsPerLookup)) {
		const response = await client.call<{ Items: Array<{ StockItemId: string; SKU: string }> }>(
			'Inventory/GetStockItemIdsBySKU',
			{ request: { SKUS: batch } },
		);
		for (const item of response.Items ?? []) {
			found.set(normaliseKey(item.SKU), { sku: item.SKU, stockItemId: item.StockItemId });
		}
	}
	return found;
}

/** Levels per location for known stock item ids. */
export async function getStockLevelsByIds(
	client: LinnworksClient,
	stockItemIds: string[],
): Promise<Map<string, LinnworksStockItemLevel[]>> {
	const levels = new Map<string, LinnworksStockItemLevel[]>();
	for (const batch of chunk(stockItemIds, LIMITS.stockItemsPerLookup)) {
		const response = await client.call<
			Array<{ pkStockItemId: string; StockItemLevels: LinnworksStockItemLevel[] }>
		>('Stock/GetStockLevel_Batch', { request: { StockItemIds: batch } });
		for (const entry of response) levels.set(entry.pkStockItemId, entry.StockItemLevels ?? []);
	}
	return levels;
}

/**
 * Every stock item with its levels, 200 per page. Linnworks answers a page past the end with
 * HTTP 400 "No items found with given filter", which ends the listing rather than failing it.
 */
export async function getAllStockItems(
	client: LinnworksClient,
	onPage?: (items: LinnworksStockItemFull[]) => void,
): Promise<LinnworksStockItemFull[]> {
	return await fetchAllPages<LinnworksStockItemFull>(async (pageNumber) => {
		const items = await client.callOr<LinnworksStockItemFull[]>(
			'Stock/GetStockItemsFull',
			{
				keyword: '',
				loadCompositeParents: true,
				loadVariationParents: true,
				entriesPerPage: LIMITS.stockItemsPerPage,
				pageNumber,
				dataRequirements: ['StockLevels'],
				searchTypes: ['SKU'],
			},
			400,
			[],
		);
		onPage?.(items);
		return { items: onPage ? [] : items, last: items.length < LIMITS.stockItemsPerPage };
	});
}

/**
 * Retail price per SKU (exact SKU match). Linnworks has no batch price read by SKU, so this is one
 * keyword search per distinct SKU: use it for order-sized lists, not catalogues.
 */
export async function getRetailPrices(
	client: LinnworksClient,
	skus: Iterable<string>,
): Promise<Map<string, number>> {
	const prices = new Map<string, number>();
	for (const sku of new Set([...skus].map(normaliseKey).filter(Boolean))) {
		const items = await client.callOr<Array<LinnworksStockItemFull & { RetailPrice?: number }>>(
			'Stock/GetStockItemsFull',
			{
				keyword: sku,
				loadCompositeParents: true,
				loadVariationParents: true,
				entriesPerPage: 10,
				pageNumber: 1,
				dataRequirements: ['Pricing'],
				searchTypes: ['SKU'],
			},
			400,
			[],
		);
		const match = items.find((item) => normaliseKey(item.ItemNumber) === sku);
		if (match?.RetailPrice !== undefined) prices.set(sku, match.RetailPrice);
	}
	return prices;
}

export interface ProcessedSearch {
	from: Date;
	to: Date;
	/** Which date `from`/`to` apply to: when the order was processed (default) or received. */
	dateField?: 'processed' | 'received';
	source?: string;
	subSource?: string;
	includeCancelled?: boolean;
	limit?: number;
	/** Pages the search may read; more needed throws `TooManyPages`. */
	budget?: PageBudget;
}

/** Processed (dispatched, and cancelled if asked) orders in a window, oldest first. */
export async function searchProcessedOrders(
	client: LinnworksClient,
	search: ProcessedSearch,
): Promise<LinnworksProcessedOrder[]> {
	const filters = [
		...(search.source ? [{ SearchField: 'Source', SearchTerm: search.source }] : []),
		...(search.subSource ? [{ SearchField: 'SubSource', SearchTerm: search.subSource }] : []),
	];
	const dateField = search.dateField ?? 'processed';
	const orders = await fetchAllPages<LinnworksProcessedOrder>(
		async (pageNumber) => {
			const response = await client.call<{
				ProcessedOrders: { TotalPages: number; Data: LinnworksProcessedOrder[] };
			}>('ProcessedOrders/SearchProcessedOrders', {
				request: {
					DateField: dateField,
					FromDate: search.from.toISOString(),
					ToDate: search.to.toISOString(),
					SearchFilters: filters,
					PageNumber: pageNumber,
					ResultsPerPage: LIMITS.processedOrdersPerPage,
					// Accepted SortField values are unpublished (UNKNOWN); these are ASSUMED. Were one
					// refused (HTTP 400), the search fails and its orders go to the error output.
					SearchSorting: {
						SortField: dateField === 'received' ? 'dReceivedDate' : 'dProcessedOn',
						SortDirection: 'ASC',
					},
				},
			});
			const page = response.ProcessedOrders;
			const data = (page?.Data ?? []).filter(
				(order) => search.includeCancelled || !order.HoldOrCancel,
			);
			return {
				items: data,
				last: !page || pageNumber >= page.TotalPages,
				totalPages: page?.TotalPages,
			};
		},
		{ limit: search.limit, budget: search.budget },
	);
	// Filters match partially on Linnworks; keep exact matches only.
	return orders.filter((order) =>
		sameChannel(order, { source: search.source, subSource: search.subSource }),
	);
}

/**
 * Every open (not yet processed) order of one Source at one location, parked ones included
 * (ASSUMED: Linnworks says nothing about parked orders in this listing; the sandbox lists them).
 */
export async function listOpenOrders(
	client: LinnworksClient,
	{ source, locationId, budget }: { source: string; locationId: string; budget?: PageBudget },
): Promise<LinnworksOpenOrder[]> {
	const orders = await fetchAllPages<LinnworksOpenOrder>(
		async (pageNumber) => {
			const page = await client.call<{ TotalPages: number; Data: LinnworksOpenOrder[] }>(
				'Orders/GetOpenOrders',
				{
					entriesPerPage: LIMITS.openOrdersPerPage,
					pageNumber,
					filters: {
						TextFields: [{ FieldCode: 'GENERAL_INFO_SOURCE', Type: 'Equal', Text: source }],
					},
					sorting: [],
					fulfilmentCenter: locationId,
					additionalFilter: '',
				},
			);
			return {
				items: page?.Data ?? [],
				last: !page || pageNumber >= page.TotalPages,
				totalPages: page?.TotalPages,
			};
		},
		{ budget },
	);
	return orders.filter((order) => sameChannel(order.GeneralInfo, { source }));
}

export async function getOrderDetails(
	client: LinnworksClient,
	orderIds: string[],
): Promise<Map<string, LinnworksOrderDetails>> {
	const details = new Map<string, LinnworksOrderDetails>();
	const batches = chunk([...new Set(orderIds)], LIMITS.ordersPerGet);
	await forEachConcurrently(batches, LIMITS.concurrentCalls, async (batch) => {
		const response = await client.call<LinnworksOrderDetails[]>('Orders/GetOrdersById', {
			pkOrderIds: batch,
		});
		for (const order of response) details.set(order.OrderId, order);
	});
	return details;
}

/** Orders whose reference (or secondary reference) is `reference`, open or processed. */
export async function findOrdersByReference(
	client: LinnworksClient,
	reference: string,
	itemIndex?: number,
): Promise<LinnworksOrderDetails[]> {
	const found = await client.call<LinnworksOrderDetails[] | null>(
		'Orders/GetOrderDetailsByReferenceId',
		{ ReferenceId: reference },
		itemIndex,
	);
	return found ?? [];
}
