/**
 * Canonical Order ⇄ Stokly sale order, pure functions (no API calls): the `POST /v2/saleorders`
 * body built from a canonical order (field names VERIFIED from working client code, reference
 * §2.4.5: ST-MAGEE saleOrders.js, ST-AMSCAN), and the canonical order read back from a sale order
 * and its lines (§2.4.6). Fields the reference is silent about (`locationId`, `total`, the line
 * `status` values beyond `unprocessed`, `dispatches`) follow the ASSUMED simulator contract.
 */
import {
	withoutUndefined,
	type Address,
	type Order,
	type OrderStatus,
} from '../../../shared/model';

export interface StoklyAddress {
	line1?: string;
	line2?: string;
	city?: string;
	region?: string;
	country?: string;
	postcode?: string;
}

export interface StoklyName {
	forename?: string;
	surname?: string;
}

export interface StoklyShipping {
	name?: StoklyName;
	address?: StoklyAddress;
	option?: string;
	cost?: number;
	tax?: number;
}

export interface StoklyPayment {
	method: number;
	amount: number;
}

/** ASSUMED dispatch record (reference §2.6.4: no dispatch endpoint is known in the real API). */
export interface StoklyDispatch {
	dispatchId: string;
	locationId?: string;
	courier?: string;
	trackingNumber?: string;
	trackingUrl?: string;
	dispatchedAt: string;
	items: Array<{ lineId: string; quantity: number }>;
}

/** A sale order as `GET /v2/saleorders` and `GET /v2/saleorders/{id}` answer it. */
export interface StoklySaleOrder {
	saleOrderId: string;
	niceId?: number;
	stage?: string;
	itemStatuses?: string[];
	sourceType?: string;
	sourceId?: string;
	channelName?: string;
	sourceReferenceId?: string | null;
	customerReference?: string | null;
	currency?: string;
	createdAt?: string;
	timeUpdated?: string;
	tags?: string[];
	locationId?: string | null;
	customerId?: string | null;
	customer?: { customerId?: string };
	shipping?: StoklyShipping | null;
	payments?: StoklyPayment[];
	total?: number;
	dispatches?: StoklyDispatch[];
}

/** A sale order line as `GET /v2/saleorders/{id}/items` answers it. */
export interface StoklySaleOrderLine {
	lineId: string;
	/** The itemId. */
	referenceId: string;
	itemSku?: string;
	itemName?: string;
	quantity: number;
	status?: string;
	displayPrice?: number;
	displayTax?: number;
	fulfilmentType?: string;
	parentId?: string | null;
}

/** How a line is fulfilled (`delivery` and `none` seen in client code; `collection` ASSUMED). */
export type FulfilmentType = 'delivery' | 'none' | 'collection';

export interface SaleOrderDraftLine {
	type: 'item';
	referenceId: string;
	quantity: number;
	displayPrice: number;
	displayTax: number;
	displayDiscount: number;
	displayLinePrice: number;
	displayLineTax: number;
	displayLineDiscount: number;
	displayLineTotal: number;
	fulfilmentType: FulfilmentType;
}

/** The body of `POST /v2/saleorders`. */
export interface SaleOrderDraft {
	stage: 'order';
	createdAt: string;
	sourceType: string;
	sourceId: string;
	sourceReferenceId: string;
	customerReference: string;
	currency: string;
	tags: string[];
	locationId: string;
	customer?: { customerId: string };
	shipping?: StoklyShipping;
	items: SaleOrderDraftLine[];
	payments: StoklyPayment[];
}

/** What Sale Order → Create decided for one order, beyond the canonical order itself. */
export interface SaleOrderTarget {
	/** The Stokly channel the order is filed under (`sourceId`). */
	channelId: string;
	/** The Stokly location that fulfils it. */
	locationId: string;
	/** itemId of each SKU of the order (already mapped to Stokly SKUs). */
	itemIds: ReadonlyMap<string, string>;
	payments: StoklyPayment[];
	/** VAT in percent of lines (and shipping) whose taxRate is not given. */
	defaultTaxRate: number;
	fulfilmentType: FulfilmentType;
	tags: string[];
	customerId?: string;
	/** Shipping name of orders without a customer name. */
	guestName?: string;
	/** ASSUMED: `other` (seen values: other, epos, magento_two). */
	sourceType?: string;
}

/** Amounts in Stokly are decimals of the currency; two places (ASSUMED: every seen order is GBP). */
export function round2(value: number): number {
	return Math.round(Number((value * 100).toPrecision(15))) / 100;
}

