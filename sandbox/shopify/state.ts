/**
 * The Shopify simulator's in-memory shop: locations, products with variants (each variant one
 * inventory item, VERIFIED 1:1), available quantities per item and location, orders with their
 * fulfillment orders and fulfillments, and webhook subscriptions. REST views are Shopify's
 * snake_case resources; the GraphQL views (graphql.ts) are built from the same records.
 *
 * ASSUMED: one numeric id sequence for every resource; a new order gets one fulfillment order at
 * its `location_id` (or the first active location) holding all its lines; only the `available`
 * quantity is kept (`on_hand` reads and writes the same number: no committed or reserved stock).
 */

export interface LocationRecord {
	id: number;
	name: string;
	active: boolean;
}

export interface VariantRecord {
	id: number;
	product_id: number;
	title: string;
	sku: string;
	price: string;
	inventory_item_id: number;
}

export interface ProductRecord {
	id: number;
	title: string;
	vendor: string;
	product_type: string;
	status: string;
	created_at: string;
	updated_at: string;
	variants: VariantRecord[];
	[key: string]: unknown;
}

export interface LineItemRecord {
	id: number;
	variant_id: number | null;
	sku: string | null;
	title: string;
	quantity: number;
	price: string;
	gift_card?: boolean;
	tax_lines?: TaxLineInput[];
	discount_allocations?: DiscountAllocationInput[];
	[key: string]: unknown;
}

export interface OrderRecord {
	id: number;
	name: string;
	email: string | null;
	test: boolean;
	created_at: string;
	updated_at: string;
	cancelled_at: string | null;
	cancel_reason: string | null;
	financial_status: string;
	fulfillment_status: string | null;
	location_id: number | null;
	note: string | null;
	tags: string;
	line_items: LineItemRecord[];
	[key: string]: unknown;
}

export interface FulfillmentOrderLine {
	id: number;
	line_item_id: number;
	inventory_item_id: number | null;
	sku: string | null;
	total_quantity: number;
	remaining_quantity: number;
}

export interface FulfillmentOrderRecord {
	id: number;
	order_id: number;
	assigned_location_id: number;
	/** GraphQL's FulfillmentOrderStatus: OPEN, IN_PROGRESS, CLOSED, CANCELLED, … */
	status: string;
	line_items: FulfillmentOrderLine[];
}

export interface TrackingInfo {
	company: string | null;
	number: string | null;
	url: string | null;
}

export interface FulfillmentRecord {
	id: number;
	order_id: number;
	created_at: string;
	notify_customer: boolean;
	tracking: TrackingInfo[];
	line_items: Array<{ fulfillment_order_line_item_id: number; quantity: number }>;
}

export interface WebhookRecord {
	id: number;
	topic: string;
	address: string;
	format: string;
	api_version: string;
	created_at: string;
	updated_at: string;
}

export interface ShopifySeed {
	locations?: Array<{ id?: number; name: string; active?: boolean }>;
	products?: Array<{
		id?: number;
		title: string;
		vendor?: string;
		variants: Array<{ sku: string; title?: string; price?: string; id?: number }>;
	}>;
	/** Available quantities: sku → location name → quantity (stocks the item at that location). */
	levels?: Record<string, Record<string, number>>;
	orders?: OrderInput[];
}

export interface ShippingLineInput {
	title: string;
	price?: string;
	code?: string;
	/** Discounts on the shipping line (a free-shipping code): amounts off its price. */
	discount_allocations?: DiscountAllocationInput[];
	/** Taxes charged on it (a tax-exclusive shop adds them; an inclusive one shows the part included). */
	tax_lines?: TaxLineInput[];
}

/** A tax line as Shopify's REST order gives it (price: the amount, rate: a fraction, 0.2 = 20 %). */
export interface TaxLineInput {
	title?: string;
	price: string;
	rate: number;
}

/** An amount a discount application takes off a line (its index: `discount_application_index`). */
export interface DiscountAllocationInput {
	amount: string;
	discount_application_index?: number;
}

/**
 * An order line as a test gives it. Extra fields pass through to the REST line: `gift_card: true`
 * (VERIFIED REST field) for a gift card; a tip is a line without variant or product carrying a
 * `tip` object or the `tip_payment_gateway` key (VERIFIED: Shopify's REST line field text "Present
 * only on tips", as client libraries quote it; ShopifySharp: "always specified (though it can be
 * null)" on a tip line, "never specified" on others; the `tip` object and "no variant/product" are
 * ASSUMED); a POS custom sale has neither a variant nor a SKU (give only `title` and `price`).
 */
