/**
 * In-memory Centra instance: warehouses, products → variants → sizes (a ProductSize per variant and
 * size, with its SKU), stock per size per warehouse (physical and allocated; free to allocate =
 * physical − allocated), markets, pricelists, shipping options, customers, orders with lines,
 * shipments, stock changes, the events queue with its listeners, and API tokens with their
 * permissions. Every state change is announced to `changeListeners` (the webhook sender) and
 * appended to the events queue of the object types with listeners.
 *
 * ASSUMED where Centra's documents say nothing: ids are small increasing integers; an order hash
 * id is the md5 of its number; a market allocates from one warehouse (its `warehouse`, default the
 * first); order lines take the market's `taxPercent` (default 0); creating a shipment moves an order
 * to PROCESSING and completing the shipments of every line moves it to SHIPPED; completing a
 * shipment removes its quantities from physical and allocated stock; cancelling releases the
 * allocation, or removes the items from stock when `removeItemsFromStock` is true.
 */
import { createHash } from 'node:crypto';

export type OrderStatus =
	| 'PENDING'
	| 'CONFIRMED'
	| 'PROCESSING'
	| 'SHIPPED'
	| 'ARCHIVED'
	| 'CANCELLED';
export type EventObjectType = 'Order' | 'Shipment' | 'Return' | 'ProductSize';
export type EventChangeType =
	| 'CREATED'
	| 'UPDATED'
	| 'DELETED'
	| 'COMPLETED'
	| 'DEPENDENT_DATA_CHANGED';
export const EVENT_CHANGE_TYPES: EventChangeType[] = [
	'CREATED',
	'UPDATED',
	'DELETED',
	'COMPLETED',
	'DEPENDENT_DATA_CHANGED',
];

export interface Warehouse {
	id: number;
	name: string;
	status: 'ACTIVE' | 'INACTIVE';
}

export interface ProductRecord {
	id: number;
	name: string;
}

export interface VariantRecord {
	id: number;
	productId: number;
	name: string;
	variantNumber: string | null;
}

export interface SizeRecord {
	id: number;
	name: string;
}

export interface ProductSizeRecord {
	id: number;
	variantId: number;
	sizeId: number;
	SKU: string;
	GTIN: string | null;
	price: number;
	/** An inactive size is not sellable (REST create order answers −1). */
	active: boolean;
}

export interface StockLevel {
	physical: number;
	allocated: number;
}

export interface Market {
	id: number;
	name: string;
	storeId: number;
	countries: string[];
	/** The warehouse orders of this market allocate from (ASSUMED: one per market). */
	warehouseId: number;
	taxPercent: number;
}

export interface Pricelist {
	id: number;
	name: string;
	storeId: number;
	currency: string;
	countries: string[];
}

export interface ShippingOption {
	id: number;
	name: string;
	uri: string;
}

export interface Customer {
	id: number;
	email: string;
	firstName: string | null;
	lastName: string | null;
	/** A registered customer; guests are auto-created per e-mail. */
	registered: boolean;
}

export interface Address {
	firstName?: string | null;
	lastName?: string | null;
	address1?: string | null;
	address2?: string | null;
	city?: string | null;
	zipCode?: string | null;
	stateOrProvince?: string | null;
	country?: string | null;
	email?: string | null;
	phoneNumber?: string | null;
}

export interface OrderLine {
	id: number;
	productSizeId: number | null;
	productName: string | null;
	quantity: number;
	cancelledQuantity: number;
	unitPrice: number;
	taxPercent: number;
}

export interface OrderRecord {
	id: string;
	number: number;
	status: OrderStatus;
	isOnHold: boolean;
	createdAt: string;
	orderDate: string;
	internalComment: string | null;
	otherComment: string | null;
	currency: string;
	marketId: number | null;
	pricelistId: number | null;
	shippingOptionId: number | null;
	customerId: number | null;
	shippingAddress: Address | null;
	billingAddress: Address | null;
	shippingValue: number;
	/** Warehouse the lines are allocated in, when stock was adjusted. */
	allocatedIn: number | null;
	lines: OrderLine[];
}

export interface ShipmentLine {
	id: number;
	orderLineId: number;
	quantity: number;
}

export interface ShipmentRecord {
	id: number;
	orderNumber: number;
	number: string;
	isGoodToGo: boolean;
	isShipped: boolean;
	isPaid: boolean;
	createdAt: string;
	shippedAt: string | null;
	trackingNumber: string | null;
	returnTrackingNumber: string | null;
	carrierName: string | null;
	serviceName: string | null;
	/** createShipment's `additionalMessage` (VERIFIED input and Shipment field, DTC example). */
	additionalMessage: string | null;
	lines: ShipmentLine[];
}

export interface StockChangeRecord {
	id: number;
	description: string | null;
	createdAt: string;
	warehouseId: number;
	/** What changed, by ProductSize id: physical quantity delta. */
	deltas: Array<{ productSizeId: number; physicalDelta: number }>;
}

export interface EventRecord {
	id: number;
	objectType: EventObjectType;
	changeType: EventChangeType;
	objectReference: string;
	createdAt: string;
}

/** What the webhook sender hears: one Integration API webhook event. */
export interface StateChange {
	type: 'order' | 'shipment';
	action: 'insert' | 'update' | 'create' | 'good_to_go' | 'complete';
	id: number;
}

