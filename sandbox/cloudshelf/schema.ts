/**
 * The part of Cloudshelf's public GraphQL schema the connector touches, with the public type, field,
 * argument and enum names and nullability, taken from the vendor's generated schema types
 * (Cloudshelf/Shopify_CSConnector src/graphql/cloudshelf/generated/cloudshelf.ts @ 53ccb09).
 * Fields the connector never reads are left out. CountryCode and CurrencyCode are enums there;
 * here they are scalars accepting the same ISO codes.
 */
export const CLOUDSHELF_SDL = /* GraphQL */ `
	scalar GlobalId
	scalar UTCDateTime
	scalar CountryCode
	scalar CurrencyCode

	enum OrderStatus {
		DRAFT_BASKET
		PLACED
		PAID
		PARTIALLY_REFUNDED
		REFUNDED
		VOIDED
	}

	enum SortOrder {
		ASC
		DESC
	}

	enum UserErrorCode {
		ACTION_DISALLOWED
		ALREADY_IN_PROGRESS
		DEVICES_PER_LOCATION_LIMIT_REACHED
		ENTITY_CREATION_MISSING_FIELD
		ENTITY_INVALID_FIELD
		ENTITY_IN_USE
		ENTITY_NOT_FOUND
		IMAGE_UPLOAD_ERROR
		INVALID_ARGUMENT
		INVALID_FILE
		INVALID_HMAC
		LIVE_LOCATIONS_LIMIT_REACHED
		TEMPORARY_RESTRICTION
		UNKNOWN_ERROR
	}

	input SortOptionsInput {
		createdAt: SortOrder
		id: SortOrder
		updatedAt: SortOrder
	}

	type UserError {
		code: UserErrorCode!
		message: String!
	}

	type OrderPageInfo {
		endCursor: String
		hasNextPage: Boolean!
		hasPreviousPage: Boolean!
		startCursor: String
	}

	type LocationPageInfo {
		endCursor: String
		hasNextPage: Boolean!
		hasPreviousPage: Boolean!
		startCursor: String
	}

	type ProductPageInfo {
		endCursor: String
		hasNextPage: Boolean!
		hasPreviousPage: Boolean!
		startCursor: String
	}

	type KeyValuePair {
		key: String!
		value: String!
	}

	input KeyValuePairInput {
		key: String!
		value: String!
	}

	input MetadataInput {
		id: GlobalId
		namespace: String!
		key: String!
		data: String!
	}

	input MetaimageInput {
		url: String!
		preferredImage: Boolean!
	}

	type Location {
		id: GlobalId!
		platformProvidedId: GlobalId
		displayName: String!
		address: String!
		countryCode: CountryCode!
		fulfillsOnlineOrders: Boolean!
		createdAt: UTCDateTime!
		updatedAt: UTCDateTime!
	}

	input LocationInput {
		id: GlobalId
		displayName: String
		address: String
		countryCode: CountryCode
		fulfillsOnlineOrders: Boolean
		metadata: [MetadataInput!]
	}

	type LocationEdge {
		cursor: String
		node: Location
	}

	type LocationPaginatedPayload {
		edges: [LocationEdge!]
		pageInfo: LocationPageInfo
		totalCount: Int!
	}

	type LocationUpsertPayload {
		locations: [Location!]!
		userErrors: [UserError!]!
	}

	type ProductVariant {
		id: GlobalId!
		platformProvidedId: GlobalId
		sku: String
		barcode: String
		displayName: String
		currentPrice: Float!
		originalPrice: Float!
		isInStock: Boolean!
		availableToPurchase: Boolean!
		attributes: [KeyValuePair!]!
		position: Int
		product: Product!
		stockLevels: [StockLevel!]!
	}

	input ProductVariantInput {
		id: GlobalId
		sku: String
		barcode: String
		displayName: String
		currentPrice: Float
		originalPrice: Float
		isInStock: Boolean
		availableToPurchase: Boolean
		attributes: [KeyValuePairInput!]
		metaimages: [MetaimageInput!]
		metadata: [MetadataInput!]
		position: Int
	}

	input UpsertVariantsInput {
		productId: GlobalId!
		variants: [ProductVariantInput!]!
	}

	type ProductVariantUpsertPayload {
		productVariants: [ProductVariant!]!
		userErrors: [UserError!]!
	}

	type Product {
		id: GlobalId!
		platformProvidedId: GlobalId
		displayName: String!
		handle: String!
		description: String
		productType: String
		vendor: String
		tags: [String!]!
		productVariants: [ProductVariant!]!
		createdAt: UTCDateTime!
		updatedAt: UTCDateTime!
	}

	input ProductInput {
		id: GlobalId
		displayName: String
		handle: String
		description: String
		productType: String
		vendor: String
		tags: [String!]
		metadata: [MetadataInput!]
		remoteUpdatedAt: UTCDateTime
	}

	type ProductEdge {
		cursor: String
		node: Product
	}

	type ProductPaginatedPayload {
		edges: [ProductEdge!]
		pageInfo: ProductPageInfo
		totalCount: Int!
	}

	type ProductUpsertPayload {
		products: [Product!]!
		userErrors: [UserError!]!
	}

	type StockLevel {
		id: GlobalId!
		location: Location!
		productVariant: ProductVariant!
		isInStock: Boolean!
		createdAt: UTCDateTime!
		updatedAt: UTCDateTime!
	}

	input StockLevelInput {
		locationId: GlobalId!
		productVariantId: GlobalId!
		quantity: Int!
	}

	type StockLevelUpsertPayload {
		stockLevels: [StockLevel!]!
		userErrors: [UserError!]!
	}

	type Session {
		id: GlobalId!
		deviceId: String
		deviceName: String
		locationId: String
		locationName: String
		cloudshelfId: String
		salesAssistantId: String
		salesAssistantName: String
		fulfilmentMethod: String
		paymentMethod: String
		basketValue: Float!
		basketCurrencyCode: CurrencyCode!
	}

	type OrderLine {
		id: GlobalId!
		productId: String!
		productName: String!
		productVariantId: String!
		productVariantName: String!
		platformProvidedId: GlobalId
		platformProvidedProductId: GlobalId
		platformProvidedProductVariantId: GlobalId
		quantity: Int!
		price: Float!
		currencyCode: CurrencyCode!
		customAttributes: [KeyValuePair!]!
		createdAt: UTCDateTime!
		updatedAt: UTCDateTime!
	}

	type Order {
		id: GlobalId!
		thirdPartyId: String
		status: OrderStatus!
		discountCode: String
		createdAt: UTCDateTime!
		updatedAt: UTCDateTime!
		lines: [OrderLine!]!
		session: Session
	}

	type OrderEdge {
		cursor: String
		node: Order
	}

	type OrderPaginatedPayload {
		edges: [OrderEdge!]
		pageInfo: OrderPageInfo
		totalCount: Int!
	}

	input OrderLineInput {
		id: GlobalId
		productID: GlobalId
		productVariantID: GlobalId
		quantity: Int
		price: Float
		currencyCode: CurrencyCode
		customAttributes: [KeyValuePairInput!]
	}

	input OrderInput {
		id: GlobalId
		thirdPartyId: String
		newThirdPartyId: String
		status: OrderStatus
		lines: [OrderLineInput!]
		sessionId: GlobalId
		discountCode: String
		fromPOS: Boolean
	}

	type OrderUpsertPayload {
		orders: [Order!]!
		userErrors: [UserError!]!
	}

	type Query {
		orders(
			after: String
			before: String
			first: Int
			last: Int
			sortBy: SortOptionsInput
		): OrderPaginatedPayload!
		order(id: GlobalId!): Order
		locations(
			after: String
			before: String
			first: Int
			fulfillsOnlineOrders: Boolean
			last: Int
			sortBy: SortOptionsInput
			textSearch: String
		): LocationPaginatedPayload!
		location(id: GlobalId!): Location
		products(
			after: String
			before: String
			first: Int
			last: Int
			productGroupIds: [String!]
			sortBy: SortOptionsInput
			textSearch: String
		): ProductPaginatedPayload!
		product(id: GlobalId!): Product
		organisationRequiresStockSync: Boolean!
	}

	type Mutation {
		upsertLocations(input: [LocationInput!]!): LocationUpsertPayload!
		upsertProducts(input: [ProductInput!]!): ProductUpsertPayload!
		upsertProductVariants(inputs: [UpsertVariantsInput!]!): ProductVariantUpsertPayload!
		upsertStockLevels(input: [StockLevelInput!]!): StockLevelUpsertPayload!
		upsertOrders(input: [OrderInput!]!): OrderUpsertPayload!
	}
`;
