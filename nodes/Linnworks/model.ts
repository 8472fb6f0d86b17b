/**
 * Linnworks payloads ⇄ the canonical model. Pure functions only: no HTTP, no node context.
 * Field names follow the Linnworks SDK classes (StockLocation, StockItemLevel, ChannelOrder,
 * OrderDetails, ProcessedOrderWeb).
 */
import { normaliseKey } from '../shared/mapping';
import {
	withoutUndefined,
	type Address,
	type Fulfilment,
	type Order,
	type OrderStatus,
	type StockLevel,
} from '../shared/model';

export const DEFAULT_LOCATION_ID = '00000000-0000-0000-0000-000000000000';

export interface LinnworksLocation {
	StockLocationId: string;
	StockLocationIntId?: number;
	LocationName: string;
	LocationTag?: string | null;
	IsFulfillmentCenter?: boolean;
	IsWarehouseManaged?: boolean;
	Address1?: string;
	City?: string;
	Country?: string;
	ZipCode?: string;
}

export interface LinnworksStockItemLevel {
	Location: { StockLocationId: string; LocationName: string };
	SKU?: string;
	StockLevel: number;
	InOrders?: number;
	Available: number;
	Due?: number;
	StockItemId?: string;
	LastUpdateDate?: string;
}

export interface LinnworksStockItemFull {
	StockItemId: string;
	ItemNumber: string;
	ItemTitle?: string;
	StockLevels?: LinnworksStockItemLevel[];
}

export interface LinnworksChannelAddress {
	FullName?: string;
	Company?: string;
	Address1?: string;
	Address2?: string;
	Address3?: string;
	Town?: string;
	Region?: string;
	PostCode?: string;
	Country?: string;
	MatchCountryCode?: string;
	PhoneNumber?: string;
	EmailAddress?: string;
}

export interface LinnworksChannelOrder {
	Source: string;
	SubSource: string;
	ReferenceNumber: string;
	ExternalReference?: string;
	ChannelBuyerName: string;
	Currency: string;
	ReceivedDate: string;
	DispatchBy: string;
	PaidOn?: string;
	PaymentStatus: 'Paid' | 'Unpaid' | 'Cancelled';
	PaymentMethodName?: string;
	MatchPaymentMethodTag?: string;
	PostalServiceName?: string;
	MatchPostalServiceTag?: string;
	PostalServiceCost?: number;
	AutomaticallyLinkBySKU: boolean;
	DeliveryAddress: LinnworksChannelAddress;
	BillingAddress: LinnworksChannelAddress;
	OrderItems: Array<{
		ItemNumber: string;
		ChannelSKU: string;
		ItemTitle?: string;
		Qty: number;
		PricePerUnit: number;
		TaxRate?: number;
		TaxCostInclusive: boolean;
	}>;
	ExtendedProperties: Array<{ Name: string; Value: string; Type: string }>;
}

export interface LinnworksCustomerAddress {
	EmailAddress?: string;
	Address1?: string;
	Address2?: string;
	Address3?: string;
	Town?: string;
	Region?: string;
	PostCode?: string;
	Country?: string;
	CountryCode?: string;
	FullName?: string;
	Company?: string;
	PhoneNumber?: string;
}

export interface LinnworksOrderDetails {
	OrderId: string;
	NumOrderId: number;
	Processed: boolean;
	ProcessedDateTime?: string | null;
	FulfilmentLocationId?: string;
	GeneralInfo: {
		Status: number;
		ReferenceNum: string;
		ExternalReferenceNum?: string;
		Source: string;
		SubSource: string;
		ReceivedDate: string;
		HoldOrCancel?: boolean;
		IsParked?: boolean;
	};
	ShippingInfo?: {
		Vendor?: string;
		PostalServiceName?: string;
		TrackingNumber?: string;
		PostageCost?: number;
	};
	CustomerInfo?: {
		ChannelBuyerName?: string;
		Address?: LinnworksCustomerAddress;
		BillingAddress?: LinnworksCustomerAddress;
	};
	TotalsInfo?: {
		Subtotal?: number;
		PostageCost?: number;
		Tax?: number;
		TotalCharge?: number;
		Currency?: string;
		PaymentMethod?: string;
	};
	ExtendedProperties?: Array<{ Name: string; Value: string }>;
	Items?: Array<{
		SKU?: string;
		ChannelSKU?: string;
		Title?: string;
		Quantity: number;
		PricePerUnit?: number;
		TaxRate?: number;
	}>;
}

/**
 * Whether an order is filed under a channel: Source and, when given, SubSource, as Linnworks
 * matches them (case-insensitively; its search terms also match partially, so listings re-check).
 */
