/**
 * Dispatches of a Stokly sale order as canonical Fulfilments, pure functions. ASSUMED throughout:
 * the real API's dispatch/shipment model is UNKNOWN (reference §2.4.7, §2.5); this follows the
 * simulator's ASSUMED model (§2.6.4, modelled on the VERIFIED collect-items): a sale order keeps
 * `dispatches[{dispatchId, locationId, courier, trackingNumber, trackingUrl, dispatchedAt,
 * items[{lineId, quantity}]}]` and its dispatched lines have status `dispatched`.
 */
import { withoutUndefined, type Fulfilment } from '../../../shared/model';
import type { StoklyDispatch, StoklySaleOrder, StoklySaleOrderLine } from '../saleOrder/convert';

/** A time window, ISO 8601 bounds; `from` inclusive, `to` exclusive; either may be open. */
export interface TimeWindow {
	from?: string;
	to?: string;
}

export function inWindow(at: string | undefined, window: TimeWindow): boolean {
	const time = Date.parse(at ?? '');
	if (!Number.isFinite(time)) return false;
	if (window.from && time < Date.parse(window.from)) return false;
	if (window.to && time >= Date.parse(window.to)) return false;
	return true;
}

/** One dispatch as a canonical Fulfilment: courier → carrier, lines by SKU (summed). */
export function toCanonicalFulfilment(
	saleOrder: StoklySaleOrder,
	lines: StoklySaleOrderLine[],
	dispatch: StoklyDispatch,
): Fulfilment {
	const skuOf = new Map(lines.map((line) => [line.lineId, line.itemSku ?? line.referenceId]));
	const bySku = new Map<string, number>();
	for (const item of dispatch.items ?? []) {
		const sku = skuOf.get(item.lineId);
		if (sku) bySku.set(sku, (bySku.get(sku) ?? 0) + Number(item.quantity));
	}
	return withoutUndefined<Fulfilment>({
		orderReference: saleOrder.sourceReferenceId || saleOrder.saleOrderId,
		carrier: dispatch.courier || undefined,
		trackingNumber: dispatch.trackingNumber || undefined,
		trackingUrl: dispatch.trackingUrl || undefined,
		shippedAt: new Date(dispatch.dispatchedAt).toISOString(),
		lines: [...bySku].map(([sku, quantity]) => ({ sku, quantity })),
		attributes: withoutUndefined({
			stoklySaleOrderId: saleOrder.saleOrderId,
			stoklyNiceId: saleOrder.niceId === undefined ? undefined : String(saleOrder.niceId),
			stoklyDispatchId: dispatch.dispatchId,
			stoklyLocationId: dispatch.locationId,
		}) as Record<string, string>,
	});
}

/** The dispatches of a sale order made within `window` (by dispatchedAt), oldest first. */
export function dispatchesIn(saleOrder: StoklySaleOrder, window: TimeWindow): StoklyDispatch[] {
	return (saleOrder.dispatches ?? [])
		.filter((dispatch) => inWindow(dispatch.dispatchedAt, window))
		.sort((a, b) => Date.parse(a.dispatchedAt) - Date.parse(b.dispatchedAt));
}
