/**
 * The GraphQL documents this package sends, and the multi-call reads built on them (paged
 * listings, SKU resolution for order lines). Page sizes come from the documents themselves, so a
 * query never exceeds Cloudshelf's complexity limit.
 */
import type { IDataObject } from 'n8n-workflow';

import { chunk, fetchAllPages } from '../shared/transport';
import { keyOf, type CloudshelfOrder } from './model';
import { CloudshelfClient, LIMITS, pageSizeWithin, selectionCost } from './transport';

const ORDER_FIELDS = `{
	id thirdPartyId status createdAt updatedAt discountCode
	session { id deviceId deviceName locationId locationName salesAssistantName fulfilmentMethod paymentMethod basketValue basketCurrencyCode }
	lines { id productId productName productVariantId productVariantName platformProvidedProductVariantId quantity price currencyCode customAttributes { key value } }
}`;

/**
 * What order injection uses: the canonical order Linnworks → Order → Create reads (reference,
 * placedAt, status, currency, location, line SKU/name/quantity/price, the payment with its amount,
 * the readable attribution attributes), the SKU lookup's product/variant ids, and thirdPartyId,
 * by which Skip Orders Handed Over leaves out orders already injected. Cloudshelf's internal
 * session/device/location ids, line ids and line custom attributes are left out (reconciliation
 * and fulfilment read them).
 */
const INJECTION_ORDER_FIELDS = `{
	id thirdPartyId status createdAt updatedAt discountCode
	session { deviceName locationName salesAssistantName fulfilmentMethod paymentMethod basketValue basketCurrencyCode }
	lines { productId productName productVariantId productVariantName platformProvidedProductVariantId quantity price currencyCode }
}`;

/** A paged read: the query (variables `first`, `after`) and the largest page within the complexity limit. */
export interface PagedDocument {
	query: string;
	pageSize: number;
}

/**
 * The Orders listing for one order selection, most recently updated first. Cloudshelf's `orders`
 * takes no filter argument (only first/after/last/before and sortBy; schema of 2026-03), so orders
 * already injected cannot be skipped server-side: the read stops at Updated Since instead, and
 * Order → Get Many leaves them out itself (Skip Orders Handed Over). The extras are
 * selected but not used by the node; the full read keeps them as earlier versions sent it.
 */
function ordersDocument(
	orderFields: string,
	{
		connectionExtras = '',
		edgeExtras = '',
	}: { connectionExtras?: string; edgeExtras?: string } = {},
): PagedDocument {
	const connection = `{ ${connectionExtras} pageInfo { hasNextPage endCursor } edges { ${edgeExtras} node ${orderFields} } }`;
	return {
		query: `query Orders($first: Int!, $after: String) {
	orders(first: $first, after: $after, sortBy: { updatedAt: DESC }) ${connection}
}`,
		pageSize: pageSizeWithin(connection),
	};
}

/** The Orders listings, by Order → Get Many's Fields option. */
export const ORDER_READS = {
	all: ordersDocument(ORDER_FIELDS, { connectionExtras: 'totalCount', edgeExtras: 'cursor' }),
	orderInjection: ordersDocument(INJECTION_ORDER_FIELDS),
} satisfies Record<string, PagedDocument>;
export type OrderFields = keyof typeof ORDER_READS;

export const ORDERS_QUERY = ORDER_READS.all.query;
export const ORDERS_PAGE_SIZE = ORDER_READS.all.pageSize;

export const ORDER_QUERY = `query Order($id: GlobalId!) { order(id: $id) ${ORDER_FIELDS} }`;

const LOCATIONS_CONNECTION = `{ totalCount pageInfo { hasNextPage endCursor } edges { node { id platformProvidedId displayName address countryCode fulfillsOnlineOrders } } }`;
export const LOCATIONS_PAGE_SIZE = pageSizeWithin(LOCATIONS_CONNECTION);
export const LOCATIONS_QUERY = `query Locations($first: Int!, $after: String) {
	locations(first: $first, after: $after, sortBy: { createdAt: ASC }) ${LOCATIONS_CONNECTION}
}`;

const PRODUCTS_CONNECTION = `{ totalCount pageInfo { hasNextPage endCursor } edges { node {
	id platformProvidedId displayName handle vendor productType tags
	productVariants { id platformProvidedId sku barcode displayName currentPrice originalPrice isInStock availableToPurchase attributes { key value } }
} } }`;
export const PRODUCTS_PAGE_SIZE = pageSizeWithin(PRODUCTS_CONNECTION);
export const PRODUCTS_QUERY = `query Products($first: Int!, $after: String) {
	products(first: $first, after: $after, sortBy: { createdAt: ASC }) ${PRODUCTS_CONNECTION}
}`;

const STOCK_CONNECTION = `{ totalCount pageInfo { hasNextPage endCursor } edges { node {
	productVariants { id platformProvidedId sku stockLevels { isInStock location { id platformProvidedId } } }
} } }`;
export const STOCK_PAGE_SIZE = pageSizeWithin(STOCK_CONNECTION);
/** Cloudshelf exposes only "in stock or not" per variant and location, not quantities. */
export const STOCK_QUERY = `query ProductStock($first: Int!, $after: String) {
	products(first: $first, after: $after, sortBy: { createdAt: ASC }) ${STOCK_CONNECTION}
}`;

const PRODUCT_VARIANTS_FIELDS = '{ id productVariants { id sku } }';
/** Variant lookups go through their products (Cloudshelf has no variant query), batched with aliases. */
export const PRODUCTS_PER_LOOKUP = Math.min(
	100,
	Math.floor(LIMITS.maxComplexity / (1 + selectionCost(PRODUCT_VARIANTS_FIELDS))),
);

