/**
 * In-memory Cloudshelf organisation: locations, products and variants, stock per variant and
 * location, kiosk sessions and orders. Upsert semantics follow the vendor docs: an input `id` (a
 * Cloudshelf id or a `gid://external/...` id) that exists is updated, an unknown external id is
 * created with that id as `platformProvidedId`, an unknown Cloudshelf id is an ENTITY_NOT_FOUND
 * user error.
 */
export interface UserError {
	code: string;
	message: string;
}

interface Timestamps {
	createdAt: string;
	updatedAt: string;
}

export interface LocationRecord extends Timestamps {
	id: string;
	platformProvidedId: string | null;
	displayName: string;
	address: string;
	countryCode: string;
	fulfillsOnlineOrders: boolean;
}

export interface ProductRecord extends Timestamps {
	id: string;
	platformProvidedId: string | null;
	displayName: string;
	handle: string;
	description: string | null;
	productType: string | null;
	vendor: string | null;
	tags: string[];
}

export interface VariantRecord {
	id: string;
	platformProvidedId: string | null;
	productId: string;
	sku: string;
	barcode: string | null;
	displayName: string;
	currentPrice: number;
	originalPrice: number;
	isInStock: boolean;
	availableToPurchase: boolean;
	attributes: Array<{ key: string; value: string }>;
	position: number | null;
}

export interface StockRecord extends Timestamps {
	id: string;
	locationId: string;
	variantId: string;
	quantity: number;
}

export interface SessionRecord {
	id: string;
	deviceId: string | null;
	deviceName: string | null;
	locationId: string | null;
	locationName: string | null;
	cloudshelfId: string | null;
	salesAssistantId: string | null;
	salesAssistantName: string | null;
	fulfilmentMethod: string | null;
	paymentMethod: string | null;
	basketValue: number;
	basketCurrencyCode: string;
}

export interface OrderLineRecord {
	id: string;
	productId: string;
	productName: string;
	productVariantId: string;
	productVariantName: string;
	platformProvidedId: string | null;
	platformProvidedProductId: string | null;
	platformProvidedProductVariantId: string | null;
	quantity: number;
	price: number;
	currencyCode: string;
	customAttributes: Array<{ key: string; value: string }>;
	createdAt: string;
	updatedAt: string;
}

export interface OrderRecord extends Timestamps {
	id: string;
	thirdPartyId: string | null;
	status: string;
	discountCode: string | null;
	sessionId: string | null;
	lines: OrderLineRecord[];
}

/** What a test or demo seeds: a kiosk order placed on a device at a location. */
export interface SeedOrder {
	id?: string;
	status?: string;
	createdAt?: string;
	updatedAt?: string;
	location: string;
	device?: string;
	salesAssistant?: string;
	paymentMethod?: string;
	/**
	 * The session's fulfilment method. Its values are UNKNOWN in Cloudshelf's reference; kiosk
	 * (endless-aisle) orders say 'delivery', the default. ASSUMED: an in-store sale says 'in_store'.
	 */
	fulfilmentMethod?: string;
	/** `variant` is a SKU or variant id; an id Cloudshelf does not know gives a line of an unknown variant. */
	lines: Array<{ variant: string; quantity: number; price?: number; currencyCode?: string }>;
}

export interface CloudshelfSeed {
	locations?: Array<{
		id: string;
		displayName: string;
		address?: string;
		countryCode?: string;
		fulfillsOnlineOrders?: boolean;
	}>;
	products?: Array<{
		id: string;
		displayName: string;
		variants: Array<{ id: string; sku: string; displayName?: string; currentPrice?: number }>;
	}>;
	orders?: SeedOrder[];
}

let sequence = 0;
/** ULID-looking, sortable ids (the real ones are ULIDs). */
function ulid(): string {
	sequence++;
	return `01J${Date.now().toString(32).toUpperCase().padStart(10, '0')}${sequence.toString(32).toUpperCase().padStart(8, '0')}`;
}

export function cloudshelfGid(type: string): string {
	return `gid://cloudshelf/${type}/${ulid()}`;
}

export class CloudshelfState {
	locations = new Map<string, LocationRecord>();
	products = new Map<string, ProductRecord>();
	variants = new Map<string, VariantRecord>();
	stock = new Map<string, StockRecord>();
	sessions = new Map<string, SessionRecord>();
	orders = new Map<string, OrderRecord>();
	/** Organisation setting: a variant is in stock when quantity is above this number. */
	safetyStockNumber = 0;
	private seeding = false;

	reset(): void {
		this.locations.clear();
		this.products.clear();
		this.variants.clear();
		this.stock.clear();
		this.sessions.clear();
		this.orders.clear();
		this.external.clear();
	}

