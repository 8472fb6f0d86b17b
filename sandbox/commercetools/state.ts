/**
 * The commercetools sandbox's state helpers: seed channels, stores, product types, products,
 * inventory entries and messages straight into the mock's storage (./mock.ts), synchronously, and
 * read them back by the identifiers tests know (channel key, sku + channel key, orderNumber).
 * Orders are imported through the API path instead (`CommercetoolsSandbox.importOrder`), so a
 * seeded order is exactly what an import makes.
 */
import { randomUUID } from 'node:crypto';

import type {
	Attribute,
	Channel,
	ChannelReference,
	ChannelRoleEnum,
	Image,
	InventoryEntry,
	InventoryEntryQuantitySetMessage,
	LocalizedString,
	Message,
	Order,
	Price,
	Product,
	ProductData,
	ProductType,
	ProductVariant,
	Store,
} from '@commercetools/platform-sdk';

import { SandboxStorage, type CollectionName, type Collections, type DocumentMap } from './mock';

export interface ChannelSeed {
	key: string;
	name?: string;
	/** Default `["InventorySupply"]`, as the API defaults a channel draft without roles. */
	roles?: ChannelRoleEnum[];
}

export interface StoreSeed {
	key: string;
	name?: string;
	/** Channel keys. */
	supplyChannels?: string[];
	distributionChannels?: string[];
	countries?: string[];
	languages?: string[];
}

export interface PriceSeed {
	currency: string;
	centAmount: number;
	country?: string;
	/** Channel key (a ProductDistribution channel). */
	channel?: string;
	/** Discounted value in cents (the price then carries `discounted`). */
	discountedCentAmount?: number;
}

export interface VariantSeed {
	/** Omitted for a variant without SKU (which the catalogue flow must report). */
	sku?: string;
	key?: string;
	prices?: PriceSeed[];
	images?: string[];
	attributes?: Record<string, unknown>;
}

export interface ProductSeed {
	key: string;
	name: string | LocalizedString;
	/** Product type key; the sandbox's default type when omitted. */
	productType?: string;
	/** Default true: the current (published) projection holds the variants. */
	published?: boolean;
	/** The first is the master variant. */
	variants: VariantSeed[];
}

export interface InventorySeed {
	sku: string;
	/** Supply channel key; none = the SKU's channel-less entry. */
	channel?: string;
	quantityOnStock: number;
	/** Default = quantityOnStock (no reservations). */
	availableQuantity?: number;
	key?: string;
}

export interface SeedData {
	channels?: ChannelSeed[];
	stores?: StoreSeed[];
	productTypes?: Array<{ key: string; name?: string }>;
	products?: ProductSeed[];
	inventory?: InventorySeed[];
}

export const DEFAULT_PRODUCT_TYPE = 'sandbox-product-type';

/** What every stored resource carries. */
function baseProperties(at = new Date().toISOString()) {
	const client = { clientId: 'sandbox-seed', isPlatformClient: false };
	return {
		id: randomUUID(),
		version: 1,
		createdAt: at,
		lastModifiedAt: at,
		createdBy: client,
		lastModifiedBy: client,
	};
}

const localized = (value: string | LocalizedString): LocalizedString =>
	typeof value === 'string' ? { en: value } : value;

const slugOf = (text: string) => text.toLowerCase().replace(/[^a-z0-9_-]+/g, '-');

export class CommercetoolsState {
	/** Per-resource message sequence numbers (the API numbers each resource's messages from 1). */
	private readonly sequenceNumbers = new Map<string, number>();

	constructor(readonly storage: SandboxStorage) {}

	private collection<Name extends CollectionName>(name: Name): DocumentMap<Collections[Name]> {
		return this.storage.collection(name);
	}

	reset(): void {
		void this.storage.clear();
		this.storage.setMessagesEnabled(true);
		this.sequenceNumbers.clear();
	}

	/**
	 * Switches the project's Messages API. INFERRED (A8: messages must be enabled on the project):
	 * while it is off, writes record no messages and `GET /messages` answers an empty page.
	 */
	setMessagesEnabled(enabled: boolean): void {
		this.storage.setMessagesEnabled(enabled);
	}

	messagesEnabled(): boolean {
		return this.storage.project().messages.enabled;
	}

	seed(data: SeedData): void {
		data.channels?.forEach((channel) => this.addChannel(channel));
		data.stores?.forEach((store) => this.addStore(store));
		data.productTypes?.forEach((type) => this.addProductType(type));
		if (data.products) this.addProducts(data.products);
		data.inventory?.forEach((entry) => this.addInventory(entry));
	}

	// --- channels and stores ---