export interface TokenRecord {
	token: string;
	/** `'all'` for the sandbox's full-access token. */
	permissions: Set<string> | 'all';
	expiresAt: number | null;
	description: string;
}

/** A token bucket of one rate limit (level = what is left, refilled continuously). */
export interface RateLimitBucket {
	level: number;
	/** Epoch ms of the last refill. */
	at: number;
	capacity: number;
}

export interface UserError {
	message: string;
	path?: string[];
}

export interface SeedOrderLine {
	sku: string;
	quantity: number;
	unitPrice?: number;
}

export interface SeedData {
	warehouses?: Array<{ id?: number; name: string; status?: Warehouse['status'] }>;
	products?: Array<{
		id?: number;
		name: string;
		variants: Array<{
			id?: number;
			name: string;
			variantNumber?: string;
			sizes: Array<{
				size: string;
				SKU: string;
				GTIN?: string;
				price?: number;
				active?: boolean;
				/** Physical stock by warehouse name (allocated 0), or both quantities. */
				stock?: Record<string, number | { physical: number; allocated?: number }>;
			}>;
		}>;
	}>;
	markets?: Array<{
		id?: number;
		name: string;
		storeId?: number;
		countries?: string[];
		/** Warehouse name the market allocates from (default the first warehouse). */
		warehouse?: string;
		taxPercent?: number;
	}>;
	pricelists?: Array<{
		id?: number;
		name: string;
		storeId?: number;
		currency: string;
		countries?: string[];
	}>;
	shippingOptions?: Array<{ id?: number; name: string; uri: string }>;
	customers?: Array<{
		id?: number;
		email: string;
		firstName?: string;
		lastName?: string;
		registered?: boolean;
	}>;
	orders?: Array<{
		number?: number;
		/** Market / pricelist by name, shipping option by uri, customer by e-mail. */
		market?: string;
		pricelist?: string;
		shippingOption?: string;
		customer?: string;
		status?: OrderStatus;
		createdAt?: string;
		internalComment?: string;
		address?: Address;
		lines: SeedOrderLine[];
	}>;
	tokens?: Array<{ token: string; permissions: string[] | 'all'; expiresAt?: string }>;
}

export const COUNTRY_NAMES: Record<string, string> = {
	GB: 'United Kingdom',
	SE: 'Sweden',
	US: 'United States',
	DE: 'Germany',
	FR: 'France',
	NL: 'Netherlands',
	IE: 'Ireland',
	DK: 'Denmark',
	NO: 'Norway',
	FI: 'Finland',
};

export function orderHash(number: number): string {
	return createHash('md5').update(`centra-order-${number}`).digest('hex');
}

const round2 = (value: number) => Math.round(value * 100) / 100;

export class CentraState {
	warehouses = new Map<number, Warehouse>();
	products = new Map<number, ProductRecord>();
	variants = new Map<number, VariantRecord>();
	sizes = new Map<number, SizeRecord>();
	productSizes = new Map<number, ProductSizeRecord>();
	/** Stock by `${warehouseId}:${productSizeId}`. */
	stock = new Map<string, StockLevel>();
	markets = new Map<number, Market>();
	pricelists = new Map<number, Pricelist>();
	shippingOptions = new Map<number, ShippingOption>();
	customers = new Map<number, Customer>();
	/** Orders by number. */
	orders = new Map<number, OrderRecord>();
	shipments = new Map<number, ShipmentRecord>();
	stockChanges: StockChangeRecord[] = [];
	/** Unconfirmed events, oldest first. */
	events: EventRecord[] = [];
	/** Event listeners: object type → change types listened to. */
	eventListeners = new Map<EventObjectType, Set<EventChangeType>>();
	tokens = new Map<string, TokenRecord>();
	/** Rate-limit buckets by token, in the order of RATE_LIMITS (server.ts). */
	rateLimitBuckets = new Map<string, RateLimitBucket[]>();
	/** Who hears state changes (the webhook sender). */
	readonly changeListeners: Array<(change: StateChange) => void> = [];
	private seeding = false;
	private ids: Record<string, number> = {};

	constructor() {
		this.reset();
	}

	reset(): void {
		for (const map of [
			this.warehouses,
			this.products,
			this.variants,
			this.sizes,
			this.productSizes,
			this.stock,
			this.markets,
			this.pricelists,
			this.shippingOptions,
			this.customers,
			this.orders,
			this.shipments,
			this.eventListeners,
			this.tokens,
			this.rateLimitBuckets,
		] as Array<Map<unknown, unknown>>)
			map.clear();
		this.stockChanges = [];
		this.events = [];
		this.ids = {};
	}

	/** The next id of a kind; explicit (seeded) ids move the counter past them. */
	nextId(kind: string, explicit?: number): number {
		const current = this.ids[kind] ?? 0;
		const id = explicit ?? current + 1;
		this.ids[kind] = Math.max(current, id);
		return id;
	}

	// ----- lookups -----

	findWarehouse(nameOrId: string | number): Warehouse | undefined {
		if (typeof nameOrId === 'number') return this.warehouses.get(nameOrId);
		return [...this.warehouses.values()].find((warehouse) => warehouse.name === nameOrId);
	}

