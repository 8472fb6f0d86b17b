/**
 * Centra simulator: the Integration API (GraphQL, `POST /graphql`, executed with `graphql` on
 * ./schema.ts) and the REST Order API (`/api/order-api`, ./order-api.ts), one in-memory instance
 * (./state.ts) and the webhook plugin sending to a configured URL (./webhooks.ts).
 *
 * GraphQL, VERIFIED: `Authorization: Bearer <token>` or cookie `graphql-access=<token>`; every answer
 * carries `extensions: {complexity, permissionsUsed, appVersion}`; a field the token has no
 * permission for answers `{"message": "You need <Permission> permission to access <field>.",
 * "path", "locations", "extensions": {"category": "authorization"}}` with that field null; six
 * token-bucket rate limits per token (requests 20 / 10 s and 10 000 / h, complexity 150 000 / 10 s
 * and 20 000 000 / h, mutations 100 / 10 s and 1 000 / h), over any of them HTTP 429 with
 * Retry-After; the `rateLimits` query; mutations answer `userErrors` and `userWarnings`.
 *
 * ASSUMED: a missing, unknown or expired token is HTTP 401 with a GraphQL error body (code
 * UNAUTHENTICATED); Retry-After is the Unix epoch second of the next allowed moment (injected 429s
 * too); a rate-limited request consumes nothing; the mutation bucket counts root mutation fields;
 * complexity is 1 per object returned (list fields with `limit` count `limit` objects) + 10 per
 * `physicalQuantity` / `allocatedQuantity`, `freeToAllocateQuantity` and other scalars free; a
 * query costing more than a whole 10-second complexity bucket is refused with HTTP 400; parse and
 * validation errors are HTTP 400; limits outside 1–200 and pages below 1 are field errors;
 * `appVersion` is "sandbox". Error bodies are GraphQL's (../common/graphql.ts) on /graphql and the
 * REST `{"status":"no","msg":…}` under /api/order-api, injected faults included.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

import {
	GraphQLError,
	buildSchema,
	defaultFieldResolver,
	execute,
	getNamedType,
	isLeafType,
	isObjectType,
	parse,
	validate,
	type DocumentNode,
	type GraphQLFieldResolver,
	type OperationDefinitionNode,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';

import { graphqlErrorBody, graphqlErrorResponse } from '../common/graphql';
import {
	SandboxServer,
	type AdminHandlers,
	type SandboxRequest,
	type SandboxResponse,
} from '../common/http';
import {
	ORDER_API_PREFIX,
	SANDBOX_ORDER_API_KEY,
	createOrder,
	getOrders,
	restError,
} from './order-api';
import { CENTRA_SDL } from './schema';
import {
	COUNTRY_NAMES,
	CentraState,
	parseDateTime,
	type EventChangeType,
	type EventObjectType,
	type EventRecord,
	type OrderRecord,
	type OrderStatus,
	type ProductSizeRecord,
	type RateLimitBucket,
	type SeedData,
	type ShipmentRecord,
	type StockChangeRecord,
	type UserError,
	type Warehouse,
} from './state';
import { CentraWebhooks, type WebhookConfig } from './webhooks';

export { SANDBOX_ORDER_API_KEY } from './order-api';
export { SANDBOX_WEBHOOK_SECRET, centraSignature, signatureHeader } from './webhooks';

export const SANDBOX_TOKEN = 'centra-sandbox-token';
export const APP_VERSION = 'sandbox';
export const MAX_LIMIT = 200;
export const DEFAULT_LIMIT = 20;
/** Default token lifetime in Centra (VERIFIED: 30 days). */
export const DEFAULT_TOKEN_DAYS = 30;

/** The six rate limits (VERIFIED defaults), per token. */
export const RATE_LIMITS = [
	{ type: 'REQUEST_COUNT', intervalSeconds: 'TEN_SECONDS', seconds: 10, quota: 20 },
	{ type: 'REQUEST_COUNT', intervalSeconds: 'ONE_HOUR', seconds: 3600, quota: 10_000 },
	{ type: 'QUERY_COMPLEXITY', intervalSeconds: 'TEN_SECONDS', seconds: 10, quota: 150_000 },
	{ type: 'QUERY_COMPLEXITY', intervalSeconds: 'ONE_HOUR', seconds: 3600, quota: 20_000_000 },
	{ type: 'MUTATION_COUNT', intervalSeconds: 'TEN_SECONDS', seconds: 10, quota: 100 },
	{ type: 'MUTATION_COUNT', intervalSeconds: 'ONE_HOUR', seconds: 3600, quota: 1_000 },
] as const;
type RateLimitType = (typeof RATE_LIMITS)[number]['type'];

/**
 * The permission each guarded field needs, by `Type.field` (VERIFIED names where
 * ../shared/reference/api-linnworks-centra.md §2.2 lists them; Market:read, Pricelist:read and
 * ShippingOption:read follow the same pattern, ASSUMED). `Order.internalComment:read`: Centra's
 * Authorization page gives internal comments their own nested permission named after the field
 * (INFERRED name, see schema.ts).
 */
