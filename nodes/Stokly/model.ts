/**
 * Pure functions, Stokly payloads ⇄ the canonical retail model (nodes/shared/model.ts). No HTTP.
 */
import { withoutUndefined, type StockLevel } from '../shared/model';
import type { InventoryRecord, StoklyChannel, StoklyItem, StoklyLocation } from './requests';

export interface CanonicalLocation {
	locationId: string;
	name: string;
	/** Stokly's status (0 active, INFERRED). */
	status?: number | string;
	active: boolean;
}

export function toCanonicalLocation(location: StoklyLocation): CanonicalLocation {
	return withoutUndefined({
		locationId: location.locationId,
		name: location.name,
		status: location.status,
		active: location.status === undefined || location.status === 0 || location.status === 'active',
	});
}

/** Channel types seen in Stokly (INFERRED from client scripts). */
export const CHANNEL_TYPES: Readonly<Record<number, string>> = {
	0: 'local',
	2: 'ebay',
	3: 'amazon',
	4: 'woocommerce',
	5: 'magento',
	6: 'shopify',
	7: 'shopline',
};

export interface CanonicalChannel {
	channelId: string;
	name: string;
	type?: number;
	/** The type's name where known (INFERRED), e.g. "shopify". */
	typeName?: string;
	status?: number;
}

export function toCanonicalChannel(channel: StoklyChannel): CanonicalChannel {
	return withoutUndefined({
		channelId: channel.channelId,
		name: channel.name,
		type: channel.type,
		typeName: channel.type === undefined ? undefined : CHANNEL_TYPES[channel.type],
		status: channel.status,
	});
}

// ---------------------------------------------------------------------------------------------
// Catalogue
// ---------------------------------------------------------------------------------------------

/** What Cloudshelf Product → Create or Update reads by default (as commercetools Product → Get Many emits). */
export interface CatalogueItem {
	sku: string;
	/** The variable parent's SKU (a simple item's own SKU): variants with the same key are one product. */
	productKey: string;
	productName: string;
	variantName: string;
	/** Gross: Stokly's net sale price plus the VAT to add, rounded to pennies. */
	price: number;
	currency: string;
	imageUrl?: string;
	barcode?: string;
	vendor?: string;
	attributes?: Record<string, string>;
	/** Stokly's item ID, and the same as a Cloudshelf-style external ID (ASSUMED, for tracing). */
	itemId: string;
	externalId: string;
}

export interface CatalogueOptions {
	/** VAT to add to Stokly's net sale prices, in percent (0: prices as Stokly holds them). */
	vatPercent: number;
}

/** Why an item is not a catalogue item: what the user must fix, naming the item. */
export interface ItemProblem {
	itemId?: string;
	sku?: string;
	problem: 'noSku' | 'noPrice' | 'duplicateSku' | 'unsafeSku';
	message: string;
	hint: string;
}

export const ARCHIVED = 1;
export const VARIABLE_PARENT = 2;

export function isArchived(item: Pick<StoklyItem, 'status'>): boolean {
	return item.status === ARCHIVED;
}

export function stoklyExternalId(itemId: string): string {
	return `gid://external/StoklyItem/${encodeURIComponent(itemId)}`;
}

/** Net amount plus `vatPercent`, rounded to pennies. */
export function grossPrice(net: number, vatPercent: number): number {
	return Math.round(net * (1 + vatPercent / 100) * 100 + Number.EPSILON) / 100;
}

const VENDOR_ATTRIBUTES = ['vendor', 'brand', 'manufacturer', 'designer'];

function attributeText(value: unknown): string | undefined {
	if (value === null || value === undefined) return undefined;
	if (typeof value === 'string') return value || undefined;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return undefined;
}

function itemLabel(item: Pick<StoklyItem, 'itemId' | 'sku' | 'name'>): string {
	return item.sku?.trim()
		? `Item ${item.sku.trim()}`
		: `Item "${item.name ?? ''}" (${item.itemId}, no SKU)`;
}

/**
 * Catalogue items from Stokly items: each simple item one product of its own, each variant of a
 * variable parent (`variantItems`) one variant of the parent's product. Archived items (status 1),
 * and the variants of archived parents, are left out; parents themselves are never items. A
 * variant without SKU, without a sale price, or a SKU held by two items is a problem (never emitted,
 * so nothing reaches a kiosk under an internal id or under two prices). `parents` may hold parents
 * of variants not in `items` (a read by SKU); `items` may hold parents, whose variants must then be
 * in `items` too.
 */
