/**
 * Canonical Order ⇄ commercetools Order, pure functions (no API calls): the Order Import draft
 * built from a canonical order (`POST /orders/import`, OrderImportDraft), and the canonical order
 * read from a commercetools Order. Types are the published ones of `@commercetools/platform-sdk`.
 */
import type {
	Address as CtAddress,
	BaseAddress,
	InventoryMode,
	LineItem,
	LineItemImportDraft,
	Order as CtOrder,
	OrderImportDraft,
	OrderState,
	PaymentState,
	ShipmentState,
	TaxRate,
} from '@commercetools/platform-sdk';

import {
	withoutUndefined,
	type Address,
	type Order,
	type OrderLine,
	type OrderStatus,
} from '../../../shared/model';
import { localized, moneyAmount } from '../../model';

/**
 * Minor units of the ISO 4217 currencies that do not have two (VERIFIED, ISO 4217; commercetools
 * Money uses the currency's default fraction digits for `centAmount`).
 */
const FRACTION_DIGITS: Readonly<Record<string, number>> = {
	BHD: 3,
	IQD: 3,
	JOD: 3,
	KWD: 3,
	LYD: 3,
	OMR: 3,
	TND: 3,
	BIF: 0,
	CLP: 0,
	DJF: 0,
	GNF: 0,
	ISK: 0,
	JPY: 0,
	KMF: 0,
	KRW: 0,
	PYG: 0,
	RWF: 0,
	UGX: 0,
	UYI: 0,
	VND: 0,
	VUV: 0,
	XAF: 0,
	XOF: 0,
	XPF: 0,
};

export function fractionDigitsOf(currency: string): number {
	return FRACTION_DIGITS[currency.toUpperCase()] ?? 2;
}

/** A decimal amount as commercetools Money (`centAmount` in the currency's minor units). */
export function toMoney(
	amount: number,
	currency: string,
): { currencyCode: string; centAmount: number } {
	const factor = 10 ** fractionDigitsOf(currency);
	// toPrecision first: 19.99 * 100 is 1998.9999999999998 in binary floating point.
	return {
		currencyCode: currency.toUpperCase(),
		centAmount: Math.round(Number((amount * factor).toPrecision(15))),
	};
}

/** A commercetools money value as a decimal amount. */
export function fromMoney(money: {
	centAmount: number;
	currencyCode: string;
	fractionDigits?: number;
}): number {
	return moneyAmount({
		centAmount: money.centAmount,
		fractionDigits: money.fractionDigits ?? fractionDigitsOf(money.currencyCode),
	});
}

/** What Order → Import decided for one order, beyond the canonical order itself. */
export interface ImportTarget {
	orderNumber: string;
	/** Locale of the line item names, e.g. "en". */
	locale: string;
	storeKey?: string;
	/** Supply channel key of every line (from the Supply Channel Mapping). */
	supplyChannelKey?: string;
	shippingMethodName: string;
	inventoryMode: InventoryMode;
	/** The order's e-mail, or the guest e-mail for anonymous orders. */
	customerEmail?: string;
	/** Country for an address that names none and for line tax rates (ISO 3166-1 alpha-2). */
	defaultCountry?: string;
}

/**
 * The commercetools states of a canonical status (INFERRED: commercetools has no single order
 * status; a paid order is Open with paymentState Paid, a fulfilled one Complete and Shipped).
 */
export function statesOf(status: OrderStatus): {
	orderState: OrderState;
	paymentState?: PaymentState;
	shipmentState?: ShipmentState;
} {
	switch (status) {
		case 'pending':
			return { orderState: 'Open', paymentState: 'Pending', shipmentState: 'Pending' };
		case 'paid':
			return { orderState: 'Open', paymentState: 'Paid', shipmentState: 'Pending' };
		case 'cancelled':
			return { orderState: 'Cancelled' };
		case 'refunded':
			return { orderState: 'Cancelled', paymentState: 'CreditOwed' };
		case 'fulfilled':
			return { orderState: 'Complete', paymentState: 'Paid', shipmentState: 'Shipped' };
	}
}