/** A gross amount split into net and tax at `ratePercent` (net = gross / (1 + rate), ST-MAGEE). */
export function netAndTax(gross: number, ratePercent: number): { net: number; tax: number } {
	const total = round2(gross);
	const net = round2(gross / (1 + ratePercent / 100));
	return { net, tax: round2(total - net) };
}

/** Prices of one line: unit net and tax, and line totals that add up to the charged gross. */
export function linePrices(unitPrice: number, quantity: number, ratePercent: number) {
	const unit = netAndTax(unitPrice, ratePercent);
	const line = netAndTax(unitPrice * quantity, ratePercent);
	return {
		displayPrice: unit.net,
		displayTax: unit.tax,
		displayDiscount: 0,
		displayLinePrice: line.net,
		displayLineTax: line.tax,
		displayLineDiscount: 0,
		displayLineTotal: round2(line.net + line.tax),
	};
}

export function splitName(name: string | undefined): StoklyName | undefined {
	const parts = (name ?? '').trim().split(/\s+/).filter(Boolean);
	if (!parts.length) return undefined;
	if (parts.length === 1) return { forename: '', surname: parts[0] };
	return { forename: parts.slice(0, -1).join(' '), surname: parts[parts.length - 1] };
}

export function joinName(name: StoklyName | undefined): string | undefined {
	return [name?.forename, name?.surname].filter(Boolean).join(' ') || undefined;
}

function toStoklyAddress(address: Address): StoklyAddress {
	return withoutUndefined<StoklyAddress>({
		line1: address.line1,
		line2: [address.line2, address.line3].filter(Boolean).join(', ') || undefined,
		city: address.city,
		region: address.region,
		country: address.country,
		postcode: address.postalCode,
	});
}

/**
 * Shipping of an order that is delivered (an address, a shipping method or a shipping charge);
 * undefined for a sale taken in store.
 */
function toShipping(order: Order, target: SaleOrderTarget): StoklyShipping | undefined {
	const charge = order.totals?.shipping;
	if (!order.shippingAddress && !order.shippingMethod && !charge) return undefined;
	const cost = netAndTax(charge ?? 0, target.defaultTaxRate);
	return withoutUndefined<StoklyShipping>({
		name: splitName(order.shippingAddress?.name ?? order.customer?.name ?? target.guestName),
		address: order.shippingAddress ? toStoklyAddress(order.shippingAddress) : undefined,
		option: order.shippingMethod ?? 'Standard',
		cost: cost.net,
		tax: cost.tax,
	});
}

/**
 * The sale order body of a canonical order whose SKUs all have itemIds in `target.itemIds`.
 * `createdAt` is when the order was placed, so a sale synced late counts in its own day.
 */
export function toSaleOrderDraft(order: Order, target: SaleOrderTarget): SaleOrderDraft {
	const items = order.lines.map((line): SaleOrderDraftLine => {
		const itemId = target.itemIds.get(line.sku);
		if (!itemId) throw new Error(`SKU ${line.sku} has no Stokly itemId`);
		return {
			type: 'item',
			referenceId: itemId,
			quantity: line.quantity,
			...linePrices(line.unitPrice, line.quantity, line.taxRate ?? target.defaultTaxRate),
			fulfilmentType: target.fulfilmentType,
		};
	});
	return withoutUndefined<SaleOrderDraft>({
		stage: 'order',
		createdAt: order.placedAt,
		sourceType: target.sourceType ?? 'other',
		sourceId: target.channelId,
		sourceReferenceId: order.reference,
		customerReference: order.reference,
		currency: order.currency,
		tags: [...new Set(target.tags.filter(Boolean))],
		locationId: target.locationId,
		customer: target.customerId ? { customerId: target.customerId } : undefined,
		shipping: toShipping(order, target),
		items,
		payments: target.payments,
	});
}

/** Lines that count on an order: top-level ones (bundle components have a parentId). */
export function topLevelLines(lines: StoklySaleOrderLine[]): StoklySaleOrderLine[] {
	return lines.filter((line) => line.parentId === null || line.parentId === undefined);
}

const FULFILLED_LINE_STATUSES = new Set(['dispatched', 'collected']);

/**
 * The canonical status of a sale order (INFERRED: Stokly has no single order status): removed →
 * cancelled; every line dispatched or collected → fulfilled; paid in full → paid; else pending.
 */
