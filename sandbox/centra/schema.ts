/**
 * The part of Centra's Integration API (GraphQL) the connector touches. Centra publishes no schema
 * file, so this SDL follows Centra's own documentation (github.com/centrahq/api-documentation at
 * commit e5926eb: the GraphQL guides' example queries and mutations under
 * pages/05.api-references/02.graphql-integration-api/) and ../shared/reference/api-linnworks-centra.md
 * §2, with the names, arguments and enum values seen there. Names no document shows are marked
 * ASSUMED below:
 *
 * - `shippingOptions`, `shipments` and `stockChanges` as top-level queries (the types are
 *   documented; the queries are our choice);
 * - `Warehouse.stock` (INFERRED from the permission `Warehouse.stock:read`) and the Stock quantity
 *   names besides `freeToAllocateQuantity` (mirroring `stockTotals`);
 * - `StockQuantityType.FREE_TO_ALLOCATE` (only PHYSICAL is shown);
 * - `sizeChanges` as a list (the docs show one object, which GraphQL coerces to a list of one);
 * - the filter input names (`WarehouseFilter`, `OrderFilter`, …), `StringFilter`'s fields and
 *   `ShipmentFilter.id` (webhooks carry only a shipment's id);
 * - `Event.objectReference` holds the order number / shipment id as a string;
 * - `Order.shipments` (an order's shipments under the order; the docs show shipments only as
 *   mutation answers, so this field is our choice, like the top-level `shipments` query).
 *
 * VERIFIED from the DTC examples (05.examples/01.dtc): an order's shipping option is read through
 * `shippingPriceGroup { shippingOption { id name uri } }` (there is no `Order.shippingOption`);
 * `OrderLine.productName` ("One other way to fetch orders"), `OrderLine.product { name }` and
 * `productVariant { name }` (fragment orderLine); `Shipment.additionalMessage`, written by
 * `createShipment(input: {additionalMessage})` and read back in the answer ("Creating an unpaid
 * shipment"). Internal comments have their own nested permission `Order.internalComment:read`
 * (01.authorization: "Nested permissions will be used only for … Internal comments", the second
 * part matching the field name; the exact name is INFERRED from that convention).
 *
 * Nullability, ASSUMED: every field guarded by a permission (see FIELD_PERMISSIONS in server.ts)
 * and every mutation is nullable, so a missing permission nulls only that field and the rest of
 * the answer stays (Centra answers "data with that field null" then).
 */