/** The canonical status of a commercetools order (the inverse of `statesOf`). */
export function statusOf(
	order: Pick<CtOrder, 'orderState' | 'paymentState' | 'shipmentState'>,
): OrderStatus {
	if (order.orderState === 'Cancelled') {
		return order.paymentState === 'CreditOwed' ? 'refunded' : 'cancelled';
	}
	if (
		order.orderState === 'Complete' ||
		order.shipmentState === 'Shipped' ||
		order.shipmentState === 'Delivered'
	) {
		return 'fulfilled';
	}
	return order.paymentState === 'Paid' ? 'paid' : 'pending';
}

function splitName(name: string | undefined): { firstName?: string; lastName?: string } {
	const parts = (name ?? '').trim().split(/\s+/).filter(Boolean);
	if (!parts.length) return {};
	if (parts.length === 1) return { lastName: parts[0] };
	return { firstName: parts.slice(0, -1).join(' '), lastName: parts[parts.length - 1] };
}

/** A canonical address as a commercetools address; undefined when no country is known (it is required). */
export function toCtAddress(
	address: Address | undefined,
	defaultCountry?: string,
	fallback: { name?: string; email?: string; phone?: string } = {},
): BaseAddress | undefined {
	if (!address) return undefined;
	const country = (address.country ?? defaultCountry)?.toUpperCase();
	if (!country) return undefined;
	return withoutUndefined<BaseAddress>({
		country,
		...splitName(address.name ?? fallback.name),
		company: address.company,
		streetName: address.line1,
		additionalStreetInfo: address.line2,
		additionalAddressInfo: address.line3,
		city: address.city,
		region: address.region,
		postalCode: address.postalCode,
		phone: address.phone ?? fallback.phone,
		email: address.email ?? fallback.email,
	});
}

/** A commercetools address as a canonical one. */
export function fromCtAddress(address: BaseAddress | CtAddress | undefined): Address | undefined {
	if (!address) return undefined;
	const name = [address.firstName, address.lastName].filter(Boolean).join(' ') || undefined;
	const line1 = [address.streetName, address.streetNumber].filter(Boolean).join(' ') || undefined;
	return withoutUndefined<Address>({
		name,
		company: address.company,
		line1,
		line2: address.additionalStreetInfo,
		line3: address.additionalAddressInfo,
		city: address.city,
		region: address.region ?? address.state,
		postalCode: address.postalCode,
		country: address.country,
		phone: address.phone ?? address.mobile,
		email: address.email,
	});
}

/** Sum of the lines plus shipping: the total when the canonical order gives none. */
function computedTotal(order: Order): number {
	const lines = order.lines.reduce((sum, line) => sum + line.unitPrice * line.quantity, 0);
	return lines + (order.totals?.shipping ?? 0);
}

function lineTaxRate(line: OrderLine, country: string | undefined): TaxRate | undefined {
	// A TaxRate needs a country; canonical prices include tax.
	if (line.taxRate === undefined || !country) return undefined;
	return {
		name: `${line.taxRate}%`,
		amount: Number((line.taxRate / 100).toFixed(6)),
		includedInPrice: true,
		country,
		subRates: [],
	};
}