export const FIELD_PERMISSIONS: Record<string, string> = {
	'Query.warehouses': 'Warehouse:read',
	'Warehouse.stock': 'Warehouse.stock:read',
	'Stock.productSize': 'ProductSize:read',
	'Query.productSizes': 'ProductSize:read',
	'Query.markets': 'Market:read',
	'Query.pricelists': 'Pricelist:read',
	'Query.shippingOptions': 'ShippingOption:read',
	'Query.orders': 'Order:read',
	'DirectToConsumerOrder.shippingAddress': 'Order.shippingAddress:read',
	'DirectToConsumerOrder.billingAddress': 'Order.billingAddress:read',
	'DirectToConsumerOrder.customer': 'Purchaser:read',
	'DirectToConsumerOrder.internalComment': 'Order.internalComment:read',
	'Query.shipments': 'Shipment:read',
	'Query.stockChanges': 'StockChange:read',
	'Query.events': 'Event:read',
	'Query.eventListeners': 'Event:read',
	'Mutation.changeStock': 'StockChange:write',
	'Mutation.setStock': 'StockChange:write',
	'Mutation.confirmOrder': 'Order:write',
	'Mutation.cancelDirectToConsumerOrder': 'Order:write',
	'Mutation.createShipment': 'Shipment:write',
	'Mutation.completeShipment': 'Shipment:write',
	'Mutation.setEventListeners': 'Event:write',
	'Mutation.unsetEventListeners': 'Event:write',
	'Mutation.confirmEvents': 'Event:write',
};

/** Every permission the sandbox knows (what the full-access token holds). */
export const ALL_PERMISSIONS = [...new Set(Object.values(FIELD_PERMISSIONS))].sort();

interface Context {
	permissions: Set<string> | 'all';
	used: Set<string>;
}

/** Which API a request is for, so error bodies (faults included) take that API's shape. */
const api = new AsyncLocalStorage<'graphql' | 'rest'>();

/** Complexity (ASSUMED rule, see the header). */
const complexityEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
	if (type.name === 'Stock' && ['physicalQuantity', 'allocatedQuantity'].includes(field.name))
		return 10;
	if (isLeafType(getNamedType(field.type))) return 0;
	const paged = field.args.some((arg) => arg.name === 'limit');
	const count = paged ? Number(args.limit ?? DEFAULT_LIMIT) || DEFAULT_LIMIT : 1;
	return count * (1 + childComplexity);
};

function page<T>(records: T[], args: { limit?: number | null; page?: number | null }): T[] {
	const limit = args.limit ?? DEFAULT_LIMIT;
	const pageNumber = args.page ?? 1;
	if (limit < 1 || limit > MAX_LIMIT)
		throw new GraphQLError(`Limit must be in range 1 - ${MAX_LIMIT}`);
	if (pageNumber < 1) throw new GraphQLError('Page must be 1 or more');
	return records.slice((pageNumber - 1) * limit, pageNumber * limit);
}

function inRange(iso: string | null, range?: { from?: string | null; to?: string | null } | null) {
	if (!range) return true;
	if (!iso) return false;
	const time = Date.parse(iso);
	if (range.from && time < Date.parse(parseDateTime(range.from))) return false;
	if (range.to && time > Date.parse(parseDateTime(range.to))) return false;
	return true;
}

function sorted<T extends { id: number } | { number: number }>(
	records: T[],
	sort?: string[] | null,
): T[] {
	const key = (record: T) => ('number' in record ? record.number : record.id);
	const list = [...records].sort((a, b) => key(a) - key(b));
	return sort?.[0]?.endsWith('_DESC') ? list.reverse() : list;
}

const payload = <T extends object>(result: T & { userErrors?: UserError[] }) => ({
	...result,
	userErrors: (result.userErrors ?? []).map((error) => ({
		message: error.message,
		path: error.path ?? null,
	})),
	userWarnings: [],
});

export interface CentraSandboxOptions {
	token?: string;
	orderApiKey?: string;
	seed?: number;
	/** Clock of the rate-limit buckets (tests hold it still instead of racing the refill). */
	now?: () => number;
}

/**
 * Behaviours of a Centra the sandbox can take on for tests (all off by default, cleared by reset).
 * `orderApiAssignsNumbers`: `POST /order` ignores the `orderNumber` sent and numbers the order
 * itself (ASSUMED: an API plugin set up not to take order numbers from the caller).
 */
export interface CentraQuirks {
	orderApiAssignsNumbers?: boolean;
}