export function statusOfSaleOrder(
	saleOrder: StoklySaleOrder,
	lines: StoklySaleOrderLine[],
	total: number,
): OrderStatus {
	if (saleOrder.stage === 'removed') return 'cancelled';
	const counted = topLevelLines(lines);
	if (
		counted.length &&
		counted.every((line) => FULFILLED_LINE_STATUSES.has(String(line.status ?? '')))
	) {
		return 'fulfilled';
	}
	const paid = (saleOrder.payments ?? []).reduce((sum, payment) => sum + Number(payment.amount), 0);
	return total > 0 && paid >= total - 0.005 ? 'paid' : 'pending';
}

/** How the canonical order names what Stokly holds: tenders, location names. */
export interface CanonicalNames {
	/** The tender of a Stokly payment method number (the Payment Method Mapping reversed). */
	tenderOf?: (method: number) => string;
	/** The name of a Stokly location id, when known. */
	locationName?: (locationId: string) => string | undefined;
}

/**
 * A sale order and its lines as a canonical order. `reference` is the source reference (the id
 * in the system that took the order), else the saleOrderId; unit prices are net plus tax.
 */
export function toCanonicalOrder(
	saleOrder: StoklySaleOrder,
	lines: StoklySaleOrderLine[],
	names: CanonicalNames = {},
): Order {
	const counted = topLevelLines(lines);
	const shipping = saleOrder.shipping;
	const shippingCharge =
		shipping && (shipping.cost !== undefined || shipping.tax !== undefined)
			? round2(Number(shipping.cost ?? 0) + Number(shipping.tax ?? 0))
			: undefined;
	const lineTotal = counted.reduce(
		(sum, line) =>
			sum + (Number(line.displayPrice ?? 0) + Number(line.displayTax ?? 0)) * line.quantity,
		0,
	);
	const tax = counted.reduce((sum, line) => sum + Number(line.displayTax ?? 0) * line.quantity, 0);
	const total =
		typeof saleOrder.total === 'number'
			? saleOrder.total
			: round2(lineTotal + (shippingCharge ?? 0));
	const address = shipping?.address;
	const shippingName = joinName(shipping?.name);
	const locationId = saleOrder.locationId || undefined;
	const attributes: Record<string, string | undefined> = {
		stoklySaleOrderId: saleOrder.saleOrderId,
		stoklyNiceId: saleOrder.niceId === undefined ? undefined : String(saleOrder.niceId),
		stage: saleOrder.stage || undefined,
		channelName: saleOrder.channelName || undefined,
		stoklyChannelId: saleOrder.sourceId || undefined,
		stoklyLocationId: locationId,
		customerReference: saleOrder.customerReference || undefined,
		stoklyCustomerId: saleOrder.customerId || saleOrder.customer?.customerId || undefined,
		tags: saleOrder.tags?.length ? saleOrder.tags.join(', ') : undefined,
	};
	const payments = (saleOrder.payments ?? []).map((payment) => ({
		method: names.tenderOf ? names.tenderOf(payment.method) : String(payment.method),
		amount: Number(payment.amount),
	}));
	return withoutUndefined<Order>({
		reference: saleOrder.sourceReferenceId || saleOrder.saleOrderId,
		origin: 'stokly',
		placedAt: new Date(saleOrder.createdAt ?? saleOrder.timeUpdated ?? 0).toISOString(),
		currency: (saleOrder.currency ?? '').toUpperCase(),
		status: statusOfSaleOrder(saleOrder, lines, total),
		customer: shippingName ? { name: shippingName } : undefined,
		shippingAddress:
			address || shippingName
				? withoutUndefined<Address>({
						name: shippingName,
						line1: address?.line1 || undefined,
						line2: address?.line2 || undefined,
						city: address?.city || undefined,
						region: address?.region || undefined,
						postalCode: address?.postcode || undefined,
						country: address?.country ? address.country.toUpperCase() : undefined,
					})
				: undefined,
		shippingMethod: shipping?.option || undefined,
		location: (locationId && names.locationName?.(locationId)) || locationId,
		lines: counted.map((line) => {
			const net = Number(line.displayPrice ?? 0);
			const lineTax = Number(line.displayTax ?? 0);
			return {
				sku: line.itemSku ?? line.referenceId,
				name: line.itemName,
				quantity: line.quantity,
				unitPrice: round2(net + lineTax),
				taxRate: net > 0 ? Math.round((lineTax / net) * 1000) / 10 : undefined,
			};
		}),
		payments: payments.length ? payments : undefined,
		totals: {
			subtotal: round2(lineTotal),
			shipping: shippingCharge,
			tax: round2(tax + Number(shipping?.tax ?? 0)),
			total,
		},
		attributes: withoutUndefined(attributes) as Record<string, string>,
	});
}
