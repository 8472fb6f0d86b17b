/**
 * Linnworks API simulator. Real paths and auth flow: `POST /api/Auth/AuthorizeByApplication`
 * returns a session token and a Server; every other method is `POST {Server}/api/{Controller}/{Method}`
 * with `Authorization: <token>` (no "Bearer"). Bodies may be JSON or form-encoded (each field a
 * JSON value). Errors are `{"Message": "..."}`. Per-method limits answer 429 like the real API.
 * The Server is the sandbox's own `/eu-ext` prefix, so clients must use the Server they were given.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';

import {
	MinuteWindows,
	SandboxServer,
	type AdminHandlers,
	type ErrorBody,
	type SandboxRequest,
	type SandboxResponse,
} from '../common/http';
import {
	LinnworksState,
	PROCESSED_DATE_FIELDS,
	type ChannelOrder,
	type SandboxOrder,
	type SeedData,
} from './state';

/**
 * Calls per minute as the vendor's per-method reference pages state them ("Allows N calls per
 * minute" on https://apps.linnworks.net/Api/Method/<Controller>-<Method>). Methods without a
 * published figure get 150 (ASSUMED).
 */
const PUBLISHED_CALLS_PER_MINUTE: Record<string, number> = {
	'Orders/CreateOrders': 150,
	'Orders/GetOrdersById': 250,
	'Orders/GetOrderDetailsByReferenceId': 250,
	'Orders/GetOpenOrders': 250,
	'Stock/UpdateStockLevelsBySKU': 150,
	'Stock/GetStockItemsFull': 150,
	'Stock/SetStockLevel': 250,
	'Stock/GetStockLevel_Batch': 250,
	'Inventory/GetStockLocations': 150,
	'ProcessedOrders/SearchProcessedOrders': 150, // ASSUMED: unpublished; SearchProcessedOrdersPaged's 150
};
const UNPUBLISHED_CALLS_PER_MINUTE = 150;

/** ASSUMED request maxima (not published); the connector uses the same figures. */
const MAX_STOCK_ROWS = 500;
const MAX_LOOKUP = 500;
const MAX_ORDERS_PER_CREATE = 20; // VERIFIED: "up to 20 orders per request"

export const SERVER_PREFIX = '/eu-ext';

export interface LinnworksSandboxOptions {
	applicationId?: string;
	applicationSecret?: string;
	installationToken?: string;
	/** Idle time after which a session expires (real API: 20 minutes). */
	sessionTtlMs?: number;
	/** Send Retry-After with rate-limit 429s. The real header is UNKNOWN; turn off to test without it. */
	sendRetryAfter?: boolean;
	seed?: number;
}

export const SANDBOX_APP = {
	applicationId: '5f1f1a4e-2c3b-4d5e-8f90-0a1b2c3d4e5f',
	applicationSecret: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
	installationToken: 'c0ffee00-1234-4abc-9def-0123456789ab',
};

/** Linnworks answers every error as `{"Message": "..."}`, whatever the status. */
export const linnworksErrorBody: ErrorBody = (_status, message) => ({ Message: message });

const stockLevelUpdate = z.object({
	SKU: z.string().min(1),
	LocationId: z.string().optional(),
	Level: z.number().int(),
});
const channelOrder = z
	.object({
		Source: z.string().min(1, 'Source is mandatory'),
		SubSource: z.string().min(1, 'SubSource is mandatory'),
		ReferenceNumber: z.string().min(1, 'ReferenceNumber is mandatory'),
		ReceivedDate: z
			.string()
			.refine((value) => !Number.isNaN(Date.parse(value)), 'ReceivedDate is not a date'),
		DispatchBy: z
			.string()
			.refine((value) => !Number.isNaN(Date.parse(value)), 'DispatchBy is not a date'),
		PaymentStatus: z.enum(['Paid', 'Unpaid', 'Cancelled']).optional(),
		OrderItems: z
			.array(
				z
					.object({
						ItemNumber: z.string(),
						ChannelSKU: z.string(),
						Qty: z.number().int().positive(),
						PricePerUnit: z.number(),
					})
					.passthrough(),
			)
			.min(1, 'At least one order item is mandatory'),
	})
	.passthrough();