export class CentraSandbox extends SandboxServer {
	readonly state = new CentraState();
	readonly schema = buildSchema(CENTRA_SDL);
	readonly webhooks = new CentraWebhooks();
	readonly token: string;
	readonly orderApiKey: string;
	/** Complexity charged per answered GraphQL request, with its variables, for tests. */
	readonly charges: Array<{
		operation?: string;
		complexity: number;
		mutations: number;
		variables?: Record<string, unknown>;
	}> = [];
	/** See CentraQuirks. */
	quirks: CentraQuirks = {};
	private readonly now: () => number;

	constructor(options: CentraSandboxOptions = {}) {
		super('centra', graphqlErrorBody, options.seed);
		this.token = options.token ?? SANDBOX_TOKEN;
		this.orderApiKey = options.orderApiKey ?? SANDBOX_ORDER_API_KEY;
		this.now = options.now ?? Date.now;
		this.state.changeListeners.push((change) => this.webhooks.notify(change));
		this.guardFields();
		this.resetTokens();
	}

	private resetTokens(): void {
		this.state.mintToken(this.token, 'all', null, 'sandbox token (all permissions)');
	}

	/** Wraps every field of FIELD_PERMISSIONS with its permission check. */
	private guardFields(): void {
		for (const [coordinate, permission] of Object.entries(FIELD_PERMISSIONS)) {
			const [typeName, fieldName] = coordinate.split('.');
			const type = this.schema.getType(typeName);
			if (!isObjectType(type)) throw new Error(`No type ${typeName}`);
			const field = type.getFields()[fieldName];
			if (!field) throw new Error(`No field ${coordinate}`);
			const resolve: GraphQLFieldResolver<unknown, Context> = field.resolve ?? defaultFieldResolver;
			field.resolve = (source, args, context, info) => {
				context.used.add(permission);
				if (context.permissions !== 'all' && !context.permissions.has(permission))
					throw new GraphQLError(`You need ${permission} permission to access ${fieldName}.`, {
						extensions: { category: 'authorization' },
					});
				return resolve(source, args, context, info);
			};
		}
	}

	// ----- admin -----

	protected get admin(): AdminHandlers {
		return {
			state: () => ({
				...this.state.snapshot(),
				webhooks: { config: this.webhooks.config, deliveries: this.webhooks.deliveries },
			}),
			seed: (body) => this.state.seed(body as SeedData),
			reset: () => {
				this.state.reset();
				this.resetTokens();
				this.webhooks.reset();
				this.charges.length = 0;
				this.quirks = {};
			},
			extra: {
				'POST tokens': (request) => {
					const body = (request.body ?? {}) as {
						token?: string;
						permissions?: string[] | 'all';
						expiresAt?: string;
						expiresInSeconds?: number;
					};
					const minted = this.mintToken(body.permissions ?? [], {
						token: body.token,
						expiresAt: body.expiresAt,
						expiresInSeconds: body.expiresInSeconds,
					});
					return { status: 200, body: minted };
				},
				'POST ship': (request) => {
					const result = this.ship(request.body as ShipRequest);
					return { status: result.userErrors.length ? 400 : 200, body: result };
				},
				'GET webhooks': () => ({
					status: 200,
					body: { config: this.webhooks.config, deliveries: this.webhooks.deliveries },
				}),
				'POST webhooks': (request) => ({
					status: 200,
					body: this.webhooks.configure(request.body as Partial<WebhookConfig>),
				}),
				'POST webhooks/send': (request) => {
					const { events = [] } = (request.body ?? {}) as {
						events?: Parameters<CentraWebhooks['send']>[0];
					};
					this.webhooks.send(events);
					return { status: 200, body: { ok: true } };
				},
				'POST webhooks/idle': async () => {
					this.webhooks.retryNow();
					await this.webhooks.idle();
					return { status: 200, body: { deliveries: this.webhooks.deliveries } };
				},
			},
		};
	}

	/**
	 * An Integration API token with these permissions (e.g. `['Warehouse:read']`), valid for 30
	 * days unless told otherwise; an expiry in the past makes an expired token.
	 */
	mintToken(
		permissions: string[] | 'all',
		options: { token?: string; expiresAt?: string; expiresInSeconds?: number } = {},
	): { token: string; permissions: string[] | 'all'; expiresAt: string } {
		const token =
			options.token ?? `centra-sandbox-token-${Math.random().toString(36).slice(2, 12)}`;
		const expiresAt = options.expiresAt
			? Date.parse(options.expiresAt)
			: Date.now() + (options.expiresInSeconds ?? DEFAULT_TOKEN_DAYS * 86_400) * 1000;
		this.state.mintToken(token, permissions, expiresAt);
		return { token, permissions, expiresAt: new Date(expiresAt).toISOString() };
	}

