/**
 * Centra payloads ⇄ the canonical model. Pure functions only: no HTTP, no node context. Field names
 * follow Centra's Integration API (GraphQL) and REST Order API as described in
 * ../shared/reference/api-linnworks-centra.md §2 and the sandbox schema (sandbox/centra/schema.ts).
 *
 * Sections: reference data (warehouses, markets, pricelists, shipping options) · stock · change
 * keys (exactly-once stock deltas) · orders and fulfilments (added by the order/shipment work).
 */
import { withoutUndefined, type StockLevel } from '../shared/model';

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

/** Marks a stock change made by this package for a change key: a line `n8n-retail-sync:<key>`. */
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

/**
 * A stock change's description: the text, then one marker line per change key the change applies
 * (a batch applies several items, each with its own key).
 */
export function stockChangeDescription(text: string, keys: Iterable<string>): string {
	return [text, ...[...new Set(keys)].map(changeKeyMarker)].join('\n');
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