	findSizeBySku(sku: string): ProductSizeRecord | undefined {
		return [...this.productSizes.values()].find((size) => size.SKU === sku);
	}

	findSizeByGtin(gtin: string): ProductSizeRecord | undefined {
		return [...this.productSizes.values()].find((size) => size.GTIN === gtin);
	}

	/** The ProductSize of a variant and a size given by id or name. */
	findVariantSize(
		variantId: number,
		size: { id?: number | null; name?: string | null },
	): ProductSizeRecord | undefined {
		return [...this.productSizes.values()].find(
			(record) =>
				record.variantId === variantId &&
				(size.id !== undefined && size.id !== null
					? record.sizeId === size.id
					: this.sizes.get(record.sizeId)?.name === size.name),
		);
	}

	findOrder(reference: { id?: string | null; number?: number | null }): OrderRecord | undefined {
		if (reference.number !== undefined && reference.number !== null)
			return this.orders.get(reference.number);
		if (reference.id) return [...this.orders.values()].find((order) => order.id === reference.id);
		return undefined;
	}

	level(warehouseId: number, productSizeId: number): StockLevel {
		const key = `${warehouseId}:${productSizeId}`;
		let level = this.stock.get(key);
		if (!level) {
			level = { physical: 0, allocated: 0 };
			this.stock.set(key, level);
		}
		return level;
	}

	/** Stock of one size in one warehouse, for tests: physical, allocated, free to allocate. */
	stockOf(warehouse: string | number, sku: string): StockLevel & { freeToAllocate: number } {
		const found = this.findWarehouse(warehouse);
		const size = this.findSizeBySku(sku);
		if (!found || !size) throw new Error(`No stock for ${sku} in ${warehouse}`);
		const level = this.level(found.id, size.id);
		return { ...level, freeToAllocate: level.physical - level.allocated };
	}

	/** Order lines not yet in a shipment, by line id. */
	unshipped(order: OrderRecord): Map<number, number> {
		const remaining = new Map(
			order.lines.map((line) => [line.id, line.quantity - line.cancelledQuantity]),
		);
		for (const shipment of this.shipmentsOf(order.number))
			for (const line of shipment.lines)
				remaining.set(line.orderLineId, (remaining.get(line.orderLineId) ?? 0) - line.quantity);
		return remaining;
	}

	shipmentsOf(orderNumber: number): ShipmentRecord[] {
		return [...this.shipments.values()].filter((shipment) => shipment.orderNumber === orderNumber);
	}

	// ----- changes, events -----

	/** Announces a change: the webhook sender hears it and the events queue records it. */
	private changed(
		change: StateChange,
		event: { objectType: EventObjectType; changeType: EventChangeType },
	): void {
		if (this.seeding) return;
		const listened = this.eventListeners.get(event.objectType);
		if (listened?.has(event.changeType)) {
			this.events.push({
				id: this.nextId('event'),
				objectType: event.objectType,
				changeType: event.changeType,
				objectReference: String(change.id),
				createdAt: new Date().toISOString(),
			});
		}
		for (const listener of this.changeListeners) listener(change);
	}

	/** `setEventListeners`: additive and idempotent; no change types means all of them. */
	setEventListeners(
		input: Array<{ objectType: EventObjectType; changeTypes?: EventChangeType[] | null }>,
	): void {
		for (const { objectType, changeTypes } of input) {
			const set = this.eventListeners.get(objectType) ?? new Set<EventChangeType>();
			for (const changeType of changeTypes?.length ? changeTypes : EVENT_CHANGE_TYPES)
				set.add(changeType);
			this.eventListeners.set(objectType, set);
		}
	}

	/**
	 * `unsetEventListeners`: drops those change types of the listener (no change types: the whole
	 * object type, as the events-system docs describe) and their queued events.
	 */
	unsetEventListeners(
		input: Array<{ objectType: EventObjectType; changeTypes?: EventChangeType[] | null }>,
	): void {
		const dropped = (objectType: EventObjectType, changeType: EventChangeType) =>
			input.some(
				(entry) =>
					entry.objectType === objectType &&
					(!entry.changeTypes?.length || entry.changeTypes.includes(changeType)),
			);
		for (const [objectType, changeTypes] of this.eventListeners) {
			for (const changeType of [...changeTypes])
				if (dropped(objectType, changeType)) changeTypes.delete(changeType);
			if (!changeTypes.size) this.eventListeners.delete(objectType);
		}
		this.events = this.events.filter((event) => !dropped(event.objectType, event.changeType));
	}

	confirmEvents(ids: number[]): UserError[] {
		const known = new Set(this.events.map((event) => event.id));
		const unknown = ids.filter((id) => !known.has(id));
		const confirmed = new Set(ids);
		this.events = this.events.filter((event) => !confirmed.has(event.id));
		// ASSUMED: confirming an id that is not queued (already confirmed) is a warning-free no-op.
		void unknown;
		return [];
	}

	// ----- seeding -----

	seed(data: SeedData): void {
		this.seeding = true;
		try {
			this.seedCatalogue(data);
			for (const order of data.orders ?? []) this.seedOrder(order);
			for (const token of data.tokens ?? [])
				this.tokens.set(token.token, {
					token: token.token,
					permissions: token.permissions === 'all' ? 'all' : new Set(token.permissions),
					expiresAt: token.expiresAt ? Date.parse(token.expiresAt) : null,
					description: 'seeded',
				});
		} finally {
			this.seeding = false;
		}
	}

