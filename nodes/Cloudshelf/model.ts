/**
 * Cloudshelf payloads ⇄ the canonical model. Pure functions only.
 *
 * External-id convention: everything this package writes to Cloudshelf gets an id of the form
 * `gid://external/<Namespace>/<key>` (Cloudshelf accepts such ids wherever a GlobalId goes):
 *   variant  → gid://external/RetailSyncVariant/<SKU>
 *   product  → gid://external/RetailSyncProduct/<product key, e.g. the parent SKU>
 *   location → gid://external/RetailSyncLocation/<location key, e.g. the store code>
 * keys URL-encoded. A stock push or an order line therefore maps to and from a SKU without any lookup.
 */
import { withoutUndefined, type Order, type OrderStatus } from '../shared/model';

export const NAMESPACES = {
	variant: 'RetailSyncVariant',
	product: 'RetailSyncProduct',
	location: 'RetailSyncLocation',
} as const;

export type ExternalKind = keyof typeof NAMESPACES;

export function externalId(kind: ExternalKind, key: string): string {
	return `gid://external/${NAMESPACES[kind]}/${encodeURIComponent(key)}`;
}

/** The key inside one of our external ids, or undefined for any other id. */
export function keyOf(kind: ExternalKind, gid: string | null | undefined): string | undefined {
	const prefix = `gid://external/${NAMESPACES[kind]}/`;
	if (!gid?.startsWith(prefix)) return undefined;
	try {
		return decodeURIComponent(gid.slice(prefix.length));
	} catch {
		return undefined;
	}
}

/** A location reference as typed in a mapping table: a full GlobalId stays, a key becomes our external id. */
export function locationGid(reference: string): string {
	return reference.startsWith('gid://') ? reference : externalId('location', reference);
}

export const CLOUDSHELF_ORDER_STATUSES = [
	'DRAFT_BASKET',
	'PLACED',
	'PAID',
	'PARTIALLY_REFUNDED',
	'REFUNDED',
	'VOIDED',
] as const;
export type CloudshelfOrderStatus = (typeof CLOUDSHELF_ORDER_STATUSES)[number];

export interface KeyValue {
	key: string;
	value: string;
}

export interface CloudshelfOrderLine {
	/** Absent when read with Order → Get Many's Fields: For Order Injection (as are customAttributes). */
	id?: string;
	productId?: string | null;
	productName?: string | null;
	productVariantId?: string | null;
	productVariantName?: string | null;
	platformProvidedProductVariantId?: string | null;
	quantity: number;
	price: number;
	currencyCode?: string | null;
	customAttributes?: KeyValue[] | null;
}

export interface CloudshelfSession {
	id?: string | null;
	deviceId?: string | null;
	deviceName?: string | null;
	locationId?: string | null;
	locationName?: string | null;
	salesAssistantName?: string | null;
	fulfilmentMethod?: string | null;
	paymentMethod?: string | null;
	basketValue?: number | null;
	basketCurrencyCode?: string | null;
}

export interface CloudshelfOrder {
	id: string;
	thirdPartyId?: string | null;
	status: CloudshelfOrderStatus;
	createdAt: string;
	updatedAt: string;
	discountCode?: string | null;
	session?: CloudshelfSession | null;
	lines: CloudshelfOrderLine[];
}

const STATUS_TO_CANONICAL: Record<CloudshelfOrderStatus, OrderStatus> = {
	DRAFT_BASKET: 'pending',
	PLACED: 'pending',
	PAID: 'paid',
	PARTIALLY_REFUNDED: 'paid',
	REFUNDED: 'refunded',
	VOIDED: 'cancelled',
};

function round2(value: number): number {
	return Math.round(value * 100) / 100;
}

/**
 * A kiosk order in the canonical shape. `skus` gives each line's SKU (resolved by the caller from
 * the external id or a variant lookup). Kiosk orders carry no customer: they are anonymous. Fields
 * not read (see the order selections in queries.ts) are simply absent attributes; without the
 * basket value the payment amount is the lines' total.
 */
export function toCanonicalOrder(order: CloudshelfOrder, skus: string[]): Order {
	const session = order.session ?? {};
	const total = round2(order.lines.reduce((sum, line) => sum + line.price * line.quantity, 0));
	const currency =
		order.lines.find((line) => line.currencyCode)?.currencyCode ?? session.basketCurrencyCode ?? '';
	const attributes: Record<string, string> = { cloudshelfStatus: order.status };
	const copy = (name: string, value: string | null | undefined) => {
		if (value) attributes[name] = value;
	};
	copy('cloudshelfOrderId', order.id);
	copy('thirdPartyId', order.thirdPartyId);
	copy('sessionId', session.id);
	copy('deviceId', session.deviceId);
	copy('deviceName', session.deviceName);
	copy('locationId', session.locationId);
	copy('salesAssistant', session.salesAssistantName);
	copy('fulfilmentMethod', session.fulfilmentMethod);
	copy('discountCode', order.discountCode);
	// Set by Record Fulfilment: tells reconciliation the dispatch was written back.
	copy(
		'trackingNumber',
		order.lines
			.flatMap((line) => line.customAttributes ?? [])
			.find((attribute) => attribute.key === 'tracking_number')?.value,
	);
	const result: Order = {
		reference: order.id,
		origin: 'cloudshelf',
		placedAt: new Date(order.createdAt).toISOString(),
		currency,
		status: STATUS_TO_CANONICAL[order.status] ?? 'pending',
		location: session.locationName ?? undefined,
		lines: order.lines.map((line, index) => ({
			sku: skus[index],
			name: [line.productName, line.productVariantName].filter(Boolean).join(' – ') || undefined,
			quantity: line.quantity,
			unitPrice: line.price,
		})),
		totals: { subtotal: total, total },
		attributes,
	};
	if (session.paymentMethod)
		result.payments = [{ method: session.paymentMethod, amount: session.basketValue ?? total }];
	return withoutUndefined(result);
}

/** Cloudshelf's live stock check answer (the shape its kiosks parse). */
export interface StockCheckResponse {
	dataType: 'StockLevels';
	dataTypeVersion: 1;
	responseFor: { productId: string | null; variantId: string | null; locationId: string | null };
	response: {
		totalNumberAvailable: number;
		location: StockCheckLocation | null;
		locations: StockCheckLocation[];
	};
}

export interface StockCheckLocation {
	id: string;
	displayName: string;
	fulfillsOnlineOrders: boolean;
	numberAvailable: number;
}

export interface StockCheckLocationInfo {
	id: string;
	displayName: string;
	fulfillsOnlineOrders: boolean;
}

/**
 * Builds the live stock check answer. Every known location is listed, with 0 where the SKU has no
 * stock (an unknown SKU is simply 0 everywhere); `available` is keyed by Cloudshelf location id and
 * the stock buffer is taken off each location, never below 0.
 */
export function toStockCheckResponse(
	request: { variantId: string | null; productId: string | null; locationId: string | null },
	locations: StockCheckLocationInfo[],
	available: Map<string, number>,
	buffer: number,
): StockCheckResponse {
	const listed = locations.map((location) => ({
		...location,
		numberAvailable: Math.max(0, (available.get(location.id) ?? 0) - buffer),
	}));
	return {
		dataType: 'StockLevels',
		dataTypeVersion: 1,
		responseFor: request,
		response: {
			totalNumberAvailable: listed.reduce((sum, location) => sum + location.numberAvailable, 0),
			location: listed.find((location) => location.id === request.locationId) ?? null,
			locations: listed,
		},
	};
}