const isDate = (value: string) => !Number.isNaN(Date.parse(value));
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The GetOpenOrders filter fields the sandbox supports. FieldCode names are the official SDK's enum
 * (L-SDK `ClassBase/FieldCode.cs`; the method itself: `Controllers/Orders.cs` GetOpenOrders); the
 * reference file (../shared/reference §1.9) has no entry for this method yet.
 * Any other code is refused, so a client's typo shows instead of returning everything unfiltered.
 */
const OPEN_ORDER_TEXT_FIELDS: Record<string, (order: SandboxOrder) => string> = {
	GENERAL_INFO_SOURCE: (order) => order.channel.Source,
	GENERAL_INFO_SUBSOURCE: (order) => order.channel.SubSource,
	GENERAL_INFO_REFERENCE_NUMBER: (order) => order.channel.ReferenceNumber,
};
// ASSUMED: GENERAL_INFO_DATE means the order's received date (the code is not documented).
const OPEN_ORDER_DATE_FIELDS: Record<string, (order: SandboxOrder) => string> = {
	GENERAL_INFO_DATE: (order) => order.channel.ReceivedDate,
};
// Type names from the SDK (TextFieldFilterType); case-insensitive matching is ASSUMED.
const TEXT_MATCHES = {
	Equal: (value: string, text: string) => value === text,
	Contains: (value: string, text: string) => value.includes(text),
	StartWith: (value: string, text: string) => value.startsWith(text),
	EndsWith: (value: string, text: string) => value.endsWith(text),
};
const supportedCode = (codes: Record<string, unknown>, kind: string) =>
	z.string().refine(
		(code) => code in codes,
		(code) => ({
			message: `FieldCode '${code}' is not supported in ${kind} filters (supported: ${Object.keys(codes).join(', ')})`,
		}),
	);
const optionalDate = z
	.string()
	.refine(isDate, (value) => ({ message: `'${value}' is not a date` }))
	.nullish();

const schemas = {
	auth: z.object({ ApplicationId: z.string(), ApplicationSecret: z.string(), Token: z.string() }),
	skuLookup: z.object({ request: z.object({ SKUS: z.array(z.string()).max(MAX_LOOKUP) }) }),
	stockItemsFull: z.object({
		keyword: z.string().optional().default(''),
		entriesPerPage: z.number().int().min(1).max(200),
		pageNumber: z.number().int().min(1),
		dataRequirements: z.array(z.string()).optional().default([]),
	}),
	levelBatch: z.object({
		request: z.object({ StockItemIds: z.array(z.string()).max(MAX_LOOKUP) }),
	}),
	bulk: z.object({
		request: z.object({
			Items: z
				.array(
					z.object({
						SKU: z.string().optional(),
						StockItemId: z.string().optional(),
						StockLocationId: z.string().optional(),
						StockLocationName: z.string().optional(),
						StockLevel: z.number().int().optional(),
						RowIndex: z.number().int(),
					}),
				)
				.max(MAX_STOCK_ROWS),
		}),
	}),
	levelUpdates: z.object({
		stockLevels: z.array(stockLevelUpdate).max(MAX_STOCK_ROWS),
		changeSource: z.string().optional(),
	}),
	createOrders: z.object({
		orders: z.array(channelOrder).max(MAX_ORDERS_PER_CREATE, 'Up to 20 orders per request'),
		location: z.string().optional(),
	}),
	byReference: z.object({ ReferenceId: z.union([z.string(), z.number()]).transform(String) }),
	byIds: z.object({ pkOrderIds: z.array(z.string()) }),
	cancel: z.object({
		orderId: z.string(),
		fulfilmentCenter: z.string().optional(),
		refund: z.number().optional(),
		note: z.string().optional(),
	}),
	openOrders: z.object({
		// Max 200 ASSUMED (unpublished), as SearchProcessedOrders'.
		entriesPerPage: z.number().int().min(1).max(200),
		pageNumber: z.number().int().min(1),
		// Other FieldsFilter lists (BooleanFields, NumericFields, ListFields, ...) are ignored.
		filters: z
			.object({
				TextFields: z
					.array(
						z.object({
							FieldCode: supportedCode(OPEN_ORDER_TEXT_FIELDS, 'text'),
							Type: z.enum(['Equal', 'Contains', 'StartWith', 'EndsWith']),
							Text: z.string(),
						}),
					)
					.nullish(),
				DateFields: z
					.array(
						z.object({
							FieldCode: supportedCode(OPEN_ORDER_DATE_FIELDS, 'date'),
							// OlderThan and LastDays (SDK DateTimeFieldFilterType) are not simulated.
							Type: z.enum(['Range']),
							DateFrom: optionalDate,
							DateTo: optionalDate,
						}),
					)
					.nullish(),
			})
			.passthrough()
			.nullish(),
		// Accepted and ignored: the order is always received date, then NumOrderId (ASSUMED).
		sorting: z.array(z.object({}).passthrough()).nullish(),
		// The SDK sends a null Guid as an empty form field; empty or absent means every location.
		fulfilmentCenter: z
			.string()
			.refine(
				(value) => value === '' || GUID.test(value),
				(value) => ({ message: `'${value}' is not a valid location id` }),
			)
			.nullish(),
		additionalFilter: z.string().nullish(),
	}),
	searchProcessed: z.object({
		request: z.object({
			// Values from the SDK's DateField enum; absent or null means processed (ASSUMED).
			DateField: z
				.enum(PROCESSED_DATE_FIELDS, {
					errorMap: (_issue, context) => ({
						message: `DateField '${String(context.data)}' is not valid; use ${PROCESSED_DATE_FIELDS.join(', ')}`,
					}),
				})
				.nullish()
				.transform((field) => field ?? 'processed'),
			FromDate: z.string(),
			ToDate: z.string(),
			SearchFilters: z
				.array(z.object({ SearchField: z.string(), SearchTerm: z.string() }))
				.optional()
				.default([]),
			PageNumber: z.number().int().min(1).default(1),
			ResultsPerPage: z.number().int().min(1).max(200).default(200),
		}),
	}),
};

