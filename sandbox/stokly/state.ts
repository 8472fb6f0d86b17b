/**
 * In-memory Stokly account: locations with bins, sales channels, items (simple, variable parents
 * and their variants), inventory records (one per item × location × bin), adjustments, customers
 * and sale orders with their lines and dispatches.
 *
 * Writes are asynchronous as Stokly's appear to be (202 answers, reference §2.1, INFERRED): each
 * accepted write is queued and becomes visible `visibilityDelayMs` later, or only at `settle()`
 * while `holdWrites` is on. Tokens live here too, so tests can expire them.
 */
import { createHmac, randomUUID } from 'node:crypto';

import { Collection, type ListQuery } from './collection';

export interface StoklyLocation {
	locationId: string;
	name: string;
	/** 0 active (VERIFIED value; other values unknown). */
	status: number;
}

export interface StoklyBin {
	binId: string;
	locationId: string;
	name: string;
	/** 1 for the location's default bin (VERIFIED: `[default]=={1}`). */
	default: 1 | 0;
	/** VERIFIED value `active`. */
	status: string;
}

export interface StoklyChannel {
	channelId: string;
	name: string;
	/** 0 local/other (INFERRED), 2 eBay, 3 Amazon, 4 WooCommerce, 5 Magento, 6 Shopify, 7 Shopline. */
	type: number;
	/** ASSUMED 0 active (2 = deleted is INFERRED). */
	status: number;
}

export interface Money {
	amount: number;
	currency: string;
}

export interface StoklyItem {
	itemId: string;
	sku: string;
	name: string;
	/** 0 active, 1 archived (INFERRED). */
	status: number;
	/** 0 simple or variant, 2 variable parent (VERIFIED). */
	format: number;
	barcodes: string[];
	/** Net of VAT (VERIFIED: clients divide gross by 1 + VAT). */
	salePrice: Money;
	images: Array<{ uri: string }>;
	/** ASSUMED: list rows carry the attributes create takes, by name here (Stokly uses ids). */
	attributes: Array<{ name: string; value: string }>;
	/** Variable parents only: child itemIds (VERIFIED field). */
	variantItems?: string[];
	/** Variable parents only: the axes (VERIFIED field; ASSUMED: attribute names, not ids). */
	variableAttributes?: string[];
	timeCreated: string;
	timeUpdated: string;
}

/**
 * Inventory records hold, besides one row per item × location × bin, one location-level row per
 * item × location with binId (and binName, ASSUMED) `UNASSIGNED` (onHand and quarantined summed
 * over the bins, onOrder at the location), and one account-level row per item with locationId,
 * locationName, binId and binName `UNASSIGNED` (everything summed). INFERRED from ST-SCRIPTS
 * (KAllen-Scripts/StoklyScripts @ad6c9d5): getTrueOnOrder/run.js reads location rows with
 * `[locationId]!={UNASSIGNED}&&[binId]=={UNASSIGNED}`, inventoryByBin/run.js filters
 * `[binId]!={UNASSIGNED}` for per-bin rows. Clients reading per-bin stock filter them out.
 */
export const UNASSIGNED = 'UNASSIGNED';

export interface InventoryRecord {
	itemId: string;
	itemSku: string;
	itemName: string;
	locationId: string;
	locationName: string;
	binId: string;
	binName: string;
	onHand: number;
	quarantined: number;
	onOrder: number;
}

export interface Adjustment {
	adjustmentId: string;
	locationId: string;
	binId: string;
	reason: string;
	items: Array<{ itemId: string; quantity: number }>;
	createdAt: string;
	/** False while the adjustment is accepted but not applied yet. */
	visible: boolean;
}

export interface StoklyAddress {
	line1?: string;
	line2?: string;
	city?: string;
	region?: string;
	country?: string;
	postcode?: string;
}

export interface StoklyCustomer {
	customerId: string;
	type: number;
	name: { forename?: string; surname?: string };
	fullName: string;
	barcode: string | null;
	email: string | null;
	phone: string | null;
	address: StoklyAddress | null;
	billingAddress: StoklyAddress | null;
	shippingAddresses: unknown[];
	contacts: unknown[];
	timeCreated: string;
}

export type LineStatus = 'unprocessed' | 'collected' | 'dispatched';

export interface SaleOrderLine {
	lineId: string;
	referenceType: string;
	referenceId: string;
	itemSku: string;
	itemName: string;
	quantity: number;
	status: LineStatus;
	displayPrice: number;
	displayTax: number;
	displayDiscount: number;
	fulfilmentType: string;
	parentId: string | null;
}

export interface Dispatch {
	dispatchId: string;
	locationId: string;
	courier: string;
	trackingNumber: string;
	trackingUrl: string;
	dispatchedAt: string;
	items: Array<{ lineId: string; quantity: number }>;
}

