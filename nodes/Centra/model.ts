/**
 * Centra payloads ⇄ the canonical model. Pure functions only: no HTTP, no node context. Field names
 * follow Centra's Integration API (GraphQL) and REST Order API as described in
 * ../shared/reference/api-linnworks-centra.md §2 and the sandbox schema (sandbox/centra/schema.ts).
 *
 * Sections: reference data (warehouses, markets, pricelists, shipping options) · stock · change
 * keys (exactly-once stock deltas) · orders and fulfilments (added by the order/shipment work).
 */
import {
	withoutUndefined,
	type Address,
	type Fulfilment,
	type Order,
	type OrderStatus,
	type StockLevel,
} from '../shared/model';

// ---------------------------------------------------------------------------------------------
// Reference data
// ---------------------------------------------------------------------------------------------

export interface CentraCountry {
	code: string;
	name?: string;
}

export interface CentraWarehouse {
	id: number;
	name: string;
	status?: 'ACTIVE' | 'INACTIVE';
}

export interface CentraMarket {
	id: number;
	name: string;
	assignedToCountries?: CentraCountry[];
}

export interface CentraPricelist {
	id: number;
	name: string;
	currency?: { code: string };
	assignedToCountries?: CentraCountry[];
}

export interface CentraShippingOption {
	id: number;
	name: string;
	uri?: string;
}

/** A warehouse as a location, the way the Linnworks node lists its locations. */
export interface CanonicalWarehouse {
	locationId: string;
	name: string;
	active: boolean;
}

export function toCanonicalWarehouse(warehouse: CentraWarehouse): CanonicalWarehouse {
	return {
		locationId: String(warehouse.id),
		name: warehouse.name,
		active: warehouse.status !== 'INACTIVE',
	};
}

const countryCodes = (countries: CentraCountry[] | undefined) =>
	countries ? countries.map((country) => country.code) : undefined;

export function toSimpleMarket(market: CentraMarket) {
	return withoutUndefined({
		marketId: market.id,
		name: market.name,
		countries: countryCodes(market.assignedToCountries),
	});
}

export function toSimplePricelist(pricelist: CentraPricelist) {
	return withoutUndefined({
		pricelistId: pricelist.id,
		name: pricelist.name,
		currency: pricelist.currency?.code,
		countries: countryCodes(pricelist.assignedToCountries),
	});
}

export function toSimpleShippingOption(option: CentraShippingOption) {
	return withoutUndefined({ shippingOptionId: option.id, name: option.name, uri: option.uri });
}

// ---------------------------------------------------------------------------------------------
// Stock
// ---------------------------------------------------------------------------------------------

/** Product → variant → size; stock is held per size per warehouse, and a size has the SKU. */
export interface CentraProductSize {
	id: number;
	SKU: string;
	GTIN?: string | null;
	size: { id: number; name: string };
	productVariant: {
		id: number;
		name?: string;
		variantNumber?: string | null;
		product?: { id: number; name: string };
	};
}

export interface CentraStock {
	freeToAllocateQuantity: number;
	physicalQuantity?: number;
	allocatedQuantity?: number;
	productSize: CentraProductSize;
}

/**
 * Available to sell is Centra's free-to-allocate quantity (physical minus allocated, threshold and
 * stock offset already applied), never below zero; the location is the warehouse's name.
 */
export function toStockLevel(stock: CentraStock, warehouse: CentraWarehouse): StockLevel {
	return {
		sku: stock.productSize.SKU,
		location: warehouse.name,
		quantity: Math.max(0, Math.trunc(stock.freeToAllocateQuantity ?? 0)),
	};
}

/** A size with no Stock row in a warehouse has none there (ASSUMED: Centra lists only sizes it holds). */
export function emptyStockLevel(sku: string, warehouse: CentraWarehouse): StockLevel {
	return { sku, location: warehouse.name, quantity: 0 };
}

/** One row of a stock mutation: a size and its quantity (a delta's size, or an absolute level). */
export interface SizeQuantity<Row> {
	row: Row;
	productSize: CentraProductSize;
	quantity: number;
}

/** The rows of one size in a mutation, and the quantity sent for it. */
export interface SizeEntry<Row> {
	sizeId: number;
	quantity: number;
	rows: Row[];
}

/** One `productVariants` entry of a mutation input. */
export interface VariantEntry<Row> {
	variantId: number;
	sizes: Array<SizeEntry<Row>>;
}

/**
 * Groups rows by variant and size, in order of first appearance. Rows of the same size are merged:
 * deltas (`combine: 'sum'`) add up, which is what applying them one after the other does; absolute
 * levels (`combine: 'last'`) keep the last one, as writing them in input order would.
 */