	private seedCatalogue(data: SeedData): void {
		for (const warehouse of data.warehouses ?? []) {
			if (this.findWarehouse(warehouse.name)) continue;
			const id = this.nextId('warehouse', warehouse.id);
			this.warehouses.set(id, { id, name: warehouse.name, status: warehouse.status ?? 'ACTIVE' });
		}
		for (const product of data.products ?? []) {
			const existing = [...this.products.values()].find((p) => p.name === product.name);
			const productId = existing?.id ?? this.nextId('product', product.id);
			this.products.set(productId, { id: productId, name: product.name });
			for (const variant of product.variants) {
				const existingVariant = [...this.variants.values()].find(
					(v) => v.productId === productId && v.name === variant.name,
				);
				const variantId = existingVariant?.id ?? this.nextId('variant', variant.id);
				this.variants.set(variantId, {
					id: variantId,
					productId,
					name: variant.name,
					variantNumber: variant.variantNumber ?? null,
				});
				for (const size of variant.sizes) {
					let sizeRecord = [...this.sizes.values()].find((s) => s.name === size.size);
					if (!sizeRecord) {
						sizeRecord = { id: this.nextId('size'), name: size.size };
						this.sizes.set(sizeRecord.id, sizeRecord);
					}
					const existingSize = this.findSizeBySku(size.SKU);
					const productSize: ProductSizeRecord = {
						id: existingSize?.id ?? this.nextId('productSize'),
						variantId,
						sizeId: sizeRecord.id,
						SKU: size.SKU,
						GTIN: size.GTIN ?? null,
						price: size.price ?? existingSize?.price ?? 0,
						active: size.active ?? true,
					};
					this.productSizes.set(productSize.id, productSize);
					for (const [warehouseName, quantity] of Object.entries(size.stock ?? {})) {
						const warehouse = this.findWarehouse(warehouseName);
						if (!warehouse) throw new Error(`Seed names unknown warehouse ${warehouseName}`);
						const level = this.level(warehouse.id, productSize.id);
						level.physical = typeof quantity === 'number' ? quantity : quantity.physical;
						level.allocated = typeof quantity === 'number' ? 0 : (quantity.allocated ?? 0);
					}
				}
			}
		}
		const firstWarehouse = () => [...this.warehouses.values()][0]?.id ?? 0;
		for (const market of data.markets ?? []) {
			const id = this.nextId('market', market.id);
			const warehouse = market.warehouse ? this.findWarehouse(market.warehouse) : undefined;
			if (market.warehouse && !warehouse)
				throw new Error(`Seed names unknown warehouse ${market.warehouse}`);
			this.markets.set(id, {
				id,
				name: market.name,
				storeId: market.storeId ?? 1,
				countries: market.countries ?? [],
				warehouseId: warehouse?.id ?? firstWarehouse(),
				taxPercent: market.taxPercent ?? 0,
			});
		}
		for (const pricelist of data.pricelists ?? []) {
			const id = this.nextId('pricelist', pricelist.id);
			this.pricelists.set(id, {
				id,
				name: pricelist.name,
				storeId: pricelist.storeId ?? 1,
				currency: pricelist.currency,
				countries: pricelist.countries ?? [],
			});
		}
		for (const option of data.shippingOptions ?? []) {
			const id = this.nextId('shippingOption', option.id);
			this.shippingOptions.set(id, { id, name: option.name, uri: option.uri });
		}
		for (const customer of data.customers ?? []) {
			const id = this.nextId('customer', customer.id);
			this.customers.set(id, {
				id,
				email: customer.email,
				firstName: customer.firstName ?? null,
				lastName: customer.lastName ?? null,
				registered: customer.registered ?? true,
			});
		}
	}

	private seedOrder(seed: NonNullable<SeedData['orders']>[number]): void {
		const market = seed.market
			? [...this.markets.values()].find((m) => m.name === seed.market)
			: [...this.markets.values()][0];
		const pricelist = seed.pricelist
			? [...this.pricelists.values()].find((p) => p.name === seed.pricelist)
			: [...this.pricelists.values()][0];
		const shippingOption = seed.shippingOption
			? [...this.shippingOptions.values()].find((s) => s.uri === seed.shippingOption)
			: undefined;
		const customer = seed.customer
			? this.customerFor(seed.customer, true, seed.address ?? {})
			: undefined;
		const lines = seed.lines.map((line) => {
			const size = this.findSizeBySku(line.sku);
			if (!size) throw new Error(`Seed names unknown SKU ${line.sku}`);
			return { size, quantity: line.quantity, unitPrice: line.unitPrice ?? size.price };
		});
		const order = this.insertOrder({
			number: seed.number,
			market,
			pricelist,
			shippingOption,
			customer,
			shippingAddress: seed.address ?? null,
			billingAddress: seed.address ?? null,
			internalComment: seed.internalComment ?? null,
			otherComment: null,
			orderDate: seed.createdAt,
			shippingValue: 0,
			adjustStock: true,
			lines,
		});
		if (seed.createdAt) order.createdAt = new Date(seed.createdAt).toISOString();
		if (seed.status) order.status = seed.status;
	}

	// ----- customers and orders -----