export interface SaleOrder {
	saleOrderId: string;
	niceId: number;
	stage: string;
	itemStatuses: LineStatus[];
	sourceType: string;
	sourceId: string;
	channelName: string;
	sourceReferenceId: string | null;
	customerReference: string | null;
	customerId: string | null;
	currency: string;
	createdAt: string;
	timeUpdated: string;
	tags: string[];
	locationId: string | null;
	shipping: unknown;
	payments: Array<{ method: number; amount: number }>;
	total: number;
	dispatches: Dispatch[];
}

/** A sale order as the state hands it to tests: with its lines and whether it is visible yet. */
export type SaleOrderSnapshot = SaleOrder & { items: SaleOrderLine[]; visible: boolean };

export type StockSeed = number | Record<string, number>;

export interface SeedData {
	/** `bins`: bin names, the first is the default; without it one bin "Default" (ASSUMED). */
	locations?: Array<{ name: string; bins?: string[] }>;
	channels?: Array<{ name: string; type?: number }>;
	items?: Array<{
		sku: string;
		name: string;
		salePrice?: number | Money;
		barcodes?: string[];
		/** A variant names its variable parent, seeded in the same list (before or after it). */
		parentSku?: string;
		images?: Array<string | { uri: string }>;
		attributes?: Record<string, string> | Array<{ name: string; value: string }>;
		status?: number;
		/**
		 * Stock by location name: a number goes to the default bin, an object by bin name.
		 */
		stock?: Record<string, StockSeed>;
		/** On order by location name (kept on the location-level row). */
		onOrder?: Record<string, number>;
	}>;
}

export interface NewSaleOrder {
	stage: string;
	createdAt?: string;
	sourceType: string;
	sourceId: string;
	sourceReferenceId?: string;
	customerReference?: string;
	customerId?: string;
	currency: string;
	tags: string[];
	locationId?: string;
	shipping?: unknown;
	payments: Array<{ method: number; amount: number }>;
	items: Array<{
		referenceType: string;
		referenceId: string;
		quantity: number;
		displayPrice: number;
		displayTax: number;
		displayDiscount: number;
		fulfilmentType: string;
	}>;
}

export interface LineQuantity {
	lineId: string;
	quantity: number;
}

export interface StoklyStateOptions {
	/** Delay before an accepted write becomes visible (default 0: visible at once). */
	visibilityDelayMs?: number;
	/** Token lifetime (default 60 min, ASSUMED §2.6). */
	tokenTtlMs?: number;
}

interface PendingWrite {
	kind: 'saleOrder' | 'adjustment' | 'customer' | 'patch' | 'collect' | 'dispatch';
	id: string;
	visibleAt: number;
	held: boolean;
	apply: () => void;
}

/** How much of a line has been collected or dispatched, and how much stock left for it. */
interface LineProgress {
	collected: number;
	dispatched: number;
	deducted: number;
}

export const LOCATION_FIELDS = new Set(['locationId', 'name', 'status']);
export const BIN_FIELDS = new Set(['binId', 'locationId', 'name', 'default', 'status']);
export const CHANNEL_FIELDS = new Set(['channelId', 'name', 'type', 'status']);
export const ITEM_FIELDS = new Set([
	'itemId',
	'sku',
	'name',
	'status',
	'format',
	'barcodes',
	'salePrice',
	'images',
	'attributes',
	'variantItems',
	'variableAttributes',
	'timeCreated',
	'timeUpdated',
]);
export const INVENTORY_FIELDS = new Set([
	'itemId',
	'itemSku',
	'itemName',
	'locationId',
	'locationName',
	'binId',
	'binName',
	'onHand',
	'quarantined',
	'onOrder',
]);
export const CUSTOMER_FIELDS = new Set([
	'customerId',
	'type',
	'name',
	'fullName',
	'barcode',
	'email',
	'phone',
	'address',
	'billingAddress',
	'shippingAddresses',
	'contacts',
	'timeCreated',
]);
export const SALE_ORDER_FIELDS = new Set([
	'saleOrderId',
	'niceId',
	'stage',
	'itemStatuses',
	'sourceType',
	'sourceId',
	'channelName',
	'sourceReferenceId',
	'customerReference',
	'customerId',
	'currency',
	'createdAt',
	// ASSUMED: sale orders filterable and sortable by timeUpdated (a dispatch moves it); Stokly's
	// `[timeUpdated]>>{…}` is VERIFIED on items only, and an "updated since" field on sale orders is
	// UNKNOWN (reference §2.4.6).
	'timeUpdated',
	'tags',
	'locationId',
	'shipping',
	'payments',
	'total',
	'dispatches',
]);
export const LINE_FIELDS = new Set([
	'lineId',
	'referenceType',
	'referenceId',
	'itemSku',
	'itemName',
	'quantity',
	'status',
	'displayPrice',
	'displayTax',
	'displayDiscount',
	'fulfilmentType',
	'parentId',
]);