export interface LineItemInput {
	sku?: string;
	variant_id?: number;
	quantity: number;
	title?: string;
	price?: string;
	tax_lines?: TaxLineInput[];
	discount_allocations?: DiscountAllocationInput[];
	gift_card?: boolean;
	[key: string]: unknown;
}

export interface OrderInput {
	/** When it was placed (default now): an order placed before the test's moment. */
	created_at?: string;
	email?: string;
	shipping_lines?: ShippingLineInput[];
	test?: boolean;
	location_id?: number;
	note?: string;
	tags?: string;
	financial_status?: string;
	/** Prices include tax (default, a UK shop); false: tax is added from the lines' tax_lines. */
	taxes_included?: boolean;
	/** 'fulfilled' for a POS sale handed over at the counter (its fulfillment order is closed). */
	fulfillment_status?: string | null;
	/**
	 * Duties / additional fees charged at checkout (e.g. '12.34'): the order's
	 * original_total_duties_set / current_total_duties_set (original_/current_total_additional_fees_set),
	 * null when none (VERIFIED field names and null in real payloads; the money-set shape when
	 * charged and their being in total_price ASSUMED).
	 */
	total_duties?: string;
	total_additional_fees?: string;
	line_items: LineItemInput[];
	[key: string]: unknown;
}

/** The shop's currency (ASSUMED: a UK shop, prices including VAT). */
export const SHOP_CURRENCY = 'GBP';
/** VAT included in the shop's prices (ASSUMED rate, for total_tax). */
export const SHOP_TAX_RATE = 0.2;

const money = (amount: number) => amount.toFixed(2);

const sumOf = (entries: Array<{ amount?: string; price?: string }> | undefined) =>
	(entries ?? []).reduce((sum, entry) => sum + Number(entry.amount ?? entry.price ?? 0), 0);

/**
 * An order's money fields as Shopify's REST order gives them (decimal strings). ASSUMED, kept
 * consistent: subtotal_price = lines after their discount_allocations, without tips (gift cards
 * included); total_shipping_price_set = the shipping lines' prices, before discounts and without
 * tax; total_tax = the lines' and shipping lines' tax_lines, or when none are given and prices
 * include tax, the VAT part at SHOP_TAX_RATE; total_price = subtotal + shipping after its
 * discounts + tax when not included + tips + duties + additional fees.
 */
function orderTotals(
	lines: LineItemRecord[],
	shipping: ShippingLineInput[] = [],
	taxesIncluded = true,
	charges: { duties?: string; additionalFees?: string } = {},
) {
	const isTip = (line: LineItemRecord) =>
		line.gift_card !== true &&
		line.variant_id == null &&
		line.product_id == null &&
		((typeof line.tip === 'object' && line.tip !== null) || 'tip_payment_gateway' in line);
	const moneySet = (amount: string | undefined) =>
		amount === undefined
			? null
			: {
					shop_money: { amount: money(Number(amount)), currency_code: SHOP_CURRENCY },
					presentment_money: { amount: money(Number(amount)), currency_code: SHOP_CURRENCY },
				};
	const lineTotal = (line: LineItemRecord) =>
		Number(line.price) * line.quantity - sumOf(line.discount_allocations);
	const subtotal = lines
		.filter((line) => !isTip(line))
		.reduce((sum, line) => sum + lineTotal(line), 0);
	const tips = lines.filter(isTip).reduce((sum, line) => sum + lineTotal(line), 0);
	const shippingPrice = shipping.reduce((sum, line) => sum + Number(line.price ?? 0), 0);
	const shippingCharged = shipping.reduce(
		(sum, line) => sum + Number(line.price ?? 0) - sumOf(line.discount_allocations),
		0,
	);
	const taxLines = [...lines, ...shipping].flatMap((line) => line.tax_lines ?? []);
	const beforeTax = subtotal + shippingCharged;
	const tax = taxLines.length
		? sumOf(taxLines)
		: taxesIncluded
			? beforeTax - beforeTax / (1 + SHOP_TAX_RATE)
			: 0;
	const total =
		beforeTax +
		(taxesIncluded ? 0 : tax) +
		tips +
		Number(charges.duties ?? 0) +
		Number(charges.additionalFees ?? 0);
	const discounts =
		lines.reduce((sum, line) => sum + sumOf(line.discount_allocations), 0) +
		shipping.reduce((sum, line) => sum + sumOf(line.discount_allocations), 0);
	return {
		taxes_included: taxesIncluded,
		subtotal_price: money(subtotal),
		total_discounts: money(discounts),
		total_shipping_price_set: {
			shop_money: { amount: money(shippingPrice), currency_code: SHOP_CURRENCY },
		},
		total_tax: money(tax),
		total_tip_received: money(tips),
		original_total_duties_set: moneySet(charges.duties),
		current_total_duties_set: moneySet(charges.duties),
		original_total_additional_fees_set: moneySet(charges.additionalFees),
		current_total_additional_fees_set: moneySet(charges.additionalFees),
		total_price: money(total),
		shipping_lines: shipping.map((line, index) => ({
			id: index + 1,
			title: line.title,
			code: line.code ?? line.title,
			price: money(Number(line.price ?? 0)),
			source: 'shopify',
			discount_allocations: line.discount_allocations ?? [],
			tax_lines: line.tax_lines ?? [],
		})),
	};
}