	addChannel(seed: ChannelSeed): Channel {
		const channel: Channel = {
			...baseProperties(),
			key: seed.key,
			roles: seed.roles ?? ['InventorySupply'],
			name: seed.name === undefined ? undefined : { en: seed.name },
		};
		this.collection('channel').set(channel.id, channel);
		return channel;
	}

	channel(key: string): Channel | undefined {
		for (const channel of this.collection('channel').peekAll())
			if (channel.key === key) return this.collection('channel').get(channel.id);
		return undefined;
	}

	channels(): Channel[] {
		return [...this.collection('channel').values()];
	}

	/** A channel reference by key (throws for an unknown key: a seeding mistake). */
	channelReference(key: string): ChannelReference {
		const channel = this.channel(key);
		if (!channel) throw new Error(`No channel with key ${key}: add it before referencing it`);
		return { typeId: 'channel', id: channel.id };
	}

	addStore(seed: StoreSeed): Store {
		const store: Store = {
			...baseProperties(),
			key: seed.key,
			name: seed.name === undefined ? undefined : { en: seed.name },
			languages: seed.languages ?? ['en'],
			countries: (seed.countries ?? []).map((code) => ({ code })),
			distributionChannels: (seed.distributionChannels ?? []).map((key) =>
				this.channelReference(key),
			),
			supplyChannels: (seed.supplyChannels ?? []).map((key) => this.channelReference(key)),
			productSelections: [],
		};
		this.collection('store').set(store.id, store);
		return store;
	}

	store(key: string): Store | undefined {
		for (const store of this.collection('store').peekAll())
			if (store.key === key) return this.collection('store').get(store.id);
		return undefined;
	}

	// --- product types and products ---

	addProductType(seed: { key: string; name?: string }): ProductType {
		const type: ProductType = {
			...baseProperties(),
			key: seed.key,
			name: seed.name ?? seed.key,
			description: seed.name ?? seed.key,
			attributes: [],
		};
		this.collection('product-type').set(type.id, type);
		return type;
	}

	private productTypeId(key: string): string {
		for (const type of this.collection('product-type').peekAll())
			if (type.key === key) return type.id;
		return this.addProductType({ key }).id;
	}

	/** Products with their variants and prices, published unless said otherwise. Fast: no requests. */
	addProducts(seeds: ProductSeed[]): Product[] {
		const typeIds = new Map<string, string>();
		const channelIds = new Map<string, string>();
		const channelId = (key: string) => {
			if (!channelIds.has(key)) channelIds.set(key, this.channelReference(key).id);
			return channelIds.get(key)!;
		};
		return seeds.map((seed) => {
			const typeKey = seed.productType ?? DEFAULT_PRODUCT_TYPE;
			if (!typeIds.has(typeKey)) typeIds.set(typeKey, this.productTypeId(typeKey));
			const variants: ProductVariant[] = seed.variants.map((variant, index) => ({
				id: index + 1,
				sku: variant.sku,
				key: variant.key,
				prices: (variant.prices ?? []).map((price) => this.price(price, channelId)),
				images: (variant.images ?? []).map(
					(url): Image => ({ url, dimensions: { w: 800, h: 800 } }),
				),
				attributes: Object.entries(variant.attributes ?? {}).map(
					([name, value]): Attribute => ({ name, value }),
				),
				assets: [],
			}));
			const name = localized(seed.name);
			const data: ProductData = {
				name,
				slug: { en: slugOf(seed.key) },
				categories: [],
				categoryOrderHints: {},
				masterVariant: variants[0],
				variants: variants.slice(1),
				searchKeywords: {},
				attributes: [],
			};
			const product: Product = {
				...baseProperties(),
				key: seed.key,
				productType: { typeId: 'product-type', id: typeIds.get(typeKey)! },
				masterData: {
					current: data,
					staged: data,
					published: seed.published ?? true,
					hasStagedChanges: false,
				},
			};
			this.collection('product').set(product.id, product);
			return product;
		});
	}

	private price(seed: PriceSeed, channelId: (key: string) => string): Price {
		const money = (centAmount: number) => ({
			type: 'centPrecision' as const,
			currencyCode: seed.currency,
			centAmount,
			fractionDigits: 2,
		});
		return {
			id: randomUUID(),
			value: money(seed.centAmount),
			country: seed.country,
			channel: seed.channel ? { typeId: 'channel', id: channelId(seed.channel) } : undefined,
			discounted:
				seed.discountedCentAmount === undefined
					? undefined
					: {
							value: money(seed.discountedCentAmount),
							discount: { typeId: 'product-discount', id: 'sandbox-discount' },
						},
		};
	}

	product(key: string): Product | undefined {
		for (const product of this.collection('product').peekAll())
			if (product.key === key) return this.collection('product').get(product.id);
		return undefined;
	}

	productCount(): number {
		return this.collection('product').size;
	}