export function productLookupQuery(count: number): string {
	const variables = Array.from({ length: count }, (_, index) => `$p${index}: GlobalId!`).join(', ');
	const fields = Array.from(
		{ length: count },
		(_, index) => `p${index}: product(id: $p${index}) ${PRODUCT_VARIANTS_FIELDS}`,
	).join('\n');
	return `query ProductVariants(${variables}) {\n${fields}\n}`;
}

export const UPSERT_LOCATIONS = `mutation UpsertLocations($input: [LocationInput!]!) {
	upsertLocations(input: $input) { locations { id platformProvidedId displayName } userErrors { code message } }
}`;
export const UPSERT_PRODUCTS = `mutation UpsertProducts($input: [ProductInput!]!) {
	upsertProducts(input: $input) { products { id platformProvidedId } userErrors { code message } }
}`;
export const UPSERT_VARIANTS = `mutation UpsertProductVariants($inputs: [UpsertVariantsInput!]!) {
	upsertProductVariants(inputs: $inputs) { productVariants { id platformProvidedId sku } userErrors { code message } }
}`;
export const UPSERT_STOCK_LEVELS = `mutation UpsertStockLevels($input: [StockLevelInput!]!) {
	upsertStockLevels(input: $input) { userErrors { code message } }
}`;
export const UPSERT_ORDERS = `mutation UpsertOrders($input: [OrderInput!]!) {
	upsertOrders(input: $input) { orders { id status thirdPartyId } userErrors { code message } }
}`;

interface Connection<T> {
	totalCount?: number;
	pageInfo: { hasNextPage: boolean; endCursor: string | null };
	edges: Array<{ node: T }>;
}

/**
 * Reads a connection page by page. `keepGoing` sees each page's nodes and may stop the listing
 * early (e.g. once orders are older than a watermark).
 */
export async function readConnection<T>(
	client: CloudshelfClient,
	operation: string,
	query: string,
	field: string,
	pageSize: number,
	{ limit, keepGoing }: { limit?: number; keepGoing?: (nodes: T[]) => boolean } = {},
): Promise<T[]> {
	let after: string | null = null;
	return await fetchAllPages<T>(
		async () => {
			const data: Record<string, Connection<T>> = await client.request(operation, query, {
				first: pageSize,
				after,
			});
			const connection = data[field];
			const nodes = connection.edges.map((edge) => edge.node);
			after = connection.pageInfo.endCursor;
			const more = connection.pageInfo.hasNextPage && (keepGoing?.(nodes) ?? true);
			return { items: nodes, last: !more };
		},
		{ limit },
	);
}

/** Kiosk orders, most recently updated first, down to `updatedSince`, read with `document` (all fields by default). */
export async function readOrders(
	client: CloudshelfClient,
	{
		updatedSince,
		limit,
		document = ORDER_READS.all,
	}: { updatedSince?: Date; limit?: number; document?: PagedDocument } = {},
): Promise<CloudshelfOrder[]> {
	const since = updatedSince?.getTime();
	const recentEnough = (order: CloudshelfOrder) =>
		since === undefined || Date.parse(order.updatedAt) >= since;
	const orders = await readConnection<CloudshelfOrder>(
		client,
		'Orders',
		document.query,
		'orders',
		document.pageSize,
		{
			limit: since === undefined ? limit : undefined,
			keepGoing: (page) => page.every(recentEnough),
		},
	);
	const wanted = orders.filter(recentEnough);
	return limit === undefined ? wanted : wanted.slice(0, limit);
}

export interface LineSkus {
	/** SKU per line, index-aligned with `order.lines`; undefined where the variant is unknown. */
	skus: Array<string | undefined>;
	/** Lines whose SKU could not be found, with the reason. */
	problems: string[];
}

/**
 * SKU of every order line. Lines of variants pushed by this package decode their SKU from the
 * external id; any other variant is looked up (batched), once per execution.
 */
export class SkuResolver {
	private readonly known = new Map<string, string | null>();

	constructor(private readonly client: CloudshelfClient) {}

	async prepare(orders: CloudshelfOrder[]): Promise<void> {
		const products = new Set<string>();
		for (const line of orders.flatMap((order) => order.lines)) {
			if (keyOf('variant', line.platformProvidedProductVariantId) !== undefined) continue;
			if (line.productVariantId && !this.known.has(line.productVariantId) && line.productId)
				products.add(line.productId);
		}
		for (const batch of chunk([...products], PRODUCTS_PER_LOOKUP)) {
			const variables: IDataObject = {};
			batch.forEach((id, index) => (variables[`p${index}`] = id));
			const data = await this.client.request<
				Record<string, { productVariants: Array<{ id: string; sku: string | null }> } | null>
			>('ProductVariants', productLookupQuery(batch.length), variables);
			for (const product of Object.values(data)) {
				for (const variant of product?.productVariants ?? [])
					this.known.set(variant.id, variant.sku || null);
			}
		}
	}

	/** Call after `prepare` with the same orders. */
	skusOf(order: CloudshelfOrder): LineSkus {
		const problems: string[] = [];
		const skus = order.lines.map((line, index) => {
			const decoded = keyOf('variant', line.platformProvidedProductVariantId);
			if (decoded !== undefined) return decoded;
			const looked = line.productVariantId ? this.known.get(line.productVariantId) : null;
			if (looked) return looked;
			problems.push(
				`line ${index + 1} (${line.productName ?? 'unnamed product'}) refers to variant ${line.productVariantId ?? '(none)'}, which Cloudshelf does not know`,
			);
			return undefined;
		});
		return { skus, problems };
	}
}
