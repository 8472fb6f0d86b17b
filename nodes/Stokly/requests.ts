/**
 * Stokly request builders: the `filter` expressions (§2.2: `[field]<op>{value}` terms joined with
 * `&&` / `||`, parentheses, typed literals such as `{@string;ABC}`) and the multi-call reads shared
 * by the node and the trigger. No HTTP here but through `StoklyClient`.
 */
import { Directory } from '../shared/directory';
import { LIMITS, type StoklyClient } from './transport';

/** A value a filter cannot carry: Stokly knows no escaping for `{` and `}` (ASSUMED). */
export class UnsafeFilterValue extends Error {
	constructor(readonly value: string) {
		super(
			`"${value}" contains { or }, which a Stokly filter cannot carry (Stokly knows no escaping for them)`,
		);
	}
}

export type FilterOperator = '==' | '!=' | '::' | '!:' | '>>' | '<<' | '>=' | '<=';

/** A raw value: refused when it holds `{` or `}`. */
function raw(value: string | number): string {
	const text = String(value);
	if (/[{}]/.test(text)) throw new UnsafeFilterValue(text);
	return text;
}

/** `{@string;X}`: compared as a string (SKUs that look like numbers stay strings). */
export function stringLiteral(value: string): string {
	return `{@string;${raw(value)}}`;
}

/** `{@null;}`. */
export const NULL_LITERAL = '{@null;}';

/** `{value}` (numbers, ids, enums, ISO times). */
export function literal(value: string | number): string {
	return `{${raw(value)}}`;
}

/** `[field]<op><literal>`; `value` is a literal already (`stringLiteral`, `literal`, `NULL_LITERAL`). */
export function term(field: string, operator: FilterOperator, value: string): string {
	return `[${field}]${operator}${value}`;
}

/** `[field]=={value}`; strings as `{@string;…}` unless `typed` is false. */
export function eq(
	field: string,
	value: string | number,
	typed = typeof value === 'string',
): string {
	return term(field, '==', typed ? stringLiteral(String(value)) : literal(value));
}

export function ne(field: string, value: string | number): string {
	return term(field, '!=', literal(value));
}

/** Wraps an expression holding `||` or `&&` in parentheses. */
function group(expression: string): string {
	return /&&|\|\|/.test(expression) ? `(${expression})` : expression;
}

export function and(...terms: Array<string | undefined>): string {
	const present = terms.filter((entry): entry is string => Boolean(entry));
	return present.length === 1 ? present[0] : present.map(group).join('&&');
}

export function or(...terms: Array<string | undefined>): string {
	const present = terms.filter((entry): entry is string => Boolean(entry));
	return present.length === 1 ? present[0] : present.map(group).join('||');
}

/**
 * `terms` joined with `||`, as few filters as fit: at most `perFilter` terms (200 by default, as
 * Stokly's own clients batch SKUs) and at most `maxChars` URL-encoded characters each
 * (`LIMITS.filterChars`), so long values (Cloudshelf order references) never make a URL Stokly
 * refuses. A term longer than `maxChars` on its own gets a filter of its own.
 */
export function orBatches(
	terms: readonly string[],
	perFilter: number = LIMITS.skusPerFilter,
	maxChars: number = LIMITS.filterChars,
): string[] {
	const separator = encodeURIComponent('||').length;
	const filters: string[] = [];
	let batch: string[] = [];
	let length = 0;
	for (const entry of terms) {
		const size = encodeURIComponent(entry).length;
		if (batch.length && (batch.length >= perFilter || length + separator + size > maxChars)) {
			filters.push(or(...batch));
			batch = [];
			length = 0;
		}
		length += (batch.length ? separator : 0) + size;
		batch.push(entry);
	}
	if (batch.length) filters.push(or(...batch));
	return filters;
}

/**
 * `[field]=={@string;A}||[field]=={@string;B}…`, batched by count and encoded length
 * (`orBatches`); one filter per batch. Duplicates are sent once.
 */
export function anyOf(
	field: string,
	values: readonly string[],
	perFilter: number = LIMITS.skusPerFilter,
): string[] {
	return orBatches(
		[...new Set(values)].map((value) => eq(field, value, true)),
		perFilter,
	);
}

/** Values a filter cannot carry, to fail their items before anything is sent. */
export function unsafeValue(value: string): boolean {
	return /[{}]/.test(value);
}

export interface StoklyLocation {
	locationId: string;
	name: string;
	status?: number | string;
	[key: string]: unknown;
}

export interface StoklyBin {
	binId: string;
	name: string;
	default?: number;
	status?: number | string;
	[key: string]: unknown;
}

export interface StoklyChannel {
	channelId: string;
	name: string;
	type?: number;
	status?: number;
	[key: string]: unknown;
}

export interface StoklyItem {
	itemId: string;
	sku?: string | null;
	name?: string;
	/** 0 active, 1 archived (INFERRED). */
	status?: number;
	/** 0 simple, 2 variable parent. */
	format?: number;
	barcodes?: string[];
	salePrice?: { amount?: number; currency?: string } | null;
	images?: Array<{ uri?: string }>;
	description?: string;
	variantItems?: string[];
	variableAttributes?: unknown[];
	attributes?: Array<{ name?: string; value?: unknown; itemAttributeId?: string }>;
	timeCreated?: string;
	timeUpdated?: string;
	[key: string]: unknown;
}

