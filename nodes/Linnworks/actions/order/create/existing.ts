/**
 * The duplicate check of Order → Create, batched. Instead of one lookup by reference per order, it
 * lists what Linnworks already holds for each channel (Source + SubSource) around the incoming
 * orders' placement times — open orders per fulfilment location (Orders/GetOpenOrders) and
 * processed ones, dispatched or cancelled (ProcessedOrders/SearchProcessedOrders by received date,
 * which is the placement time this node files orders under) — and matches the references locally.
 * Calls grow with pages of existing orders, not with incoming orders. Linnworks' own key
 * (Source + SubSource + reference) still stops a paid order being created twice by a racing run.
 */
import { normaliseKey } from '../../../../shared/mapping';

import type { LinnworksOrderDetails } from '../../../model';
import { getOrderDetails, listOpenOrders, searchProcessedOrders } from '../../../queries';
import { LIMITS, type LinnworksClient } from '../../../transport';
import type { PreparedOrder } from './prepare';

const DAY_MS = 86_400_000;
/** Allowance around placement times (time zones, clocks) when listing by received date. */
const SLACK_MS = DAY_MS;

/** Orders of one channel whose placement times fit one listing window. */
export interface ListedChannel {
	source: string;
	subSource: string;
	from: Date;
	to: Date;
	orders: PreparedOrder[];
}

/**
 * Splits orders into channels the listings can answer for, and the orders they cannot: per channel,
 * the newest orders that fit one processed-orders search window (3 months); anything placed before
 * that, or with no readable placement time, is left for a lookup by reference.
 */
export function planListings(orders: PreparedOrder[]): {
	channels: ListedChannel[];
	byReference: PreparedOrder[];
} {
	const byChannel = new Map<string, PreparedOrder[]>();
	for (const entry of orders) {
		const key = `${normaliseKey(entry.routing.source)}\u0000${normaliseKey(entry.routing.subSource)}`;
		const group = byChannel.get(key) ?? [];
		group.push(entry);
		byChannel.set(key, group);
	}
	const channels: ListedChannel[] = [];
	const byReference: PreparedOrder[] = [];
	const windowMs = LIMITS.processedOrdersSearchDays * DAY_MS;
	for (const group of byChannel.values()) {
		const placed = (entry: PreparedOrder) => Date.parse(entry.order.placedAt);
		const dated = group.filter((entry) => Number.isFinite(placed(entry)));
		byReference.push(...group.filter((entry) => !Number.isFinite(placed(entry))));
		if (!dated.length) continue;
		const to =
			dated.reduce((latest, entry) => Math.max(latest, placed(entry)), -Infinity) + SLACK_MS;
		const fits = (entry: PreparedOrder) => to - (placed(entry) - SLACK_MS) <= windowMs;
		const inWindow = dated.filter(fits);
		byReference.push(...dated.filter((entry) => !fits(entry)));
		channels.push({
			source: group[0].routing.source,
			subSource: group[0].routing.subSource,
			from: new Date(
				inWindow.reduce((earliest, entry) => Math.min(earliest, placed(entry)), Infinity) -
					SLACK_MS,
			),
			to: new Date(to),
			orders: inWindow,
		});
	}
	return { channels, byReference };
}

/** The existing Linnworks order of each listed order that has one, with its full details. */
export async function findListedOrders(
	client: LinnworksClient,
	channel: ListedChannel,
): Promise<Map<PreparedOrder, LinnworksOrderDetails>> {
	const idByReference = new Map<string, string>();
	const remember = (reference: string, orderId: string) => {
		if (!idByReference.has(reference)) idByReference.set(reference, orderId);
	};
	const listing = { source: channel.source, subSource: channel.subSource };
	// An open order held at another location (its mapping changed since) is not listed here; if it is
	// paid, CreateOrders skips it by Linnworks' key and the read-back finds it by reference.
	for (const locationId of new Set(
		channel.orders.map((entry) => entry.fulfilment.StockLocationId),
	)) {
		const open = await listOpenOrders(client, {
			...listing,
			locationId,
			receivedFrom: channel.from,
			receivedTo: channel.to,
		});
		for (const order of open) remember(order.GeneralInfo.ReferenceNum, order.OrderId);
	}
	const processed = await searchProcessedOrders(client, {
		...listing,
		dateField: 'received',
		from: channel.from,
		to: channel.to,
		includeCancelled: true,
	});
	for (const order of processed) remember(order.ReferenceNum, order.pkOrderID);

	const matched = channel.orders.filter((entry) => idByReference.has(entry.order.reference));
	const details = await getOrderDetails(
		client,
		matched.map((entry) => idByReference.get(entry.order.reference)!),
	);
	const existing = new Map<PreparedOrder, LinnworksOrderDetails>();
	for (const entry of matched) {
		// An order deleted between the listing and the read is no longer there: it will be created.
		const found = details.get(idByReference.get(entry.order.reference)!);
		if (found) existing.set(entry, found);
	}
	return existing;
}