/** One page of `all` as the SDK's GenericPagedResult<T>. */
function pagedResult<T, V>(all: T[], pageNumber: number, size: number, view: (entry: T) => V) {
	return {
		PageNumber: pageNumber,
		EntriesPerPage: size,
		TotalEntries: all.length,
		TotalPages: Math.ceil(all.length / size),
		Data: all.slice((pageNumber - 1) * size, pageNumber * size).map(view),
	};
}

/** The auth method accepts its fields flat or inside `request` (form examples wrap them). */
function authBody(body: unknown): unknown {
	const wrapped = (body as { request?: unknown })?.request;
	return wrapped && typeof wrapped === 'object' ? wrapped : body;
}

/** A write to a composite parent's level, refused (ASSUMED wording: Linnworks derives it). */
const compositeRefusal = (sku: string) =>
	`Stock item '${sku}' is a composite item: its stock level is calculated from its components`;

export class LinnworksSandbox extends SandboxServer {
	readonly state = new LinnworksState();
	readonly app: typeof SANDBOX_APP;
	sessionTtlMs: number;
	sendRetryAfter: boolean;
	private readonly sessions = new Map<string, { lastUsed: number }>();
	private readonly windows = new MinuteWindows();

	constructor(options: LinnworksSandboxOptions = {}) {
		super('linnworks', linnworksErrorBody, options.seed);
		this.app = {
			applicationId: options.applicationId ?? SANDBOX_APP.applicationId,
			applicationSecret: options.applicationSecret ?? SANDBOX_APP.applicationSecret,
			installationToken: options.installationToken ?? SANDBOX_APP.installationToken,
		};
		this.sessionTtlMs = options.sessionTtlMs ?? 20 * 60_000;
		this.sendRetryAfter = options.sendRetryAfter ?? true;
	}

	protected get admin(): AdminHandlers {
		return {
			state: () => this.state.snapshot(),
			seed: (body) => this.state.seed(body as SeedData),
			reset: () => this.reset(),
			extra: {
				'POST expire-sessions': () => {
					this.expireSessions();
					return { status: 200, body: { ok: true } };
				},
				'POST dispatch': (request) => this.adminDispatch(request),
			},
		};
	}

	protected operationOf(request: SandboxRequest): string | undefined {
		return LinnworksSandbox.methodOf(request.path);
	}

	/** "Orders/CreateOrders" for `/eu-ext/api/Orders/CreateOrders`. */
	static methodOf(path: string): string | undefined {
		const match = /\/api\/([^/]+\/[^/]+)$/.exec(path);
		return match?.[1];
	}