	/** A registered customer with this e-mail (created when missing), or an auto-created guest. */
	customerFor(email: string, register: boolean, address: Address): Customer {
		const existing = [...this.customers.values()].find(
			(customer) =>
				customer.email.toLowerCase() === email.toLowerCase() && customer.registered === register,
		);
		if (existing) return existing;
		const id = this.nextId('customer');
		const customer: Customer = {
			id,
			email,
			firstName: address.firstName ?? null,
			lastName: address.lastName ?? null,
			registered: register,
		};
		this.customers.set(id, customer);
		return customer;
	}

	nextOrderNumber(): number {
		return Math.max(1000, ...this.orders.keys()) + 1;
	}

	/** Creates an order (validated by the caller) and allocates its stock when asked. */
	insertOrder(input: {
		number?: number;
		market?: Market;
		pricelist?: Pricelist;
		shippingOption?: ShippingOption;
		customer?: Customer;
		shippingAddress: Address | null;
		billingAddress: Address | null;
		internalComment: string | null;
		otherComment: string | null;
		orderDate?: string;
		shippingValue: number;
		adjustStock: boolean;
		lines: Array<{
			size: ProductSizeRecord | null;
			productName?: string;
			quantity: number;
			unitPrice: number;
		}>;
	}): OrderRecord {
		const number = input.number ?? this.nextOrderNumber();
		const now = new Date().toISOString();
		const warehouseId = input.market?.warehouseId ?? [...this.warehouses.keys()][0] ?? null;
		const order: OrderRecord = {
			id: orderHash(number),
			number,
			status: 'PENDING',
			isOnHold: false,
			createdAt: now,
			orderDate: input.orderDate ? new Date(input.orderDate).toISOString() : now,
			internalComment: input.internalComment,
			otherComment: input.otherComment,
			currency: input.pricelist?.currency ?? 'GBP',
			marketId: input.market?.id ?? null,
			pricelistId: input.pricelist?.id ?? null,
			shippingOptionId: input.shippingOption?.id ?? null,
			customerId: input.customer?.id ?? null,
			shippingAddress: input.shippingAddress,
			billingAddress: input.billingAddress,
			shippingValue: input.shippingValue,
			allocatedIn: input.adjustStock ? warehouseId : null,
			lines: input.lines.map((line) => ({
				id: this.nextId('orderLine'),
				productSizeId: line.size?.id ?? null,
				productName: line.productName ?? (line.size ? this.productNameOf(line.size) : null),
				quantity: line.quantity,
				cancelledQuantity: 0,
				unitPrice: line.unitPrice,
				taxPercent: input.market?.taxPercent ?? 0,
			})),
		};
		if (order.allocatedIn !== null)
			for (const line of order.lines)
				if (line.productSizeId !== null)
					this.level(order.allocatedIn, line.productSizeId).allocated += line.quantity;
		this.orders.set(number, order);
		this.changed(
			{ type: 'order', action: 'insert', id: number },
			{
				objectType: 'Order',
				changeType: 'CREATED',
			},
		);
		return order;
	}

	productNameOf(size: ProductSizeRecord): string {
		const variant = this.variants.get(size.variantId);
		const product = variant && this.products.get(variant.productId);
		return [product?.name, variant?.name].filter(Boolean).join(' ');
	}

	orderTotals(order: OrderRecord) {
		const items = order.lines.reduce(
			(sum, line) => sum + (line.quantity - line.cancelledQuantity) * line.unitPrice,
			0,
		);
		const taxIncluded = order.lines.reduce((sum, line) => {
			const gross = (line.quantity - line.cancelledQuantity) * line.unitPrice;
			return sum + gross - gross / (1 + line.taxPercent / 100);
		}, 0);
		return {
			grandTotal: round2(items + order.shippingValue),
			shipping: round2(order.shippingValue),
			taxIncluded: round2(taxIncluded),
			taxAdded: 0,
		};
	}

	confirmOrder(reference: { id?: string | null; number?: number | null }): {
		order?: OrderRecord;
		userErrors: UserError[];
	} {
		const order = this.findOrder(reference);
		if (!order) return { userErrors: [{ message: 'Order not found.', path: ['input', 'order'] }] };
		if (order.status !== 'PENDING')
			return {
				order,
				userErrors: [
					{
						message: `Order ${order.number} cannot be confirmed: its status is ${order.status}.`,
						path: ['input', 'order'],
					},
				],
			};
		order.status = 'CONFIRMED';
		this.changed(
			{ type: 'order', action: 'update', id: order.number },
			{
				objectType: 'Order',
				changeType: 'UPDATED',
			},
		);
		return { order, userErrors: [] };
	}