export function toCatalogueItems(
	items: readonly StoklyItem[],
	parents: readonly StoklyItem[],
	options: CatalogueOptions,
): { items: CatalogueItem[]; problems: ItemProblem[] } {
	const parentOf = new Map<string, StoklyItem>();
	for (const parent of [...parents, ...items]) {
		if (parent.format !== VARIABLE_PARENT) continue;
		for (const childId of parent.variantItems ?? []) parentOf.set(childId, parent);
	}
	const problems: ItemProblem[] = [];
	const candidates: Array<{ item: StoklyItem; entry: CatalogueItem }> = [];
	const seen = new Set<string>();
	for (const item of items) {
		if (item.format === VARIABLE_PARENT || isArchived(item) || seen.has(item.itemId)) continue;
		seen.add(item.itemId);
		const parent = parentOf.get(item.itemId);
		if (parent && isArchived(parent)) continue;
		const sku = item.sku?.trim();
		const within = parent ? ` (a variant of ${itemLabel(parent)})` : '';
		if (!sku) {
			problems.push({
				itemId: item.itemId,
				problem: 'noSku',
				message: `${itemLabel(item)}${within} has no SKU, so it cannot be matched to stock or orders`,
				hint: 'Give the item a SKU in Stokly, then run again. It is not pushed under an internal ID.',
			});
			continue;
		}
		const price = item.salePrice ?? parent?.salePrice;
		if (typeof price?.amount !== 'number' || !Number.isFinite(price.amount)) {
			problems.push({
				itemId: item.itemId,
				sku,
				problem: 'noPrice',
				message: `${itemLabel(item)}${within} has no sale price`,
				hint: 'Give the item (or its variable parent) a sale price in Stokly, then run again.',
			});
			continue;
		}
		candidates.push({ item, entry: catalogueItem(item, parent, sku, price, options) });
	}
	const holders = new Map<string, StoklyItem[]>();
	for (const { item, entry } of candidates)
		holders.set(entry.sku, [...(holders.get(entry.sku) ?? []), item]);
	for (const [sku, same] of holders) {
		if (same.length < 2) continue;
		problems.push({
			sku,
			problem: 'duplicateSku',
			message: `SKU ${sku} is on ${same.length} Stokly items: ${same.map((item) => `${item.name ?? ''} (${item.itemId})`).join(', ')}`,
			hint: 'A SKU must name one item. Give each item its own SKU in Stokly (or archive the extra one), then run again; none of them is pushed until then.',
		});
	}
	return {
		items: candidates
			.filter(({ entry }) => (holders.get(entry.sku)?.length ?? 0) < 2)
			.map(({ entry }) => entry),
		problems,
	};
}

function catalogueItem(
	item: StoklyItem,
	parent: StoklyItem | undefined,
	sku: string,
	price: { amount?: number; currency?: string },
	options: CatalogueOptions,
): CatalogueItem {
	const attributes = Array.isArray(item.attributes) ? item.attributes : [];
	const vendorAttribute = attributes.find((attribute) =>
		VENDOR_ATTRIBUTES.includes(String(attribute.name ?? '').toLowerCase()),
	);
	const shown: Record<string, string> = {};
	for (const attribute of attributes) {
		if (attribute === vendorAttribute || !attribute.name) continue;
		const text = attributeText(attribute.value);
		if (text !== undefined) shown[attribute.name] = text;
	}
	const values = Object.values(shown);
	const productName = (parent?.name ?? item.name ?? sku).trim() || sku;
	const image =
		item.images?.find((entry) => entry?.uri)?.uri ??
		parent?.images?.find((entry) => entry?.uri)?.uri;
	return withoutUndefined({
		sku,
		productKey: parent ? parent.sku?.trim() || parent.itemId : sku,
		productName,
		variantName: values.length ? values.join(' / ') : (item.name ?? productName),
		price: grossPrice(price.amount ?? 0, options.vatPercent),
		currency: String(price.currency ?? '').toUpperCase() || 'GBP',
		imageUrl: image,
		barcode: item.barcodes?.find((code) => Boolean(code)),
		vendor: vendorAttribute ? attributeText(vendorAttribute.value) : undefined,
		attributes: values.length ? shown : undefined,
		itemId: item.itemId,
		externalId: stoklyExternalId(item.itemId),
	});
}

// ---------------------------------------------------------------------------------------------
// Stock
// ---------------------------------------------------------------------------------------------

/** binId of location-level (and account-level) aggregate rows (INFERRED, see the status log). */
export const UNASSIGNED = 'UNASSIGNED';

/** A canonical stock level of one item at one location, with Stokly's ids and on-hand figure. */
export interface LocationLevel extends StockLevel {
	location: string;
	locationId: string;
	itemId: string;
	onHand: number;
}