	// --- inventory ---

	addInventory(seed: InventorySeed): InventoryEntry {
		const entry: InventoryEntry = {
			...baseProperties(),
			key: seed.key,
			sku: seed.sku,
			supplyChannel: seed.channel ? this.channelReference(seed.channel) : undefined,
			quantityOnStock: seed.quantityOnStock,
			availableQuantity: seed.availableQuantity ?? seed.quantityOnStock,
		};
		this.collection('inventory-entry').set(entry.id, entry);
		return entry;
	}

	/** The entry of (sku, supply channel key); channel-less when no key is given. */
	inventory(sku: string, channelKey?: string): InventoryEntry | undefined {
		const channelId = channelKey === undefined ? undefined : this.channel(channelKey)?.id;
		if (channelKey !== undefined && !channelId) return undefined;
		for (const entry of this.collection('inventory-entry').peekAll())
			if (entry.sku === sku && entry.supplyChannel?.id === channelId)
				return this.collection('inventory-entry').get(entry.id);
		return undefined;
	}

	inventoryEntries(): InventoryEntry[] {
		return [...this.collection('inventory-entry').values()];
	}

	/**
	 * Sets an entry's quantity on stock as a `changeQuantity` would (version + 1) and records the
	 * InventoryEntryQuantitySet message a real write records: fast seeding of stock events.
	 */
	setQuantity(
		sku: string,
		channelKey: string | undefined,
		quantityOnStock: number,
		at?: string,
	): InventoryEntryQuantitySetMessage | undefined {
		const entry = this.inventory(sku, channelKey);
		if (!entry) throw new Error(`No inventory entry for ${sku} in ${channelKey ?? 'no channel'}`);
		const updated: InventoryEntry = {
			...entry,
			version: entry.version + 1,
			quantityOnStock,
			availableQuantity: quantityOnStock,
			lastModifiedAt: at ?? new Date().toISOString(),
		};
		this.collection('inventory-entry').set(entry.id, updated);
		return this.recordMessage(quantitySetMessage(entry, updated), updated.version, at) as
			| InventoryEntryQuantitySetMessage
			| undefined;
	}

	// --- orders (stored by the import path) ---

	order(orderNumber: string): Order | undefined {
		for (const order of this.collection('order').peekAll())
			if (order.orderNumber === orderNumber) return this.collection('order').get(order.id);
		return undefined;
	}

	orders(): Order[] {
		return [...this.collection('order').values()];
	}

	// --- messages ---

	/**
	 * Records a message of a resource: id, version 1, the resource's next sequence number,
	 * createdAt/lastModifiedAt = `at` (now by default), the identifiers of the resource.
	 */
	recordMessage(
		payload: MessagePayloadOf,
		resourceVersion: number,
		at?: string,
	): Message | undefined {
		if (!this.messagesEnabled()) return undefined;
		const sequenceNumber = (this.sequenceNumbers.get(payload.resource.id) ?? 0) + 1;
		this.sequenceNumbers.set(payload.resource.id, sequenceNumber);
		const time = at ?? new Date().toISOString();
		const message = {
			...payload,
			id: randomUUID(),
			version: 1,
			sequenceNumber,
			resourceVersion,
			createdAt: time,
			lastModifiedAt: time,
			createdBy: { clientId: 'sandbox', isPlatformClient: false },
			lastModifiedBy: { clientId: 'sandbox', isPlatformClient: false },
		} as Message;
		this.collection('message').set(message.id, message);
		return message;
	}

	/** Recorded messages in the API's order (createdAt, then id), optionally of some types. */
	messages(types?: string[]): Message[] {
		return [...this.collection('message').values()]
			.filter((message) => !types || types.includes(message.type))
			.sort((a, b) =>
				a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1,
			);
	}
}

/** A message without what `recordMessage` adds. */
export type MessagePayloadOf = {
	type: string;
	resource: Message['resource'];
	resourceUserProvidedIdentifiers?: Message['resourceUserProvidedIdentifiers'];
} & Record<string, unknown>;

/** The InventoryEntryQuantitySet payload between two states of one entry. */
export function quantitySetMessage(
	before: InventoryEntry,
	after: InventoryEntry,
): MessagePayloadOf {
	return {
		type: 'InventoryEntryQuantitySet',
		resource: { typeId: 'inventory-entry', id: after.id },
		resourceUserProvidedIdentifiers: { sku: after.sku, key: after.key },
		oldQuantityOnStock: before.quantityOnStock,
		newQuantityOnStock: after.quantityOnStock,
		oldAvailableQuantity: before.availableQuantity,
		newAvailableQuantity: after.availableQuantity,
		sku: after.sku,
		supplyChannel: after.supplyChannel,
	};
}
