/**
 * commercetools payloads ⇄ the canonical retail model, for reference data (channels, stores), stock
 * (inventory entries) and the catalogue (product projections → catalogue items). Pure functions.
 * Order and delivery mapping lives under actions/order/ and actions/delivery/.
 */
import type {
	Attribute,
	Channel,
	InventoryEntry,
	LocalizedString,
	Price,
	ProductProjection,
	ProductVariant,
	Store,
	TypedMoney,
} from '@commercetools/platform-sdk';

import { withoutUndefined, type StockLevel } from '../shared/model';

/**
 * The text of a LocalizedString in `locale`: exact, then the same language (en → en-GB), then the
 * first one given.
 */
export function localized(
	value: LocalizedString | undefined | null,
	locale: string,
): string | undefined {
	if (!value || typeof value !== 'object') return undefined;
	const entries = Object.entries(value).filter(([, text]) => typeof text === 'string' && text);
	if (!entries.length) return undefined;
	const wanted = locale.trim().toLowerCase();
	const language = wanted.split('-')[0];
	const exact = entries.find(([tag]) => tag.toLowerCase() === wanted);
	const sameLanguage = entries.find(([tag]) => tag.toLowerCase().split('-')[0] === language);
	return (exact ?? sameLanguage ?? entries[0])[1];
}

/** An amount of money as a decimal number (centAmount / 10^fractionDigits). */
export function moneyAmount(money: Pick<TypedMoney, 'centAmount'> & { fractionDigits?: number }) {
	const digits = money.fractionDigits ?? 2;
	return Number((money.centAmount / 10 ** digits).toFixed(digits));
}

// ---------------------------------------------------------------------------------------------
// Channels and stores
// ---------------------------------------------------------------------------------------------

export interface CanonicalChannel {
	key: string;
	name: string;
	roles: string[];
	id: string;
	country?: string;
}

export function toCanonicalChannel(channel: Channel, locale = 'en'): CanonicalChannel {
	return withoutUndefined({
		key: channel.key,
		name: localized(channel.name, locale) ?? channel.key,
		roles: [...(channel.roles ?? [])],
		id: channel.id,
		country: channel.address?.country,
	});
}

/** "Berlin Warehouse (wh-berlin)": how a channel is offered in editor drop-downs. */
export function channelLabel(channel: Channel, locale = 'en'): string {
	const name = localized(channel.name, locale);
	return name && name !== channel.key ? `${name} (${channel.key})` : channel.key;
}

export interface CanonicalStore {
	key: string;
	name: string;
	id: string;
	languages?: string[];
	countries?: string[];
	/** Keys of the store's supply channels (ids when a channel is not known). */
	supplyChannels: string[];
	distributionChannels: string[];
}

export function toCanonicalStore(
	store: Store,
	channelKeys: ReadonlyMap<string, string>,
	locale = 'en',
): CanonicalStore {
	const keyOf = (reference: { id: string; obj?: { key?: string } }) =>
		reference.obj?.key ?? channelKeys.get(reference.id) ?? reference.id;
	return withoutUndefined({
		key: store.key,
		name: localized(store.name, locale) ?? store.key,
		id: store.id,
		languages: store.languages?.length ? [...store.languages] : undefined,
		countries: store.countries?.length ? store.countries.map((country) => country.code) : undefined,
		supplyChannels: (store.supplyChannels ?? []).map(keyOf),
		distributionChannels: (store.distributionChannels ?? []).map(keyOf),
	});
}

// ---------------------------------------------------------------------------------------------
// Stock
// ---------------------------------------------------------------------------------------------

/** A canonical stock level with commercetools' physical quantity beside the available one. */
export interface CommercetoolsStockLevel extends StockLevel {
	/** Channel key; absent for an entry without a supply channel. */
	location?: string;
	/** availableQuantity: on stock minus reservations. */
	quantity: number;
	/** quantityOnStock: what `changeQuantity` sets. */
	onStock: number;
}

export function toStockLevel(
	entry: Pick<InventoryEntry, 'sku' | 'availableQuantity' | 'quantityOnStock'>,
	channelKey: string | undefined,
): CommercetoolsStockLevel {
	return withoutUndefined({
		sku: entry.sku,
		location: channelKey,
		quantity: Math.max(0, entry.availableQuantity ?? entry.quantityOnStock ?? 0),
		onStock: entry.quantityOnStock ?? 0,
	});
}

/**
 * A key for a new inventory entry from its SKU and channel key. Keys allow `[A-Za-z0-9_-]` and
 * 2..256 characters (VERIFIED): other characters become "-", and a hash keeps keys that differ
 * only there apart.
 */
