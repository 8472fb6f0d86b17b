/**
 * In-memory Linnworks account: locations, stock items with levels per location, open and processed
 * orders. Stock follows Linnworks' rules: an open order holds stock (InOrders), dispatch removes it
 * from StockLevel, cancellation releases it; Available = StockLevel − InOrders.
 *
 * Composite (bundle) items: a parent made of components (SKU × quantity) holds no stock of its own.
 * Its level at a location is what its components make (INFERRED from Linnworks' documentation of
 * composite items: the parent's stock is calculated from its children): StockLevel and Available
 * are the fewest whole bundles the components' StockLevel / Available make. An order line for a
 * parent holds and, on dispatch, takes its components' stock; writing a parent's level is refused.
 */
import { randomUUID } from 'node:crypto';

export const DEFAULT_LOCATION_ID = '00000000-0000-0000-0000-000000000000';

export interface SandboxLocation {
	StockLocationId: string;
	StockLocationIntId: number;
	LocationName: string;
	LocationTag: string;
	IsFulfillmentCenter: boolean;
	IsWarehouseManaged: boolean;
	City: string;
	Country: string;
}

export interface SandboxLevel {
	StockLevel: number;
	InOrders: number;
	LastUpdateDate: string;
}

export interface SandboxStockItem {
	StockItemId: string;
	SKU: string;
	Title: string;
	RetailPrice: number;
	levels: Map<string, SandboxLevel>;
	/** Set on a composite parent: the components (by SKU) one unit is made of. */
	components?: Array<{ sku: string; quantity: number }>;
}

export interface ChannelAddress {
	FullName?: string;
	Company?: string;
	Address1?: string;
	Address2?: string;
	Address3?: string;
	Town?: string;
	Region?: string;
	PostCode?: string;
	Country?: string;
	MatchCountryCode?: string;
	PhoneNumber?: string;
	EmailAddress?: string;
}

export interface ChannelOrderItem {
	ItemNumber: string;
	ChannelSKU: string;
	ItemTitle?: string;
	Qty: number;
	PricePerUnit: number;
	TaxRate?: number;
	TaxCostInclusive?: boolean;
}

/** The fields of a ChannelOrder the sandbox keeps (others are accepted and ignored). */
export interface ChannelOrder {
	Source: string;
	SubSource: string;
	ReferenceNumber: string;
	ExternalReference?: string;
	SecondaryReferenceNumber?: string;
	ChannelBuyerName?: string;
	Currency?: string;
	ReceivedDate: string;
	DispatchBy: string;
	PaidOn?: string;
	PaymentStatus?: 'Paid' | 'Unpaid' | 'Cancelled';
	PaymentMethodName?: string;
	PostalServiceName?: string;
	PostalServiceCost?: number;
	DeliveryAddress?: ChannelAddress;
	BillingAddress?: ChannelAddress;
	OrderItems: ChannelOrderItem[];
	ExtendedProperties?: Array<{ Name: string; Value: string; Type?: string }>;
}

export interface SandboxOrder {
	OrderId: string;
	NumOrderId: number;
	channel: ChannelOrder;
	fulfilmentLocationId: string;
	processed: boolean;
	processedOn?: string;
	cancelled: boolean;
	tracking?: { Vendor: string; PostalServiceName: string; TrackingNumber: string };
	createdAt: string;
}

export interface SeedData {
	locations?: Array<Partial<SandboxLocation> & { LocationName: string }>;
	items?: Array<{
		SKU: string;
		Title?: string;
		RetailPrice?: number;
		levels?: Record<string, number>;
		/** A composite parent: its components (SKU × quantity); it has no levels of its own. */
		components?: Array<{ sku: string; quantity: number }>;
	}>;
	/** Orders as ChannelOrders plus where they are fulfilled and whether they are already dispatched. */
	orders?: Array<{
		order: ChannelOrder;
		location?: string;
		dispatched?: { processedOn: string; vendor: string; service: string; trackingNumber: string };
	}>;
}