	cancelOrder(
		id: string,
		removeItemsFromStock: boolean,
		comment: string | null | undefined,
	): { order?: OrderRecord; userErrors: UserError[] } {
		const order = this.findOrder({ id });
		if (!order) return { userErrors: [{ message: 'Order not found.', path: ['id'] }] };
		if (order.status === 'CANCELLED' || order.status === 'SHIPPED' || order.status === 'ARCHIVED')
			return {
				order,
				userErrors: [
					{
						message: `Order ${order.number} cannot be cancelled: its status is ${order.status}.`,
						path: ['id'],
					},
				],
			};
		if (this.shipmentsOf(order.number).some((shipment) => shipment.isShipped))
			return {
				order,
				userErrors: [{ message: `Order ${order.number} has completed shipments.`, path: ['id'] }],
			};
		const remaining = this.unshipped(order);
		for (const line of order.lines) {
			const quantity = remaining.get(line.id) ?? 0;
			if (order.allocatedIn !== null && line.productSizeId !== null && quantity > 0) {
				const level = this.level(order.allocatedIn, line.productSizeId);
				level.allocated = Math.max(0, level.allocated - quantity);
				if (removeItemsFromStock) level.physical -= quantity;
			}
			line.cancelledQuantity += quantity;
		}
		order.status = 'CANCELLED';
		if (comment) order.otherComment = comment;
		this.changed(
			{ type: 'order', action: 'update', id: order.number },
			{
				objectType: 'Order',
				changeType: 'UPDATED',
			},
		);
		return { order, userErrors: [] };
	}

	// ----- shipments -----

	createShipment(input: {
		order: { id?: string | null; number?: number | null };
		lines: Array<{ orderLine: { id: number }; quantity: number }>;
		isGoodToGo?: boolean | null;
		isPaid?: boolean | null;
		createdAt?: string | null;
		shippedAt?: string | null;
		additionalMessage?: string | null;
	}): { shipment?: ShipmentRecord; userErrors: UserError[] } {
		const order = this.findOrder(input.order);
		if (!order) return { userErrors: [{ message: 'Order not found.', path: ['input', 'order'] }] };
		if (order.status === 'CANCELLED' || order.status === 'SHIPPED')
			return {
				userErrors: [
					{
						message: `Order ${order.number} cannot be shipped: its status is ${order.status}.`,
						path: ['input', 'order'],
					},
				],
			};
		if (!input.lines.length)
			return { userErrors: [{ message: 'A shipment needs lines.', path: ['input', 'lines'] }] };
		const remaining = this.unshipped(order);
		const userErrors: UserError[] = [];
		input.lines.forEach((line, index) => {
			const left = remaining.get(line.orderLine.id);
			if (left === undefined)
				userErrors.push({
					message: `Order line ${line.orderLine.id} is not a line of order ${order.number}.`,
					path: ['input', 'lines', String(index), 'orderLine'],
				});
			else if (line.quantity < 1 || line.quantity > left)
				userErrors.push({
					message: `Order line ${line.orderLine.id} has ${left} left to ship, not ${line.quantity}.`,
					path: ['input', 'lines', String(index), 'quantity'],
				});
			else remaining.set(line.orderLine.id, left - line.quantity);
		});
		if (userErrors.length) return { userErrors };
		const id = this.nextId('shipment');
		const shipment: ShipmentRecord = {
			id,
			orderNumber: order.number,
			number: `${order.number}-${this.shipmentsOf(order.number).length + 1}`,
			isGoodToGo: input.isGoodToGo ?? false,
			isShipped: false,
			isPaid: input.isPaid ?? false,
			createdAt: input.createdAt ? parseDateTime(input.createdAt) : new Date().toISOString(),
			shippedAt: null,
			trackingNumber: null,
			returnTrackingNumber: null,
			carrierName: null,
			serviceName: null,
			additionalMessage: input.additionalMessage ?? null,
			lines: input.lines.map((line) => ({
				id: this.nextId('shipmentLine'),
				orderLineId: line.orderLine.id,
				quantity: line.quantity,
			})),
		};
		this.shipments.set(id, shipment);
		this.changed(
			{ type: 'shipment', action: 'create', id },
			{
				objectType: 'Shipment',
				changeType: 'CREATED',
			},
		);
		if (shipment.isGoodToGo)
			this.changed(
				{ type: 'shipment', action: 'good_to_go', id },
				{
					objectType: 'Shipment',
					changeType: 'UPDATED',
				},
			);
		if (order.status === 'PENDING' || order.status === 'CONFIRMED') {
			order.status = 'PROCESSING';
			this.changed(
				{ type: 'order', action: 'update', id: order.number },
				{
					objectType: 'Order',
					changeType: 'UPDATED',
				},
			);
		}
		return { shipment, userErrors: [] };
	}