	/**
	 * Ships an order as a warehouse would: a good-to-go, paid shipment of the given lines (by SKU;
	 * default everything left to ship), completed with carrier and tracking when `complete` is set.
	 */
	ship(request: ShipRequest): { shipment?: unknown; userErrors: UserError[] } {
		const order = this.state.orders.get(Number(request.order));
		if (!order) return { userErrors: [{ message: `Order ${request.order} not found.` }] };
		const remaining = this.state.unshipped(order);
		const lines = request.lines
			? request.lines.map((wanted) => {
					const line = order.lines.find(
						(candidate) =>
							candidate.productSizeId !== null &&
							this.state.productSizes.get(candidate.productSizeId)?.SKU === wanted.sku,
					);
					return { orderLine: { id: line?.id ?? -1 }, quantity: wanted.quantity };
				})
			: order.lines
					.map((line) => ({ orderLine: { id: line.id }, quantity: remaining.get(line.id) ?? 0 }))
					.filter((line) => line.quantity > 0);
		const created = this.state.createShipment({
			order: { number: order.number },
			lines,
			isGoodToGo: true,
			isPaid: true,
		});
		if (!created.shipment) return created;
		if (request.complete) {
			const completion = typeof request.complete === 'object' ? request.complete : {};
			const completed = this.state.completeShipment(created.shipment.id, {
				shippedAt: completion.shippedAt,
				shipmentInfo: {
					carrier: completion.carrier ?? 'DHL',
					service: completion.service ?? 'Parcel',
					trackingNumber: completion.trackingNumber ?? `TRACK-${created.shipment.number}`,
				},
			});
			if (completed.userErrors.length) return completed;
		}
		return { shipment: created.shipment, userErrors: [] };
	}

	// ----- routing -----

	protected operationOf(request: SandboxRequest): string | undefined {
		const rest = request.path.startsWith(`${ORDER_API_PREFIX}/`);
		api.enterWith(rest ? 'rest' : 'graphql');
		if (rest) return `${request.method} ${request.path.slice(ORDER_API_PREFIX.length + 1)}`;
		const body = request.body as { operationName?: string; query?: string } | undefined;
		if (body?.operationName) return body.operationName;
		try {
			const document = parse(body?.query ?? '');
			const operation = document.definitions.find(
				(definition): definition is OperationDefinitionNode =>
					definition.kind === 'OperationDefinition',
			);
			if (operation?.name) return operation.name.value;
			const first = operation?.selectionSet.selections.find(
				(selection) => selection.kind === 'Field',
			);
			return first?.kind === 'Field' ? first.name.value : undefined;
		} catch {
			return undefined;
		}
	}

	protected error(
		status: number,
		message: string,
		code?: string,
		headers?: Record<string, string>,
	): SandboxResponse {
		if (api.getStore() === 'rest') return { ...restError(status, message), headers };
		return super.error(status, message, code, headers);
	}

	tooManyRequests(retryAfterSeconds: number): SandboxResponse {
		return this.error(429, 'Too many requests: rate limit exceeded', undefined, {
			'Retry-After': String(Math.ceil(this.now() / 1000 + retryAfterSeconds)),
		});
	}

	protected async handle(request: SandboxRequest): Promise<SandboxResponse> {
		if (request.path.startsWith(`${ORDER_API_PREFIX}/`)) return this.handleRest(request);
		if (request.path !== '/graphql')
			return this.error(404, `Cannot ${request.method} ${request.path}`);
		if (request.method !== 'POST') return this.error(405, 'Use POST');
		return this.handleGraphql(request);
	}

	private handleRest(request: SandboxRequest): SandboxResponse {
		if (request.headers['api-authorization'] !== this.orderApiKey)
			return restError(401, 'Unauthorized: missing or wrong API-Authorization key');
		const route = `${request.method} ${request.path.slice(ORDER_API_PREFIX.length)}`;
		switch (route) {
			case 'POST /order':
				return createOrder(this.state, request.body, this.quirks);
			case 'GET /orders':
				return getOrders(this.state, request);
			default:
				return restError(404, `Unknown endpoint ${route}`);
		}
	}

	private tokenOf(request: SandboxRequest): string | undefined {
		const bearer = /^Bearer\s+(.+)$/i.exec(String(request.headers.authorization ?? ''))?.[1];
		if (bearer) return bearer.trim();
		const cookie = String(request.headers.cookie ?? '');
		return /(?:^|;\s*)graphql-access=([^;]+)/.exec(cookie)?.[1];
	}

	// ----- rate limits -----

	private bucketsOf(token: string): RateLimitBucket[] {
		const scale = this.faults.rateLimitScale;
		let buckets = this.state.rateLimitBuckets.get(token);
		if (!buckets) {
			buckets = RATE_LIMITS.map((limit) => ({
				level: limit.quota * scale,
				at: this.now(),
				capacity: limit.quota * scale,
			}));
			this.state.rateLimitBuckets.set(token, buckets);
		}
		const now = this.now();
		buckets.forEach((bucket, index) => {
			const capacity = RATE_LIMITS[index].quota * scale;
			// A changed scale resizes the bucket, keeping the share already used.
			if (capacity !== bucket.capacity) {
				bucket.level = bucket.capacity ? (bucket.level / bucket.capacity) * capacity : capacity;
				bucket.capacity = capacity;
			}
			const rate = capacity / RATE_LIMITS[index].seconds / 1000;
			bucket.level = Math.min(capacity, bucket.level + (now - bucket.at) * rate);
			bucket.at = now;
		});
		return buckets;
	}