export const CENTRA_SDL = /* GraphQL */ `
	"ISO 8601 date-time with a time zone, e.g. 2024-05-01T10:00:00+02:00 (also accepts 'now' where Centra takes PHP relative times)."
	scalar DateTimeTz
	scalar Date

	enum WarehouseStatus {
		ACTIVE
		INACTIVE
	}

	enum OrderStatus {
		PENDING
		CONFIRMED
		PROCESSING
		SHIPPED
		ARCHIVED
		CANCELLED
	}

	enum StoreType {
		DIRECT_TO_CONSUMER
		WHOLESALE
	}

	enum OrderSort {
		id_ASC
		id_DESC
	}

	enum ShipmentSort {
		id_ASC
		id_DESC
	}

	enum WarehouseSort {
		id_ASC
		id_DESC
	}

	enum StockQuantityType {
		PHYSICAL
		FREE_TO_ALLOCATE
	}

	enum EventObjectType {
		Order
		Shipment
		Return
		ProductSize
	}

	enum EventChangeType {
		CREATED
		UPDATED
		DELETED
		COMPLETED
		DEPENDENT_DATA_CHANGED
	}

	enum RateLimitType {
		REQUEST_COUNT
		QUERY_COMPLEXITY
		MUTATION_COUNT
	}

	enum RateLimitInterval {
		TEN_SECONDS
		ONE_HOUR
	}

	input StringFilter {
		equals: String
		contains: String
	}

	input DateTimeRangeFilter {
		from: DateTimeTz
		to: DateTimeTz
	}

	input WarehouseFilter {
		id: [Int!]
		name: StringFilter
	}

	input StockFilter {
		productSizeId: [Int!]
	}

	input ProductSizeFilter {
		id: [Int!]
		SKU: [String!]
	}

	input MarketFilter {
		id: [Int!]
		storeId: Int
	}

	input PricelistFilter {
		id: [Int!]
		storeId: Int
	}

	input OrderFilter {
		number: [Int!]
		createdAt: DateTimeRangeFilter
		status: [OrderStatus!]
		storeType: StoreType
	}

	input ShipmentFilter {
		id: [Int!]
		orderNumber: [Int!]
		isGoodToGo: Boolean
		isShipped: Boolean
		createdAt: DateTimeRangeFilter
		shippedAt: DateTimeRangeFilter
	}

	input StockChangeFilter {
		createdAt: DateTimeRangeFilter
		description: StringFilter
	}

	input EventFilter {
		objectType: [EventObjectType!]
		changeType: [EventChangeType!]
	}

	type UserError {
		message: String!
		path: [String!]
	}

	type UserWarning {
		message: String!
		path: [String!]
	}

	type Country {
		code: String!
		name: String!
	}

	type Currency {
		code: String!
	}

	type MonetaryValue {
		value: Float!
		currency: Currency!
	}

	type Size {
		id: Int!
		name: String!
	}

	type Product {
		id: Int!
		name: String!
	}

	type ProductVariant {
		id: Int!
		name: String!
		variantNumber: String
		product: Product!
	}

	type ProductSize {
		id: Int!
		SKU: String!
		GTIN: String
		size: Size!
		productVariant: ProductVariant!
	}

	type Stock {
		freeToAllocateQuantity: Int!
		physicalQuantity: Int!
		allocatedQuantity: Int!
		productSize: ProductSize
	}

	type Warehouse {
		id: Int!
		name: String!
		status: WarehouseStatus!
		stock(where: StockFilter, limit: Int = 20, page: Int = 1): [Stock!]
	}

	type Market {
		id: Int!
		name: String!
		assignedToCountries: [Country!]!
	}

	type Pricelist {
		id: Int!
		name: String!
		currency: Currency!
		assignedToCountries: [Country!]!
	}

	type ShippingOption {
		id: Int!
		name: String!
		uri: String!
	}

	type Address {
		firstName: String
		lastName: String
		address1: String
		address2: String
		city: String
		zipCode: String
		stateOrProvince: String
		country: Country
		email: String
		phoneNumber: String
	}

	type Customer {
		id: Int!
		email: String!
		firstName: String
		lastName: String
	}

	type OrderTotals {
		grandTotal: MonetaryValue
		shipping: MonetaryValue
		taxAdded: MonetaryValue
		taxIncluded: MonetaryValue
	}

	type OrderLine {
		id: Int!
		quantity: Int!
		cancelledQuantity: Int!
		unitPrice: MonetaryValue!
		taxPercent: Float!
		productSize: ProductSize
		productName: String
		product: Product
		productVariant: ProductVariant
	}

	type ShippingPriceGroup {
		shippingOption: ShippingOption
	}

	interface Order {
		id: String!
		number: Int!
		status: OrderStatus!
		isOnHold: Boolean!
		createdAt: DateTimeTz!
		orderDate: DateTimeTz!
		internalComment: String
		otherComment: String
		currencyBaseRate: Float
		grandTotal: MonetaryValue!
		totals: OrderTotals
		lines: [OrderLine!]!
		shippingAddress: Address
		billingAddress: Address
		market: Market
		pricelist: Pricelist
		shippingPriceGroup: ShippingPriceGroup
		shipments: [Shipment!]!
	}

	type DirectToConsumerOrder implements Order {
		id: String!
		number: Int!
		status: OrderStatus!
		isOnHold: Boolean!
		createdAt: DateTimeTz!
		orderDate: DateTimeTz!
		internalComment: String
		otherComment: String
		currencyBaseRate: Float
		grandTotal: MonetaryValue!
		totals: OrderTotals
		lines: [OrderLine!]!
		shippingAddress: Address
		billingAddress: Address
		market: Market
		pricelist: Pricelist
		shippingPriceGroup: ShippingPriceGroup
		shipments: [Shipment!]!
		customer: Customer
	}

	type CarrierInformation {
		carrierName: String
		serviceName: String
	}

	type ShipmentLine {
		id: Int!
		quantity: Int!
		orderLine: OrderLine!
	}

	type Shipment {
		id: Int!
		number: String!
		order: Order!
		isGoodToGo: Boolean!
		isShipped: Boolean!
		isPaid: Boolean!
		createdAt: DateTimeTz!
		shippedAt: DateTimeTz
		trackingNumber: String
		returnTrackingNumber: String
		additionalMessage: String
		carrierInformation: CarrierInformation
		lines: [ShipmentLine!]!
	}

	type StockChange {
		id: Int!
		description: String
		createdAt: DateTimeTz!
		warehouse: Warehouse
	}

	union EventObject = DirectToConsumerOrder | Shipment

	type Event {
		id: Int!
		objectType: EventObjectType!
		changeType: EventChangeType!
		objectReference: String
		createdAt: DateTimeTz!
		object: EventObject
	}

	type EventListener {
		objectType: EventObjectType!
		changeTypes: [EventChangeType!]!
	}

	type RateLimit {
		type: RateLimitType!
		intervalSeconds: RateLimitInterval!
		quota: Int!
		usedQuota: Int!
		remainingQuota: Int!
	}

	type Query {
		warehouses(
			where: WarehouseFilter
			sort: [WarehouseSort!]
			limit: Int = 20
			page: Int = 1
		): [Warehouse!]
		productSizes(where: ProductSizeFilter, limit: Int = 20, page: Int = 1): [ProductSize!]
		markets(where: MarketFilter, limit: Int = 20, page: Int = 1): [Market!]
		pricelists(where: PricelistFilter, limit: Int = 20, page: Int = 1): [Pricelist!]
		shippingOptions(limit: Int = 20, page: Int = 1): [ShippingOption!]
		orders(where: OrderFilter, sort: [OrderSort!], limit: Int = 20, page: Int = 1): [Order!]
		shipments(
			where: ShipmentFilter
			sort: [ShipmentSort!]
			limit: Int = 20
			page: Int = 1
		): [Shipment!]
		stockChanges(where: StockChangeFilter, limit: Int = 20, page: Int = 1): [StockChange!]
		events(where: EventFilter, limit: Int = 200): [Event!]
		eventListeners: [EventListener!]
		rateLimits: [RateLimit!]!
	}

	input WarehouseReference {
		id: Int!
	}

	input ProductVariantReference {
		id: Int!
	}

	"A size by its id (the ProductSize's size.id) or by its name."
	input SizeReference {
		id: Int
		name: String
	}

	input MonetaryValueInput {
		value: Float!
		currencyIsoCode: String!
	}

	input SizeChangeInput {
		size: SizeReference!
		deliveredQuantity: Int!
	}

	input ChangeStockProductVariantInput {
		productVariant: ProductVariantReference!
		unitCost: MonetaryValueInput
		sizeChanges: [SizeChangeInput!]!
	}

	input ChangeStockInput {
		intoWarehouse: WarehouseReference
		outFromWarehouse: WarehouseReference
		description: String
		productVariants: [ChangeStockProductVariantInput!]!
	}

	type ChangeStockPayload {
		stockChange: StockChange
		userErrors: [UserError!]!
		userWarnings: [UserWarning!]!
	}

	input SizeStockLevelInput {
		size: SizeReference!
		quantity: Int!
	}

	input SetStockProductVariantInput {
		productVariant: ProductVariantReference!
		sizeStockLevels: [SizeStockLevelInput!]!
	}

	input SetStockInput {
		warehouse: WarehouseReference!
		description: String
		stockQuantityType: StockQuantityType = PHYSICAL
		productVariants: [SetStockProductVariantInput!]!
	}

	type SetStockPayload {
		stockChanges: [StockChange!]!
		userErrors: [UserError!]!
		userWarnings: [UserWarning!]!
	}

	"An order by its id (hash) or its number."
	input OrderReference {
		id: String
		number: Int
	}

	input ConfirmOrderInput {
		order: OrderReference!
	}

	type ConfirmOrderPayload {
		order: Order
		userErrors: [UserError!]!
		userWarnings: [UserWarning!]!
	}

	input EmailOptionsInput {
		sendEmail: Boolean
	}

	input CancelStockActionInput {
		removeItemsFromStock: Boolean
	}

	input CancelDirectToConsumerOrderInput {
		comment: String
		emailOptions: EmailOptionsInput
		stockAction: CancelStockActionInput
		cancelAuthorization: Boolean
	}

	type CancelDirectToConsumerOrderPayload {
		order: Order
		userErrors: [UserError!]!
		userWarnings: [UserWarning!]!
	}

	input OrderLineReference {
		id: Int!
	}

	input ShipmentLineInput {
		orderLine: OrderLineReference!
		quantity: Int!
	}

	input CreateShipmentInput {
		order: OrderReference!
		lines: [ShipmentLineInput!]!
		isGoodToGo: Boolean
		isPaid: Boolean
		sendEmail: Boolean
		createdAt: DateTimeTz
		shippedAt: DateTimeTz
		additionalMessage: String
	}

	type CreateShipmentPayload {
		shipment: Shipment
		userErrors: [UserError!]!
		userWarnings: [UserWarning!]!
	}

	input ShipmentInfoInput {
		carrier: String
		service: String
		packagesNumber: Int
		trackingNumber: String
		returnTrackingNumber: String
		internalShippingCost: MonetaryValueInput
	}

	input CompleteShipmentInput {
		shippedAt: DateTimeTz
		sendEmail: Boolean
		shipmentInfo: ShipmentInfoInput
	}

	type CompleteShipmentPayload {
		shipment: Shipment
		userErrors: [UserError!]!
		userWarnings: [UserWarning!]!
	}

	input EventListenerInput {
		objectType: EventObjectType!
		changeTypes: [EventChangeType!]
	}

	type SetEventListenersPayload {
		eventListeners: [EventListener!]!
		userErrors: [UserError!]!
		userWarnings: [UserWarning!]!
	}

	input UnsetEventListenersInput {
		objectType: EventObjectType!
		changeTypes: [EventChangeType!]
	}

	type UnsetEventListenersPayload {
		eventListeners: [EventListener!]!
		userErrors: [UserError!]!
		userWarnings: [UserWarning!]!
	}

	input ConfirmEventsInput {
		eventsIds: [Int!]!
	}

	type ConfirmEventsPayload {
		userErrors: [UserError!]!
		userWarnings: [UserWarning!]!
	}

	type Mutation {
		changeStock(input: ChangeStockInput!): ChangeStockPayload
		setStock(input: SetStockInput!): SetStockPayload
		confirmOrder(input: ConfirmOrderInput!): ConfirmOrderPayload
		cancelDirectToConsumerOrder(
			id: String!
			input: CancelDirectToConsumerOrderInput
		): CancelDirectToConsumerOrderPayload
		createShipment(input: CreateShipmentInput!): CreateShipmentPayload
		completeShipment(id: Int!, input: CompleteShipmentInput): CompleteShipmentPayload
		setEventListeners(input: [EventListenerInput!]!): SetEventListenersPayload
		unsetEventListeners(input: [UnsetEventListenersInput!]!): UnsetEventListenersPayload
		confirmEvents(input: ConfirmEventsInput!): ConfirmEventsPayload
	}
`;