	reset(): void {
		this.state.reset();
		this.sessions.clear();
		this.windows.reset();
	}

	/** Every open session ends now, as after 20 idle minutes. */
	expireSessions(): void {
		this.sessions.clear();
	}

	get sessionCount(): number {
		return this.sessions.size;
	}

	override tooManyRequests(retryAfterSeconds: number, limit = 150): SandboxResponse {
		return this.error(
			429,
			`API calls quota exceeded! Maximum admitted ${limit} per Minute.`,
			undefined,
			this.sendRetryAfter ? { 'Retry-After': String(retryAfterSeconds) } : {},
		);
	}

	private authorize(request: SandboxRequest): SandboxResponse | undefined {
		const token = String(request.headers.authorization ?? '');
		const session = this.sessions.get(token);
		const now = Date.now();
		if (!session || now - session.lastUsed > this.sessionTtlMs) {
			this.sessions.delete(token);
			return this.error(401, 'Authorization has been denied for this request.');
		}
		session.lastUsed = now;
		return undefined;
	}

	private rateLimit(method: string): SandboxResponse | undefined {
		const published = PUBLISHED_CALLS_PER_MINUTE[method] ?? UNPUBLISHED_CALLS_PER_MINUTE;
		const limit = Math.max(1, Math.floor(published * this.faults.rateLimitScale));
		const wait = this.windows.admit(method, limit);
		return wait ? this.tooManyRequests(wait, limit) : undefined;
	}

	protected handle(request: SandboxRequest): SandboxResponse {
		if (request.method !== 'POST' && request.method !== 'GET')
			return this.error(405, 'Method not allowed');
		if (request.path === '/api/Auth/AuthorizeByApplication')
			return this.authorizeByApplication(request);
		const method = LinnworksSandbox.methodOf(request.path);
		if (!method || !request.path.startsWith(`${SERVER_PREFIX}/api/`)) {
			return this.error(
				404,
				`No HTTP resource was found that matches the request URI '${request.path}'.`,
			);
		}
		const denied = this.authorize(request) ?? this.rateLimit(method);
		if (denied) return denied;
		const handler = this.methods[method];
		if (!handler)
			return this.error(
				404,
				`No action was found on the controller that matches the request: ${method}`,
			);
		try {
			return handler(request.body ?? {});
		} catch (error) {
			if (error instanceof z.ZodError) {
				return this.error(
					400,
					error.issues
						.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
						.join('; '),
				);
			}
			throw error;
		}
	}

	private authorizeByApplication(request: SandboxRequest): SandboxResponse {
		const parsed = schemas.auth.safeParse(authBody(request.body));
		if (
			!parsed.success ||
			parsed.data.ApplicationId !== this.app.applicationId ||
			parsed.data.ApplicationSecret !== this.app.applicationSecret ||
			parsed.data.Token !== this.app.installationToken
		) {
			return this.error(401, 'Invalid application credentials or token.');
		}
		const token = randomUUID();
		this.sessions.set(token, { lastUsed: Date.now() });
		return {
			status: 200,
			body: {
				Token: token,
				Server: `${this.baseUrl}${SERVER_PREFIX}`,
				TTL: Math.round(this.sessionTtlMs / 1000),
				Id: randomUUID(),
				UserId: randomUUID(),
				UserName: 'sandbox@example.com',
				Email: 'sandbox@example.com',
				Locality: 'EU',
				Status: { State: 'OK', Reason: '', Parameters: {} },
			},
		};
	}

	private adminDispatch(request: SandboxRequest): SandboxResponse {
		const body = request.body as {
			orderId?: string;
			reference?: string;
			trackingNumber?: string;
			vendor?: string;
			service?: string;
			processedOn?: string;
		};
		const order = body.orderId
			? this.state.orders.get(body.orderId)
			: [...this.state.orders.values()].find(
					(candidate) => candidate.channel.ReferenceNumber === body.reference,
				);
		if (!order) return this.error(404, 'Order not found');
		this.state.dispatch(order.OrderId, {
			processedOn: body.processedOn,
			vendor: body.vendor ?? 'Royal Mail',
			service: body.service ?? 'Tracked 48',
			trackingNumber: body.trackingNumber ?? `RM${order.NumOrderId}GB`,
		});
		return { status: 200, body: this.state.orderDetails(order) };
	}