export function groupByVariant<Row>(
	entries: Array<SizeQuantity<Row>>,
	combine: 'sum' | 'last',
): Array<VariantEntry<Row>> {
	const variants = new Map<number, VariantEntry<Row>>();
	for (const { row, productSize, quantity } of entries) {
		const variantId = productSize.productVariant.id;
		let variant = variants.get(variantId);
		if (!variant) {
			variant = { variantId, sizes: [] };
			variants.set(variantId, variant);
		}
		const sizeId = productSize.size.id;
		const size = variant.sizes.find((candidate) => candidate.sizeId === sizeId);
		if (!size) variant.sizes.push({ sizeId, quantity, rows: [row] });
		else {
			size.quantity = combine === 'sum' ? size.quantity + quantity : quantity;
			size.rows.push(row);
		}
	}
	return [...variants.values()];
}

/** `changeStock`'s input: quantities are magnitudes; the direction is the warehouse field. */
export function changeStockInput<Row>(
	warehouseId: number,
	direction: 'into' | 'outFrom',
	description: string,
	variants: Array<VariantEntry<Row>>,
) {
	return {
		[direction === 'into' ? 'intoWarehouse' : 'outFromWarehouse']: { id: warehouseId },
		description,
		productVariants: variants.map((variant) => ({
			productVariant: { id: variant.variantId },
			sizeChanges: variant.sizes.map((size) => ({
				size: { id: size.sizeId },
				deliveredQuantity: Math.abs(size.quantity),
			})),
		})),
	};
}

export type StockQuantityType = 'PHYSICAL' | 'FREE_TO_ALLOCATE';

/** `setStock`'s input for one warehouse. */
export function setStockInput<Row>(
	warehouseId: number,
	stockQuantityType: StockQuantityType,
	description: string,
	variants: Array<VariantEntry<Row>>,
) {
	return {
		warehouse: { id: warehouseId },
		description,
		stockQuantityType,
		productVariants: variants.map((variant) => ({
			productVariant: { id: variant.variantId },
			sizeStockLevels: variant.sizes.map((size) => ({
				size: { id: size.sizeId },
				quantity: size.quantity,
			})),
		})),
	};
}

/**
 * The rows a userError path names: [..., "productVariants", i, "sizeChanges" | "sizeStockLevels",
 * j, ...] → the rows of size j of variant i; only i → every row of variant i; neither → none.
 */
export function rowsAtPath<Row>(variants: Array<VariantEntry<Row>>, path: string[]): Row[] {
	const at = path.indexOf('productVariants');
	if (at < 0) return [];
	const variant = variants[Number(path[at + 1])];
	if (!variant) return [];
	const size = /^\d+$/.test(path[at + 3] ?? '') ? variant.sizes[Number(path[at + 3])] : undefined;
	return size ? size.rows : variant.sizes.flatMap((entry) => entry.rows);
}

// ---------------------------------------------------------------------------------------------
// Change keys: a stock delta is applied once, however often it is replayed
// ---------------------------------------------------------------------------------------------

/**
 * Marks a stock change made by this package for a change key: its description is exactly the line
 * `n8n-retail-sync:<key>` (one change per key), which the key's lookup asks for with `equals`.
 */
export const CHANGE_KEY_PREFIX = 'n8n-retail-sync:';

export interface CentraStockChange {
	id: number;
	description?: string | null;
	createdAt?: string;
	warehouse?: { id: number; name?: string } | null;
}

export function changeKeyMarker(key: string): string {
	return `${CHANGE_KEY_PREFIX}${key}`;
}

/** The change keys a description carries (exact lines, so "A" is not found in "A:sale"). */
export function changeKeysIn(description: string | null | undefined): string[] {
	return (description ?? '')
		.split('\n')
		.map((line) => line.trim())
		.filter((line) => line.startsWith(CHANGE_KEY_PREFIX))
		.map((line) => line.slice(CHANGE_KEY_PREFIX.length));
}

/** A change key fits on one description line: trimmed, no line breaks. */
export function normaliseChangeKey(key: unknown): string {
	return String(key ?? '')
		.replace(/[\r\n]+/g, ' ')
		.trim();
}

// ---------------------------------------------------------------------------------------------
// Orders and fulfilments (the order/shipment operations add their mappings below)
// ---------------------------------------------------------------------------------------------