/** The Order Import draft of a canonical order (its SKUs already mapped to commercetools SKUs). */
export function toOrderImportDraft(order: Order, target: ImportTarget): OrderImportDraft {
	const { currency } = order;
	const shippingAddress = toCtAddress(order.shippingAddress, target.defaultCountry, {
		name: order.customer?.name,
		email: order.customer?.email,
		phone: order.customer?.phone,
	});
	const billingAddress = toCtAddress(order.billingAddress, target.defaultCountry, {
		name: order.customer?.name,
		email: order.customer?.email,
		phone: order.customer?.phone,
	});
	const country =
		shippingAddress?.country ?? billingAddress?.country ?? target.defaultCountry?.toUpperCase();
	const lineItems = order.lines.map(
		(line): LineItemImportDraft =>
			withoutUndefined<LineItemImportDraft>({
				name: { [target.locale]: line.name ?? line.sku },
				variant: { sku: line.sku },
				quantity: line.quantity,
				price: { value: toMoney(line.unitPrice, currency) },
				taxRate: lineTaxRate(line, country),
				supplyChannel: target.supplyChannelKey
					? { typeId: 'channel', key: target.supplyChannelKey }
					: undefined,
			}),
	);
	const shipping = toMoney(order.totals?.shipping ?? 0, currency);
	return withoutUndefined<OrderImportDraft>({
		orderNumber: target.orderNumber,
		customerEmail: target.customerEmail,
		store: target.storeKey ? { typeId: 'store', key: target.storeKey } : undefined,
		country,
		lineItems,
		totalPrice: toMoney(order.totals?.total ?? computedTotal(order), currency),
		// Always with shippingInfo: addDelivery needs it (VERIFIED, OrderAddDeliveryAction).
		shippingInfo: {
			shippingMethodName: target.shippingMethodName,
			price: shipping,
			shippingRate: { price: shipping },
		},
		shippingAddress,
		billingAddress,
		inventoryMode: target.inventoryMode,
		...statesOf(order.status),
		completedAt: order.placedAt,
	});
}

/** Line item id → SKU of an order (line items without a SKU are absent). */
export function skuByLineItemId(order: Pick<CtOrder, 'lineItems'>): Map<string, string> {
	return new Map(
		order.lineItems
			.filter((line): line is LineItem & { variant: { sku: string } } => Boolean(line.variant.sku))
			.map((line) => [line.id, line.variant.sku]),
	);
}

/** A commercetools order as a canonical order. `reference` is the order number (else its id). */
export function toCanonicalOrder(order: CtOrder, locale = 'en'): Order {
	const shippingAddress = fromCtAddress(order.shippingAddress);
	const billingAddress = fromCtAddress(order.billingAddress);
	const subtotal = order.lineItems.reduce((sum, line) => sum + fromMoney(line.totalPrice), 0);
	const taxed = order.taxedPrice;
	const attributes: Record<string, string | undefined> = {
		commercetoolsOrderId: order.id,
		orderState: order.orderState,
		paymentState: order.paymentState,
		shipmentState: order.shipmentState,
		commercetoolsStore: order.store?.key,
	};
	return withoutUndefined<Order>({
		reference: order.orderNumber ?? order.id,
		origin: 'commercetools',
		placedAt: new Date(order.completedAt ?? order.createdAt).toISOString(),
		currency: order.totalPrice.currencyCode,
		status: statusOf(order),
		customer:
			order.customerEmail || shippingAddress?.name || billingAddress?.name
				? {
						email: order.customerEmail,
						name: billingAddress?.name ?? shippingAddress?.name,
						phone: billingAddress?.phone ?? shippingAddress?.phone,
					}
				: undefined,
		shippingAddress,
		billingAddress,
		shippingMethod: order.shippingInfo?.shippingMethodName,
		location: order.store?.key,
		lines: order.lineItems.map((line) => ({
			sku: line.variant.sku ?? '',
			name: localized(line.name, locale),
			quantity: line.quantity,
			unitPrice: fromMoney(line.price.value),
			taxRate: line.taxRate ? Number((line.taxRate.amount * 100).toFixed(4)) : undefined,
		})),
		totals: {
			subtotal: Number(subtotal.toFixed(fractionDigitsOf(order.totalPrice.currencyCode))),
			shipping: order.shippingInfo ? fromMoney(order.shippingInfo.price) : undefined,
			tax: taxed
				? Number(
						(fromMoney(taxed.totalGross) - fromMoney(taxed.totalNet)).toFixed(
							fractionDigitsOf(order.totalPrice.currencyCode),
						),
					)
				: undefined,
			total: fromMoney(order.totalPrice),
		},
		attributes: withoutUndefined(attributes) as Record<string, string>,
	});
}