/** What the state tells the server about (for webhook deliveries). */
export interface ShopEvent {
	topic: string;
	payload: unknown;
}

export class ShopifyState {
	readonly locations = new Map<number, LocationRecord>();
	readonly products = new Map<number, ProductRecord>();
	/** `${inventoryItemId}:${locationId}` → available; a key exists when the item is stocked there. */
	readonly levels = new Map<string, number>();
	readonly orders = new Map<number, OrderRecord>();
	readonly fulfillmentOrders = new Map<number, FulfillmentOrderRecord>();
	readonly fulfillments: FulfillmentRecord[] = [];
	readonly webhooks = new Map<number, WebhookRecord>();
	private nextId = 1001;
	private orderNumber = 1001;
	private listeners: Array<(event: ShopEvent) => void> = [];

	id(): number {
		return this.nextId++;
	}

	onEvent(listener: (event: ShopEvent) => void): void {
		this.listeners.push(listener);
	}

	private emit(topic: string, payload: unknown): void {
		for (const listener of this.listeners) listener({ topic, payload });
	}

	reset(): void {
		for (const map of [
			this.locations,
			this.products,
			this.levels,
			this.orders,
			this.fulfillmentOrders,
			this.webhooks,
		])
			map.clear();
		this.fulfillments.length = 0;
		this.nextId = 1001;
		this.orderNumber = 1001;
	}

	seed(seed: ShopifySeed): void {
		for (const location of seed.locations ?? []) this.addLocation(location.name, location);
		for (const product of seed.products ?? []) this.addProduct(product);
		for (const [sku, perLocation] of Object.entries(seed.levels ?? {})) {
			const variant = this.variantBySku(sku);
			if (!variant) throw new Error(`No variant with SKU ${sku}`);
			for (const [name, quantity] of Object.entries(perLocation)) {
				const location = this.locationByName(name);
				if (!location) throw new Error(`No location ${name}`);
				this.setAvailable(variant.inventory_item_id, location.id, quantity);
			}
		}
		for (const order of seed.orders ?? []) this.createOrder(order, { silent: true });
	}

	addLocation(name: string, options: { id?: number; active?: boolean } = {}): LocationRecord {
		const location = { id: options.id ?? this.id(), name, active: options.active ?? true };
		this.locations.set(location.id, location);
		return location;
	}

	locationByName(name: string): LocationRecord | undefined {
		return [...this.locations.values()].find((location) => location.name === name);
	}

	addProduct(input: NonNullable<ShopifySeed['products']>[number]): ProductRecord {
		const now = new Date().toISOString();
		const id = input.id ?? this.id();
		const product: ProductRecord = {
			id,
			title: input.title,
			vendor: input.vendor ?? 'Retail Sync',
			product_type: '',
			status: 'active',
			created_at: now,
			updated_at: now,
			variants: input.variants.map((variant) => ({
				id: variant.id ?? this.id(),
				product_id: id,
				title: variant.title ?? 'Default Title',
				sku: variant.sku,
				price: variant.price ?? '10.00',
				inventory_item_id: this.id(),
			})),
		};
		this.products.set(id, product);
		return product;
	}