export function inventoryEntryKey(sku: string, channelKey: string | undefined): string {
	const raw = `${sku}__${channelKey ?? 'no-channel'}`;
	const safe = raw.replace(/[^A-Za-z0-9_-]/g, '-');
	if (safe === raw && raw.length <= 256) return raw;
	return `${safe.slice(0, 230)}-${fnv1a(raw)}`;
}

/**
 * The custom-object key of a change key: custom-object keys allow `[-_~.a-zA-Z0-9]` (VERIFIED,
 * CustomObjectDraft); a key with other characters, or longer than 200, is cleaned and suffixed with
 * a hash of the original, so two different change keys never share a record.
 */
export function changeRecordKey(changeKey: string): string {
	const trimmed = changeKey.trim();
	if (/^[-_~.a-zA-Z0-9]{1,200}$/.test(trimmed)) return trimmed;
	return `${trimmed.replace(/[^-_~.a-zA-Z0-9]/g, '_').slice(0, 180)}~${fnv1a(trimmed)}`;
}

/**
 * A 64-bit hash of the text as 16 hex digits: two 32-bit FNV-1a passes with different offsets (no
 * crypto module in node code). Only used to keep cleaned keys apart, not for security.
 */
export function fnv1a(text: string): string {
	const pass = (offset: number) => {
		let hash = offset >>> 0;
		for (let index = 0; index < text.length; index++) {
			hash ^= text.charCodeAt(index);
			hash = Math.imul(hash, 0x01000193) >>> 0;
		}
		return hash.toString(16).padStart(8, '0');
	};
	return `${pass(0x811c9dc5)}${pass(0x050c5d1f)}`;
}

// ---------------------------------------------------------------------------------------------
// Catalogue
// ---------------------------------------------------------------------------------------------

/** What Cloudshelf Product → Create or Update reads by default. */
export interface CatalogueItem {
	sku: string;
	productKey: string;
	productName: string;
	variantName: string;
	/** The selected price: its discounted value when a product discount applies. */
	price: number;
	currency: string;
	/** The undiscounted value, when a discount applies. */
	originalPrice?: number;
	imageUrl?: string;
	barcode?: string;
	vendor?: string;
	attributes?: Record<string, string>;
}

export interface PriceSelection {
	currency: string;
	/** ISO 3166-1 alpha-2; prices for this country win over prices for every country. */
	country?: string;
	/** Channel id; prices for this channel win over prices without one. */
	channelId?: string;
	/** ISO 8601 time the price must be valid at. */
	now: string;
}

/**
 * The price of a variant for a currency (and optional country and channel), the way commercetools'
 * price selection chooses (VERIFIED in outline, "Price selection" docs): currency must match;
 * country and channel must match when the price has one (a price without applies to all), and a
 * price without customer group; validity dates respected; the most specific price wins.
 */
export function selectPrice(
	prices: readonly Price[] | undefined,
	selection: PriceSelection,
): Price | undefined {
	const now = Date.parse(selection.now);
	const currency = selection.currency.trim().toUpperCase();
	const country = selection.country?.trim().toUpperCase() || undefined;
	let best: { price: Price; rank: number } | undefined;
	for (const price of prices ?? []) {
		if (price.value?.currencyCode?.toUpperCase() !== currency) continue;
		if (price.customerGroup) continue;
		if (price.country && price.country.toUpperCase() !== country) continue;
		if (price.channel && price.channel.id !== selection.channelId) continue;
		if (price.validFrom && Date.parse(price.validFrom) > now) continue;
		if (price.validUntil && Date.parse(price.validUntil) < now) continue;
		const rank =
			(price.country ? 4 : 0) +
			(price.channel ? 2 : 0) +
			(price.validFrom || price.validUntil ? 1 : 0);
		if (!best || rank > best.rank) best = { price, rank };
	}
	return best?.price;
}

/** Attribute names read as the barcode and the vendor (first present wins, case-insensitive). */
const BARCODE_ATTRIBUTES = ['barcode', 'ean', 'gtin', 'upc', 'ean13'];
const VENDOR_ATTRIBUTES = ['vendor', 'brand', 'manufacturer', 'designer'];

/** A simple attribute value as text (text, number, boolean, localized text, enum); else undefined. */
export function attributeText(value: unknown, locale: string): string | undefined {
	if (value === null || value === undefined) return undefined;
	if (typeof value === 'string') return value || undefined;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (typeof value !== 'object' || Array.isArray(value)) return undefined;
	const record = value as Record<string, unknown>;
	if ('label' in record) {
		const label = record.label;
		if (typeof label === 'string') return label;
		return localized(label as LocalizedString, locale) ?? (record.key as string | undefined);
	}
	if ('centAmount' in record) return undefined;
	if ('typeId' in record) return undefined;
	return localized(record as LocalizedString, locale);
}