/** Centra's order statuses as the Integration API names them (VERIFIED C-FLOW, C-DTC). */
export const CENTRA_ORDER_STATUSES = [
	'PENDING',
	'CONFIRMED',
	'PROCESSING',
	'SHIPPED',
	'ARCHIVED',
	'CANCELLED',
] as const;
export type CentraOrderStatus = (typeof CENTRA_ORDER_STATUSES)[number];

export interface CentraMonetaryValue {
	value: number;
	currency?: { code: string } | null;
}

export interface CentraOrderAddress {
	firstName?: string | null;
	lastName?: string | null;
	address1?: string | null;
	address2?: string | null;
	city?: string | null;
	zipCode?: string | null;
	stateOrProvince?: string | null;
	country?: { code: string; name?: string | null } | null;
	email?: string | null;
	phoneNumber?: string | null;
}

export interface CentraOrderLine {
	id: number;
	quantity: number;
	cancelledQuantity: number;
	unitPrice: CentraMonetaryValue;
	taxPercent?: number | null;
	productSize?: { SKU: string } | null;
	productName?: string | null;
}

export interface CentraShipmentLine {
	id: number;
	quantity: number;
	orderLine: { id: number; productSize?: { SKU: string } | null };
}

export interface CentraShipment {
	id: number;
	/** "<order number>-<n>" */
	number: string;
	isGoodToGo: boolean;
	isShipped: boolean;
	isPaid: boolean;
	createdAt: string;
	shippedAt?: string | null;
	trackingNumber?: string | null;
	returnTrackingNumber?: string | null;
	/** createShipment's `additionalMessage`; Shipment → Create writes its Shipment Key here. */
	additionalMessage?: string | null;
	carrierInformation?: { carrierName?: string | null; serviceName?: string | null } | null;
	lines: CentraShipmentLine[];
	/** Selected when shipments are listed on their own (not under their order). */
	order?: { id: string; number: number; internalComment?: string | null } | null;
}

/** An order as the Integration API returns it (the fields ORDER_FIELDS in queries.ts selects). */
export interface CentraOrder {
	/** The order's hash id (cancelDirectToConsumerOrder takes it). */
	id: string;
	number: number;
	status: CentraOrderStatus;
	isOnHold?: boolean;
	createdAt: string;
	orderDate?: string | null;
	internalComment?: string | null;
	otherComment?: string | null;
	grandTotal?: CentraMonetaryValue | null;
	totals?: {
		grandTotal?: CentraMonetaryValue | null;
		shipping?: CentraMonetaryValue | null;
		taxAdded?: CentraMonetaryValue | null;
		taxIncluded?: CentraMonetaryValue | null;
	} | null;
	lines: CentraOrderLine[];
	shippingAddress?: CentraOrderAddress | null;
	billingAddress?: CentraOrderAddress | null;
	market?: { id: number; name: string } | null;
	pricelist?: { id: number; name: string } | null;
	/** The order's shipping option is under its shipping price group (VERIFIED, C-DTC). */
	shippingPriceGroup?: {
		shippingOption?: { id: number; name: string; uri: string } | null;
	} | null;
	/** ASSUMED field (the docs show shipments only as mutation answers). */
	shipments?: CentraShipment[];
	/** DirectToConsumerOrder only. */
	customer?: {
		id: number;
		email: string;
		firstName?: string | null;
		lastName?: string | null;
	} | null;
}

/** Width of the range deterministic order numbers fall in: [base, base + 10^9). */
export const ORDER_NUMBER_SPAN = 1_000_000_000;
export const DEFAULT_ORDER_NUMBER_BASE = 1_000_000_000;
/** Candidates tried per reference: the hash, then the next four numbers (collisions). */
export const ORDER_NUMBER_CANDIDATES = 5;
/** GraphQL Int is 32-bit signed: every candidate must stay at or below this. */
const MAX_GRAPHQL_INT = 2_147_483_647;

/** FNV-1a, 32 bit, over the UTF-8 bytes of `text`. */
export function fnv1a32(text: string): number {
	let hash = 0x811c9dc5;
	const eat = (byte: number) => {
		hash ^= byte;
		hash = Math.imul(hash, 0x01000193) >>> 0;
	};
	for (const character of text) {
		const code = character.codePointAt(0) ?? 0;
		if (code < 0x80) eat(code);
		else if (code < 0x800) {
			eat(0xc0 | (code >> 6));
			eat(0x80 | (code & 0x3f));
		} else if (code < 0x10000) {
			eat(0xe0 | (code >> 12));
			eat(0x80 | ((code >> 6) & 0x3f));
			eat(0x80 | (code & 0x3f));
		} else {
			eat(0xf0 | (code >> 18));
			eat(0x80 | ((code >> 12) & 0x3f));
			eat(0x80 | ((code >> 6) & 0x3f));
			eat(0x80 | (code & 0x3f));
		}
	}
	return hash >>> 0;
}

