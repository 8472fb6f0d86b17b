/**
 * Checks of Sale Order → Create that need Stokly data, each one batched for all orders of the run:
 * the mapped channel and location exist (by name or ID, `Directory`, one listing each), every SKU is a Stokly
 * item (200 SKUs per `||` filter), and, with the Backorder Check on, the fulfilment location has
 * the stock (inventory records per location, 200 items per filter, summed over bins).
 */
import { NodeOperationError, type INode } from 'n8n-workflow';

import type { Directory } from '../../../../shared/directory';
import type { ItemResults } from '../../../../shared/items';
import { normaliseKey } from '../../../../shared/mapping';
import {
	and,
	anyOf,
	inventoryRecords,
	itemsBySku,
	listChannels,
	listLocations,
	locationDirectory,
	channelDirectory,
	type StoklyChannel,
	type StoklyLocation,
	literal,
	term,
} from '../../../requests';
import { toLocationLevels, UNASSIGNED } from '../../../model';
import type { StoklyClient } from '../../../transport';
import type { PreparedSaleOrder } from './prepare';

/** An order whose channel and fulfilment location are Stokly IDs. */
export interface RoutedSaleOrder extends PreparedSaleOrder {
	channelId: string;
	channelName: string;
	locationId: string;
	locationName: string;
}

/** ... and whose SKUs have their itemIds. */
export interface ResolvedSaleOrder extends RoutedSaleOrder {
	itemIds: Map<string, string>;
}

/** ... and whose stock was checked. */
export interface CheckedSaleOrder extends ResolvedSaleOrder {
	/** Lines the fulfilment location lacks stock for (Backorder Check "flag"). */
	backorderedLines: BackorderedLine[];
}

export interface BackorderedLine {
	sku: string;
	ordered: number;
	/** What the location had for this line after the run's earlier orders took theirs. */
	available: number;
	short: number;
}

/**
 * Channel and location of every order resolved to Stokly IDs (a name or an ID in the table); an
 * order naming one Stokly does not have fails. One listing of channels and one of locations.
 */
export async function resolveRouting(
	node: INode,
	client: StoklyClient,
	orders: PreparedSaleOrder[],
	results: ItemResults,
): Promise<RoutedSaleOrder[]> {
	if (!orders.length) return [];
	let channels: Directory<StoklyChannel>;
	let locations: Directory<StoklyLocation>;
	try {
		[channels, locations] = await Promise.all([
			listChannels(client).then(channelDirectory),
			listLocations(client).then(locationDirectory),
		]);
	} catch (error) {
		for (const entry of orders) results.fail(entry.itemIndex, error);
		return [];
	}
	return orders.flatMap((entry) => {
		const channel = channels.find(entry.channel);
		const location = locations.find(entry.location);
		if (!channel || !location) {
			const hint = `Correct the Location Mapping row for "${entry.order.location ?? ''}".`;
			const error = !channel
				? channels.unknown(node, entry.channel, { itemIndex: entry.itemIndex, hint })
				: locations.unknown(node, entry.location, { itemIndex: entry.itemIndex, hint });
			results.fail(
				entry.itemIndex,
				new NodeOperationError(node, `${entry.label}: ${error.message}`, {
					itemIndex: entry.itemIndex,
					description: error.description ?? undefined,
				}),
			);
			return [];
		}
		return [
			{
				...entry,
				channelId: channel.channelId,
				channelName: channel.name,
				locationId: location.locationId,
				locationName: location.name,
			},
		];
	});
}

/**
 * The itemIds of every order's SKUs (one listing per 200 SKUs); an order with a SKU Stokly has no
 * item for fails, naming it. An active item (status 0) wins over an archived one with the same SKU.
 */
export async function resolveItems(
	node: INode,
	client: StoklyClient,
	orders: RoutedSaleOrder[],
	results: ItemResults,
): Promise<ResolvedSaleOrder[]> {
	if (!orders.length) return [];
	const skus = [...new Set(orders.flatMap((entry) => entry.order.lines.map((line) => line.sku)))];
	const bySku = new Map<string, { itemId: string; active: boolean }>();
	try {
		for (const item of await itemsBySku(client, skus)) {
			if (!item.sku) continue;
			const key = normaliseKey(item.sku);
			const active = Number(item.status ?? 0) === 0;
			if (!bySku.has(key) || (active && !bySku.get(key)?.active))
				bySku.set(key, { itemId: item.itemId, active });
		}
	} catch (error) {
		for (const entry of orders) results.fail(entry.itemIndex, error);
		return [];
	}
	return orders.flatMap((entry) => {
		const unknown = entry.order.lines
			.map((line) => line.sku)
			.filter((sku) => !bySku.has(normaliseKey(sku)));
		if (unknown.length) {
			results.fail(
				entry.itemIndex,
				new NodeOperationError(
					node,
					`${entry.label}: SKU ${[...new Set(unknown)].join(', ')} is not a Stokly item`,
					{
						itemIndex: entry.itemIndex,
						description:
							'Add the SKU to the SKU Mapping table (incoming SKU → Stokly SKU), or create the item in Stokly, then run again.',
					},
				),
			);
			return [];
		}
		const itemIds = new Map(
			entry.order.lines.map((line) => [line.sku, bySku.get(normaliseKey(line.sku))!.itemId]),
		);
		return [{ ...entry, itemIds }];
	});
}