/** ProcessedOrders/SearchProcessedOrders' `DateField` values (VERIFIED: the SDK's `DateField` enum). */
export const PROCESSED_DATE_FIELDS = ['processed', 'payment', 'cancelled', 'received'] as const;
export type ProcessedDateField = (typeof PROCESSED_DATE_FIELDS)[number];

function round2(value: number): number {
	return Math.round(value * 100) / 100;
}

export class LinnworksState {
	locations: SandboxLocation[] = [];
	/** Stock items by lower-cased SKU. Read-only outside: `seed` keeps the listing caches in step. */
	private readonly itemsBySku = new Map<string, SandboxStockItem>();
	get items(): ReadonlyMap<string, SandboxStockItem> {
		return this.itemsBySku;
	}
	orders = new Map<string, SandboxOrder>();
	private nextNumOrderId = 100001;

	constructor() {
		this.reset();
	}

	reset(): void {
		this.locations = [
			this.makeLocation({ StockLocationId: DEFAULT_LOCATION_ID, LocationName: 'Default' }, 0),
		];
		this.itemsBySku.clear();
		this.itemsChanged();
		this.orders.clear();
		this.nextNumOrderId = 100001;
	}

	private makeLocation(
		partial: Partial<SandboxLocation> & { LocationName: string },
		index: number,
	): SandboxLocation {
		return {
			StockLocationId: partial.StockLocationId ?? randomUUID(),
			StockLocationIntId: index + 1,
			LocationName: partial.LocationName,
			LocationTag: partial.LocationTag ?? '',
			IsFulfillmentCenter: partial.IsFulfillmentCenter ?? false,
			IsWarehouseManaged: partial.IsWarehouseManaged ?? false,
			City: partial.City ?? '',
			Country: partial.Country ?? 'United Kingdom',
		};
	}

	seed(data: SeedData): void {
		for (const location of data.locations ?? []) {
			if (!this.findLocation(location.LocationName)) {
				this.locations.push(this.makeLocation(location, this.locations.length));
			}
		}
		for (const item of data.items ?? []) {
			const stockItem = this.findItem(item.SKU) ?? {
				StockItemId: randomUUID(),
				SKU: item.SKU,
				Title: item.Title ?? item.SKU,
				RetailPrice: item.RetailPrice ?? 0,
				levels: new Map<string, SandboxLevel>(),
			};
			if (item.components) {
				if (item.levels)
					throw new Error(`Composite ${item.SKU} takes no levels: its components hold the stock`);
				stockItem.components = item.components;
			}
			this.itemsBySku.set(item.SKU.toLowerCase(), stockItem);
			this.itemsChanged();
			for (const location of stockItem.components ? [] : this.locations) {
				if (!stockItem.levels.has(location.StockLocationId)) {
					stockItem.levels.set(location.StockLocationId, {
						StockLevel: 0,
						InOrders: 0,
						LastUpdateDate: new Date().toISOString(),
					});
				}
			}
			for (const [locationName, quantity] of Object.entries(item.levels ?? {})) {
				const location = this.findLocation(locationName);
				if (!location) throw new Error(`Seed names unknown location ${locationName}`);
				this.setLevel(stockItem, location.StockLocationId, quantity);
			}
		}
		for (const seeded of data.orders ?? []) {
			const location = this.findLocation(seeded.location ?? 'Default');
			if (!location) throw new Error(`Seed names unknown location ${seeded.location}`);
			const order = this.saveOrder(seeded.order, location.StockLocationId).order;
			if (order && seeded.dispatched) {
				this.dispatch(order.OrderId, {
					processedOn: seeded.dispatched.processedOn,
					vendor: seeded.dispatched.vendor,
					service: seeded.dispatched.service,
					trackingNumber: seeded.dispatched.trackingNumber,
				});
			}
		}
	}

	findLocation(reference: string | undefined): SandboxLocation | undefined {
		const key = (reference ?? '').trim().toLowerCase();
		if (!key || key === 'default')
			return this.locations.find((location) => location.StockLocationId === DEFAULT_LOCATION_ID);
		return this.locations.find(
			(location) =>
				location.StockLocationId.toLowerCase() === key ||
				location.LocationName.toLowerCase() === key,
		);
	}