/** Why an Order Number Base cannot be used, or undefined when it can. */
export function orderNumberBaseProblem(base: number): string | undefined {
	if (!Number.isInteger(base) || base < 1) return 'must be a whole number of 1 or more';
	if (base + ORDER_NUMBER_SPAN - 1 > MAX_GRAPHQL_INT)
		return `must be at most ${MAX_GRAPHQL_INT - ORDER_NUMBER_SPAN + 1}, so every order number fits a 32-bit integer`;
	return undefined;
}

/**
 * The order numbers an order with `reference` may get, in the order they are tried:
 * base + (h + k) mod 10^9 for k = 0..4, h = FNV-1a of the reference. The same reference always
 * gives the same numbers, so a replay lands on the order it created (Centra answers −5).
 */
export function orderNumberCandidates(
	reference: string,
	base = DEFAULT_ORDER_NUMBER_BASE,
): number[] {
	const hash = fnv1a32(reference) % ORDER_NUMBER_SPAN;
	return Array.from(
		{ length: ORDER_NUMBER_CANDIDATES },
		(_, k) => base + ((hash + k) % ORDER_NUMBER_SPAN),
	);
}

const REFERENCE_LABEL = 'External reference:';
const ORIGIN_LABEL = 'Origin:';
const LOCATION_LABEL = 'Location:';

/** One line of text: line breaks would split the internal comment's `Label: value` lines. */
const oneLine = (value: string) => value.replace(/\s*[\r\n]+\s*/g, ' ').trim();

function commentValue(comment: string | null | undefined, label: string): string | undefined {
	const line = (comment ?? '')
		.split(/\r?\n/)
		.find((candidate) => candidate.trim().startsWith(label));
	const value = line?.trim().slice(label.length).trim();
	return value || undefined;
}

/** The reference this package stored on the order (`External reference: <ref>`), if any. */
export function externalReferenceOf(
	internalComment: string | null | undefined,
): string | undefined {
	return commentValue(internalComment, REFERENCE_LABEL);
}

/** Whether `order` is the one created for `reference` (its internal comment says so). */
export function isOrderFor(
	order: Pick<CentraOrder, 'internalComment'>,
	reference: string,
): boolean {
	return externalReferenceOf(order.internalComment) === oneLine(reference);
}

/** Canonical attributes copied into the internal comment, with the label staff read there. */
const COMMENT_ATTRIBUTES: Readonly<Record<string, string>> = {
	deviceName: 'Device',
	salesAssistant: 'Sales assistant',
	fulfilmentMethod: 'Fulfilment method',
	discountCode: 'Discount code',
};

/**
 * The internal comment of an order created from `order`: the external reference line the
 * duplicate check reads back, then what staff need to trace it (origin, store, device, payment).
 * Centra handles no payment for orders created through the Order API, so the payment taken by the
 * origin is written down here, not sent as a Centra payment.
 */
export function internalCommentFor(order: Order): string {
	const lines = [`${REFERENCE_LABEL} ${oneLine(order.reference)}`];
	lines.push(`${ORIGIN_LABEL} ${oneLine(order.origin)}`);
	if (order.location) lines.push(`${LOCATION_LABEL} ${oneLine(order.location)}`);
	lines.push(`Placed at: ${order.placedAt}`);
	for (const [name, label] of Object.entries(COMMENT_ATTRIBUTES)) {
		const value = order.attributes?.[name];
		if (value) lines.push(`${label}: ${oneLine(value)}`);
	}
	for (const payment of order.payments ?? []) {
		lines.push(
			`Payment: ${oneLine(payment.method)} ${payment.amount.toFixed(2)} ${order.currency}, taken by ${oneLine(order.origin)} (not handled by Centra)`,
		);
	}
	return lines.join('\n');
}

/** An address of the Order API (`address`, `invoiceAddress`, `deliveryAddress`). */
export interface CentraOrderApiAddress {
	email: string;
	firstName?: string;
	lastName?: string;
	tele?: string;
	address?: string;
	coaddress?: string;
	city?: string;
	zipcode?: string;
	state?: string;
	/** ISO 3166-1 alpha-2. */
	country: string;
}