	/** Charges a request; the epoch ms when it would be allowed if it is not, else undefined. */
	private charge(token: string, costs: Record<RateLimitType, number>): number | undefined {
		const buckets = this.bucketsOf(token);
		let allowedAt: number | undefined;
		RATE_LIMITS.forEach((limit, index) => {
			const cost = costs[limit.type];
			const bucket = buckets[index];
			if (cost > bucket.level) {
				const rate = bucket.capacity / limit.seconds / 1000;
				const at = bucket.at + (cost - bucket.level) / rate;
				allowedAt = Math.max(allowedAt ?? 0, at);
			}
		});
		if (allowedAt !== undefined) return allowedAt;
		RATE_LIMITS.forEach((limit, index) => (buckets[index].level -= costs[limit.type]));
		return undefined;
	}

	/** The `rateLimits` answer for a token. */
	rateLimitsOf(token: string) {
		const buckets = this.bucketsOf(token);
		return RATE_LIMITS.map((limit, index) => {
			const quota = Math.round(buckets[index].capacity);
			const remainingQuota = Math.max(0, Math.floor(buckets[index].level));
			return {
				type: limit.type,
				intervalSeconds: limit.intervalSeconds,
				quota,
				usedQuota: quota - remainingQuota,
				remainingQuota,
			};
		});
	}

	// ----- GraphQL -----

	private async handleGraphql(request: SandboxRequest): Promise<SandboxResponse> {
		const token = this.tokenOf(request);
		const record = token ? this.state.tokens.get(token) : undefined;
		if (!token || !record)
			return this.error(401, 'Unauthorized: missing or unknown access token', 'UNAUTHENTICATED');
		if (record.expiresAt !== null && record.expiresAt <= Date.now())
			return this.error(401, 'Unauthorized: the access token has expired', 'UNAUTHENTICATED');
		const body = request.body as
			| { query?: string; variables?: Record<string, unknown>; operationName?: string }
			| undefined;
		if (!body?.query) return this.error(400, 'Must provide query string.');
		let document: DocumentNode;
		try {
			document = parse(body.query);
		} catch (error) {
			return this.error(400, (error as GraphQLError).message, 'GRAPHQL_PARSE_FAILED');
		}
		const validationErrors = validate(this.schema, document);
		if (validationErrors.length)
			return graphqlErrorResponse(
				400,
				validationErrors.map((error) => ({
					message: error.message,
					code: 'GRAPHQL_VALIDATION_FAILED',
				})),
			);
		let complexity: number;
		try {
			complexity = getComplexity({
				schema: this.schema,
				query: document,
				variables: body.variables ?? {},
				operationName: body.operationName,
				estimators: [complexityEstimator],
			});
		} catch (error) {
			return this.error(400, (error as Error).message, 'BAD_USER_INPUT');
		}
		const operation = document.definitions.find(
			(definition): definition is OperationDefinitionNode =>
				definition.kind === 'OperationDefinition' &&
				(!body.operationName || definition.name?.value === body.operationName),
		);
		const mutations =
			operation?.operation === 'mutation'
				? operation.selectionSet.selections.filter((selection) => selection.kind === 'Field').length
				: 0;
		const complexityLimit = RATE_LIMITS[2].quota * this.faults.rateLimitScale;
		if (complexity > complexityLimit)
			return graphqlErrorResponse(400, [
				{
					message: `Query complexity ${complexity} exceeds the limit of ${complexityLimit}`,
					code: 'QUERY_TOO_COMPLEX',
					extensions: { complexity },
				},
			]);
		const allowedAt = this.charge(token, {
			REQUEST_COUNT: 1,
			QUERY_COMPLEXITY: complexity,
			MUTATION_COUNT: mutations,
		});
		if (allowedAt !== undefined)
			return this.error(429, 'Too many requests: rate limit exceeded', 'RATE_LIMITED', {
				'Retry-After': String(Math.ceil(allowedAt / 1000)),
			});
		this.charges.push({
			operation: operation?.name?.value,
			complexity,
			mutations,
			variables: body.variables,
		});
		const context: Context = { permissions: record.permissions, used: new Set() };
		const result = await execute({
			schema: this.schema,
			document,
			rootValue: this.root(token),
			contextValue: context,
			variableValues: body.variables,
			operationName: body.operationName,
		});
		return {
			status: 200,
			body: {
				...result,
				extensions: {
					complexity,
					permissionsUsed: [...context.used].sort(),
					appVersion: APP_VERSION,
				},
			},
		};
	}

	// ----- views -----