function findAttribute(attributes: readonly Attribute[], names: readonly string[]) {
	for (const name of names) {
		const found = attributes.find((attribute) => attribute.name.toLowerCase() === name);
		if (found) return found;
	}
	return undefined;
}

export interface CatalogueOptions extends PriceSelection {
	locale: string;
}

/** Why a variant is not a catalogue item: what the user must fix, naming product and variant. */
export interface VariantProblem {
	productId: string;
	productKey?: string;
	variantId: number;
	sku?: string;
	problem: 'noSku' | 'noPrice' | 'duplicateSku';
	message: string;
	hint: string;
}

export function productLabel(product: Pick<ProductProjection, 'id' | 'key'>): string {
	return product.key ? `Product "${product.key}"` : `Product ${product.id} (no key)`;
}

export function variantsOf(product: ProductProjection): ProductVariant[] {
	return [product.masterVariant, ...(product.variants ?? [])].filter(Boolean);
}

/**
 * One product projection as catalogue items, one per variant, and the variants that cannot be one
 * (no SKU, no price in the selection). Never falls back to an internal id for a missing SKU.
 */
export function toCatalogueItems(
	product: ProductProjection,
	options: CatalogueOptions,
): { items: Array<{ variantId: number; item: CatalogueItem }>; problems: VariantProblem[] } {
	const items: Array<{ variantId: number; item: CatalogueItem }> = [];
	const problems: VariantProblem[] = [];
	const productName = localized(product.name, options.locale) ?? product.key ?? product.id;
	const label = productLabel(product);
	for (const variant of variantsOf(product)) {
		const sku = variant.sku?.trim();
		if (!sku) {
			problems.push({
				productId: product.id,
				productKey: product.key,
				variantId: variant.id,
				problem: 'noSku',
				message: `${label}: variant ${variant.id} has no SKU, so it cannot be matched to stock or orders`,
				hint: 'Give the variant a SKU in commercetools (Merchant Center → Products → the product → Variants), then run again. It is not pushed under an internal id.',
			});
			continue;
		}
		const price = selectPrice(variant.prices, options);
		if (!price) {
			const scope = [
				options.currency,
				options.country ? `country ${options.country}` : undefined,
				options.channelId ? 'the chosen price channel' : undefined,
			]
				.filter(Boolean)
				.join(', ');
			problems.push({
				productId: product.id,
				productKey: product.key,
				variantId: variant.id,
				sku,
				problem: 'noPrice',
				message: `${label}: variant ${variant.id} (SKU ${sku}) has no price in ${scope}`,
				hint: `Add a ${options.currency} price valid now to the variant (without customer group), or change Price Currency / Price Country / Price Channel, then run again.`,
			});
			continue;
		}
		items.push({
			variantId: variant.id,
			item: catalogueItem(product, variant, price, productName, sku, options),
		});
	}
	return { items, problems };
}

function catalogueItem(
	product: ProductProjection,
	variant: ProductVariant,
	price: Price,
	productName: string,
	sku: string,
	options: CatalogueOptions,
): CatalogueItem {
	const attributes = variant.attributes ?? [];
	const barcodeAttribute = findAttribute(attributes, BARCODE_ATTRIBUTES);
	const vendorAttribute = findAttribute(attributes, VENDOR_ATTRIBUTES);
	const shown: Record<string, string> = {};
	for (const attribute of attributes) {
		if (attribute === barcodeAttribute || attribute === vendorAttribute) continue;
		const text = attributeText(attribute.value, options.locale);
		if (text !== undefined) shown[attribute.name] = text;
	}
	const values = Object.values(shown);
	const discounted = price.discounted?.value;
	return withoutUndefined({
		sku,
		productKey: product.key ?? product.id,
		productName,
		variantName: values.length ? values.join(' / ') : productName,
		price: moneyAmount(discounted ?? price.value),
		currency: price.value.currencyCode,
		originalPrice: discounted ? moneyAmount(price.value) : undefined,
		imageUrl: variant.images?.[0]?.url,
		barcode: barcodeAttribute ? attributeText(barcodeAttribute.value, options.locale) : undefined,
		vendor: vendorAttribute ? attributeText(vendorAttribute.value, options.locale) : undefined,
		attributes: values.length ? shown : undefined,
	});
}