	variants(): VariantRecord[] {
		return [...this.products.values()].flatMap((product) => product.variants);
	}

	variantBySku(sku: string): VariantRecord | undefined {
		return this.variants().find((variant) => variant.sku === sku);
	}

	variantById(id: number): VariantRecord | undefined {
		return this.variants().find((variant) => variant.id === id);
	}

	variantByInventoryItem(inventoryItemId: number): VariantRecord | undefined {
		return this.variants().find((variant) => variant.inventory_item_id === inventoryItemId);
	}

	/** Available quantity, or undefined when the item is not stocked at the location. */
	available(inventoryItemId: number, locationId: number): number | undefined {
		return this.levels.get(`${inventoryItemId}:${locationId}`);
	}

	/** Sets (and stocks) an item at a location. */
	setAvailable(inventoryItemId: number, locationId: number, quantity: number): void {
		this.levels.set(`${inventoryItemId}:${locationId}`, quantity);
	}

	/** Available quantity of a SKU at a location (by name), for tests. */
	availableBySku(sku: string, locationName: string): number | undefined {
		const variant = this.variantBySku(sku);
		const location = this.locationByName(locationName);
		return variant && location ? this.available(variant.inventory_item_id, location.id) : undefined;
	}

	/** Creates an order (REST POST /orders.json or a test) with one fulfillment order. */
	createOrder(input: OrderInput, options: { silent?: boolean } = {}): OrderRecord {
		const now = input.created_at ?? new Date().toISOString();
		const {
			line_items: lines,
			shipping_lines: shipping,
			total_duties: duties,
			total_additional_fees: additionalFees,
			...rest
		} = input;
		const id = this.id();
		// location_id is set on point-of-sale orders only (online orders carry null); every order's
		// fulfillment order is assigned to it, or else to the first active location (ASSUMED: the
		// shop's default fulfilment location).
		const fulfilmentLocationId =
			input.location_id ?? [...this.locations.values()].find((location) => location.active)?.id;
		const lineItems = lines.map(({ sku, variant_id, quantity, title, price, ...extra }) => {
			const line = { sku, variant_id, quantity, title, price };
			const variant =
				line.variant_id !== undefined
					? this.variantById(line.variant_id)
					: line.sku
						? this.variantBySku(line.sku)
						: undefined;
			return {
				id: this.id(),
				variant_id: variant?.id ?? line.variant_id ?? null,
				sku: variant?.sku ?? line.sku ?? null,
				title: line.title ?? variant?.title ?? 'Custom item',
				quantity: line.quantity,
				price: line.price ?? variant?.price ?? '0.00',
				gift_card: false,
				tax_lines: [],
				discount_allocations: [],
				...extra,
			};
		});
		const fulfilled = input.fulfillment_status === 'fulfilled';
		const order: OrderRecord = {
			...orderTotals(lineItems, shipping, input.taxes_included ?? true, { duties, additionalFees }),
			currency: SHOP_CURRENCY,
			presentment_currency: SHOP_CURRENCY,
			source_name: input.location_id === undefined ? 'web' : 'pos',
			customer: input.email ? { email: input.email, first_name: null, last_name: null } : null,
			shipping_address: null,
			billing_address: null,
			...rest,
			id,
			name: `#${this.orderNumber++}`,
			email: input.email ?? null,
			contact_email: input.email ?? null,
			test: input.test ?? false,
			created_at: now,
			processed_at: now,
			updated_at: now,
			cancelled_at: null,
			cancel_reason: null,
			financial_status: input.financial_status ?? 'paid',
			fulfillment_status: input.fulfillment_status ?? null,
			location_id: input.location_id ?? null,
			note: input.note ?? null,
			tags: input.tags ?? '',
			line_items: lineItems,
		};
		this.orders.set(id, order);
		if (fulfilmentLocationId !== undefined) {
			const fulfillmentOrder: FulfillmentOrderRecord = {
				id: this.id(),
				order_id: id,
				assigned_location_id: fulfilmentLocationId,
				status: fulfilled ? 'CLOSED' : 'OPEN',
				line_items: order.line_items.map((line) => ({
					id: this.id(),
					line_item_id: line.id,
					inventory_item_id:
						line.variant_id !== null
							? (this.variantById(line.variant_id)?.inventory_item_id ?? null)
							: null,
					sku: line.sku,
					total_quantity: line.quantity,
					remaining_quantity: fulfilled ? 0 : line.quantity,
				})),
			};
			this.fulfillmentOrders.set(fulfillmentOrder.id, fulfillmentOrder);
		}
		if (!options.silent) this.emit('orders/create', this.orderView(order));
		return order;
	}