export interface InventoryRecord {
	itemId: string;
	itemSku?: string;
	itemName?: string;
	locationId: string;
	locationName?: string;
	binId: string;
	binName?: string;
	onHand?: number;
	quarantined?: number;
	onOrder?: number;
	available?: number;
	[key: string]: unknown;
}

export const PATHS = {
	locations: '/v0/locations',
	location: (id: string) => `/v0/locations/${id}`,
	bins: (locationId: string) => `/v0/locations/${locationId}/bins`,
	channels: '/v0/channels',
	items: '/v0/items',
	item: (id: string) => `/v0/items/${id}`,
	inventoryRecords: '/v1/inventory-records',
	adjustments: '/v1/adjustments',
} as const;

/** Every location (any status), by name. */
export async function listLocations(
	client: StoklyClient,
	itemIndex?: number,
): Promise<StoklyLocation[]> {
	return await client.list<StoklyLocation>(itemIndex, PATHS.locations, {
		sortField: 'name',
		sortDirection: 'ASC',
	});
}

/** Locations by ID or name (`Stokly has no location "…"` naming the locations there are). */
export function locationDirectory(locations: readonly StoklyLocation[]): Directory<StoklyLocation> {
	return new Directory(locations, {
		owner: 'Stokly',
		kind: 'location',
		idOf: (location) => location.locationId,
		nameOf: (location) => location.name,
	});
}

/** Channels by ID or name (`Stokly has no channel "…"`). */
export function channelDirectory(channels: readonly StoklyChannel[]): Directory<StoklyChannel> {
	return new Directory(channels, {
		owner: 'Stokly',
		kind: 'channel',
		idOf: (channel) => channel.channelId,
		nameOf: (channel) => channel.name,
	});
}

/** The bins of a location by ID or name (`Stokly location "…" has no bin "…"`). */
export function binDirectory(
	location: StoklyLocation,
	bins: readonly StoklyBin[],
): Directory<StoklyBin> {
	return new Directory(bins, {
		owner: `Stokly location "${location.name}"`,
		kind: 'bin',
		idOf: (bin) => bin.binId,
		nameOf: (bin) => bin.name,
	});
}

/** Every channel (deleted ones, status 2 INFERRED, left out unless `includeDeleted`). */
export async function listChannels(
	client: StoklyClient,
	itemIndex?: number,
	includeDeleted = false,
): Promise<StoklyChannel[]> {
	return await client.list<StoklyChannel>(itemIndex, PATHS.channels, {
		filter: includeDeleted ? undefined : ne('status', 2),
		sortField: 'name',
		sortDirection: 'ASC',
	});
}

/** The default bin of a location (`[default]=={1}`), or undefined when it has none. */
export async function defaultBin(
	client: StoklyClient,
	locationId: string,
	itemIndex?: number,
): Promise<StoklyBin | undefined> {
	const bins = await client.list<StoklyBin>(itemIndex, PATHS.bins(locationId), {
		filter: term('default', '==', literal(1)),
		pageSize: 10,
		limit: 1,
	});
	return bins[0];
}

/** Items whose SKU is one of `skus`: one listing per batch of SKUs (`anyOf`). */
export async function itemsBySku(
	client: StoklyClient,
	skus: readonly string[],
	itemIndex?: number,
): Promise<StoklyItem[]> {
	const found: StoklyItem[] = [];
	for (const filter of anyOf('sku', skus)) {
		found.push(...(await client.list<StoklyItem>(itemIndex, PATHS.items, { filter })));
	}
	return found;
}

/** Items with these ids (variants of parents): one listing per batch of ids (`anyOf`). */
export async function itemsById(
	client: StoklyClient,
	ids: readonly string[],
	itemIndex?: number,
): Promise<StoklyItem[]> {
	const found: StoklyItem[] = [];
	for (const filter of anyOf('itemId', ids)) {
		found.push(...(await client.list<StoklyItem>(itemIndex, PATHS.items, { filter })));
	}
	return found;
}

/** Variable parents holding any of these variants (`[variantItems]::{id}`, batched as `orBatches`). */
export async function parentsOf(
	client: StoklyClient,
	childIds: readonly string[],
	itemIndex?: number,
): Promise<StoklyItem[]> {
	const found = new Map<string, StoklyItem>();
	const terms = [...new Set(childIds)].map((id) => term('variantItems', '::', literal(id)));
	for (const filter of orBatches(terms)) {
		for (const parent of await client.list<StoklyItem>(itemIndex, PATHS.items, { filter }))
			found.set(parent.itemId, parent);
	}
	return [...found.values()];
}

/** Inventory records matching `filter` (one row per item × location × bin). */
export async function inventoryRecords(
	client: StoklyClient,
	filter: string | undefined,
	itemIndex?: number,
): Promise<InventoryRecord[]> {
	return await client.list<InventoryRecord>(itemIndex, PATHS.inventoryRecords, { filter });
}