export function sameChannel(
	order: { Source: string; SubSource: string },
	channel: { source?: string; subSource?: string },
): boolean {
	return (
		(!channel.source || normaliseKey(order.Source) === normaliseKey(channel.source)) &&
		(!channel.subSource || normaliseKey(order.SubSource) === normaliseKey(channel.subSource))
	);
}

/** An entry of Orders/GetOpenOrders (OpenOrder): the parts this package reads. */
export type LinnworksOpenOrder = Pick<
	LinnworksOrderDetails,
	'OrderId' | 'NumOrderId' | 'GeneralInfo'
>;

export interface LinnworksProcessedOrder {
	pkOrderID: string;
	nOrderId: number;
	ReferenceNum: string;
	Source: string;
	SubSource: string;
	dProcessedOn: string;
	HoldOrCancel?: boolean;
	PostalTrackingNumber?: string;
	PostalServiceName?: string;
	Vendor?: string;
}

// Linnworks GeneralInfo.Status values.
const STATUS_PAID = 1;

export interface CanonicalLocation {
	locationId: string;
	name: string;
	tag?: string;
	isFulfilmentCenter: boolean;
	city?: string;
	country?: string;
}

export function toCanonicalLocation(location: LinnworksLocation): CanonicalLocation {
	return {
		locationId: location.StockLocationId,
		name: location.LocationName,
		tag: location.LocationTag || undefined,
		isFulfilmentCenter: Boolean(location.IsFulfillmentCenter),
		city: location.City || undefined,
		country: location.Country || undefined,
	};
}

/** Available-to-sell is StockLevel minus what open orders hold; never below zero. */
export function toStockLevel(level: LinnworksStockItemLevel, sku: string): StockLevel {
	return {
		sku,
		location: level.Location.LocationName,
		quantity: Math.max(0, Math.floor(level.Available ?? level.StockLevel - (level.InOrders ?? 0))),
	};
}

function toChannelAddress(
	address: Address | undefined,
	fallbackName: string,
	email?: string,
): LinnworksChannelAddress {
	return {
		FullName: address?.name ?? fallbackName,
		Company: address?.company,
		Address1: address?.line1,
		Address2: address?.line2,
		Address3: address?.line3,
		Town: address?.city,
		Region: address?.region,
		PostCode: address?.postalCode,
		Country: address?.country,
		MatchCountryCode: address?.country,
		PhoneNumber: address?.phone,
		EmailAddress: address?.email ?? email,
	};
}

export interface OrderRouting {
	source: string;
	subSource: string;
}

export interface GuestCustomer {
	name: string;
	email?: string;
}

function paymentStatusOf(status: OrderStatus): LinnworksChannelOrder['PaymentStatus'] {
	if (status === 'cancelled') return 'Cancelled';
	return status === 'pending' ? 'Unpaid' : 'Paid';
}

/** Builds the ChannelOrder for Orders/CreateOrders. `order.lines[].sku` must already be Linnworks SKUs. */
export function toChannelOrder(
	order: Order,
	routing: OrderRouting,
	guest: GuestCustomer,
	dispatchWithinDays: number,
): LinnworksChannelOrder {
	const buyerName = order.customer?.name || order.shippingAddress?.name || guest.name;
	const email = order.customer?.email || (order.customer?.name ? undefined : guest.email);
	const placed = new Date(order.placedAt);
	const dispatchBy = new Date(placed.getTime() + dispatchWithinDays * 86_400_000);
	const paymentStatus = paymentStatusOf(order.status);
	const paymentMethod = order.payments?.[0]?.method;
	const extended = [
		{ Name: 'origin', Value: order.origin, Type: 'Info' },
		...(order.location ? [{ Name: 'origin_location', Value: order.location, Type: 'Info' }] : []),
		...Object.entries(order.attributes ?? {}).map(([Name, Value]) => ({
			Name,
			Value,
			Type: 'Info',
		})),
	];
	return {
		Source: routing.source,
		SubSource: routing.subSource,
		ReferenceNumber: order.reference,
		ExternalReference: order.reference,
		ChannelBuyerName: buyerName,
		Currency: order.currency,
		ReceivedDate: placed.toISOString(),
		DispatchBy: dispatchBy.toISOString(),
		PaidOn: paymentStatus === 'Paid' ? placed.toISOString() : undefined,
		PaymentStatus: paymentStatus,
		PaymentMethodName: paymentMethod,
		MatchPaymentMethodTag: paymentMethod,
		PostalServiceName: order.shippingMethod,
		MatchPostalServiceTag: order.shippingMethod,
		PostalServiceCost: order.totals?.shipping ?? 0,
		AutomaticallyLinkBySKU: true,
		DeliveryAddress: toChannelAddress(order.shippingAddress, buyerName, email),
		BillingAddress: toChannelAddress(
			order.billingAddress ?? order.shippingAddress,
			buyerName,
			email,
		),
		OrderItems: order.lines.map((line, index) => ({
			ItemNumber: String(index + 1),
			ChannelSKU: line.sku,
			ItemTitle: line.name,
			Qty: line.quantity,
			PricePerUnit: line.unitPrice,
			TaxRate: line.taxRate,
			TaxCostInclusive: true,
		})),
		ExtendedProperties: extended,
	};
}