	updateOrder(id: number, changes: Record<string, unknown>): OrderRecord | undefined {
		const order = this.orders.get(id);
		if (!order) return undefined;
		// ASSUMED: an update does not change the id or the line items.
		const rest = Object.entries(changes).filter(([key]) => key !== 'id' && key !== 'line_items');
		Object.assign(order, Object.fromEntries(rest), { updated_at: new Date().toISOString() });
		this.emit('orders/updated', this.orderView(order));
		return order;
	}

	/** Cancels an order (REST cancel.json, GraphQL orderCancel or a test); false if already cancelled. */
	cancelOrder(id: number, reason = 'other'): boolean {
		const order = this.orders.get(id);
		if (!order || order.cancelled_at) return false;
		order.cancelled_at = new Date().toISOString();
		order.cancel_reason = reason;
		order.updated_at = order.cancelled_at;
		for (const fulfillmentOrder of this.fulfillmentOrdersOf(id))
			if (fulfillmentOrder.status !== 'CLOSED') fulfillmentOrder.status = 'CANCELLED';
		this.emit('orders/cancelled', this.orderView(order));
		return true;
	}

	fulfillmentOrdersOf(orderId: number): FulfillmentOrderRecord[] {
		return [...this.fulfillmentOrders.values()].filter((fo) => fo.order_id === orderId);
	}

	/** Records a fulfillment already checked by the caller, moves remaining quantities and statuses. */
	recordFulfillment(
		orderId: number,
		lines: Array<{
			fulfillmentOrder: FulfillmentOrderRecord;
			line: FulfillmentOrderLine;
			quantity: number;
		}>,
		tracking: TrackingInfo[],
		notifyCustomer: boolean,
	): FulfillmentRecord {
		for (const { line, quantity } of lines) line.remaining_quantity -= quantity;
		for (const fulfillmentOrder of new Set(lines.map(({ fulfillmentOrder }) => fulfillmentOrder)))
			fulfillmentOrder.status = fulfillmentOrder.line_items.every(
				(line) => line.remaining_quantity === 0,
			)
				? 'CLOSED'
				: 'IN_PROGRESS';
		const fulfillment: FulfillmentRecord = {
			id: this.id(),
			order_id: orderId,
			created_at: new Date().toISOString(),
			notify_customer: notifyCustomer,
			tracking,
			line_items: lines.map(({ line, quantity }) => ({
				fulfillment_order_line_item_id: line.id,
				quantity,
			})),
		};
		this.fulfillments.push(fulfillment);
		const order = this.orders.get(orderId)!;
		const open = this.fulfillmentOrdersOf(orderId).some((fo) =>
			fo.line_items.some((line) => line.remaining_quantity > 0),
		);
		order.fulfillment_status = open ? 'partial' : 'fulfilled';
		order.updated_at = fulfillment.created_at;
		this.emit('fulfillments/create', { ...fulfillment, order_id: orderId });
		if (!open) this.emit('orders/fulfilled', this.orderView(order));
		return fulfillment;
	}

	/** The REST order resource (with its fulfillments, as Shopify's order carries them). */
	orderView(order: OrderRecord): Record<string, unknown> {
		return {
			...order,
			admin_graphql_api_id: `gid://shopify/Order/${order.id}`,
			fulfillments: this.fulfillments
				.filter((fulfillment) => fulfillment.order_id === order.id)
				.map((fulfillment) => ({
					id: fulfillment.id,
					order_id: order.id,
					created_at: fulfillment.created_at,
					tracking_company: fulfillment.tracking[0]?.company ?? null,
					tracking_number: fulfillment.tracking[0]?.number ?? null,
					tracking_url: fulfillment.tracking[0]?.url ?? null,
				})),
		};
	}

	snapshot() {
		return {
			locations: [...this.locations.values()],
			products: [...this.products.values()],
			levels: Object.fromEntries(this.levels),
			orders: [...this.orders.values()].map((order) => this.orderView(order)),
			fulfillmentOrders: [...this.fulfillmentOrders.values()],
			fulfillments: this.fulfillments,
			webhooks: [...this.webhooks.values()],
		};
	}
}