/** The `POST /order` body (fields as in C-OA-create-order). */
export interface CentraOrderApiBody {
	orderNumber: number;
	marketId?: number;
	market?: string;
	pricelistId?: number;
	pricelist?: string;
	shippingList?: string;
	shippingValue?: number;
	orderDate: string;
	customerRegister: boolean;
	address?: CentraOrderApiAddress;
	invoiceAddress?: CentraOrderApiAddress;
	deliveryAddress?: CentraOrderApiAddress;
	products: Array<{ qty: number; sku: string; unitPrice: number }>;
	sendEmail: boolean;
	adjustStock: boolean;
	internalComment: string;
}

/** Who an order is for when it names no customer (anonymous kiosk sales). */
export interface CentraGuestCustomer {
	name: string;
	email?: string;
}

/** Where and how an order is created; values from the node's mapping tables and options. */
export interface CentraOrderSettings {
	orderNumber: number;
	/** Market id (digits) or name. */
	market: string;
	/** Pricelist id (digits) or name. */
	pricelist: string;
	/** Shipping option URI; undefined = Centra's default for the products and country. */
	shippingOption?: string;
	/** Country used when the order carries no address (the store's country). */
	country?: string;
	guest: CentraGuestCustomer;
	registerCustomer: boolean;
	adjustStock: boolean;
	sendEmail: boolean;
}

/** The e-mail the order is filed under: the customer's, the address's, else the guest's. */
export function orderEmail(order: Order, guest: CentraGuestCustomer): string | undefined {
	return (
		order.customer?.email ||
		order.billingAddress?.email ||
		order.shippingAddress?.email ||
		guest.email ||
		undefined
	);
}

/** Whether the order names its own customer (an e-mail of its own), as opposed to a guest. */
export function hasOwnCustomer(order: Order): boolean {
	return Boolean(
		order.customer?.email || order.billingAddress?.email || order.shippingAddress?.email,
	);
}

/** The country the order is filed in: its addresses' country, else the store's. */
export function orderCountry(order: Order, fallback?: string): string | undefined {
	const country =
		order.billingAddress?.country || order.shippingAddress?.country || fallback || undefined;
	return country?.trim().toUpperCase() || undefined;
}

function splitName(name: string | undefined): { firstName?: string; lastName?: string } {
	const parts = (name ?? '').trim().split(/\s+/).filter(Boolean);
	if (!parts.length) return {};
	return { firstName: parts[0], lastName: parts.slice(1).join(' ') || undefined };
}

function toOrderApiAddress(
	address: Address | undefined,
	name: string | undefined,
	email: string,
	country: string,
	phone: string | undefined,
): CentraOrderApiAddress {
	return withoutUndefined({
		email,
		...splitName(address?.name || name),
		tele: address?.phone || phone || undefined,
		address: address?.line1,
		coaddress:
			[address?.company, address?.line2, address?.line3].filter(Boolean).join(', ') || undefined,
		city: address?.city,
		zipcode: address?.postalCode,
		state: address?.region,
		country: address?.country?.toUpperCase() || country,
	});
}

/**
 * An Order API date: "YYYY-MM-DD HH:MM:SS". The create-order reference says the time zone is the
 * organisation's Centra setting and the format carries none, so the time is sent in UTC (ASSUMED:
 * the organisation's time zone is UTC; otherwise orderDate is off by its offset, nothing else).
 */
export function orderApiDate(iso: string): string {
	const date = new Date(iso);
	if (Number.isNaN(date.getTime())) return iso;
	return date.toISOString().slice(0, 19).replace('T', ' ');
}

/** A market or pricelist reference: a number is an id, anything else a name. */
function idOrName(value: string): { id?: number; name?: string } {
	const text = value.trim();
	return /^\d+$/.test(text) ? { id: Number(text) } : { name: text || undefined };
}

/**
 * The Order API body for `order` (its lines' SKUs already Centra SKUs). The caller has checked that
 * `orderEmail` and `orderCountry` give values. Anonymous orders are filed under the guest e-mail
 * and never registered as customers (every walk-in sale would land on one customer account);
 * orders with their own e-mail are registered when `registerCustomer` is on (Centra then attaches
 * the order to the registered customer with that e-mail, or creates a minimal one; ASSUMED for the
 * creation, C-OA-create-order documents the attaching).
 */