	findItem(sku: string | undefined): SandboxStockItem | undefined {
		return sku ? this.items.get(sku.toLowerCase()) : undefined;
	}

	findItemById(id: string): SandboxStockItem | undefined {
		return this.itemsById().get(id);
	}

	private byIdCache?: Map<string, SandboxStockItem>;
	private sortedCache?: SandboxStockItem[];

	/** Drops the caches built from the item list; every change to the list goes through here. */
	private itemsChanged(): void {
		this.byIdCache = undefined;
		this.sortedCache = undefined;
	}

	private itemsById(): Map<string, SandboxStockItem> {
		this.byIdCache ??= new Map([...this.items.values()].map((item) => [item.StockItemId, item]));
		return this.byIdCache;
	}

	/** Items in SKU order, as listings return them; cached because 100k-item listings page 500 times. */
	sortedItems(): SandboxStockItem[] {
		this.sortedCache ??= [...this.items.values()].sort((a, b) => a.SKU.localeCompare(b.SKU));
		return this.sortedCache;
	}

	/**
	 * The stored level of a stock item at a location (made on first use). A composite parent has
	 * none: its level is derived (`levelView`), and writing it is refused by the server.
	 */
	levelOf(item: SandboxStockItem, locationId: string): SandboxLevel {
		if (item.components)
			throw new Error(`${item.SKU} is a composite item: its components hold its stock`);
		let level = item.levels.get(locationId);
		if (!level) {
			level = { StockLevel: 0, InOrders: 0, LastUpdateDate: new Date().toISOString() };
			item.levels.set(locationId, level);
		}
		return level;
	}

	setLevel(item: SandboxStockItem, locationId: string, stockLevel: number): SandboxLevel {
		const level = this.levelOf(item, locationId);
		level.StockLevel = stockLevel;
		level.LastUpdateDate = new Date().toISOString();
		return level;
	}

	/** The components of a composite parent, resolved (a component not in the account is skipped). */
	private componentsOf(
		item: SandboxStockItem,
	): Array<{ item: SandboxStockItem; quantity: number }> {
		return (item.components ?? []).flatMap(({ sku, quantity }) => {
			const component = this.findItem(sku);
			return component ? [{ item: component, quantity }] : [];
		});
	}

	/** A level as Linnworks shows it: stored, or for a composite parent made from its components. */
	private shownLevel(item: SandboxStockItem, locationId: string): SandboxLevel {
		if (!item.components) return this.levelOf(item, locationId);
		const components = this.componentsOf(item).map(({ item: component, quantity }) => ({
			level: this.levelOf(component, locationId),
			quantity,
		}));
		if (!components.length)
			return { StockLevel: 0, InOrders: 0, LastUpdateDate: new Date(0).toISOString() };
		const bundles = (units: (level: SandboxLevel) => number) =>
			Math.max(
				0,
				Math.min(...components.map(({ level, quantity }) => Math.floor(units(level) / quantity))),
			);
		const stockLevel = bundles((level) => level.StockLevel);
		const available = bundles((level) => level.StockLevel - level.InOrders);
		return {
			StockLevel: stockLevel,
			InOrders: stockLevel - available,
			LastUpdateDate: components
				.map(({ level }) => level.LastUpdateDate)
				.sort()
				.at(-1)!,
		};
	}

	/** The stock items and units an order line takes: the item, or a composite's components. */
	private stockTakenBy(line: ChannelOrderItem): Array<{ item: SandboxStockItem; units: number }> {
		const item = this.findItem(line.ChannelSKU);
		if (!item) return [];
		if (!item.components) return [{ item, units: line.Qty }];
		return this.componentsOf(item).map(({ item: component, quantity }) => ({
			item: component,
			units: line.Qty * quantity,
		}));
	}