	/**
	 * Per kind (the record map), records by their platform-provided (external) id, so lookups stay
	 * O(1) at 100k variants. One index per kind: a location and a product may share an external id.
	 */
	private readonly external = new Map<Map<string, { id: string }>, Map<string, { id: string }>>();

	private find<T extends { id: string }>(
		map: Map<string, T>,
		id: string | null | undefined,
	): T | undefined {
		if (!id) return undefined;
		const direct = map.get(id);
		if (direct) return direct;
		const byExternal = this.external.get(map)?.get(id) as T | undefined;
		// Still the record the map holds (not one since replaced or removed).
		return byExternal && map.get(byExternal.id) === byExternal ? byExternal : undefined;
	}

	private index<T extends { id: string; platformProvidedId: string | null }>(
		map: Map<string, T>,
		record: T,
	): void {
		map.set(record.id, record);
		if (!record.platformProvidedId) return;
		const external = this.external.get(map) ?? new Map<string, { id: string }>();
		this.external.set(map, external);
		external.set(record.platformProvidedId, record);
	}

	findLocation(id: string | null | undefined) {
		return this.find(this.locations, id);
	}

	findProduct(id: string | null | undefined) {
		return this.find(this.products, id);
	}

	findVariant(id: string | null | undefined) {
		return this.find(this.variants, id);
	}

	findOrder(id: string | null | undefined): OrderRecord | undefined {
		if (!id) return undefined;
		return (
			this.orders.get(id) ?? [...this.orders.values()].find((order) => order.thirdPartyId === id)
		);
	}

	/** Where an upsert goes: an existing record, a new one with this external id, or an error. */
	private target<T>(
		kind: string,
		id: string | null | undefined,
		existing: T | undefined,
	): { record?: T; newId?: string; external?: string; error?: UserError } {
		if (existing) return { record: existing };
		if (!id) return { newId: cloudshelfGid(kind) };
		if (id.startsWith('gid://external/')) return { newId: cloudshelfGid(kind), external: id };
		// Seeds may create records under given Cloudshelf ids (as if made by another connector).
		if (this.seeding) return { newId: id };
		return { error: { code: 'ENTITY_NOT_FOUND', message: `${kind} ${id} not found` } };
	}

	upsertLocation(input: Record<string, unknown>): { record?: LocationRecord; error?: UserError } {
		const id = input.id as string | undefined;
		const target = this.target('Location', id, this.findLocation(id));
		if (target.error) return target;
		const now = new Date().toISOString();
		if (!target.record && !input.displayName) {
			return {
				error: {
					code: 'ENTITY_CREATION_MISSING_FIELD',
					message: `Location ${id ?? ''} needs a displayName`.trim(),
				},
			};
		}
		const record: LocationRecord = target.record ?? {
			id: target.newId!,
			platformProvidedId: target.external ?? null,
			displayName: '',
			address: '',
			countryCode: 'GB',
			fulfillsOnlineOrders: false,
			createdAt: now,
			updatedAt: now,
		};
		for (const field of [
			'displayName',
			'address',
			'countryCode',
			'fulfillsOnlineOrders',
		] as const) {
			if (input[field] !== undefined && input[field] !== null)
				(record as unknown as Record<string, unknown>)[field] = input[field];
		}
		record.updatedAt = now;
		this.index(this.locations, record);
		return { record };
	}

