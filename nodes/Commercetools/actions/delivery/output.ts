/**
 * Deliveries of a commercetools order as canonical Fulfilments, and the pure checks of Delivery →
 * Add (delivery keys, SKUs → line item ids, quantities not yet delivered). Deliveries live in
 * `order.shippingInfo.deliveries` (Single shipping mode) or `order.shipping[].shippingInfo.deliveries`
 * (Multiple) — VERIFIED field names (ShippingInfo, Order).
 */
import type { Delivery, DeliveryItem, Order as CtOrder } from '@commercetools/platform-sdk';
import type { IDataObject } from 'n8n-workflow';

import { withoutUndefined, type Fulfilment } from '../../../shared/model';
import { fnv1a } from '../../model';
import { skuByLineItemId } from '../order/convert';

/** Every delivery of the order, in both shipping modes. */
export function deliveriesOf(order: Pick<CtOrder, 'shippingInfo' | 'shipping'>): Delivery[] {
	return [
		...(order.shippingInfo?.deliveries ?? []),
		...(order.shipping ?? []).flatMap((entry) => entry.shippingInfo?.deliveries ?? []),
	];
}

export function deliveryWithKey(
	order: Pick<CtOrder, 'shippingInfo' | 'shipping'>,
	key: string,
): Delivery | undefined {
	return deliveriesOf(order).find((delivery) => delivery.key === key);
}

/**
 * A delivery key commercetools accepts: keys match `^[A-Za-z0-9_-]+$`, 2 to 256 characters
 * (VERIFIED, the API's key pattern). Other characters become "-"; a longer key is cut and ends in a
 * hash of the whole, so two long keys stay apart. The same input always gives the same key.
 */
export function normaliseDeliveryKey(value: unknown): string {
	const raw = value === undefined || value === null ? '' : String(value as string).trim();
	let key = raw.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
	if (!key) return '';
	if (key.length > 256) {
		const hash = fnv1a(raw);
		key = `${key.slice(0, 256 - hash.length - 1)}-${hash}`;
	}
	return key.length < 2 ? `${key}-` : key;
}

/** The lines of delivery items, by SKU (items of line items without SKU, e.g. custom ones, are left out). */
function linesOf(items: DeliveryItem[], skus: Map<string, string>) {
	const bySku = new Map<string, number>();
	for (const item of items) {
		const sku = skus.get(item.id);
		if (sku) bySku.set(sku, (bySku.get(sku) ?? 0) + item.quantity);
	}
	return [...bySku].map(([sku, quantity]) => ({ sku, quantity }));
}

/** One delivery as a canonical Fulfilment: tracking from its parcels, lines by SKU. */
export function toCanonicalFulfilment(
	order: Pick<CtOrder, 'id' | 'orderNumber' | 'lineItems'>,
	delivery: Delivery,
): Fulfilment {
	const skus = skuByLineItemId(order);
	const tracked = delivery.parcels.filter((parcel) => parcel.trackingData?.trackingId);
	const first = (tracked[0] ?? delivery.parcels[0])?.trackingData;
	// Items are on the delivery, or (when only parcels name them) on its parcels.
	const items = delivery.items.length
		? delivery.items
		: delivery.parcels.flatMap((parcel) => parcel.items ?? []);
	return withoutUndefined<Fulfilment>({
		orderReference: order.orderNumber ?? order.id,
		carrier: first?.carrier,
		service: first?.provider,
		trackingNumber: first?.trackingId,
		shippedAt: new Date(delivery.createdAt).toISOString(),
		lines: linesOf(items, skus),
		attributes: withoutUndefined({
			commercetoolsOrderId: order.id,
			commercetoolsDeliveryId: delivery.id,
			deliveryKey: delivery.key,
			trackingNumbers:
				tracked.length > 1
					? tracked.map((parcel) => parcel.trackingData?.trackingId).join(', ')
					: undefined,
		}) as Record<string, string>,
	});
}

/** One delivery as an output item: canonical Fulfilment (Simplify) or the raw delivery with its order. */
export function deliveryOutput(
	order: CtOrder,
	delivery: Delivery,
	simplify: boolean,
	extra: IDataObject = {},
): IDataObject {
	if (!simplify) {
		return {
			...extra,
			...(delivery as unknown as IDataObject),
			order: { id: order.id, orderNumber: order.orderNumber, version: order.version },
		};
	}
	return { ...extra, ...(toCanonicalFulfilment(order, delivery) as unknown as IDataObject) };
}

export interface RequestedLine {
	sku: string;
	quantity: number;
}

/** How requested lines map onto the order's line items. */
export interface DeliveryPlan {
	items: DeliveryItem[];
	/** SKUs the order has no line item for. */
	unknownSkus: string[];
	/** Lines asking for more than is left to deliver of their SKU. */
	tooMany: Array<{ sku: string; requested: number; left: number; ordered: number }>;
}

/** Quantity of each line item already in a delivery. */
function deliveredByLineItem(order: CtOrder): Map<string, number> {
	const delivered = new Map<string, number>();
	for (const delivery of deliveriesOf(order)) {
		for (const item of delivery.items) {
			delivered.set(item.id, (delivered.get(item.id) ?? 0) + item.quantity);
		}
	}
	return delivered;
}

/**
 * The delivery items for `requested` lines (undefined: everything not yet delivered). A SKU on
 * several line items is taken from them in order. commercetools does not check quantities against
 * the order (VERIFIED, OrderAddDeliveryAction), so this does.
 */
export function planDelivery(order: CtOrder, requested?: RequestedLine[]): DeliveryPlan {
	const delivered = deliveredByLineItem(order);
	const left = new Map(
		order.lineItems.map((line) => [line.id, line.quantity - (delivered.get(line.id) ?? 0)]),
	);
	if (!requested) {
		const items = order.lineItems
			.filter((line) => (left.get(line.id) ?? 0) > 0)
			.map((line) => ({ id: line.id, quantity: left.get(line.id) ?? 0 }));
		return { items, unknownSkus: [], tooMany: [] };
	}
	const wanted = new Map<string, number>();
	for (const line of requested) wanted.set(line.sku, (wanted.get(line.sku) ?? 0) + line.quantity);
	const plan: DeliveryPlan = { items: [], unknownSkus: [], tooMany: [] };
	for (const [sku, quantity] of wanted) {
		const lines = order.lineItems.filter((line) => line.variant.sku === sku);
		if (!lines.length) {
			plan.unknownSkus.push(sku);
			continue;
		}
		const available = lines.reduce((sum, line) => sum + Math.max(0, left.get(line.id) ?? 0), 0);
		if (quantity > available) {
			const ordered = lines.reduce((sum, line) => sum + line.quantity, 0);
			plan.tooMany.push({ sku, requested: quantity, left: available, ordered });
			continue;
		}
		let rest = quantity;
		for (const line of lines) {
			const take = Math.min(rest, Math.max(0, left.get(line.id) ?? 0));
			if (take > 0) plan.items.push({ id: line.id, quantity: take });
			rest -= take;
		}
	}
	return plan;
}