	private warehouseView(warehouse: Warehouse) {
		return {
			id: warehouse.id,
			name: warehouse.name,
			status: warehouse.status,
			stock: (args: {
				where?: { productSizeId?: number[] | null } | null;
				limit?: number;
				page?: number;
			}) => {
				const ids = args.where?.productSizeId;
				const sizes = [...this.state.productSizes.values()]
					.filter((size) => !ids || ids.includes(size.id))
					.sort((a, b) => a.id - b.id);
				return page(sizes, args).map((size) => {
					const level = this.state.level(warehouse.id, size.id);
					return {
						freeToAllocateQuantity: level.physical - level.allocated,
						physicalQuantity: level.physical,
						allocatedQuantity: level.allocated,
						productSize: () => this.productSizeView(size),
					};
				});
			},
		};
	}

	private productSizeView(size: ProductSizeRecord) {
		const variant = this.state.variants.get(size.variantId)!;
		const product = this.state.products.get(variant.productId)!;
		return {
			id: size.id,
			SKU: size.SKU,
			GTIN: size.GTIN,
			size: this.state.sizes.get(size.sizeId),
			productVariant: { ...variant, product },
		};
	}

	private country(code: string | null | undefined) {
		return code ? { code, name: COUNTRY_NAMES[code] ?? code } : null;
	}

	private marketView(id: number | null) {
		const market = id === null ? undefined : this.state.markets.get(id);
		return market
			? {
					id: market.id,
					name: market.name,
					assignedToCountries: market.countries.map((code) => this.country(code)),
				}
			: null;
	}

	private pricelistView(id: number | null) {
		const pricelist = id === null ? undefined : this.state.pricelists.get(id);
		return pricelist
			? {
					id: pricelist.id,
					name: pricelist.name,
					currency: { code: pricelist.currency },
					assignedToCountries: pricelist.countries.map((code) => this.country(code)),
				}
			: null;
	}

	private orderView(order: OrderRecord): Record<string, unknown> {
		const money = (value: number) => ({ value, currency: { code: order.currency } });
		const totals = this.state.orderTotals(order);
		const address = (value: OrderRecord['shippingAddress']) =>
			value ? { ...value, country: this.country(value.country) } : null;
		const customer =
			order.customerId === null ? undefined : this.state.customers.get(order.customerId);
		return {
			__typename: 'DirectToConsumerOrder',
			id: order.id,
			number: order.number,
			status: order.status,
			isOnHold: order.isOnHold,
			createdAt: order.createdAt,
			orderDate: order.orderDate,
			internalComment: order.internalComment,
			otherComment: order.otherComment,
			currencyBaseRate: 1,
			grandTotal: money(totals.grandTotal),
			totals: {
				grandTotal: money(totals.grandTotal),
				shipping: money(totals.shipping),
				taxAdded: money(totals.taxAdded),
				taxIncluded: money(totals.taxIncluded),
			},
			lines: order.lines.map((line) => this.orderLineView(order, line.id)),
			shippingAddress: address(order.shippingAddress),
			billingAddress: address(order.billingAddress),
			market: this.marketView(order.marketId),
			pricelist: this.pricelistView(order.pricelistId),
			shippingPriceGroup: {
				shippingOption:
					order.shippingOptionId === null
						? null
						: (this.state.shippingOptions.get(order.shippingOptionId) ?? null),
			},
			shipments: () =>
				this.state.shipmentsOf(order.number).map((shipment) => this.shipmentView(shipment)),
			customer: customer
				? {
						id: customer.id,
						email: customer.email,
						firstName: customer.firstName,
						lastName: customer.lastName,
					}
				: null,
		};
	}

	private orderLineView(order: OrderRecord, lineId: number) {
		const line = order.lines.find((candidate) => candidate.id === lineId)!;
		const size =
			line.productSizeId === null ? undefined : this.state.productSizes.get(line.productSizeId);
		return {
			id: line.id,
			quantity: line.quantity,
			cancelledQuantity: line.cancelledQuantity,
			unitPrice: { value: line.unitPrice, currency: { code: order.currency } },
			taxPercent: line.taxPercent,
			productSize: size ? () => this.productSizeView(size) : null,
			productName: line.productName,
			product: size ? () => this.productSizeView(size).productVariant.product : null,
			productVariant: size ? () => this.productSizeView(size).productVariant : null,
		};
	}

	private shipmentView(shipment: ShipmentRecord): Record<string, unknown> {
		const order = this.state.orders.get(shipment.orderNumber)!;
		return {
			__typename: 'Shipment',
			id: shipment.id,
			number: shipment.number,
			order: () => this.orderView(order),
			isGoodToGo: shipment.isGoodToGo,
			isShipped: shipment.isShipped,
			isPaid: shipment.isPaid,
			createdAt: shipment.createdAt,
			shippedAt: shipment.shippedAt,
			trackingNumber: shipment.trackingNumber,
			returnTrackingNumber: shipment.returnTrackingNumber,
			additionalMessage: shipment.additionalMessage,
			carrierInformation:
				shipment.carrierName || shipment.serviceName
					? { carrierName: shipment.carrierName, serviceName: shipment.serviceName }
					: null,
			lines: shipment.lines.map((line) => ({
				id: line.id,
				quantity: line.quantity,
				orderLine: () => this.orderLineView(order, line.orderLineId),
			})),
		};
	}