	upsertProduct(input: Record<string, unknown>): { record?: ProductRecord; error?: UserError } {
		const id = input.id as string | undefined;
		const target = this.target('Product', id, this.findProduct(id));
		if (target.error) return target;
		if (!target.record && !input.displayName) {
			return {
				error: {
					code: 'ENTITY_CREATION_MISSING_FIELD',
					message: `Product ${id ?? ''} needs a displayName`.trim(),
				},
			};
		}
		const now = new Date().toISOString();
		const record: ProductRecord = target.record ?? {
			id: target.newId!,
			platformProvidedId: target.external ?? null,
			displayName: '',
			handle: '',
			description: null,
			productType: null,
			vendor: null,
			tags: [],
			createdAt: now,
			updatedAt: now,
		};
		for (const field of [
			'displayName',
			'handle',
			'description',
			'productType',
			'vendor',
			'tags',
		] as const) {
			if (input[field] !== undefined && input[field] !== null)
				(record as unknown as Record<string, unknown>)[field] = input[field];
		}
		record.handle ||= record.displayName
			.toLowerCase()
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-|-$/g, '');
		record.updatedAt = now;
		this.index(this.products, record);
		return { record };
	}

	upsertVariant(
		productId: string,
		input: Record<string, unknown>,
	): { record?: VariantRecord; error?: UserError } {
		const product = this.findProduct(productId);
		if (!product)
			return { error: { code: 'ENTITY_NOT_FOUND', message: `Product ${productId} not found` } };
		const id = input.id as string | undefined;
		const target = this.target('ProductVariant', id, this.findVariant(id));
		if (target.error) return target;
		if (!target.record && (!input.sku || input.currentPrice === undefined)) {
			return {
				error: {
					code: 'ENTITY_CREATION_MISSING_FIELD',
					message: `ProductVariant ${id ?? ''} needs a sku and a currentPrice`,
				},
			};
		}
		const record: VariantRecord = target.record ?? {
			id: target.newId!,
			platformProvidedId: target.external ?? null,
			productId: product.id,
			sku: '',
			barcode: null,
			displayName: '',
			currentPrice: 0,
			originalPrice: 0,
			isInStock: true,
			availableToPurchase: true,
			attributes: [],
			position: null,
		};
		record.productId = product.id;
		for (const field of [
			'sku',
			'barcode',
			'displayName',
			'currentPrice',
			'originalPrice',
			'isInStock',
			'availableToPurchase',
			'attributes',
			'position',
		] as const) {
			if (input[field] !== undefined && input[field] !== null)
				(record as unknown as Record<string, unknown>)[field] = input[field];
		}
		this.index(this.variants, record);
		return { record };
	}

	upsertStockLevel(input: { locationId: string; productVariantId: string; quantity: number }): {
		record?: StockRecord;
		error?: UserError;
	} {
		const location = this.findLocation(input.locationId);
		if (!location)
			return {
				error: { code: 'ENTITY_NOT_FOUND', message: `Location ${input.locationId} not found` },
			};
		const variant = this.findVariant(input.productVariantId);
		if (!variant)
			return {
				error: {
					code: 'ENTITY_NOT_FOUND',
					message: `ProductVariant ${input.productVariantId} not found`,
				},
			};
		const key = `${location.id}|${variant.id}`;
		const now = new Date().toISOString();
		const record = this.stock.get(key) ?? {
			id: cloudshelfGid('StockLevel'),
			locationId: location.id,
			variantId: variant.id,
			quantity: 0,
			createdAt: now,
			updatedAt: now,
		};
		record.quantity = input.quantity;
		record.updatedAt = now;
		this.stock.set(key, record);
		return { record };
	}

	/** Quantity of a variant (by SKU) at a location (by any id), for assertions. */
	quantityOf(sku: string, location: string): number | undefined {
		const variant = [...this.variants.values()].find((candidate) => candidate.sku === sku);
		const place =
			this.findLocation(location) ??
			[...this.locations.values()].find((candidate) => candidate.displayName === location);
		if (!variant || !place) return undefined;
		return this.stock.get(`${place.id}|${variant.id}`)?.quantity;
	}

	upsertOrder(input: Record<string, unknown>): { record?: OrderRecord; error?: UserError } {
		const order = this.findOrder((input.id as string) ?? (input.thirdPartyId as string));
		if (!order) {
			// Third parties report purchases on orders the kiosk created; they do not create kiosk orders.
			return {
				error: {
					code: 'ENTITY_NOT_FOUND',
					message: `Order ${input.id ?? input.thirdPartyId} not found`,
				},
			};
		}
		if (input.status) order.status = input.status as string;
		if (input.newThirdPartyId) order.thirdPartyId = input.newThirdPartyId as string;
		if (input.discountCode !== undefined) order.discountCode = input.discountCode as string | null;
		for (const line of (input.lines as Array<Record<string, unknown>> | undefined) ?? []) {
			// ASSUMED: lines sent with an id update that line (given fields only); whether the real API
			// merges or replaces lines is UNKNOWN.
			const existing = order.lines.find((candidate) => candidate.id === line.id);
			if (!existing)
				return {
					error: {
						code: 'ENTITY_NOT_FOUND',
						message: `Order line ${line.id} not found on order ${order.id}`,
					},
				};
			if (line.quantity !== undefined) existing.quantity = line.quantity as number;
			if (line.price !== undefined) existing.price = line.price as number;
			if (line.customAttributes)
				existing.customAttributes = line.customAttributes as Array<{ key: string; value: string }>;
			existing.updatedAt = new Date().toISOString();
		}
		order.updatedAt = new Date().toISOString();
		return { record: order };
	}

	/** Kiosk orders are created by kiosks, not by the API: tests and demos seed them here. */
	seedOrder(seed: SeedOrder): OrderRecord {
		const location =
			this.findLocation(seed.location) ??
			[...this.locations.values()].find((candidate) => candidate.displayName === seed.location);
		if (!location) throw new Error(`Seed names unknown location ${seed.location}`);
		const session: SessionRecord = {
			id: cloudshelfGid('Session'),
			deviceId: cloudshelfGid('Device'),
			deviceName: seed.device ?? 'Kiosk 1',
			locationId: location.id,
			locationName: location.displayName,
			cloudshelfId: cloudshelfGid('Cloudshelf'),
			salesAssistantId: null,
			salesAssistantName: seed.salesAssistant ?? null,
			fulfilmentMethod: seed.fulfilmentMethod ?? 'delivery',
			paymentMethod: seed.paymentMethod ?? null,
			basketValue: 0,
			basketCurrencyCode: 'GBP',
		};
		const placed = seed.createdAt ?? new Date().toISOString();
		const lines = seed.lines.map((line) => {
			const variant =
				this.findVariant(line.variant) ??
				[...this.variants.values()].find((candidate) => candidate.sku === line.variant);
			const product = variant ? this.products.get(variant.productId) : undefined;
			return {
				id: cloudshelfGid('OrderLine'),
				productId: product?.id ?? 'gid://cloudshelf/Product/DELETED',
				productName: product?.displayName ?? 'Deleted product',
				productVariantId: variant?.id ?? line.variant,
				productVariantName: variant?.displayName ?? '',
				platformProvidedId: null,
				platformProvidedProductId: product?.platformProvidedId ?? null,
				platformProvidedProductVariantId: variant?.platformProvidedId ?? null,
				quantity: line.quantity,
				price: line.price ?? variant?.currentPrice ?? 0,
				currencyCode: line.currencyCode ?? 'GBP',
				customAttributes: [],
				createdAt: placed,
				updatedAt: placed,
			};
		});
		session.basketValue =
			Math.round(lines.reduce((sum, line) => sum + line.price * line.quantity, 0) * 100) / 100;
		this.sessions.set(session.id, session);
		const order: OrderRecord = {
			id: seed.id ?? cloudshelfGid('Order'),
			thirdPartyId: null,
			status: seed.status ?? 'PLACED',
			discountCode: null,
			sessionId: session.id,
			lines,
			createdAt: placed,
			updatedAt: seed.updatedAt ?? placed,
		};
		this.orders.set(order.id, order);
		return order;
	}

	seed(data: CloudshelfSeed): void {
		this.seeding = true;
		try {
			for (const location of data.locations ?? []) this.upsertLocation(location);
			for (const product of data.products ?? []) {
				const saved = this.upsertProduct({ id: product.id, displayName: product.displayName });
				for (const variant of product.variants) {
					this.upsertVariant(saved.record!.id, {
						displayName: variant.sku,
						currentPrice: 0,
						...variant,
					});
				}
			}
			for (const order of data.orders ?? []) this.seedOrder(order);
		} finally {
			this.seeding = false;
		}
	}

	// Views: the objects GraphQL resolves fields from (functions resolve lazily, avoiding cycles).

	locationView(record: LocationRecord) {
		return { ...record };
	}

	variantView(record: VariantRecord): Record<string, unknown> {
		return {
			...record,
			product: () => this.productView(this.products.get(record.productId)!),
			stockLevels: () =>
				[...this.stock.values()]
					.filter((level) => level.variantId === record.id)
					.map((level) => this.stockView(level)),
		};
	}

	productView(record: ProductRecord): Record<string, unknown> {
		return {
			...record,
			productVariants: () =>
				[...this.variants.values()]
					.filter((variant) => variant.productId === record.id)
					.map((variant) => this.variantView(variant)),
		};
	}

	stockView(record: StockRecord) {
		return {
			...record,
			isInStock: record.quantity > this.safetyStockNumber,
			location: () => this.locationView(this.locations.get(record.locationId)!),
			productVariant: () => this.variantView(this.variants.get(record.variantId)!),
		};
	}

	orderView(record: OrderRecord) {
		return { ...record, session: record.sessionId ? this.sessions.get(record.sessionId) : null };
	}

	snapshot() {
		return {
			locations: [...this.locations.values()],
			products: [...this.products.values()].map((product) => ({
				...product,
				variants: [...this.variants.values()].filter((variant) => variant.productId === product.id),
			})),
			stock: [...this.stock.values()].map((record) => ({
				location: this.locations.get(record.locationId)?.platformProvidedId ?? record.locationId,
				sku: this.variants.get(record.variantId)?.sku,
				quantity: record.quantity,
			})),
			orders: [...this.orders.values()],
		};
	}
}