function fromCustomerAddress(address: LinnworksCustomerAddress | undefined): Address | undefined {
	if (!address) return undefined;
	const result: Address = {
		name: address.FullName || undefined,
		company: address.Company || undefined,
		line1: address.Address1 || undefined,
		line2: address.Address2 || undefined,
		line3: address.Address3 || undefined,
		city: address.Town || undefined,
		region: address.Region || undefined,
		postalCode: address.PostCode || undefined,
		country: address.CountryCode || address.Country || undefined,
		phone: address.PhoneNumber || undefined,
		email: address.EmailAddress || undefined,
	};
	return Object.values(result).some((value) => value !== undefined) ? result : undefined;
}

function statusOf(details: LinnworksOrderDetails): OrderStatus {
	if (details.GeneralInfo.HoldOrCancel && details.Processed) return 'cancelled';
	if (details.Processed) return 'fulfilled';
	return details.GeneralInfo.Status === STATUS_PAID ? 'paid' : 'pending';
}

export function toCanonicalOrder(details: LinnworksOrderDetails): Order {
	const totals = details.TotalsInfo ?? {};
	const origin = details.ExtendedProperties?.find((property) => property.Name === 'origin')?.Value;
	return withoutUndefined<Order>({
		reference: details.GeneralInfo.ReferenceNum,
		origin: origin ?? details.GeneralInfo.Source,
		placedAt: details.GeneralInfo.ReceivedDate,
		currency: totals.Currency ?? '',
		status: statusOf(details),
		customer: {
			name: details.CustomerInfo?.ChannelBuyerName || undefined,
			email: details.CustomerInfo?.Address?.EmailAddress || undefined,
			phone: details.CustomerInfo?.Address?.PhoneNumber || undefined,
		},
		shippingAddress: fromCustomerAddress(details.CustomerInfo?.Address),
		billingAddress: fromCustomerAddress(details.CustomerInfo?.BillingAddress),
		shippingMethod: details.ShippingInfo?.PostalServiceName || undefined,
		lines: (details.Items ?? []).map((item) => ({
			sku: item.SKU || item.ChannelSKU || '',
			name: item.Title || undefined,
			quantity: item.Quantity,
			unitPrice: item.PricePerUnit ?? 0,
			taxRate: item.TaxRate,
		})),
		payments: totals.PaymentMethod
			? [{ method: totals.PaymentMethod, amount: totals.TotalCharge ?? 0 }]
			: undefined,
		totals: {
			subtotal: totals.Subtotal,
			shipping: totals.PostageCost,
			tax: totals.Tax,
			total: totals.TotalCharge ?? 0,
		},
		attributes: linnworksAttributes(details),
	});
}

function linnworksAttributes(details: LinnworksOrderDetails): Record<string, string> {
	return {
		linnworksOrderId: details.OrderId,
		linnworksNumOrderId: String(details.NumOrderId),
		source: details.GeneralInfo.Source,
		subSource: details.GeneralInfo.SubSource,
		...(details.FulfilmentLocationId ? { fulfilmentLocationId: details.FulfilmentLocationId } : {}),
	};
}

/** A dispatched (processed) order as a canonical Fulfilment; lines come from the order details. */
export function toFulfilment(
	processed: LinnworksProcessedOrder,
	details?: LinnworksOrderDetails,
): Fulfilment {
	return withoutUndefined<Fulfilment>({
		orderReference: processed.ReferenceNum,
		carrier: processed.Vendor || details?.ShippingInfo?.Vendor || undefined,
		service: processed.PostalServiceName || details?.ShippingInfo?.PostalServiceName || undefined,
		trackingNumber:
			processed.PostalTrackingNumber || details?.ShippingInfo?.TrackingNumber || undefined,
		shippedAt: new Date(processed.dProcessedOn).toISOString(),
		lines: (details?.Items ?? []).map((item) => ({
			sku: item.SKU || item.ChannelSKU || '',
			quantity: item.Quantity,
		})),
		attributes: {
			linnworksOrderId: processed.pkOrderID,
			linnworksNumOrderId: String(processed.nOrderId),
			source: processed.Source,
			subSource: processed.SubSource,
		},
	});
}
