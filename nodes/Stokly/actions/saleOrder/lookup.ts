/**
 * Reading sale orders (reference §2.4.6, VERIFIED paths): by source reference (`||` filters
 * batched by count and URL length, `anyOf`), by id, their lines, and a window listing. Shared by
 * Sale Order → Create, Get and Get Many and by Fulfilment → Get Many.
 */
import { forEachConcurrently } from '../../../shared/transport';
import { and, anyOf, eq, literal, NULL_LITERAL, term } from '../../requests';
import { LIMITS, type StoklyClient } from '../../transport';
import type { StoklySaleOrder, StoklySaleOrderLine } from './convert';
import type { TimeWindow } from '../fulfilment/convert';

export const SALE_ORDER_PATHS = {
	saleOrders: '/v2/saleorders',
	saleOrder: (id: string) => `/v2/saleorders/${id}`,
	lines: (id: string) => `/v2/saleorders/${id}/items`,
	customers: '/v0/customers',
	customer: (id: string) => `/v0/customers/${id}`,
} as const;

/** The sale orders whose sourceReferenceId is one of `references`, by reference (the first one, see `firstMade`). */
export async function saleOrdersByReference(
	client: StoklyClient,
	references: readonly string[],
	itemIndex?: number,
): Promise<Map<string, StoklySaleOrder>> {
	const found = new Map<string, StoklySaleOrder>();
	for (const [reference, rows] of await allSaleOrdersByReference(client, references, itemIndex)) {
		found.set(reference, rows[0]);
	}
	return found;
}

/**
 * Every sale order whose sourceReferenceId is one of `references`, by reference, first made first:
 * live before removed, then lowest niceId (Stokly's running number), then saleOrderId, so every execution ranks a reference's
 * sale orders alike (their createdAt is the placement time, the same for each).
 */
export async function allSaleOrdersByReference(
	client: StoklyClient,
	references: readonly string[],
	itemIndex?: number,
): Promise<Map<string, StoklySaleOrder[]>> {
	const found = new Map<string, StoklySaleOrder[]>();
	for (const filter of anyOf('sourceReferenceId', references)) {
		const rows = await client.list<StoklySaleOrder>(itemIndex, SALE_ORDER_PATHS.saleOrders, {
			filter,
			sortField: 'createdAt',
			sortDirection: 'ASC',
		});
		for (const row of rows) {
			if (!row.sourceReferenceId) continue;
			found.set(row.sourceReferenceId, [...(found.get(row.sourceReferenceId) ?? []), row]);
		}
	}
	for (const rows of found.values()) rows.sort(firstMade);
	return found;
}

function firstMade(a: StoklySaleOrder, b: StoklySaleOrder): number {
	// A removed sale order is never the one that stands while a live one exists.
	const removed = Number(a.stage === 'removed') - Number(b.stage === 'removed');
	if (removed) return removed;
	const byNumber = (a.niceId ?? Infinity) - (b.niceId ?? Infinity);
	if (byNumber && !Number.isNaN(byNumber)) return byNumber;
	return a.saleOrderId < b.saleOrderId ? -1 : a.saleOrderId > b.saleOrderId ? 1 : 0;
}

/** The sale order with this id; undefined when Stokly has none (or does not show it yet). */
export async function findSaleOrder(
	client: StoklyClient,
	saleOrderId: string,
	itemIndex?: number,
): Promise<StoklySaleOrder | undefined> {
	return await client.find<StoklySaleOrder>(itemIndex, {
		method: 'GET',
		path: SALE_ORDER_PATHS.saleOrder(saleOrderId),
	});
}

/** The top-level lines of a sale order (`[parentId]=={@null;}`, as Stokly's own scripts read them). */
export async function saleOrderLines(
	client: StoklyClient,
	saleOrderId: string,
	itemIndex?: number,
): Promise<StoklySaleOrderLine[]> {
	return await client.list<StoklySaleOrderLine>(itemIndex, SALE_ORDER_PATHS.lines(saleOrderId), {
		filter: term('parentId', '==', NULL_LITERAL),
	});
}

/** The lines of every sale order, a few orders at a time, by saleOrderId. */
export async function linesOfSaleOrders(
	client: StoklyClient,
	saleOrders: readonly StoklySaleOrder[],
	itemIndex?: number,
): Promise<Map<string, StoklySaleOrderLine[]>> {
	const lines = new Map<string, StoklySaleOrderLine[]>();
	await forEachConcurrently(saleOrders, LIMITS.concurrentCalls, async (saleOrder) => {
		lines.set(
			saleOrder.saleOrderId,
			await saleOrderLines(client, saleOrder.saleOrderId, itemIndex),
		);
	});
	return lines;
}

export interface SaleOrderQuery {
	/** Window on a time field (ISO bounds, `from` inclusive, `to` exclusive). */
	window?: TimeWindow;
	/** The time field the window is on: createdAt (as sent) or timeUpdated. */
	windowField?: 'createdAt' | 'timeUpdated';
	/** e.g. order or removed; undefined for every stage. */
	stage?: string;
	/** Only sale orders carrying this tag (`[tags]::{…}`). */
	tag?: string;
	/** Only sale orders with a line in this status (`[itemStatuses]::{…}`). */
	itemStatus?: string;
	limit?: number;
}

/** The filter of a sale order listing. */
export function saleOrderFilter(query: SaleOrderQuery): string | undefined {
	const field = query.windowField ?? 'createdAt';
	const filter = and(
		query.window?.from ? term(field, '>=', literal(query.window.from)) : undefined,
		query.window?.to ? term(field, '<<', literal(query.window.to)) : undefined,
		query.stage ? eq('stage', query.stage, false) : undefined,
		query.tag ? term('tags', '::', literal(query.tag)) : undefined,
		query.itemStatus ? term('itemStatuses', '::', literal(query.itemStatus)) : undefined,
	);
	return filter || undefined;
}

/** Sale orders matching `query`, oldest first by the window's field. */
export async function listSaleOrders(
	client: StoklyClient,
	query: SaleOrderQuery,
	itemIndex?: number,
): Promise<StoklySaleOrder[]> {
	return await client.list<StoklySaleOrder>(itemIndex, SALE_ORDER_PATHS.saleOrders, {
		filter: saleOrderFilter(query),
		sortField: query.windowField ?? 'createdAt',
		sortDirection: 'ASC',
		limit: query.limit,
	});
}