/**
 * Stock per item at one location: inventory records of its bins (`[binId]!={UNASSIGNED}`: the
 * location-level aggregate rows are left out, INFERRED from ST-SCRIPTS, so nothing counts twice),
 * summed over bins as Stock → Get Levels sums them (`toLocationLevels`: available where Stokly
 * gives it, else on hand).
 */
async function stockAt(
	client: StoklyClient,
	locationId: string,
	itemIds: string[],
): Promise<Map<string, number>> {
	const stock = new Map<string, number>();
	for (const items of anyOf('itemId', itemIds)) {
		const filter = and(
			term('locationId', '==', literal(locationId)),
			term('binId', '!=', literal(UNASSIGNED)),
			items,
		);
		for (const level of toLocationLevels(await inventoryRecords(client, filter)))
			stock.set(level.itemId, (stock.get(level.itemId) ?? 0) + level.quantity);
	}
	return stock;
}

/**
 * The Backorder Check: per fulfilment location, the stock of the orders' items is read once and
 * given out to the orders in input order, so two orders in one run cannot both take the last
 * unit. A short order is flagged (`backorderedLines`) or failed, as its Backorder Check says; a
 * failed one takes no stock.
 */
export async function checkBackorders(
	node: INode,
	client: StoklyClient,
	orders: ResolvedSaleOrder[],
	results: ItemResults,
): Promise<CheckedSaleOrder[]> {
	const checked = orders.filter((entry) => entry.backorderCheck !== 'off');
	const byLocation = new Map<string, ResolvedSaleOrder[]>();
	for (const entry of checked)
		byLocation.set(entry.locationId, [...(byLocation.get(entry.locationId) ?? []), entry]);
	const stock = new Map<string, Map<string, number>>();
	const failed = new Set<ResolvedSaleOrder>();
	for (const [locationId, group] of byLocation) {
		try {
			const itemIds = group.flatMap((entry) => [...entry.itemIds.values()]);
			stock.set(locationId, await stockAt(client, locationId, [...new Set(itemIds)]));
		} catch (error) {
			for (const entry of group) {
				results.fail(entry.itemIndex, error);
				failed.add(entry);
			}
		}
	}
	const passed: CheckedSaleOrder[] = [];
	for (const entry of [...orders].sort((a, b) => a.itemIndex - b.itemIndex)) {
		if (failed.has(entry)) continue;
		const left = stock.get(entry.locationId);
		if (entry.backorderCheck === 'off' || !left) {
			passed.push({ ...entry, backorderedLines: [] });
			continue;
		}
		// Demand per item across the order's lines, then each line's share in order.
		const taken = new Map<string, number>();
		const short: BackorderedLine[] = [];
		for (const line of entry.order.lines) {
			const itemId = entry.itemIds.get(line.sku)!;
			const available = Math.max(0, (left.get(itemId) ?? 0) - (taken.get(itemId) ?? 0));
			taken.set(itemId, (taken.get(itemId) ?? 0) + line.quantity);
			if (available < line.quantity)
				short.push({
					sku: line.sku,
					ordered: line.quantity,
					available,
					short: line.quantity - available,
				});
		}
		if (short.length && entry.backorderCheck === 'error') {
			results.fail(
				entry.itemIndex,
				new NodeOperationError(
					node,
					`${entry.label}: ${entry.locationName} lacks stock for ${short
						.map((line) => `${line.sku} (${line.ordered} ordered, ${line.available} in stock)`)
						.join(', ')}`,
					{
						itemIndex: entry.itemIndex,
						description: `Fulfil the order from another location (Location Mapping), restock ${entry.locationName}, or choose "Flag Short Lines" in Backorder Check to make it as a backorder.`,
					},
				),
			);
			continue;
		}
		for (const [itemId, quantity] of taken)
			left.set(itemId, Math.max(0, (left.get(itemId) ?? 0) - quantity));
		passed.push({ ...entry, backorderedLines: short });
	}
	return passed;
}