	private stockChangeView(change: StockChangeRecord) {
		const warehouse = this.state.warehouses.get(change.warehouseId);
		return {
			id: change.id,
			description: change.description,
			createdAt: change.createdAt,
			warehouse: warehouse ? this.warehouseView(warehouse) : null,
		};
	}

	private eventView(event: EventRecord) {
		return {
			...event,
			object: () => {
				if (event.objectType === 'Order') {
					const order = this.state.orders.get(Number(event.objectReference));
					return order ? this.orderView(order) : null;
				}
				if (event.objectType === 'Shipment') {
					const shipment = this.state.shipments.get(Number(event.objectReference));
					return shipment ? this.shipmentView(shipment) : null;
				}
				return null;
			},
		};
	}

	private listenersView() {
		return [...this.state.eventListeners.entries()].map(([objectType, changeTypes]) => ({
			objectType,
			changeTypes: [...changeTypes],
		}));
	}

	// ----- resolvers -----

	private root(token: string) {
		const state = this.state;
		type Paging = { limit?: number; page?: number };
		return {
			warehouses: (
				args: Paging & {
					where?: {
						id?: number[] | null;
						name?: { equals?: string | null; contains?: string | null } | null;
					} | null;
					sort?: string[] | null;
				},
			) => {
				const { id, name } = args.where ?? {};
				const list = sorted([...state.warehouses.values()], args.sort).filter(
					(warehouse) =>
						(!id || id.includes(warehouse.id)) &&
						(!name?.equals || warehouse.name === name.equals) &&
						(!name?.contains || warehouse.name.toLowerCase().includes(name.contains.toLowerCase())),
				);
				return page(list, args).map((warehouse) => this.warehouseView(warehouse));
			},
			productSizes: (
				args: Paging & { where?: { id?: number[] | null; SKU?: string[] | null } | null },
			) => {
				const { id, SKU } = args.where ?? {};
				const list = [...state.productSizes.values()]
					.filter((size) => (!id || id.includes(size.id)) && (!SKU || SKU.includes(size.SKU)))
					.sort((a, b) => a.id - b.id);
				return page(list, args).map((size) => this.productSizeView(size));
			},
			markets: (
				args: Paging & { where?: { id?: number[] | null; storeId?: number | null } | null },
			) => {
				const { id, storeId } = args.where ?? {};
				const list = sorted([...state.markets.values()]).filter(
					(market) =>
						(!id || id.includes(market.id)) &&
						(storeId === undefined || storeId === null || market.storeId === storeId),
				);
				return page(list, args).map((market) => this.marketView(market.id));
			},
			pricelists: (
				args: Paging & { where?: { id?: number[] | null; storeId?: number | null } | null },
			) => {
				const { id, storeId } = args.where ?? {};
				const list = sorted([...state.pricelists.values()]).filter(
					(pricelist) =>
						(!id || id.includes(pricelist.id)) &&
						(storeId === undefined || storeId === null || pricelist.storeId === storeId),
				);
				return page(list, args).map((pricelist) => this.pricelistView(pricelist.id));
			},
			shippingOptions: (args: Paging) => page(sorted([...state.shippingOptions.values()]), args),
			orders: (
				args: Paging & {
					where?: {
						number?: number[] | null;
						createdAt?: { from?: string; to?: string } | null;
						status?: OrderStatus[] | null;
						storeType?: string | null;
					} | null;
					sort?: string[] | null;
				},
			) => {
				const where = args.where ?? {};
				const list = sorted([...state.orders.values()], args.sort).filter(
					(order) =>
						(!where.number || where.number.includes(order.number)) &&
						(!where.status || where.status.includes(order.status)) &&
						(!where.storeType || where.storeType === 'DIRECT_TO_CONSUMER') &&
						inRange(order.createdAt, where.createdAt),
				);
				return page(list, args).map((order) => this.orderView(order));
			},
			shipments: (
				args: Paging & {
					where?: {
						id?: number[] | null;
						orderNumber?: number[] | null;
						isGoodToGo?: boolean | null;
						isShipped?: boolean | null;
						createdAt?: { from?: string; to?: string } | null;
						shippedAt?: { from?: string; to?: string } | null;
					} | null;
					sort?: string[] | null;
				},
			) => {
				const where = args.where ?? {};
				const list = sorted([...state.shipments.values()], args.sort).filter(
					(shipment) =>
						(!where.id || where.id.includes(shipment.id)) &&
						(!where.orderNumber || where.orderNumber.includes(shipment.orderNumber)) &&
						(where.isGoodToGo === undefined ||
							where.isGoodToGo === null ||
							shipment.isGoodToGo === where.isGoodToGo) &&
						(where.isShipped === undefined ||
							where.isShipped === null ||
							shipment.isShipped === where.isShipped) &&
						inRange(shipment.createdAt, where.createdAt) &&
						inRange(shipment.shippedAt, where.shippedAt),
				);
				return page(list, args).map((shipment) => this.shipmentView(shipment));
			},
			stockChanges: (
				args: Paging & {
					where?: {
						createdAt?: { from?: string; to?: string } | null;
						description?: { equals?: string | null; contains?: string | null } | null;
					} | null;
				},
			) => {
				const where = args.where ?? {};
				const list = state.stockChanges.filter(
					(change) =>
						inRange(change.createdAt, where.createdAt) &&
						(!where.description?.equals || change.description === where.description.equals) &&
						(!where.description?.contains ||
							(change.description ?? '').includes(where.description.contains)),
				);
				return page(list, args).map((change) => this.stockChangeView(change));
			},
			events: (args: {
				where?: {
					objectType?: EventObjectType[] | null;
					changeType?: EventChangeType[] | null;
				} | null;
				limit?: number;
			}) => {
				const where = args.where ?? {};
				const list = state.events.filter(
					(event) =>
						(!where.objectType || where.objectType.includes(event.objectType)) &&
						(!where.changeType || where.changeType.includes(event.changeType)),
				);
				return page(list, { limit: args.limit ?? MAX_LIMIT }).map((event) => this.eventView(event));
			},
			eventListeners: () => this.listenersView(),
			rateLimits: () => this.rateLimitsOf(token),

			changeStock: ({ input }: { input: Parameters<CentraState['changeStock']>[0] }) => {
				const result = state.changeStock(input);
				return payload({
					stockChange: result.stockChange ? this.stockChangeView(result.stockChange) : null,
					userErrors: result.userErrors,
				});
			},
			setStock: ({ input }: { input: Parameters<CentraState['setStock']>[0] }) => {
				const result = state.setStock(input);
				return payload({
					stockChanges: result.stockChanges.map((change) => this.stockChangeView(change)),
					userErrors: result.userErrors,
				});
			},
			confirmOrder: ({ input }: { input: { order: { id?: string; number?: number } } }) => {
				const result = state.confirmOrder(input.order);
				return payload({
					order: result.order ? this.orderView(result.order) : null,
					userErrors: result.userErrors,
				});
			},
			cancelDirectToConsumerOrder: ({
				id,
				input,
			}: {
				id: string;
				input?: { comment?: string; stockAction?: { removeItemsFromStock?: boolean } };
			}) => {
				const result = state.cancelOrder(
					id,
					input?.stockAction?.removeItemsFromStock ?? false,
					input?.comment,
				);
				return payload({
					order: result.order ? this.orderView(result.order) : null,
					userErrors: result.userErrors,
				});
			},
			createShipment: ({ input }: { input: Parameters<CentraState['createShipment']>[0] }) => {
				const result = state.createShipment(input);
				return payload({
					shipment: result.shipment ? this.shipmentView(result.shipment) : null,
					userErrors: result.userErrors,
				});
			},
			completeShipment: ({
				id,
				input,
			}: {
				id: number;
				input?: Parameters<CentraState['completeShipment']>[1];
			}) => {
				const result = state.completeShipment(id, input ?? {});
				return payload({
					shipment: result.shipment ? this.shipmentView(result.shipment) : null,
					userErrors: result.userErrors,
				});
			},
			setEventListeners: ({
				input,
			}: {
				input: Array<{ objectType: EventObjectType; changeTypes?: EventChangeType[] | null }>;
			}) => {
				state.setEventListeners(input);
				return payload({ eventListeners: this.listenersView() });
			},
			unsetEventListeners: ({
				input,
			}: {
				input: Array<{ objectType: EventObjectType; changeTypes?: EventChangeType[] | null }>;
			}) => {
				state.unsetEventListeners(input);
				return payload({ eventListeners: this.listenersView() });
			},
			confirmEvents: ({ input }: { input: { eventsIds: number[] } }) =>
				payload({ userErrors: state.confirmEvents(input.eventsIds) }),
		};
	}

	async close(): Promise<void> {
		this.webhooks.cancelPending();
		await super.close();
	}
}

export interface ShipRequest {
	order: number;
	/** Lines by SKU; default every line's quantity left to ship. */
	lines?: Array<{ sku: string; quantity: number }>;
	/** Complete the shipment too (carrier, service, tracking default to DHL / Parcel / TRACK-<number>). */
	complete?:
		| boolean
		| { carrier?: string; service?: string; trackingNumber?: string; shippedAt?: string };
}