	/** StockItemLevel as Linnworks returns it. */
	levelView(item: SandboxStockItem, locationId: string) {
		const level = this.shownLevel(item, locationId);
		const location = this.locations.find((candidate) => candidate.StockLocationId === locationId)!;
		return {
			Location: {
				StockLocationId: location.StockLocationId,
				StockLocationIntId: location.StockLocationIntId,
				LocationName: location.LocationName,
				IsFulfillmentCenter: location.IsFulfillmentCenter,
				IsWarehouseManaged: location.IsWarehouseManaged,
			},
			SKU: item.SKU,
			StockLevel: level.StockLevel,
			InOrders: level.InOrders,
			Available: level.StockLevel - level.InOrders,
			Due: 0,
			MinimumLevel: 0,
			StockItemId: item.StockItemId,
			LastUpdateDate: level.LastUpdateDate,
		};
	}

	private holdStock(order: SandboxOrder, sign: 1 | -1): void {
		for (const line of order.channel.OrderItems)
			for (const { item, units } of this.stockTakenBy(line))
				this.levelOf(item, order.fulfilmentLocationId).InOrders += sign * units;
	}

	findByKey(source: string, subSource: string, reference: string): SandboxOrder | undefined {
		return [...this.orders.values()].find(
			(order) =>
				order.channel.Source === source &&
				order.channel.SubSource === subSource &&
				order.channel.ReferenceNumber === reference,
		);
	}

	/**
	 * CreateOrders semantics: Source + SubSource + ReferenceNumber identify an order. Re-sending an
	 * unpaid one updates it; a paid one is skipped (not saved, not returned).
	 */
	saveOrder(channel: ChannelOrder, locationId: string): { order?: SandboxOrder; saved: boolean } {
		const existing = this.findByKey(channel.Source, channel.SubSource, channel.ReferenceNumber);
		if (existing) {
			if (existing.channel.PaymentStatus === 'Paid' || existing.processed)
				return { order: existing, saved: false };
			this.holdStock(existing, -1);
			existing.channel = channel;
			existing.fulfilmentLocationId = locationId;
			this.holdStock(existing, 1);
			return { order: existing, saved: true };
		}
		const order: SandboxOrder = {
			OrderId: randomUUID(),
			NumOrderId: this.nextNumOrderId++,
			channel,
			fulfilmentLocationId: locationId,
			processed: false,
			cancelled: false,
			createdAt: new Date().toISOString(),
		};
		this.orders.set(order.OrderId, order);
		this.holdStock(order, 1);
		return { order, saved: true };
	}

	dispatch(
		orderId: string,
		shipment: { processedOn?: string; vendor: string; service: string; trackingNumber: string },
	): SandboxOrder {
		const order = this.orders.get(orderId);
		if (!order) throw new Error(`No order ${orderId}`);
		if (order.processed) return order;
		this.holdStock(order, -1);
		for (const line of order.channel.OrderItems)
			for (const { item, units } of this.stockTakenBy(line))
				this.levelOf(item, order.fulfilmentLocationId).StockLevel -= units;
		order.processed = true;
		order.processedOn = shipment.processedOn ?? new Date().toISOString();
		order.tracking = {
			Vendor: shipment.vendor,
			PostalServiceName: shipment.service,
			TrackingNumber: shipment.trackingNumber,
		};
		return order;
	}

	cancel(orderId: string): string | null {
		const order = this.orders.get(orderId);
		if (!order) return `Order ${orderId} not found`;
		if (order.processed) return 'Order is already processed';
		this.holdStock(order, -1);
		order.processed = true;
		order.cancelled = true;
		order.processedOn = new Date().toISOString();
		return null;
	}

	/**
	 * The date a processed order is searched and sorted by; undefined when it has none (no PaidOn,
	 * or not cancelled). A cancelled order's cancel time is its processedOn (see `cancel`).
	 */
	processedDate(order: SandboxOrder, field: ProcessedDateField): string | undefined {
		switch (field) {
			case 'processed':
				return order.processedOn;
			case 'received':
				return order.channel.ReceivedDate;
			case 'payment':
				return order.channel.PaidOn;
			case 'cancelled':
				return order.cancelled ? order.processedOn : undefined;
		}
	}