export function toCentraOrderBody(order: Order, settings: CentraOrderSettings): CentraOrderApiBody {
	const email = orderEmail(order, settings.guest) ?? '';
	const country = orderCountry(order, settings.country) ?? '';
	const ownCustomer = hasOwnCustomer(order);
	const name = order.customer?.name || (ownCustomer ? undefined : settings.guest.name);
	const phone = order.customer?.phone;
	const billing = order.billingAddress ?? order.shippingAddress;
	const delivery = order.shippingAddress ?? order.billingAddress;
	const sameAddress = JSON.stringify(billing ?? {}) === JSON.stringify(delivery ?? {});
	const market = idOrName(settings.market);
	const pricelist = idOrName(settings.pricelist);
	return withoutUndefined<CentraOrderApiBody>({
		orderNumber: settings.orderNumber,
		marketId: market.id,
		market: market.name,
		pricelistId: pricelist.id,
		pricelist: pricelist.name,
		shippingList: settings.shippingOption || undefined,
		shippingValue: order.totals?.shipping,
		orderDate: orderApiDate(order.placedAt),
		customerRegister: ownCustomer && settings.registerCustomer,
		...(sameAddress
			? { address: toOrderApiAddress(billing, name, email, country, phone) }
			: {
					invoiceAddress: toOrderApiAddress(billing, name, email, country, phone),
					deliveryAddress: toOrderApiAddress(delivery, name, email, country, phone),
				}),
		products: order.lines.map((line) => ({
			qty: line.quantity,
			sku: line.sku,
			unitPrice: line.unitPrice,
		})),
		sendEmail: settings.sendEmail,
		adjustStock: settings.adjustStock,
		internalComment: internalCommentFor(order),
	});
}

/**
 * Centra status → canonical status. ASSUMED mapping, since Centra's status is about fulfilment, not
 * payment: PENDING (not yet accepted for fulfilment; orders created through the Order API start
 * here) → pending; CONFIRMED and PROCESSING (accepted, being shipped; Centra confirms what is paid
 * for or, for Order API orders, paid elsewhere) → paid; SHIPPED and ARCHIVED (all shipped) →
 * fulfilled; CANCELLED → cancelled. The Centra status itself is kept in attributes.centraStatus.
 */
export const CENTRA_STATUS_TO_CANONICAL: Readonly<Record<CentraOrderStatus, OrderStatus>> = {
	PENDING: 'pending',
	CONFIRMED: 'paid',
	PROCESSING: 'paid',
	SHIPPED: 'fulfilled',
	ARCHIVED: 'fulfilled',
	CANCELLED: 'cancelled',
};

function fromCentraAddress(address: CentraOrderAddress | null | undefined): Address | undefined {
	if (!address) return undefined;
	const result = withoutUndefined<Address>({
		name: [address.firstName, address.lastName].filter(Boolean).join(' ') || undefined,
		line1: address.address1 || undefined,
		line2: address.address2 || undefined,
		city: address.city || undefined,
		region: address.stateOrProvince || undefined,
		postalCode: address.zipCode || undefined,
		country: address.country?.code || undefined,
		phone: address.phoneNumber || undefined,
		email: address.email || undefined,
	});
	return Object.keys(result).length ? result : undefined;
}

const money = (value: CentraMonetaryValue | null | undefined) =>
	value === null || value === undefined ? undefined : value.value;

/**
 * A Centra order in the canonical shape. Orders this package created get back the reference,
 * origin and location they were created with (from the internal comment); any other order has its
 * Centra number as reference and "centra" as origin.
 */
export function toCanonicalCentraOrder(order: CentraOrder): Order {
	const comment = order.internalComment;
	const reference = externalReferenceOf(comment);
	const customerName = [order.customer?.firstName, order.customer?.lastName]
		.filter(Boolean)
		.join(' ');
	const shippingAddress = fromCentraAddress(order.shippingAddress);
	const billingAddress = fromCentraAddress(order.billingAddress);
	const taxAdded = money(order.totals?.taxAdded);
	const taxIncluded = money(order.totals?.taxIncluded);
	const attributes: Record<string, string> = {
		centraOrderId: order.id,
		centraOrderNumber: String(order.number),
		centraStatus: order.status,
	};
	const copy = (name: string, value: string | number | null | undefined) => {
		if (value !== null && value !== undefined && value !== '') attributes[name] = String(value);
	};
	copy('centraMarketId', order.market?.id);
	copy('centraMarket', order.market?.name);
	copy('centraPricelistId', order.pricelist?.id);
	copy('centraPricelist', order.pricelist?.name);
	const shippingOption = order.shippingPriceGroup?.shippingOption;
	copy('centraShippingOption', shippingOption?.name);
	if (order.isOnHold) attributes.centraOnHold = 'true';
	return withoutUndefined<Order>({
		reference: reference ?? String(order.number),
		origin: commentValue(comment, ORIGIN_LABEL) ?? 'centra',
		placedAt: new Date(order.orderDate || order.createdAt).toISOString(),
		currency: order.grandTotal?.currency?.code ?? '',
		status: CENTRA_STATUS_TO_CANONICAL[order.status] ?? 'pending',
		customer:
			order.customer || shippingAddress?.email
				? {
						email: order.customer?.email || billingAddress?.email || shippingAddress?.email,
						name: customerName || billingAddress?.name || shippingAddress?.name,
						phone: billingAddress?.phone || shippingAddress?.phone,
					}
				: undefined,
		shippingAddress,
		billingAddress,
		shippingMethod: shippingOption?.uri || undefined,
		location: commentValue(comment, LOCATION_LABEL),
		lines: order.lines.map((line) => ({
			sku: line.productSize?.SKU ?? '',
			name: line.productName || undefined,
			quantity: line.quantity,
			unitPrice: line.unitPrice.value,
			taxRate: line.taxPercent ?? undefined,
		})),
		totals: {
			shipping: money(order.totals?.shipping),
			tax:
				taxAdded === undefined && taxIncluded === undefined
					? undefined
					: (taxAdded ?? 0) + (taxIncluded ?? 0),
			total: money(order.grandTotal) ?? money(order.totals?.grandTotal) ?? 0,
		},
		attributes,
	});
}

