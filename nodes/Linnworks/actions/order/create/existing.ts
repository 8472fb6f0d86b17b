/**
 * The duplicate check of Order → Create, batched. Instead of one lookup by reference per order, it
 * lists what Linnworks already holds for each Source — its open orders at every location
 * (Orders/GetOpenOrders) and its processed ones, dispatched or cancelled, received around the
 * incoming orders' placement times (ProcessedOrders/SearchProcessedOrders; this node files an order
 * as received when it was placed) — and matches reference and SubSource locally. A listing is only
 * used while it costs fewer calls than the lookups it replaces, so its calls grow with pages of
 * existing orders and never beyond one per order (one given up part-way is followed by them).
 * Linnworks' own key (Source + SubSource + reference) still stops a paid order being created twice
 * by a racing run.
 */
import { normaliseKey } from '../../../../shared/mapping';
import { withinPageBudget, type PageBudget } from '../../../../shared/transport';

import { sameChannel, type LinnworksOrderDetails } from '../../../model';
import { getOrderDetails, listOpenOrders, searchProcessedOrders } from '../../../queries';
import { LIMITS, type LinnworksClient } from '../../../transport';
import type { PreparedOrder } from './prepare';

const DAY_MS = 86_400_000;
/** Allowance around placement times (time zones, clocks) when listing by received date. */
const SLACK_MS = DAY_MS;

/** Orders of one Source whose placement times fit one processed-orders search window. */
export interface ListedSource {
	source: string;
	from: Date;
	to: Date;
	orders: PreparedOrder[];
}

/**
 * Splits orders into Sources the listings can answer for, and the orders they cannot: per Source,
 * the newest orders that fit one processed-orders search window (3 months); anything placed before
 * that, or with no readable placement time, is left for a lookup by reference.
 */
export function planListings(orders: PreparedOrder[]): {
	sources: ListedSource[];
	byReference: PreparedOrder[];
} {
	const bySource = new Map<string, PreparedOrder[]>();
	for (const entry of orders) {
		const key = normaliseKey(entry.routing.source);
		const group = bySource.get(key) ?? [];
		group.push(entry);
		bySource.set(key, group);
	}
	const sources: ListedSource[] = [];
	const byReference: PreparedOrder[] = [];
	const windowMs = LIMITS.processedOrdersSearchDays * DAY_MS;
	const placed = (entry: PreparedOrder) => Date.parse(entry.order.placedAt);
	for (const group of bySource.values()) {
		const dated = group.filter((entry) => Number.isFinite(placed(entry)));
		byReference.push(...group.filter((entry) => !Number.isFinite(placed(entry))));
		if (!dated.length) continue;
		const to =
			dated.reduce((latest, entry) => Math.max(latest, placed(entry)), -Infinity) + SLACK_MS;
		const fits = (entry: PreparedOrder) => to - (placed(entry) - SLACK_MS) <= windowMs;
		const inWindow = dated.filter(fits);
		byReference.push(...dated.filter((entry) => !fits(entry)));
		const from =
			inWindow.reduce((earliest, entry) => Math.min(earliest, placed(entry)), Infinity) - SLACK_MS;
		sources.push({
			source: group[0].routing.source,
			from: new Date(from),
			to: new Date(to),
			orders: inWindow,
		});
	}
	return { sources, byReference };
}

/**
 * The existing Linnworks order of each listed order that has one, with its full details; or
 * undefined when listing would take more calls than looking each order up by reference (few
 * orders, or many pages of existing ones), and the caller should do that instead.
 */
export async function findListedOrders(
	client: LinnworksClient,
	listed: ListedSource,
	locationIds: string[],
): Promise<Map<PreparedOrder, LinnworksOrderDetails> | undefined> {
	// One listing per location and the processed search, each at least a page; the pages beyond
	// those may only use up what is left of one call per order. (Locations are all of the account's:
	// with many, listing pays off only for larger batches, and smaller ones are looked up.)
	const listings = locationIds.length + 1;
	if (listed.orders.length < listings) return undefined;
	const budget: PageBudget = { left: listed.orders.length - listings };
	const idByKey = new Map<string, string>();
	const keyOf = (reference: string, subSource: string) =>
		`${reference}\u0000${normaliseKey(subSource)}`;
	const remember = (key: string, orderId: string) => {
		if (!idByKey.has(key)) idByKey.set(key, orderId);
	};
	const complete = await withinPageBudget(async () => {
		// Open orders of every location, whatever their date: the order may be held at a location
		// its mapping no longer names, or have been filed with another received date. (One processed
		// while the pages are read may slip between them; if paid, CreateOrders skips it by
		// Linnworks' key and the read-back finds it by reference.)
		for (const locationId of locationIds) {
			const open = await listOpenOrders(client, { source: listed.source, locationId, budget });
			for (const order of open)
				remember(keyOf(order.GeneralInfo.ReferenceNum, order.GeneralInfo.SubSource), order.OrderId);
		}
		const processed = await searchProcessedOrders(client, {
			source: listed.source,
			dateField: 'received',
			from: listed.from,
			to: listed.to,
			includeCancelled: true,
			budget,
		});
		for (const order of processed)
			remember(keyOf(order.ReferenceNum, order.SubSource), order.pkOrderID);
		return true;
	});
	if (!complete) return undefined;

	const idOf = (entry: PreparedOrder) =>
		idByKey.get(keyOf(entry.order.reference, entry.routing.subSource));
	const matched = listed.orders.filter((entry) => idOf(entry) !== undefined);
	const details = await getOrderDetails(
		client,
		matched.map((entry) => idOf(entry)!),
	);
	const existing = new Map<PreparedOrder, LinnworksOrderDetails>();
	for (const entry of matched) {
		// An order deleted between the listing and the read is no longer there: it will be created.
		const found = details.get(idOf(entry)!);
		if (found && sameChannel(found.GeneralInfo, entry.routing)) existing.set(entry, found);
	}
	return existing;
}