	private readonly methods: Record<string, (body: unknown) => SandboxResponse> = {
		'Inventory/GetStockLocations': () => ({ status: 200, body: this.state.locations }),

		'Inventory/GetStockItemIdsBySKU': (body) => {
			const { request } = schemas.skuLookup.parse(body);
			const Items = request.SKUS.flatMap((sku) => {
				const item = this.state.findItem(sku);
				return item ? [{ StockItemId: item.StockItemId, SKU: item.SKU }] : [];
			});
			return { status: 200, body: { Items } };
		},

		'Stock/GetStockItemsFull': (body) => {
			const request = schemas.stockItemsFull.parse(body);
			const keyword = request.keyword.toLowerCase();
			const all = keyword
				? this.state.sortedItems().filter((item) => item.SKU.toLowerCase().includes(keyword))
				: this.state.sortedItems();
			const page = all.slice(
				(request.pageNumber - 1) * request.entriesPerPage,
				request.pageNumber * request.entriesPerPage,
			);
			// INFERRED from live observations: a page past the end is an error, not an empty list.
			if (!page.length) return this.error(400, 'No items found with given filter');
			const withLevels = request.dataRequirements.includes('StockLevels');
			return {
				status: 200,
				body: page.map((item) => ({
					StockItemId: item.StockItemId,
					ItemNumber: item.SKU,
					ItemTitle: item.Title,
					RetailPrice: item.RetailPrice,
					...(withLevels
						? {
								StockLevels: this.state.locations.map((location) =>
									this.state.levelView(item, location.StockLocationId),
								),
							}
						: {}),
				})),
			};
		},

		'Stock/GetStockLevel_Batch': (body) => {
			const { request } = schemas.levelBatch.parse(body);
			const result = request.StockItemIds.flatMap((id) => {
				const item = this.state.findItemById(id);
				return item
					? [
							{
								pkStockItemId: item.StockItemId,
								StockItemLevels: this.state.locations.map((location) =>
									this.state.levelView(item, location.StockLocationId),
								),
							},
						]
					: [];
			});
			return { status: 200, body: result };
		},

		'Stock/UpdateStockLevelsBulk': (body) => {
			const { request } = schemas.bulk.parse(body);
			const Items = request.Items.map((row) => {
				const item = row.StockItemId
					? this.state.findItemById(row.StockItemId)
					: this.state.findItem(row.SKU);
				const location = this.state.findLocation(row.StockLocationId ?? row.StockLocationName);
				// ASSUMED wording of per-row errors.
				const Errors = [
					...(item ? [] : [`Stock item with SKU '${row.SKU ?? row.StockItemId}' not found`]),
					...(location
						? []
						: [`Location '${row.StockLocationId ?? row.StockLocationName}' not found`]),
					...(row.StockLevel === undefined || row.StockLevel >= 0
						? []
						: ['StockLevel cannot be negative']),
					// VERIFIED: the bulk update is for non-batched, non-composite items; wording ASSUMED.
					...(item?.components ? [compositeRefusal(item.SKU)] : []),
				];
				if (!Errors.length && item && location && row.StockLevel !== undefined) {
					this.state.setLevel(item, location.StockLocationId, row.StockLevel);
				}
				return { ...row, SKU: item?.SKU ?? row.SKU, Errors };
			});
			return { status: 200, body: { Items } };
		},

		'Stock/SetStockLevel': (body) => this.applyLevels(body, 'absolute'),
		'Stock/UpdateStockLevelsBySKU': (body) => this.applyLevels(body, 'delta'),

		'Orders/CreateOrders': (body) => {
			const request = schemas.createOrders.parse(body);
			const location = this.state.findLocation(request.location);
			if (!location) return this.error(400, `Location '${request.location}' not found`);
			const saved: string[] = [];
			for (const order of request.orders) {
				const result = this.state.saveOrder(
					order as unknown as ChannelOrder,
					location.StockLocationId,
				);
				if (result.saved && result.order) saved.push(result.order.OrderId);
			}
			return { status: 200, body: saved };
		},

		'Orders/GetOrderDetailsByReferenceId': (body) => {
			const { ReferenceId } = schemas.byReference.parse(body);
			const matches = [...this.state.orders.values()]
				.filter(
					(order) =>
						order.channel.ReferenceNumber === ReferenceId ||
						order.channel.SecondaryReferenceNumber === ReferenceId,
				)
				.slice(0, 50)
				.map((order) => this.state.orderDetails(order));
			return { status: 200, body: matches };
		},

		'Orders/GetOrdersById': (body) => {
			const { pkOrderIds } = schemas.byIds.parse(body);
			const found = pkOrderIds.flatMap((id) => {
				const order = this.state.orders.get(id);
				return order ? [this.state.orderDetails(order)] : [];
			});
			return { status: 200, body: found };
		},

		'Orders/CancelOrder': (body) => {
			const { orderId } = schemas.cancel.parse(body);
			return { status: 200, body: this.state.cancel(orderId) };
		},

		'Orders/GetOpenOrders': (body) => {
			const request = schemas.openOrders.parse(body);
			const inRange = (at: string, from?: string | null, to?: string | null) =>
				(!from || Date.parse(at) >= Date.parse(from)) && (!to || Date.parse(at) <= Date.parse(to));
			const matches = this.state
				.openOrders(request.fulfilmentCenter || undefined)
				.filter((order) =>
					(request.filters?.TextFields ?? []).every((filter) =>
						TEXT_MATCHES[filter.Type](
							OPEN_ORDER_TEXT_FIELDS[filter.FieldCode](order).toLowerCase(),
							filter.Text.toLowerCase(),
						),
					),
				)
				.filter((order) =>
					(request.filters?.DateFields ?? []).every((filter) =>
						inRange(
							OPEN_ORDER_DATE_FIELDS[filter.FieldCode](order),
							filter.DateFrom,
							filter.DateTo,
						),
					),
				);
			// A page past the end is an empty Data list (ASSUMED, unlike GetStockItemsFull's 400).
			const page = pagedResult(matches, request.pageNumber, request.entriesPerPage, (order) =>
				this.state.openOrderView(order),
			);
			return { status: 200, body: page };
		},

		'ProcessedOrders/SearchProcessedOrders': (body) => {
			const { request } = schemas.searchProcessed.parse(body);
			const from = Date.parse(request.FromDate);
			const to = Date.parse(request.ToDate);
			const dateOf = (order: SandboxOrder) =>
				Date.parse(this.state.processedDate(order, request.DateField)!);
			const matches = [...this.state.orders.values()]
				.filter((order) => order.processed && this.state.processedDate(order, request.DateField))
				.filter((order) => {
					const at = dateOf(order);
					return at >= from && at <= to;
				})
				.filter((order) =>
					request.SearchFilters.every((filter) => {
						const field =
							filter.SearchField === 'SubSource' ? order.channel.SubSource : order.channel.Source;
						// Linnworks search terms match partially.
						return field.toLowerCase().includes(filter.SearchTerm.toLowerCase());
					}),
				)
				.sort((a, b) => dateOf(a) - dateOf(b) || a.NumOrderId - b.NumOrderId);
			const page = pagedResult(matches, request.PageNumber, request.ResultsPerPage, (order) =>
				this.state.processedView(order),
			);
			return { status: 200, body: { ProcessedOrders: page } };
		},
	};

	/** SetStockLevel (absolute) and UpdateStockLevelsBySKU (delta): an unknown SKU fails the call. */
	private applyLevels(body: unknown, kind: 'absolute' | 'delta'): SandboxResponse {
		const { stockLevels } = schemas.levelUpdates.parse(body);
		const resolved = stockLevels.map((row) => ({
			row,
			item: this.state.findItem(row.SKU),
			location: this.state.findLocation(row.LocationId),
		}));
		const composite = resolved.find((entry) => entry.item?.components);
		if (composite) return this.error(400, compositeRefusal(composite.item!.SKU));
		const bad = resolved.find((entry) => !entry.item || !entry.location);
		if (bad) {
			return this.error(
				400,
				bad.item
					? `Location '${bad.row.LocationId}' not found`
					: `Item with SKU '${bad.row.SKU}' not found`,
			);
		}
		return {
			status: 200,
			body: resolved.map(({ row, item, location }) => {
				const current = this.state.levelOf(item!, location!.StockLocationId).StockLevel;
				this.state.setLevel(
					item!,
					location!.StockLocationId,
					kind === 'absolute' ? row.Level : current + row.Level,
				);
				return this.state.levelView(item!, location!.StockLocationId);
			}),
		};
	}
}