/**
 * A Centra shipment as a canonical Fulfilment. `orderReference` is the external reference of the
 * order it ships when this package created it (so the kiosk order can be found), else the Centra
 * order number. A shipment not yet shipped (good to go) has its creation time as `shippedAt`, and
 * says so in attributes.centraShipped = "false".
 */
export function toCanonicalFulfilment(
	shipment: CentraShipment,
	order?: Pick<CentraOrder, 'number' | 'internalComment'>,
): Fulfilment {
	const owner = order ?? shipment.order ?? undefined;
	const orderNumber = owner?.number ?? Number(shipment.number.split('-')[0]);
	return withoutUndefined<Fulfilment>({
		orderReference: externalReferenceOf(owner?.internalComment) ?? String(orderNumber),
		carrier: shipment.carrierInformation?.carrierName || undefined,
		service: shipment.carrierInformation?.serviceName || undefined,
		trackingNumber: shipment.trackingNumber || undefined,
		shippedAt: new Date(shipment.shippedAt || shipment.createdAt).toISOString(),
		lines: shipment.lines.map((line) => ({
			sku: line.orderLine.productSize?.SKU ?? '',
			quantity: line.quantity,
		})),
		attributes: {
			centraShipmentId: String(shipment.id),
			centraShipmentNumber: shipment.number,
			centraOrderNumber: String(orderNumber),
			centraGoodToGo: String(shipment.isGoodToGo),
			centraShipped: String(shipment.isShipped),
			centraPaid: String(shipment.isPaid),
			...(shipment.returnTrackingNumber
				? { returnTrackingNumber: shipment.returnTrackingNumber }
				: {}),
		},
	});
}

/** Per order line id, the quantity not yet in any shipment (ordered − cancelled − shipped). */
export function unshippedQuantities(
	order: Pick<CentraOrder, 'lines' | 'shipments'>,
): Map<number, number> {
	const left = new Map<number, number>();
	for (const line of order.lines)
		left.set(line.id, Math.max(0, line.quantity - (line.cancelledQuantity ?? 0)));
	for (const shipment of order.shipments ?? [])
		for (const line of shipment.lines) {
			const current = left.get(line.orderLine.id);
			if (current !== undefined) left.set(line.orderLine.id, Math.max(0, current - line.quantity));
		}
	return left;
}

export interface ShipmentLineInput {
	orderLine: { id: number };
	quantity: number;
}

/**
 * The `createShipment` lines for a shipment of `requested` (SKU → quantity; undefined = everything
 * not yet shipped), never more than what is left unshipped on each order line: a retry of a
 * shipment that was created (the answer lost) then ships nothing more (ASSUMED guard, since Centra
 * publishes no idempotency for createShipment). Requested SKUs the order does not have are
 * returned in `unknownSkus`; requested quantities beyond what is left, in `clipped`.
 */