	/**
	 * Open orders: neither processed nor cancelled; parked (unpaid) ones included (ASSUMED: parking
	 * does not close an order). Optionally only those fulfilled at one location. Oldest received
	 * first, then NumOrderId.
	 */
	openOrders(locationId?: string): SandboxOrder[] {
		const location = locationId?.toLowerCase();
		return [...this.orders.values()]
			.filter((order) => !order.processed && !order.cancelled)
			.filter((order) => !location || order.fulfilmentLocationId.toLowerCase() === location)
			.sort(
				(a, b) =>
					Date.parse(a.channel.ReceivedDate) - Date.parse(b.channel.ReceivedDate) ||
					a.NumOrderId - b.NumOrderId,
			);
	}

	/** OpenOrder as Orders/GetOpenOrders returns it: the OrderDetails sections, fewer top-level fields. */
	openOrderView(order: SandboxOrder) {
		const details = this.orderDetails(order);
		return {
			OrderId: details.OrderId,
			NumOrderId: details.NumOrderId,
			GeneralInfo: details.GeneralInfo,
			ShippingInfo: details.ShippingInfo,
			// VERIFIED (SDK doc of GetOpenOrders): no billing address; omitting the key is ASSUMED.
			CustomerInfo: {
				ChannelBuyerName: details.CustomerInfo.ChannelBuyerName,
				Address: details.CustomerInfo.Address,
			},
			TotalsInfo: details.TotalsInfo,
			Items: details.Items,
			FolderName: [] as string[],
			HasItems: details.Items.length > 0,
			TotalItemsSum: details.Items.reduce((sum, line) => sum + line.Quantity, 0),
		};
	}

	/** OrderDetails as Orders/GetOrdersById returns it. */
	orderDetails(order: SandboxOrder) {
		const channel = order.channel;
		const paid = channel.PaymentStatus === 'Paid';
		const subtotal = round2(
			channel.OrderItems.reduce((sum, line) => sum + line.Qty * line.PricePerUnit, 0),
		);
		const postage = channel.PostalServiceCost ?? 0;
		const tax = round2(
			channel.OrderItems.reduce((sum, line) => {
				const rate = (line.TaxRate ?? 0) / 100;
				return sum + (line.Qty * line.PricePerUnit * rate) / (1 + rate);
			}, 0),
		);
		const address = (source: ChannelAddress | undefined) => ({
			EmailAddress: source?.EmailAddress ?? '',
			Address1: source?.Address1 ?? '',
			Address2: source?.Address2 ?? '',
			Address3: source?.Address3 ?? '',
			Town: source?.Town ?? '',
			Region: source?.Region ?? '',
			PostCode: source?.PostCode ?? '',
			Country: source?.Country ?? '',
			FullName: source?.FullName ?? '',
			Company: source?.Company ?? '',
			PhoneNumber: source?.PhoneNumber ?? '',
		});
		return {
			OrderId: order.OrderId,
			NumOrderId: order.NumOrderId,
			Processed: order.processed,
			ProcessedDateTime: order.processedOn ?? null,
			FulfilmentLocationId: order.fulfilmentLocationId,
			GeneralInfo: {
				Status: paid ? 1 : 0,
				ReferenceNum: channel.ReferenceNumber,
				SecondaryReference: channel.SecondaryReferenceNumber ?? '',
				ExternalReferenceNum: channel.ExternalReference ?? '',
				Source: channel.Source,
				SubSource: channel.SubSource,
				ReceivedDate: channel.ReceivedDate,
				DespatchByDate: channel.DispatchBy,
				HoldOrCancel: order.cancelled,
				IsParked: !paid,
				Location: order.fulfilmentLocationId,
				NumItems: channel.OrderItems.length,
			},
			ShippingInfo: {
				Vendor: order.tracking?.Vendor ?? '',
				PostalServiceName: order.tracking?.PostalServiceName ?? channel.PostalServiceName ?? '',
				TrackingNumber: order.tracking?.TrackingNumber ?? '',
				PostageCost: postage,
			},
			CustomerInfo: {
				ChannelBuyerName: channel.ChannelBuyerName ?? '',
				Address: address(channel.DeliveryAddress),
				BillingAddress: address(channel.BillingAddress),
			},
			TotalsInfo: {
				Subtotal: subtotal,
				PostageCost: postage,
				Tax: tax,
				TotalCharge: round2(subtotal + postage),
				Currency: channel.Currency ?? 'GBP',
				PaymentMethod: channel.PaymentMethodName ?? '',
			},
			ExtendedProperties: (channel.ExtendedProperties ?? []).map((property) => ({
				Name: property.Name,
				Value: property.Value,
				Type: property.Type ?? 'Info',
			})),
			Items: channel.OrderItems.map((line) => {
				const item = this.findItem(line.ChannelSKU);
				return {
					ItemId: item?.StockItemId ?? '00000000-0000-0000-0000-000000000000',
					StockItemId: item?.StockItemId ?? '00000000-0000-0000-0000-000000000000',
					SKU: item?.SKU ?? '',
					ChannelSKU: line.ChannelSKU,
					ItemNumber: line.ItemNumber,
					Title: line.ItemTitle ?? item?.Title ?? '',
					Quantity: line.Qty,
					PricePerUnit: line.PricePerUnit,
					TaxRate: line.TaxRate ?? 0,
					CostIncTax: round2(line.Qty * line.PricePerUnit),
				};
			}),
		};
	}