/** An inventory record as answered (without the sandbox's own key). */
export function recordView(record: InventoryRecord): InventoryRecord {
	return {
		itemId: record.itemId,
		itemSku: record.itemSku,
		itemName: record.itemName,
		locationId: record.locationId,
		locationName: record.locationName,
		binId: record.binId,
		binName: record.binName,
		onHand: record.onHand,
		quarantined: record.quarantined,
		onOrder: record.onOrder,
	};
}

const round2 = (value: number) => Math.round(value * 100) / 100;
const copy = <T>(value: T): T => structuredClone(value);

/** A JWT-shaped token (the real ones are JWTs: "jwt expired" is express-jwt's wording). */
function makeToken(accountKey: string, clientId: string, expiresAt: number): string {
	const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
	const head = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({
		accountkey: accountKey,
		clientId,
		jti: randomUUID(),
		exp: Math.floor(expiresAt / 1000),
	})}`;
	return `${head}.${createHmac('sha256', 'stokly-sandbox').update(head).digest('base64url')}`;
}

export class StoklyState {
	readonly locations = new Collection<StoklyLocation>('locationId', LOCATION_FIELDS, [
		'locationId',
		'name',
	]);
	readonly bins = new Collection<StoklyBin>('binId', BIN_FIELDS, ['binId', 'locationId']);
	readonly channels = new Collection<StoklyChannel>('channelId', CHANNEL_FIELDS, [
		'channelId',
		'name',
	]);
	readonly items = new Collection<StoklyItem>('itemId', ITEM_FIELDS, ['itemId', 'sku', 'format']);
	readonly inventory = new Collection<InventoryRecord & { key: string }>('key', INVENTORY_FIELDS, [
		'itemId',
		'itemSku',
		'locationId',
		'binId',
	]);
	readonly customers = new Collection<StoklyCustomer>('customerId', CUSTOMER_FIELDS, [
		'customerId',
		'barcode',
		'email',
	]);
	readonly orders = new Collection<SaleOrder>('saleOrderId', SALE_ORDER_FIELDS, [
		'saleOrderId',
		'niceId',
		'sourceReferenceId',
		'customerReference',
		'sourceId',
	]);
	readonly lines = new Map<string, SaleOrderLine[]>();
	private readonly lineById = new Map<string, SaleOrderLine>();
	private readonly progress = new Map<string, LineProgress>();
	private readonly adjustmentLog: Adjustment[] = [];
	private readonly pendingOrders = new Map<string, SaleOrderSnapshot>();
	private pending: PendingWrite[] = [];
	private readonly tokens = new Map<string, { accountKey: string; expiresAt: number }>();
	private nextNiceId = 1001;

	visibilityDelayMs: number;
	tokenTtlMs: number;
	/** While true, every new write stays invisible until `settle()`. */
	holdWrites = false;

	constructor(options: StoklyStateOptions = {}) {
		this.visibilityDelayMs = options.visibilityDelayMs ?? 0;
		this.tokenTtlMs = options.tokenTtlMs ?? 60 * 60_000;
	}

	reset(): void {
		for (const collection of [
			this.locations,
			this.bins,
			this.channels,
			this.items,
			this.inventory,
			this.customers,
			this.orders,
		])
			collection.clear();
		this.lines.clear();
		this.lineById.clear();
		this.progress.clear();
		this.adjustmentLog.length = 0;
		this.pendingOrders.clear();
		this.pending = [];
		this.tokens.clear();
		this.nextNiceId = 1001;
		this.holdWrites = false;
	}

	// ---- tokens ----

	issueToken(accountKey: string, clientId: string): { accessToken: string; expiry: string } {
		const expiresAt = Date.now() + this.tokenTtlMs;
		const accessToken = makeToken(accountKey, clientId, expiresAt);
		this.tokens.set(accessToken, { accountKey, expiresAt });
		return { accessToken, expiry: new Date(expiresAt).toISOString() };
	}

	/** The account of a live token, 'expired', or undefined for a token never issued. */
	tokenAccount(token: string): string | 'expired' | undefined {
		const entry = this.tokens.get(token);
		if (!entry) return undefined;
		return entry.expiresAt <= Date.now() ? 'expired' : entry.accountKey;
	}

	/** Every token issued so far expires now (its next use answers 401 "jwt expired"). */
	expireTokens(): void {
		const past = Date.now() - 1;
		for (const entry of this.tokens.values()) entry.expiresAt = past;
	}

	// ---- asynchronous writes ----

	/** Queues a write; it applies after the visibility delay, or at `settle()` while held. */
	private defer(kind: PendingWrite['kind'], id: string, apply: () => void): void {
		this.pending.push({
			kind,
			id,
			visibleAt: Date.now() + this.visibilityDelayMs,
			held: this.holdWrites,
			apply,
		});
		this.flush();
	}

	/** Applies the writes whose time has come (every request starts with this). */
	flush(now = Date.now()): void {
		if (!this.pending.length) return;
		const due = this.pending.filter((write) => !write.held && write.visibleAt <= now);
		if (!due.length) return;
		this.pending = this.pending.filter((write) => !due.includes(write));
		for (const write of due) write.apply();
	}

	/** Applies every accepted write now, held or not, in the order they were accepted. */
	settle(): void {
		const all = this.pending;
		this.pending = [];
		for (const write of all) write.apply();
	}

	/** Accepted writes not visible yet, for tests. */
	pendingWrites(): Array<{ kind: PendingWrite['kind']; id: string; held: boolean }> {
		return this.pending.map(({ kind, id, held }) => ({ kind, id, held }));
	}

	// ---- seeding ----

	seed(data: SeedData): void {
		for (const location of data.locations ?? []) this.addLocation(location.name, location.bins);
		for (const channel of data.channels ?? []) {
			if (!this.channels.findBy('name', channel.name))
				this.channels.add({
					channelId: randomUUID(),
					name: channel.name,
					type: channel.type ?? 0,
					status: 0,
				});
		}
		const seededItems = data.items ?? [];
		const parents = new Set(
			seededItems.flatMap((item) => (item.parentSku ? [item.parentSku] : [])),
		);
		const now = new Date().toISOString();
		for (const seeded of seededItems) {
			if (this.items.findBy('sku', seeded.sku))
				throw new Error(`Seed repeats SKU ${seeded.sku}, already in the sandbox`);
			const attributes = Array.isArray(seeded.attributes)
				? seeded.attributes
				: Object.entries(seeded.attributes ?? {}).map(([name, value]) => ({ name, value }));
			const price =
				typeof seeded.salePrice === 'number'
					? { amount: seeded.salePrice, currency: 'GBP' }
					: (seeded.salePrice ?? { amount: 0, currency: 'GBP' });
			const isParent = parents.has(seeded.sku);
			const item: StoklyItem = {
				itemId: randomUUID(),
				sku: seeded.sku,
				name: seeded.name,
				status: seeded.status ?? 0,
				format: isParent ? 2 : 0,
				barcodes: seeded.barcodes ?? [],
				salePrice: { ...price },
				images: (seeded.images ?? []).map((image) =>
					typeof image === 'string' ? { uri: image } : { uri: image.uri },
				),
				attributes,
				...(isParent ? { variantItems: [], variableAttributes: [] } : {}),
				timeCreated: now,
				timeUpdated: now,
			};
			this.items.add(item);
		}
		for (const seeded of seededItems) {
			const item = this.items.findBy('sku', seeded.sku)!;
			if (seeded.parentSku) {
				const parent = this.items.findBy('sku', seeded.parentSku);
				if (!parent) throw new Error(`Seed names unknown parent SKU ${seeded.parentSku}`);
				parent.variantItems!.push(item.itemId);
				for (const attribute of item.attributes)
					if (!parent.variableAttributes!.includes(attribute.name))
						parent.variableAttributes!.push(attribute.name);
			}
			if (item.format === 2) {
				if (seeded.stock) throw new Error(`Seed gives stock to variable item ${seeded.sku}`);
				continue;
			}
			for (const bin of this.bins.all()) this.recordOf(item, bin);
			for (const [locationName, stock] of Object.entries(seeded.stock ?? {})) {
				const location = this.locations.findBy('name', locationName);
				if (!location) throw new Error(`Seed names unknown location ${locationName}`);
				const byBin =
					typeof stock === 'number'
						? { [this.defaultBin(location.locationId).name]: stock }
						: stock;
				for (const [binName, onHand] of Object.entries(byBin)) {
					const bin = this.bins
						.allBy('locationId', location.locationId)
						.find((candidate) => candidate.name === binName);
					if (!bin) throw new Error(`Seed names unknown bin ${binName} at ${locationName}`);
					this.changeOnHand(item, bin, onHand - this.recordOf(item, bin).onHand);
				}
			}
			for (const [locationName, onOrder] of Object.entries(seeded.onOrder ?? {})) {
				const location = this.locations.findBy('name', locationName);
				if (!location) throw new Error(`Seed names unknown location ${locationName}`);
				this.setOnOrder(item, location.locationId, onOrder);
			}
		}
		this.items.changed();
		this.inventory.changed();
	}

	private addLocation(name: string, binNames: string[] = ['Default']): StoklyLocation {
		const existing = this.locations.findBy('name', name);
		if (existing) return existing;
		const location = this.locations.add({ locationId: randomUUID(), name, status: 0 });
		binNames.forEach((binName, index) => {
			const bin = this.bins.add({
				binId: randomUUID(),
				locationId: location.locationId,
				name: binName,
				default: index === 0 ? 1 : 0,
				status: 'active',
			});
			for (const item of this.items.all()) if (item.format !== 2) this.recordOf(item, bin);
		});
		return location;
	}

	/**
	 * The inventory record of an item in a bin, created at 0 when missing, with the item's
	 * aggregate rows (see `UNASSIGNED`).
	 */
	private recordOf(item: StoklyItem, bin: StoklyBin): InventoryRecord {
		const key = `${item.itemId}|${bin.binId}`;
		const existing = this.inventory.get(key);
		if (existing) return existing;
		const location = this.locations.get(bin.locationId)!;
		const row = (
			rowKey: string,
			where: { locationId: string; locationName: string; binId: string; binName: string },
		) =>
			this.inventory.get(rowKey) ??
			this.inventory.add({
				key: rowKey,
				itemId: item.itemId,
				itemSku: item.sku,
				itemName: item.name,
				...where,
				onHand: 0,
				quarantined: 0,
				onOrder: 0,
			});
		row(`${item.itemId}|${UNASSIGNED}`, {
			locationId: UNASSIGNED,
			locationName: UNASSIGNED,
			binId: UNASSIGNED,
			binName: UNASSIGNED,
		});
		row(`${item.itemId}|${location.locationId}|${UNASSIGNED}`, {
			locationId: location.locationId,
			locationName: location.name,
			binId: UNASSIGNED,
			binName: UNASSIGNED,
		});
		return row(key, {
			locationId: location.locationId,
			locationName: location.name,
			binId: bin.binId,
			binName: bin.name,
		});
	}

	/** The location-level and account-level rows of an item (see `UNASSIGNED`). */
	private aggregatesOf(itemId: string, locationId: string): InventoryRecord[] {
		return [
			this.inventory.get(`${itemId}|${locationId}|${UNASSIGNED}`)!,
			this.inventory.get(`${itemId}|${UNASSIGNED}`)!,
		];
	}

	/** Moves an item's on-hand in a bin, keeping its location and account rows in step. */
	private changeOnHand(item: StoklyItem, bin: StoklyBin, delta: number): void {
		if (!delta) return;
		this.recordOf(item, bin).onHand += delta;
		for (const aggregate of this.aggregatesOf(item.itemId, bin.locationId))
			aggregate.onHand += delta;
		this.inventory.changed();
	}

	/** Sets an item's on-order at a location (kept on the location row, ASSUMED; bins have none). */
	private setOnOrder(item: StoklyItem, locationId: string, onOrder: number): void {
		this.recordOf(item, this.defaultBin(locationId));
		const [atLocation, account] = this.aggregatesOf(item.itemId, locationId);
		account.onOrder += onOrder - atLocation.onOrder;
		atLocation.onOrder = onOrder;
		this.inventory.changed();
	}

	/** ASSUMED: every location has exactly one default bin (the first seeded). */
	defaultBin(locationId: string): StoklyBin {
		const bins = this.bins.allBy('locationId', locationId);
		return bins.find((bin) => bin.default === 1) ?? bins[0];
	}

	// ---- lookups for tests ----

	itemBySku(sku: string): StoklyItem | undefined {
		const item = this.items.findBy('sku', sku);
		return item && copy(item);
	}

	/** A location with its bins (the bins are not part of Stokly's location rows). */
	locationByName(name: string): (StoklyLocation & { bins: StoklyBin[] }) | undefined {
		const location = this.locations.findBy('name', name);
		return (
			location && {
				...copy(location),
				bins: copy(this.bins.allBy('locationId', location.locationId)),
			}
		);
	}

	channelByName(name: string): StoklyChannel | undefined {
		const channel = this.channels.findBy('name', name);
		return channel && copy(channel);
	}

	/** Visible on-hand of a SKU at a location, summed over its bins. */
	onHand(sku: string, locationName: string): number {
		this.flush();
		const item = this.items.findBy('sku', sku);
		const location = this.locations.findBy('name', locationName);
		if (!item || !location) throw new Error(`No item ${sku} or location ${locationName}`);
		return this.inventory
			.allBy('itemId', item.itemId)
			.filter((record) => record.locationId === location.locationId && record.binId !== UNASSIGNED)
			.reduce((sum, record) => sum + record.onHand, 0);
	}

	/** Inventory records of a SKU (every location and bin, and its UNASSIGNED rows), for tests. */
	recordsOf(sku: string): InventoryRecord[] {
		this.flush();
		return this.inventory.allBy('itemSku', sku).map(recordView);
	}

	/** Sale orders with their lines; `includeHeld` adds those accepted but not visible yet. */
	saleOrders(options: { includeHeld?: boolean } = {}): SaleOrderSnapshot[] {
		this.flush();
		const visible = this.orders.all().map((order) => ({
			...copy(order),
			items: copy(this.lines.get(order.saleOrderId)!),
			visible: true,
		}));
		return options.includeHeld
			? [...visible, ...[...this.pendingOrders.values()].map((order) => copy(order))]
			: visible;
	}

	/** Every adjustment accepted, in order; `visible` false while not applied. */
	adjustments(): Adjustment[] {
		this.flush();
		return copy(this.adjustmentLog);
	}

	customerList(): StoklyCustomer[] {
		this.flush();
		return copy([...this.customers.all()]);
	}

	// ---- changes made in Stokly itself (by a user), visible at once ----

	/** Changes an item as a Stokly user would (timeUpdated moves; names follow in inventory rows). */
	updateItem(
		sku: string,
		changes: Partial<Pick<StoklyItem, 'name' | 'status' | 'barcodes' | 'salePrice' | 'images'>>,
	): StoklyItem {
		const item = this.items.findBy('sku', sku);
		if (!item) throw new Error(`No item ${sku}`);
		Object.assign(item, copy(changes));
		item.timeUpdated = new Date().toISOString();
		if (changes.name !== undefined)
			for (const record of this.inventory.allBy('itemId', item.itemId)) record.itemName = item.name;
		this.items.changed();
		this.inventory.changed();
		return copy(item);
	}

	/** Sets on-hand in a bin (the default bin unless named), as a stock take in Stokly would. */
	setOnHand(sku: string, locationName: string, onHand: number, binName?: string): void {
		this.flush();
		const item = this.items.findBy('sku', sku);
		const location = this.locations.findBy('name', locationName);
		if (!item || item.format === 2 || !location)
			throw new Error(`No stock-holding item ${sku} or location ${locationName}`);
		const bin = binName
			? this.bins.allBy('locationId', location.locationId).find((entry) => entry.name === binName)
			: this.defaultBin(location.locationId);
		if (!bin) throw new Error(`No bin ${binName} at ${locationName}`);
		this.changeOnHand(item, bin, onHand - this.recordOf(item, bin).onHand);
	}

	// ---- writes (validated by the server first) ----

	/** Accepts an adjustment; its effect on inventory records is deferred. */
	adjust(request: {
		locationId: string;
		binId: string;
		reason: string;
		items: Array<{ itemId: string; quantity: number }>;
	}): Adjustment {
		const adjustment: Adjustment = {
			adjustmentId: randomUUID(),
			...copy(request),
			createdAt: new Date().toISOString(),
			visible: false,
		};
		this.adjustmentLog.push(adjustment);
		this.defer('adjustment', adjustment.adjustmentId, () => {
			const bin = this.bins.get(adjustment.binId)!;
			for (const line of adjustment.items) {
				const item = this.items.get(line.itemId)!;
				// ASSUMED: on-hand may go negative (Stokly's rule is unknown).
				this.changeOnHand(item, bin, line.quantity);
			}
			adjustment.visible = true;
			this.inventory.changed();
		});
		return copy(adjustment);
	}

	addCustomer(fields: Omit<StoklyCustomer, 'customerId' | 'timeCreated'>): string {
		const customer: StoklyCustomer = {
			customerId: randomUUID(),
			...copy(fields),
			timeCreated: new Date().toISOString(),
		};
		this.defer('customer', customer.customerId, () => this.customers.add(customer));
		return customer.customerId;
	}

	/**
	 * Accepts a sale order (niceId is given at acceptance, ASSUMED); visible later. ASSUMED: creating
	 * an order neither allocates nor deducts stock (collect and dispatch deduct), and a repeated
	 * sourceReferenceId is accepted as a new order (no idempotency is known; clients search first,
	 * VERIFIED practice). Fields the reference does not list (customerId, locationId, total,
	 * dispatches, lines' referenceType and displayDiscount) are ASSUMED.
	 */
	createSaleOrder(request: NewSaleOrder): string {
		const now = new Date().toISOString();
		const channel = this.channels.get(request.sourceId)!;
		const lines: SaleOrderLine[] = request.items.map((line) => {
			const item = this.items.get(line.referenceId)!;
			return {
				lineId: randomUUID(),
				referenceType: line.referenceType,
				referenceId: item.itemId,
				itemSku: item.sku,
				itemName: item.name,
				quantity: line.quantity,
				status: 'unprocessed',
				displayPrice: line.displayPrice,
				displayTax: line.displayTax,
				displayDiscount: line.displayDiscount,
				fulfilmentType: line.fulfilmentType,
				parentId: null,
			};
		});
		const shipping = request.shipping as { cost?: unknown; tax?: unknown } | undefined;
		const shippingTotal =
			(typeof shipping?.cost === 'number' ? shipping.cost : 0) +
			(typeof shipping?.tax === 'number' ? shipping.tax : 0);
		const order: SaleOrder = {
			saleOrderId: randomUUID(),
			niceId: this.nextNiceId++,
			stage: request.stage,
			itemStatuses: ['unprocessed'],
			sourceType: request.sourceType,
			sourceId: channel.channelId,
			channelName: channel.name,
			sourceReferenceId: request.sourceReferenceId ?? null,
			customerReference: request.customerReference ?? null,
			customerId: request.customerId ?? null,
			currency: request.currency,
			createdAt: request.createdAt ?? now,
			timeUpdated: now,
			tags: [...request.tags],
			locationId: request.locationId ?? null,
			shipping: copy(request.shipping ?? null),
			payments: copy(request.payments),
			// ASSUMED: total = Σ quantity × (displayPrice + displayTax − displayDiscount) + shipping.
			total: round2(
				lines.reduce(
					(sum, line) =>
						sum + line.quantity * (line.displayPrice + line.displayTax - line.displayDiscount),
					0,
				) + shippingTotal,
			),
			dispatches: [],
		};
		for (const line of lines) {
			this.progress.set(line.lineId, { collected: 0, dispatched: 0, deducted: 0 });
			this.lineById.set(line.lineId, line);
		}
		this.pendingOrders.set(order.saleOrderId, { ...order, items: lines, visible: false });
		this.defer('saleOrder', order.saleOrderId, () => {
			this.pendingOrders.delete(order.saleOrderId);
			order.timeUpdated = new Date().toISOString();
			this.lines.set(order.saleOrderId, lines);
			this.orders.add(order);
		});
		return order.saleOrderId;
	}

	/** Sets fields of a visible order (tags, stage, …) once the write becomes visible. */
	patchSaleOrder(saleOrderId: string, changes: Partial<Pick<SaleOrder, 'tags' | 'stage'>>): void {
		this.defer('patch', saleOrderId, () => {
			const order = this.orders.get(saleOrderId);
			if (!order) return;
			if (changes.tags) order.tags = [...changes.tags];
			if (changes.stage) order.stage = changes.stage;
			this.touch(order);
		});
	}

	/** Accepts a collection of lines at a location (deducts stock when applied). */
	collect(saleOrderId: string, locationId: string, items: LineQuantity[]): void {
		this.defer('collect', saleOrderId, () =>
			this.applyProgress(saleOrderId, locationId, items, 'collected'),
		);
	}

	/** Accepts a dispatch (ASSUMED endpoint, §2.6.4); returns the dispatch id. */
	acceptDispatch(
		saleOrderId: string,
		dispatch: Omit<Dispatch, 'dispatchId' | 'dispatchedAt'>,
	): string {
		const dispatchId = randomUUID();
		this.defer('dispatch', dispatchId, () =>
			this.applyDispatch(saleOrderId, { ...dispatch, dispatchId }),
		);
		return dispatchId;
	}

	/**
	 * A dispatch made in Stokly itself (by a user), visible at once: the named lines (every line's
	 * remaining quantity by default) from the order's location (or `locationId`, or the first).
	 */
	dispatch(
		saleOrderId: string,
		shipment: {
			courier: string;
			trackingNumber: string;
			trackingUrl?: string;
			locationId?: string;
			lines?: Array<string | LineQuantity>;
		},
	): Dispatch {
		this.flush();
		const order = this.orders.get(saleOrderId);
		if (!order) throw new Error(`No visible sale order ${saleOrderId}`);
		const lines = this.lines.get(saleOrderId)!;
		const remaining = (line: SaleOrderLine) =>
			line.quantity - this.progress.get(line.lineId)!.dispatched;
		const items: LineQuantity[] = (shipment.lines ?? lines.map((line) => line.lineId))
			.map((entry) => {
				if (typeof entry !== 'string') return entry;
				const line = lines.find((candidate) => candidate.lineId === entry);
				if (!line) throw new Error(`Sale order ${saleOrderId} has no line ${entry}`);
				return { lineId: entry, quantity: remaining(line) };
			})
			.filter((entry) => entry.quantity > 0);
		const locationId =
			shipment.locationId ?? order.locationId ?? this.locations.all()[0]?.locationId;
		if (!locationId) throw new Error('The sandbox has no location to dispatch from');
		return copy(
			this.applyDispatch(saleOrderId, {
				dispatchId: randomUUID(),
				locationId,
				courier: shipment.courier,
				trackingNumber: shipment.trackingNumber,
				trackingUrl: shipment.trackingUrl ?? '',
				items,
			}),
		);
	}

	/** Remaining quantity of a line to collect or dispatch. */
	remaining(lineId: string, kind: 'collected' | 'dispatched'): number {
		const line = this.lineById.get(lineId);
		const progress = this.progress.get(lineId);
		if (!line || !progress) return 0;
		return line.quantity - (kind === 'collected' ? progress.collected : progress.dispatched);
	}

	private applyDispatch(saleOrderId: string, dispatch: Omit<Dispatch, 'dispatchedAt'>): Dispatch {
		const applied = this.applyProgress(
			saleOrderId,
			dispatch.locationId,
			dispatch.items,
			'dispatched',
		);
		const entry: Dispatch = { ...dispatch, items: applied, dispatchedAt: new Date().toISOString() };
		const order = this.orders.get(saleOrderId);
		if (order && applied.length) {
			order.dispatches.push(entry);
			this.touch(order);
		}
		return entry;
	}

	/**
	 * Moves lines on: collected or dispatched quantities grow (clamped to what is left: a queued
	 * write applies what still can, ASSUMED), a line's status becomes `collected`/`dispatched` when
	 * all of it is, and stock leaves the location's default bin once per unit (ASSUMED: from the
	 * default bin; a collected unit that is later dispatched is not deducted twice).
	 */
	private applyProgress(
		saleOrderId: string,
		locationId: string,
		items: LineQuantity[],
		kind: 'collected' | 'dispatched',
	): LineQuantity[] {
		const order = this.orders.get(saleOrderId);
		const lines = this.lines.get(saleOrderId);
		if (!order || !lines) return [];
		const bin = this.defaultBin(locationId);
		const applied: LineQuantity[] = [];
		for (const request of items) {
			const line = lines.find((candidate) => candidate.lineId === request.lineId);
			const progress = this.progress.get(request.lineId);
			if (!line || !progress) continue;
			const done = kind === 'collected' ? progress.collected : progress.dispatched;
			const quantity = Math.min(request.quantity, line.quantity - done);
			if (quantity <= 0) continue;
			if (kind === 'collected') progress.collected += quantity;
			else progress.dispatched += quantity;
			const deduct = Math.max(progress.collected, progress.dispatched) - progress.deducted;
			progress.deducted += deduct;
			const item = this.items.get(line.referenceId);
			if (item && bin && deduct > 0) this.changeOnHand(item, bin, -deduct);
			if (progress.dispatched >= line.quantity) line.status = 'dispatched';
			else if (progress.collected >= line.quantity && line.status === 'unprocessed')
				line.status = 'collected';
			applied.push({ lineId: line.lineId, quantity });
		}
		if (applied.length) {
			this.inventory.changed();
			this.touch(order);
		}
		return applied;
	}

	private touch(order: SaleOrder): void {
		const lines = this.lines.get(order.saleOrderId) ?? [];
		order.itemStatuses = [...new Set(lines.map((line) => line.status))];
		order.timeUpdated = new Date().toISOString();
		this.orders.changed();
	}

	/** Compact view for the admin API. */
	snapshot() {
		this.flush();
		return {
			locations: this.locations.all().map((location) => ({
				...location,
				bins: this.bins.allBy('locationId', location.locationId),
			})),
			channels: this.channels.all(),
			items: this.items.size,
			inventoryRecords: this.inventory.size,
			// Bin rows only; the UNASSIGNED rows sum them.
			stock: this.inventory
				.all()
				.filter((record) => record.onHand !== 0 && record.binId !== UNASSIGNED)
				.slice(0, 1000)
				.map((record) => ({
					sku: record.itemSku,
					location: record.locationName,
					bin: record.binName,
					onHand: record.onHand,
				})),
			customers: this.customers.size,
			saleOrders: this.saleOrders({ includeHeld: true }).map((order) => ({
				saleOrderId: order.saleOrderId,
				niceId: order.niceId,
				sourceReferenceId: order.sourceReferenceId,
				stage: order.stage,
				itemStatuses: order.itemStatuses,
				visible: order.visible,
				dispatches: order.dispatches.length,
			})),
			adjustments: this.adjustmentLog.length,
			pendingWrites: this.pendingWrites(),
		};
	}

	/** Rows of a list endpoint (throws FilterError for a malformed filter). */
	list<T extends object>(collection: Collection<T>, query: ListQuery): readonly T[] {
		this.flush();
		return collection.query(query);
	}
}