export function shipmentLinesFor(
	order: Pick<CentraOrder, 'lines' | 'shipments'>,
	requested?: Array<{ sku: string; quantity: number }>,
): {
	lines: ShipmentLineInput[];
	unknownSkus: string[];
	clipped: Array<{ sku: string; requested: number; shipped: number }>;
} {
	const left = unshippedQuantities(order);
	if (!requested) {
		const lines = order.lines
			.map((line) => ({ orderLine: { id: line.id }, quantity: left.get(line.id) ?? 0 }))
			.filter((line) => line.quantity > 0);
		return { lines, unknownSkus: [], clipped: [] };
	}
	const byId = new Map<number, number>();
	const unknownSkus: string[] = [];
	const clipped: Array<{ sku: string; requested: number; shipped: number }> = [];
	const key = (sku: string | undefined) => (sku ?? '').trim().toLowerCase();
	for (const wanted of requested) {
		const orderLines = order.lines.filter((line) => key(line.productSize?.SKU) === key(wanted.sku));
		if (!orderLines.length) {
			unknownSkus.push(wanted.sku);
			continue;
		}
		let toShip = wanted.quantity;
		for (const line of orderLines) {
			const take = Math.min(toShip, left.get(line.id) ?? 0);
			if (take <= 0) continue;
			byId.set(line.id, (byId.get(line.id) ?? 0) + take);
			left.set(line.id, (left.get(line.id) ?? 0) - take);
			toShip -= take;
		}
		if (toShip > 0)
			clipped.push({
				sku: wanted.sku,
				requested: wanted.quantity,
				shipped: wanted.quantity - toShip,
			});
	}
	return {
		lines: [...byId].map(([id, quantity]) => ({ orderLine: { id }, quantity })),
		unknownSkus,
		clipped,
	};
}

// Shipment keys: a shipment is created once per key, however often Shipment → Create is replayed.

/** Marks a shipment this package created for a key: a line `n8n-retail-sync shipment: <key>`. */
const SHIPMENT_KEY_LABEL = 'n8n-retail-sync shipment:';

/** A shipment key on one line, trimmed ('' = no key). */
export function normaliseShipmentKey(key: unknown): string {
	return typeof key === 'string' || typeof key === 'number' ? oneLine(String(key)) : '';
}

/** The `additionalMessage` of a shipment created for `key`. */
export function shipmentKeyMessage(key: string): string {
	return `${SHIPMENT_KEY_LABEL} ${normaliseShipmentKey(key)}`;
}

/** The key a shipment was created for (its additionalMessage line), if any. */
export function shipmentKeyOf(
	shipment: Pick<CentraShipment, 'additionalMessage'>,
): string | undefined {
	return commentValue(shipment.additionalMessage, SHIPMENT_KEY_LABEL);
}

/** The order's shipment created for `key`, if any. */
export function shipmentWithKey(
	order: Pick<CentraOrder, 'shipments'>,
	key: string,
): CentraShipment | undefined {
	const wanted = normaliseShipmentKey(key);
	return (order.shipments ?? []).find((shipment) => shipmentKeyOf(shipment) === wanted);
}

/**
 * The shipment that already holds what a request asks for, when nothing of it is left to ship: the
 * newest shipment holding any of the requested SKUs (any shipment when `requested` is undefined,
 * i.e. "everything not yet shipped").
 */
export function shipmentHolding(
	order: Pick<CentraOrder, 'shipments'>,
	requested?: Array<{ sku: string }>,
): CentraShipment | undefined {
	const key = (sku: string | undefined) => (sku ?? '').trim().toLowerCase();
	const skus = requested && new Set(requested.map((line) => key(line.sku)));
	return [...(order.shipments ?? [])]
		.sort((a, b) => b.id - a.id)
		.find(
			(shipment) =>
				!skus || shipment.lines.some((line) => skus.has(key(line.orderLine.productSize?.SKU))),
		);
}

/** Where the duplicate check leaves an order: already in Centra, to create under a number, or stuck. */
export type OrderNumberChoice =
	| { kind: 'existing'; number: number }
	| { kind: 'free'; number: number }
	| { kind: 'exhausted' };

/**
 * Picks the order's number from its candidates, given the orders holding some of them (`taken`,
 * by number). Any candidate already holding an order for this reference wins (the order exists:
 * `created: false`), wherever it is in the list, so a number freed later can never cause a second
 * order; otherwise the first candidate no order holds.
 */
export function chooseOrderNumber(
	reference: string,
	candidates: number[],
	taken: ReadonlyMap<number, Pick<CentraOrder, 'internalComment'>>,
): OrderNumberChoice {
	const mine = candidates.find((number) => {
		const order = taken.get(number);
		return order !== undefined && isOrderFor(order, reference);
	});
	if (mine !== undefined) return { kind: 'existing', number: mine };
	const free = candidates.find((number) => !taken.has(number));
	return free === undefined ? { kind: 'exhausted' } : { kind: 'free', number: free };
}