	/** ProcessedOrderWeb as ProcessedOrders/SearchProcessedOrders returns it. */
	processedView(order: SandboxOrder) {
		const details = this.orderDetails(order);
		const location = this.locations.find(
			(candidate) => candidate.StockLocationId === order.fulfilmentLocationId,
		);
		return {
			pkOrderID: order.OrderId,
			nOrderId: order.NumOrderId,
			nStatus: details.GeneralInfo.Status,
			ReferenceNum: order.channel.ReferenceNumber,
			SecondaryReference: order.channel.SecondaryReferenceNumber ?? '',
			ExternalReference: order.channel.ExternalReference ?? '',
			Source: order.channel.Source,
			SubSource: order.channel.SubSource,
			dReceivedDate: order.channel.ReceivedDate,
			dProcessedOn: order.processedOn,
			dPaidOn: order.channel.PaidOn ?? null,
			dCancelledOn: order.cancelled ? order.processedOn : null,
			HoldOrCancel: order.cancelled,
			PostalTrackingNumber: order.tracking?.TrackingNumber ?? '',
			PostalServiceName: details.ShippingInfo.PostalServiceName,
			Vendor: order.tracking?.Vendor ?? '',
			cCurrency: details.TotalsInfo.Currency,
			fTotalCharge: details.TotalsInfo.TotalCharge,
			fPostageCost: details.TotalsInfo.PostageCost,
			fTax: details.TotalsInfo.Tax,
			FulfilmentLocationName: location?.LocationName ?? '',
		};
	}

	/** Compact view for tests and the admin API. */
	snapshot() {
		return {
			locations: this.locations.map((location) => ({
				id: location.StockLocationId,
				name: location.LocationName,
			})),
			stock: [...this.items.values()].flatMap((item) =>
				(item.components
					? this.locations.map(({ StockLocationId }) => StockLocationId)
					: [...item.levels.keys()]
				).map((locationId) => {
					const level = this.shownLevel(item, locationId);
					return {
						sku: item.SKU,
						location: this.locations.find((location) => location.StockLocationId === locationId)
							?.LocationName,
						stockLevel: level.StockLevel,
						inOrders: level.InOrders,
						available: level.StockLevel - level.InOrders,
						...(item.components ? { composite: true } : {}),
					};
				}),
			),
			orders: [...this.orders.values()].map((order) => ({
				orderId: order.OrderId,
				numOrderId: order.NumOrderId,
				reference: order.channel.ReferenceNumber,
				source: order.channel.Source,
				subSource: order.channel.SubSource,
				paymentStatus: order.channel.PaymentStatus ?? 'Unpaid',
				processed: order.processed,
				cancelled: order.cancelled,
				lines: order.channel.OrderItems.map((line) => ({
					sku: line.ChannelSKU,
					quantity: line.Qty,
				})),
			})),
		};
	}
}