	completeShipment(
		id: number,
		input: {
			shippedAt?: string | null;
			shipmentInfo?: {
				carrier?: string | null;
				service?: string | null;
				trackingNumber?: string | null;
				returnTrackingNumber?: string | null;
			} | null;
		},
	): { shipment?: ShipmentRecord; userErrors: UserError[] } {
		const shipment = this.shipments.get(id);
		if (!shipment) return { userErrors: [{ message: `Shipment ${id} not found.`, path: ['id'] }] };
		if (shipment.isShipped)
			return {
				shipment,
				userErrors: [
					{ message: `Shipment ${shipment.number} is already completed.`, path: ['id'] },
				],
			};
		if (!shipment.isGoodToGo || !shipment.isPaid)
			return {
				shipment,
				userErrors: [
					{
						message: `Shipment ${shipment.number} must be good to go and paid to be completed.`,
						path: ['id'],
					},
				],
			};
		let shippedAt = new Date().toISOString();
		if (input.shippedAt) {
			shippedAt = parseDateTime(input.shippedAt);
			if (Date.parse(shippedAt) > Date.now() + 1000)
				return {
					shipment,
					userErrors: [
						{ message: 'shippedAt cannot be in the future.', path: ['input', 'shippedAt'] },
					],
				};
		}
		const info = input.shipmentInfo ?? {};
		shipment.isShipped = true;
		shipment.shippedAt = shippedAt;
		shipment.carrierName = info.carrier ?? shipment.carrierName;
		shipment.serviceName = info.service ?? shipment.serviceName;
		shipment.trackingNumber = info.trackingNumber ?? shipment.trackingNumber;
		shipment.returnTrackingNumber = info.returnTrackingNumber ?? shipment.returnTrackingNumber;
		const order = this.orders.get(shipment.orderNumber)!;
		for (const line of shipment.lines) {
			const orderLine = order.lines.find((candidate) => candidate.id === line.orderLineId);
			if (order.allocatedIn !== null && orderLine?.productSizeId != null) {
				const level = this.level(order.allocatedIn, orderLine.productSizeId);
				level.allocated = Math.max(0, level.allocated - line.quantity);
				level.physical -= line.quantity;
			}
		}
		this.changed(
			{ type: 'shipment', action: 'complete', id },
			{
				objectType: 'Shipment',
				changeType: 'COMPLETED',
			},
		);
		const allShipped =
			[...this.unshipped(order).values()].every((left) => left <= 0) &&
			this.shipmentsOf(order.number).every((candidate) => candidate.isShipped);
		if (allShipped) {
			order.status = 'SHIPPED';
			this.changed(
				{ type: 'order', action: 'update', id: order.number },
				{
					objectType: 'Order',
					changeType: 'COMPLETED',
				},
			);
		}
		return { shipment, userErrors: [] };
	}

	// ----- stock -----

	/**
	 * `changeStock`: a delta into or out of one warehouse. Out of a warehouse below zero free to
	 * allocate is a user error (ASSUMED) and nothing changes.
	 */
	changeStock(input: {
		intoWarehouse?: { id: number } | null;
		outFromWarehouse?: { id: number } | null;
		description?: string | null;
		productVariants: Array<{
			productVariant: { id: number };
			sizeChanges: Array<{
				size: { id?: number | null; name?: string | null };
				deliveredQuantity: number;
			}>;
		}>;
	}): { stockChange?: StockChangeRecord; userErrors: UserError[] } {
		if (input.intoWarehouse && input.outFromWarehouse)
			return {
				userErrors: [
					{
						message: 'Stock transfers between warehouses are not supported by this sandbox.',
						path: ['input'],
					},
				],
			};
		const reference = input.intoWarehouse ?? input.outFromWarehouse;
		const sign = input.intoWarehouse ? 1 : -1;
		if (!reference)
			return {
				userErrors: [
					{ message: 'Give intoWarehouse or outFromWarehouse.', path: ['input', 'intoWarehouse'] },
				],
			};
		const warehouse = this.warehouses.get(reference.id);
		const warehouseField = input.intoWarehouse ? 'intoWarehouse' : 'outFromWarehouse';
		if (!warehouse)
			return {
				userErrors: [
					{ message: `Warehouse ${reference.id} not found.`, path: ['input', warehouseField] },
				],
			};
		const resolved = this.resolveSizes(
			input.productVariants.map((variant) => ({
				variantId: variant.productVariant.id,
				entries: variant.sizeChanges.map((change) => ({
					size: change.size,
					quantity: change.deliveredQuantity,
				})),
			})),
			'sizeChanges',
		);
		if (resolved.userErrors.length) return { userErrors: resolved.userErrors };
		const userErrors: UserError[] = [];
		const totals = new Map<number, number>();
		for (const entry of resolved.entries)
			totals.set(entry.size.id, (totals.get(entry.size.id) ?? 0) + entry.quantity);
		for (const entry of resolved.entries) {
			if (entry.quantity < 0)
				userErrors.push({
					message: 'deliveredQuantity must not be negative; use outFromWarehouse to remove stock.',
					path: entry.path,
				});
			else if (sign < 0) {
				const level = this.level(warehouse.id, entry.size.id);
				if (level.physical - level.allocated < (totals.get(entry.size.id) ?? 0))
					userErrors.push({
						message: `Not enough free to allocate stock of ${entry.size.SKU} in ${warehouse.name}: ${level.physical - level.allocated} available.`,
						path: entry.path,
					});
			}
		}
		if (userErrors.length) return { userErrors };
		const record = this.recordStockChange(
			warehouse.id,
			input.description ?? null,
			resolved.entries.map((entry) => {
				this.level(warehouse.id, entry.size.id).physical += sign * entry.quantity;
				return { productSizeId: entry.size.id, physicalDelta: sign * entry.quantity };
			}),
		);
		return { stockChange: record, userErrors: [] };
	}

