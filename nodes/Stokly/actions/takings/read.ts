/**
 * The Stokly side of Takings → Reconcile: the sale orders that count (created in the window under
 * the chosen channels, plus those made from the input orders whatever their day or channel) as
 * recorded takings for the kit's comparison (nodes/shared/takings.ts).
 */
import type { RecordedTakings } from '../../../shared/takings';
import { and, anyOf, unsafeValue } from '../../requests';
import type { StoklyClient } from '../../transport';
import type { StoklySaleOrder } from '../saleOrder/convert';
import { SALE_ORDER_PATHS, saleOrderFilter } from '../saleOrder/lookup';

/**
 * Sale orders created in [from, to) under `channelIds`, and every sale order whose source
 * reference is one of `references` (a kiosk sale synced late, filed under another channel, or
 * posted twice), each once.
 */
export async function readRecordedSaleOrders(
	client: StoklyClient,
	{
		from,
		to,
		channelIds,
		references,
	}: { from: Date; to: Date; channelIds: string[]; references: string[] },
): Promise<StoklySaleOrder[]> {
	const byId = new Map<string, StoklySaleOrder>();
	const window = saleOrderFilter({
		window: { from: from.toISOString(), to: to.toISOString() },
		windowField: 'createdAt',
	});
	for (const channels of anyOf('sourceId', channelIds)) {
		const rows = await client.list<StoklySaleOrder>(undefined, SALE_ORDER_PATHS.saleOrders, {
			filter: and(window, channels),
			sortField: 'createdAt',
			sortDirection: 'ASC',
		});
		for (const row of rows) byId.set(row.saleOrderId, row);
	}
	// References a filter cannot carry are not looked up: such an order shows as not in Stokly.
	const wanted = references.filter((reference) => reference && !unsafeValue(reference));
	for (const filter of anyOf('sourceReferenceId', wanted)) {
		const rows = await client.list<StoklySaleOrder>(undefined, SALE_ORDER_PATHS.saleOrders, {
			filter,
			sortField: 'createdAt',
			sortDirection: 'ASC',
		});
		for (const row of rows) byId.set(row.saleOrderId, row);
	}
	return [...byId.values()];
}

/** The store a sale order was taken in: its `location:` tag (set by Sale Order → Create). */
export function locationTagOf(saleOrder: StoklySaleOrder): string | undefined {
	const tag = (saleOrder.tags ?? []).find((entry) => entry.toLowerCase().startsWith('location:'));
	return tag ? tag.slice('location:'.length).trim() || undefined : undefined;
}

/**
 * A sale order as recorded takings. `tenderOf` names a Stokly method number as the groups do;
 * `locationName` names a Stokly location id. Where the order was taken: its `location:` tag, else
 * its Stokly location's name, else its channel (ASSUMED: only orders without a kiosk order use it).
 */
export function toRecordedTakings(
	saleOrder: StoklySaleOrder,
	tenderOf: (method: number) => string,
	locationName: (locationId: string) => string | undefined,
): RecordedTakings {
	const location =
		locationTagOf(saleOrder) ??
		(saleOrder.locationId ? locationName(saleOrder.locationId) : undefined) ??
		saleOrder.channelName ??
		'';
	return {
		reference: saleOrder.sourceReferenceId ?? undefined,
		id: saleOrder.saleOrderId,
		label: saleOrder.niceId === undefined ? saleOrder.saleOrderId : String(saleOrder.niceId),
		createdAt: saleOrder.createdAt ?? saleOrder.timeUpdated ?? new Date(0).toISOString(),
		location,
		currency: (saleOrder.currency ?? '').toUpperCase(),
		payments: (saleOrder.payments ?? []).map((payment) => ({
			method: tenderOf(Number(payment.method)),
			amount: Number(payment.amount),
		})),
		removed: saleOrder.stage === 'removed',
	};
}