/**
 * Levels per item × location, summed over bins. Aggregate rows (binId UNASSIGNED) count only where
 * an item × location has no binned rows (INFERRED: they repeat the bins' sum); account rows
 * (locationId UNASSIGNED) never. Quantity = `available` where given (ASSUMED field), else on hand,
 * never below 0.
 */
export function toLocationLevels(records: readonly InventoryRecord[]): LocationLevel[] {
	const groups = new Map<string, { binned: InventoryRecord[]; aggregate: InventoryRecord[] }>();
	for (const record of records) {
		if (!record.locationId || record.locationId === UNASSIGNED) continue;
		const key = `${record.itemId}\u0000${record.locationId}`;
		const group = groups.get(key) ?? { binned: [], aggregate: [] };
		(record.binId === UNASSIGNED ? group.aggregate : group.binned).push(record);
		groups.set(key, group);
	}
	const levels: LocationLevel[] = [];
	for (const { binned, aggregate } of groups.values()) {
		const rows = binned.length ? binned : aggregate;
		const first = rows[0];
		const onHand = rows.reduce((sum, row) => sum + (Number(row.onHand) || 0), 0);
		const hasAvailable = rows.every((row) => typeof row.available === 'number');
		const available = hasAvailable
			? rows.reduce((sum, row) => sum + Number(row.available), 0)
			: onHand;
		levels.push({
			sku: String(first.itemSku ?? ''),
			location: String(first.locationName ?? first.locationId),
			quantity: Math.max(0, Math.floor(available)),
			locationId: first.locationId,
			itemId: first.itemId,
			onHand,
		});
	}
	return levels;
}

/** A Set's delta accepted (202) but maybe not visible yet, per location | bin | item. */
export interface PendingStockDelta {
	[key: string]: number | number[] | undefined;
	/** The change not shown yet: the sum of `parts`. */
	delta: number;
	/** onHand read when the first of those deltas was sent. */
	base: number;
	/** Each delta sent while the earlier ones were not shown, in order; absent for a single one. */
	parts?: number[];
}

export function stockKey(locationId: string, binId: string, itemId: string): string {
	return `${locationId}|${binId}|${itemId}`;
}

function pendingOf(base: number, parts: number[]): PendingStockDelta {
	const delta = parts.reduce((total, part) => total + part, 0);
	return parts.length > 1 ? { delta, base, parts } : { delta, base };
}

/**
 * What on hand will be once the accepted writes are visible, judged from the read `onHand` against
 * a pending entry (its window not passed):
 * - read = `base`: not shown yet: effective = onHand + delta, the entry kept;
 * - read = `base + delta`: shown: the entry is dropped and onHand is the truth;
 * - read = `base` + the first of several merged deltas: those shown, the rest not yet: the entry
 *   is rebased on this read with the rest;
 * - anything else: stock moved while the change may or may not be shown (a sale, a stock take):
 *   `moved`, the entry kept, and the difference to a target is not known (nothing may be sent).
 * Without an entry onHand is the truth.
 */
export function effectiveOnHand(
	onHand: number,
	pending: PendingStockDelta | undefined,
): { effective: number; stillPending?: PendingStockDelta; moved?: boolean } {
	if (!pending) return { effective: onHand };
	if (onHand === pending.base) return { effective: onHand + pending.delta, stillPending: pending };
	if (onHand === pending.base + pending.delta) return { effective: onHand };
	const parts = pending.parts?.length ? pending.parts : [pending.delta];
	let shown = 0;
	for (let index = 0; index < parts.length - 1; index++) {
		shown += parts[index];
		if (onHand === pending.base + shown) {
			const rest = pendingOf(onHand, parts.slice(index + 1));
			return { effective: onHand + rest.delta, stillPending: rest };
		}
	}
	return { effective: onHand, stillPending: pending, moved: true };
}

/**
 * The delta that takes stock to `target`, and the pending entry to keep after sending it: merged
 * with one still pending (same base, the delta appended to its parts), or a new one on the read
 * onHand. When stock `moved` under a pending entry, the delta is 0 and nothing may be sent.
 */
export function setDelta(
	target: number,
	onHand: number,
	pending: PendingStockDelta | undefined,
): { delta: number; previous: number; next?: PendingStockDelta; moved?: boolean } {
	const { effective, stillPending, moved } = effectiveOnHand(onHand, pending);
	if (moved) return { delta: 0, previous: onHand, next: stillPending, moved };
	const delta = target - effective;
	if (delta === 0) return { delta, previous: effective, next: stillPending };
	return {
		delta,
		previous: effective,
		next: stillPending
			? pendingOf(stillPending.base, [
					...(stillPending.parts?.length ? stillPending.parts : [stillPending.delta]),
					delta,
				])
			: { delta, base: onHand },
	};
}