	/** `setStock`: absolute physical or free-to-allocate quantities in one warehouse. */
	setStock(input: {
		warehouse: { id: number };
		description?: string | null;
		stockQuantityType?: 'PHYSICAL' | 'FREE_TO_ALLOCATE' | null;
		productVariants: Array<{
			productVariant: { id: number };
			sizeStockLevels: Array<{
				size: { id?: number | null; name?: string | null };
				quantity: number;
			}>;
		}>;
	}): { stockChanges: StockChangeRecord[]; userErrors: UserError[] } {
		const warehouse = this.warehouses.get(input.warehouse.id);
		if (!warehouse)
			return {
				stockChanges: [],
				userErrors: [
					{ message: `Warehouse ${input.warehouse.id} not found.`, path: ['input', 'warehouse'] },
				],
			};
		const resolved = this.resolveSizes(
			input.productVariants.map((variant) => ({
				variantId: variant.productVariant.id,
				entries: variant.sizeStockLevels,
			})),
			'sizeStockLevels',
		);
		const userErrors = [...resolved.userErrors];
		for (const entry of resolved.entries)
			if (entry.quantity < 0)
				userErrors.push({ message: 'quantity must not be negative.', path: entry.path });
		if (userErrors.length) return { stockChanges: [], userErrors };
		const freeToAllocate = input.stockQuantityType === 'FREE_TO_ALLOCATE';
		const record = this.recordStockChange(
			warehouse.id,
			input.description ?? null,
			resolved.entries.map((entry) => {
				const level = this.level(warehouse.id, entry.size.id);
				const target = freeToAllocate ? entry.quantity + level.allocated : entry.quantity;
				// Physical below allocated is raised to allocated, as Centra's REST stock update does.
				const physical = Math.max(target, level.allocated);
				const delta = physical - level.physical;
				level.physical = physical;
				return { productSizeId: entry.size.id, physicalDelta: delta };
			}),
		);
		return { stockChanges: [record], userErrors: [] };
	}

	private resolveSizes(
		variants: Array<{
			variantId: number;
			entries: Array<{ size: { id?: number | null; name?: string | null }; quantity: number }>;
		}>,
		listName: string,
	): {
		entries: Array<{ size: ProductSizeRecord; quantity: number; path: string[] }>;
		userErrors: UserError[];
	} {
		const entries: Array<{ size: ProductSizeRecord; quantity: number; path: string[] }> = [];
		const userErrors: UserError[] = [];
		variants.forEach((variant, variantIndex) => {
			const base = ['input', 'productVariants', String(variantIndex)];
			if (!this.variants.has(variant.variantId)) {
				userErrors.push({
					message: `Product variant ${variant.variantId} not found.`,
					path: [...base, 'productVariant'],
				});
				return;
			}
			variant.entries.forEach((entry, entryIndex) => {
				const path = [...base, listName, String(entryIndex)];
				const size = this.findVariantSize(variant.variantId, entry.size);
				if (!size)
					userErrors.push({
						message: `Size ${entry.size.id ?? entry.size.name ?? '?'} not found on product variant ${variant.variantId}.`,
						path: [...path, 'size'],
					});
				else entries.push({ size, quantity: entry.quantity, path });
			});
		});
		return { entries, userErrors };
	}

	private recordStockChange(
		warehouseId: number,
		description: string | null,
		deltas: StockChangeRecord['deltas'],
	): StockChangeRecord {
		const record: StockChangeRecord = {
			id: this.nextId('stockChange'),
			description,
			createdAt: new Date().toISOString(),
			warehouseId,
			deltas,
		};
		this.stockChanges.push(record);
		return record;
	}

	// ----- tokens -----

	mintToken(
		token: string,
		permissions: string[] | 'all',
		expiresAt: number | null,
		description = 'minted',
	): TokenRecord {
		const record: TokenRecord = {
			token,
			permissions: permissions === 'all' ? 'all' : new Set(permissions),
			expiresAt,
			description,
		};
		this.tokens.set(token, record);
		return record;
	}

	snapshot() {
		return {
			warehouses: [...this.warehouses.values()],
			products: [...this.products.values()],
			variants: [...this.variants.values()],
			sizes: [...this.sizes.values()],
			productSizes: [...this.productSizes.values()],
			stock: [...this.stock.entries()].map(([key, level]) => {
				const [warehouseId, productSizeId] = key.split(':').map(Number);
				return { warehouseId, productSizeId, ...level };
			}),
			markets: [...this.markets.values()],
			pricelists: [...this.pricelists.values()],
			shippingOptions: [...this.shippingOptions.values()],
			customers: [...this.customers.values()],
			orders: [...this.orders.values()],
			shipments: [...this.shipments.values()],
			stockChanges: this.stockChanges,
			events: this.events,
			eventListeners: [...this.eventListeners.entries()].map(([objectType, changeTypes]) => ({
				objectType,
				changeTypes: [...changeTypes],
			})),
			tokens: [...this.tokens.values()].map((token) => ({
				token: token.token,
				permissions: token.permissions === 'all' ? 'all' : [...token.permissions],
				expiresAt: token.expiresAt === null ? null : new Date(token.expiresAt).toISOString(),
			})),
		};
	}
}

/**
 * DateTimeTz input: ISO 8601, Centra's "YYYY-mm-dd HH:MM:SS" (read as UTC, ASSUMED: the sandbox's
 * company time zone is UTC), or "now".
 */
export function parseDateTime(value: string): string {
	if (value === 'now') return new Date().toISOString();
	const normalised = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/.test(value)
		? `${value.replace(' ', 'T')}Z`
		: /^\d{4}-\d{2}-\d{2}$/.test(value)
			? `${value}T00:00:00Z`
			: value;
	const time = Date.parse(normalised);
	if (Number.isNaN(time)) throw new Error(`Invalid date-time "${value}"`);
	return new Date(time).toISOString();
}
