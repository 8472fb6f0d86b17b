/**
 * Stokly API simulator (reference ../shared/reference/api-cloudshelf-stokly.md §2). Real paths
 * (path-versioned `/v0`, `/v1`, `/v2`), app-credential auth (`POST /v1/grant` with an HMAC
 * signature, then `Authorization: Bearer`), the `filter` grammar (./filter.ts), `page`/`size`
 * paging with the `{data, metadata: {count}}` envelope, `x-ratelimit-remaining`, and writes that
 * answer 202 `{data: {id}}` and become visible later (./state.ts). Errors are `{"message": "…"}`
 * (VERIFIED as far as known: "jwt expired").
 *
 * ASSUMED throughout where §2 is silent (each marked where it is decided): wording of most error
 * messages, the rate limit (600 per rolling 60 s per account key, §2.6.2), page size maximum 1000
 * and adjustment maximum 500 items (§2.6.3), single-resource GETs answering `{data: {...}}`, the
 * dispatch endpoint (§2.6.4) and every sale order field the reference does not list.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

import {
	SandboxServer,
	type AdminHandlers,
	type ErrorBody,
	type SandboxRequest,
	type SandboxResponse,
} from '../common/http';
import { selectRows, type Collection, type ListQuery, type SortDirection } from './collection';
import { FilterError } from './filter';
import { BIN_FIELDS, LINE_FIELDS, StoklyState, recordView, type SeedData } from './state';

/** The public sandbox account (its values are printed by `npm run sandbox`). */
export const SANDBOX_ACCOUNT = {
	accountKey: 'retail-sync-sandbox',
	clientId: 'retail-sync-client',
	clientSecret: 'retail-sync-sandbox-secret',
};

/** ASSUMED (§2.6.2): requests per rolling 60 s per account key, before `rateLimitScale`. */
export const RATE_LIMIT = 600;
const RATE_WINDOW_MS = 60_000;
/** ASSUMED maxima (§2.6.3): clients use up to 1000 per page and 500 adjustment items. */
export const MAX_PAGE_SIZE = 1000;
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_ADJUSTMENT_ITEMS = 500;

export interface StoklySandboxOptions {
	accountKey?: string;
	clientId?: string;
	clientSecret?: string;
	/** Token lifetime (default 60 min, ASSUMED). */
	tokenTtlMs?: number;
	/** Delay before an accepted (202) write becomes visible (default 0). */
	visibilityDelayMs?: number;
	/** Requests per rolling 60 s per account key (default 600, ASSUMED), × the fault rate scale. */
	rateLimit?: number;
	seed?: number;
}

/** Stokly answers errors as `{"message": "..."}`. */
export const stoklyErrorBody: ErrorBody = (_status, message) => ({ message });

/** The signature `POST /v1/grant` takes: hex HMAC-SHA256 with the secret as key over the client id. */
export function grantSignature(clientSecret: string, clientId: string): string {
	return createHmac('sha256', clientSecret).update(clientId).digest('hex');
}

const lineQuantities = z
	.array(z.object({ lineId: z.string().min(1), quantity: z.number().int().positive() }))
	.min(1, 'at least one line is required');
const address = z
	.object({
		line1: z.string().optional(),
		line2: z.string().optional(),
		city: z.string().optional(),
		region: z.string().optional(),
		country: z.string().optional(),
		postcode: z.string().optional(),
	})
	.passthrough();

const schemas = {
	grant: z.object({
		accountkey: z.string({ required_error: 'accountkey is required' }),
		clientId: z.string({ required_error: 'clientId is required' }),
		signature: z.string({ required_error: 'signature is required' }),
	}),
	adjustment: z.object({
		locationId: z.string({ required_error: 'locationId is required' }),
		// ASSUMED: binId is required (clients always send the default bin's id, §2.4.4).
		binId: z.string({ required_error: 'binId is required' }),
		// ASSUMED: reason is optional.
		reason: z.string().default(''),
		items: z
			.array(z.object({ itemId: z.string().min(1), quantity: z.number().int() }))
			.min(1, 'at least one item is required')
			.max(MAX_ADJUSTMENT_ITEMS, `at most ${MAX_ADJUSTMENT_ITEMS} items per adjustment`),
	}),
	customer: z
		.object({
			type: z.number().int().default(1),
			name: z
				.object({ forename: z.string().optional(), surname: z.string().optional() })
				.optional(),
			fullName: z.string().optional(),
			barcode: z.string().optional(),
			email: z.string().optional(),
			phone: z.string().optional(),
			address: address.optional(),
			billingAddress: address.optional(),
			shippingAddresses: z.array(z.unknown()).default([]),
			contacts: z.array(z.unknown()).default([]),
		})
		.passthrough()
		// ASSUMED: a customer needs a name (Stokly's required fields are unknown).
		.refine((customer) => customer.fullName || customer.name?.forename || customer.name?.surname, {
			message: 'name or fullName is required',
		}),
	saleOrder: z
		.object({
			// ASSUMED: only stage "order" is created (other stages are unknown, §2.5).
			stage: z.enum(['order']).default('order'),
			createdAt: z
				.string()
				.refine((value) => !Number.isNaN(Date.parse(value)), 'createdAt is not a date')
				.optional(),
			sourceType: z.string().default('other'),
			sourceId: z.string({ required_error: 'sourceId is required (a channelId)' }),
			sourceReferenceId: z.string().optional(),
			customerReference: z.string().optional(),
			customer: z.object({ customerId: z.string() }).passthrough().optional(),
			currency: z.string().length(3).default('GBP'),
			tags: z.array(z.string()).default([]),
			// ASSUMED: the fulfilment location of the order (a store for kiosk orders).
			locationId: z.string().optional(),
			shipping: z.object({}).passthrough().optional(),
			payments: z
				.array(z.object({ method: z.number().int(), amount: z.number() }).passthrough())
				.default([]),
			items: z
				.array(
					z
						.object({
							type: z.enum(['item']).default('item'),
							referenceId: z.string({ required_error: 'referenceId is required (an itemId)' }),
							quantity: z.number().int().positive(),
							displayPrice: z.number(),
							displayTax: z.number().default(0),
							displayDiscount: z.number().default(0),
							// VERIFIED delivery and none; collection ASSUMED.
							fulfilmentType: z.enum(['delivery', 'none', 'collection']).default('delivery'),
						})
						.passthrough(),
				)
				.min(1, 'at least one item is required'),
		})
		.passthrough(),
	// ASSUMED: the sandbox patches tags (VERIFIED use) and stage; other fields are refused.
	patch: z
		.object({
			tags: z.array(z.string()).optional(),
			stage: z.enum(['order', 'removed']).optional(),
		})
		.strict(),
	collect: z.object({
		locationId: z.string({ required_error: 'locationId is required' }),
		items: lineQuantities,
	}),
	// ASSUMED endpoint and body (§2.6.4).
	dispatch: z.object({
		locationId: z.string().optional(),
		courier: z.string({ required_error: 'courier is required' }).min(1),
		trackingNumber: z.string({ required_error: 'trackingNumber is required' }).min(1),
		trackingUrl: z.string().default(''),
		items: lineQuantities,
	}),
};

interface Route {
	method: string;
	template: string;
	pattern: RegExp;
	handler: (request: SandboxRequest, id: string | undefined) => SandboxResponse;
	/** Whether the route needs a Bearer token (all but the grant). */
	authenticated: boolean;
}

class BadRequest extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}

const notFound = (what: string, id: string) => new BadRequest(404, `${what} ${id} not found`);

function zodMessage(error: z.ZodError): string {
	return error.issues
		.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
		.join('; ');
}

export class StoklySandbox extends SandboxServer {
	readonly state: StoklyState;
	readonly account: typeof SANDBOX_ACCOUNT;
	/** Requests per rolling 60 s per account key, before the fault rate scale. */
	rateLimit: number;
	private readonly windows = new Map<string, number[]>();
	private readonly routes: Route[];

	constructor(options: StoklySandboxOptions = {}) {
		super('stokly', stoklyErrorBody, options.seed);
		this.state = new StoklyState({
			tokenTtlMs: options.tokenTtlMs,
			visibilityDelayMs: options.visibilityDelayMs,
		});
		this.account = {
			accountKey: options.accountKey ?? SANDBOX_ACCOUNT.accountKey,
			clientId: options.clientId ?? SANDBOX_ACCOUNT.clientId,
			clientSecret: options.clientSecret ?? SANDBOX_ACCOUNT.clientSecret,
		};
		this.rateLimit = options.rateLimit ?? RATE_LIMIT;
		this.routes = this.buildRoutes();
	}

	protected get admin(): AdminHandlers {
		return {
			state: () => this.state.snapshot(),
			seed: (body) => this.state.seed(body as SeedData),
			reset: () => this.reset(),
			extra: {
				'POST expire-tokens': () => {
					this.state.expireTokens();
					return { status: 200, body: { ok: true } };
				},
				'POST settle': () => {
					this.state.settle();
					return { status: 200, body: { ok: true } };
				},
				'POST hold-writes': (request) => {
					this.state.holdWrites = (request.body as { hold?: boolean })?.hold !== false;
					return { status: 200, body: { holdWrites: this.state.holdWrites } };
				},
				'POST dispatch': (request) => this.adminDispatch(request),
			},
		};
	}

	reset(): void {
		this.state.reset();
		this.windows.clear();
	}

	protected operationOf(request: SandboxRequest): string | undefined {
		return this.match(request)?.route.template;
	}

	private match(request: SandboxRequest): { route: Route; id?: string } | undefined {
		for (const route of this.routes) {
			if (route.method !== request.method) continue;
			const found = route.pattern.exec(request.path);
			if (found) return { route, id: found[1] && decodeURIComponent(found[1]) };
		}
		return undefined;
	}

	override tooManyRequests(retryAfterSeconds: number): SandboxResponse {
		// ASSUMED names besides x-ratelimit-remaining (VERIFIED).
		return this.error(429, 'Too many requests', undefined, {
			'retry-after': String(retryAfterSeconds),
			'x-ratelimit-remaining': '0',
			'x-ratelimit-limit': String(this.currentLimit()),
		});
	}

	private currentLimit(): number {
		return Math.max(1, Math.floor(this.rateLimit * this.faults.rateLimitScale));
	}

	/** Counts a request against the account's rolling window: its headers, or a 429. */
	private admit(accountKey: string): { headers: Record<string, string> } | SandboxResponse {
		const now = Date.now();
		const limit = this.currentLimit();
		const history = this.windows.get(accountKey) ?? [];
		this.windows.set(accountKey, history);
		let expired = 0;
		while (expired < history.length && history[expired] <= now - RATE_WINDOW_MS) expired++;
		if (expired) history.splice(0, expired);
		if (history.length >= limit)
			return this.tooManyRequests(
				Math.max(1, Math.ceil((history[0] + RATE_WINDOW_MS - now) / 1000)),
			);
		history.push(now);
		return {
			headers: {
				'x-ratelimit-remaining': String(limit - history.length),
				'x-ratelimit-limit': String(limit),
			},
		};
	}

	protected handle(request: SandboxRequest): SandboxResponse {
		const matched = this.match(request);
		// ASSUMED: Express's wording for an unknown route.
		if (!matched) return this.error(404, `Cannot ${request.method} ${request.path}`);
		let accountKey: string;
		if (matched.route.authenticated) {
			const header = String(request.headers.authorization ?? '');
			const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
			// ASSUMED: express-jwt's wordings (the real API answers "jwt expired", VERIFIED).
			// ASSUMED: refused calls are not counted against the rate limit and carry no rate headers
			// (no account is known for them); injected faults (../common/http.ts) carry none either.
			if (!token) return this.error(401, 'No authorization token was found');
			const account = this.state.tokenAccount(token);
			if (account === 'expired') return this.error(401, 'jwt expired');
			if (!account) return this.error(401, 'invalid token');
			accountKey = account;
		} else {
			// ASSUMED: grants count against the account key they name.
			accountKey = String((request.body as { accountkey?: unknown })?.accountkey ?? '');
		}
		const admitted = this.admit(accountKey);
		if ('status' in admitted) return admitted;
		this.state.flush();
		let answer: SandboxResponse;
		try {
			answer = matched.route.handler(request, matched.id);
		} catch (error) {
			if (error instanceof z.ZodError) answer = this.error(400, zodMessage(error));
			else if (error instanceof FilterError) answer = this.error(400, error.message);
			else if (error instanceof BadRequest) answer = this.error(error.status, error.message);
			else throw error;
		}
		return { ...answer, headers: { ...admitted.headers, ...answer.headers } };
	}

	private buildRoutes(): Route[] {
		const state = this.state;
		const routes: Array<[string, (request: SandboxRequest, id?: string) => SandboxResponse]> = [
			['POST /v1/grant', (request) => this.grant(request)],
			['GET /v0/locations', (request) => this.list(request, state.locations)],
			['GET /v0/locations/{id}', (_request, id) => this.one(state.locations, 'Location', id!)],
			[
				'GET /v0/locations/{id}/bins',
				(request, id) => {
					if (!state.locations.get(id!)) throw notFound('Location', id!);
					return this.listRows(request, state.bins.allBy('locationId', id!), BIN_FIELDS);
				},
			],
			['GET /v0/bins', (request) => this.list(request, state.bins)],
			['GET /v0/channels', (request) => this.list(request, state.channels)],
			['GET /v0/channels/{id}', (_request, id) => this.one(state.channels, 'Channel', id!)],
			['GET /v0/items', (request) => this.list(request, state.items)],
			['GET /v0/items/{id}', (_request, id) => this.one(state.items, 'Item', id!)],
			[
				'GET /v0/items/{id}/children',
				(request, id) => {
					const parent = state.items.get(id!);
					if (!parent) throw notFound('Item', id!);
					const children = (parent.variantItems ?? []).map((child) => state.items.get(child)!);
					return this.listRows(request, children, state.items.fields);
				},
			],
			['GET /v1/inventory-records', (request) => this.list(request, state.inventory, recordView)],
			['POST /v1/adjustments', (request) => this.adjust(request)],
			['GET /v0/customers', (request) => this.list(request, state.customers)],
			['GET /v0/customers/{id}', (_request, id) => this.one(state.customers, 'Customer', id!)],
			['POST /v0/customers', (request) => this.createCustomer(request)],
			['GET /v2/saleorders', (request) => this.list(request, state.orders)],
			['POST /v2/saleorders', (request) => this.createSaleOrder(request)],
			['GET /v2/saleorders/{id}', (_request, id) => this.one(state.orders, 'Sale order', id!)],
			['PATCH /v2/saleorders/{id}', (request, id) => this.patchSaleOrder(request, id!)],
			[
				'GET /v2/saleorders/{id}/items',
				(request, id) => {
					if (!state.orders.get(id!)) throw notFound('Sale order', id!);
					return this.listRows(request, state.lines.get(id!)!, LINE_FIELDS);
				},
			],
			['POST /v2/saleorders/{id}/collect-items', (request, id) => this.collect(request, id!)],
			['POST /v2/saleorders/{id}/dispatch-items', (request, id) => this.dispatch(request, id!)],
		];
		return routes.map(([name, handler]) => {
			const [method, template] = name.split(' ');
			const pattern = new RegExp(`^${template.replace('{id}', '([^/]+)')}/?$`);
			return { method, template: name, pattern, handler, authenticated: template !== '/v1/grant' };
		});
	}

	// ---- listings ----

	/** page, size, sortField, sortDirection and filter from the query (400 when out of range). */
	private listQuery(
		request: SandboxRequest,
		fields: ReadonlySet<string>,
	): ListQuery & { page: number; size: number } {
		for (const key of request.query.keys()) {
			// An unencoded && splits the filter into extra parameters like "[sku]"; ASSUMED 400 (the
			// real API's answer is unknown) so a client that forgets %26%26 finds out.
			if (/^[[(]/.test(key))
				throw new BadRequest(
					400,
					`Unexpected query parameter "${key}": encode && in a filter as %26%26`,
				);
		}
		const integer = (name: string, fallback: number, min: number, max: number) => {
			const raw = request.query.get(name);
			if (raw === null || raw === '') return fallback;
			const value = Number(raw);
			if (!Number.isInteger(value) || value < min)
				throw new BadRequest(400, `${name} must be an integer of at least ${min}`);
			if (value > max) throw new BadRequest(400, `${name} must be at most ${max}`);
			return value;
		};
		const page = integer('page', 0, 0, Number.MAX_SAFE_INTEGER);
		const size = integer('size', DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
		const sortField = request.query.get('sortField') || undefined;
		// ASSUMED: an unknown sortField is a 400 (the real answer is unknown), as unknown filter fields.
		if (sortField && !fields.has(sortField))
			throw new BadRequest(
				400,
				`sortField "${sortField}" is not a field of this resource (known: ${[...fields].join(', ')})`,
			);
		const direction = request.query.get('sortDirection');
		// ASSUMED: the direction is case-insensitive; ASC by default.
		if (direction && !/^(asc|desc)$/i.test(direction))
			throw new BadRequest(400, `sortDirection must be ASC or DESC, not "${direction}"`);
		const sortDirection = direction ? (direction.toUpperCase() as SortDirection) : undefined;
		return {
			page,
			size,
			sortField,
			sortDirection,
			filter: request.query.get('filter') ?? undefined,
		};
	}

	private page<T, V>(
		rows: readonly T[],
		query: { page: number; size: number },
		view: (row: T) => V,
	): SandboxResponse {
		const data = rows.slice(query.page * query.size, (query.page + 1) * query.size).map(view);
		return { status: 200, body: { data, metadata: { count: rows.length } } };
	}

	private list<T extends object, V = T>(
		request: SandboxRequest,
		collection: Collection<T>,
		view: (row: T) => V = (row) => row as unknown as V,
	): SandboxResponse {
		const query = this.listQuery(request, collection.fields);
		return this.page(this.state.list(collection, query), query, view);
	}

	private listRows<T extends object>(
		request: SandboxRequest,
		rows: readonly T[],
		fields: ReadonlySet<string>,
	): SandboxResponse {
		const query = this.listQuery(request, fields);
		return this.page(selectRows(rows, fields, query), query, (row) => row);
	}

	/** ASSUMED: a single resource answers `{data: {...}}` like lists' `data`. */
	private one<T extends object>(
		collection: Collection<T>,
		what: string,
		id: string,
	): SandboxResponse {
		const row = collection.get(id);
		if (!row) throw notFound(what, id);
		return { status: 200, body: { data: row } };
	}

	private accepted(id: string): SandboxResponse {
		return { status: 202, body: { data: { id } } };
	}

	// ---- grant ----

	private grant(request: SandboxRequest): SandboxResponse {
		const body = schemas.grant.parse(request.body ?? {});
		const expected = Buffer.from(grantSignature(this.account.clientSecret, this.account.clientId));
		const given = Buffer.from(body.signature.toLowerCase());
		if (
			body.accountkey !== this.account.accountKey ||
			body.clientId !== this.account.clientId ||
			given.length !== expected.length ||
			!timingSafeEqual(given, expected)
		) {
			// ASSUMED wording; the reference only knows that a refused grant is an error.
			return this.error(401, 'Invalid account key, client id or signature');
		}
		return {
			status: 200,
			body: {
				data: { authenticationResult: this.state.issueToken(body.accountkey, body.clientId) },
			},
		};
	}

	// ---- writes ----

	private adjust(request: SandboxRequest): SandboxResponse {
		const body = schemas.adjustment.parse(request.body ?? {});
		if (!this.state.locations.get(body.locationId))
			throw new BadRequest(400, `locationId ${body.locationId} is not a location`);
		const bin = this.state.bins.get(body.binId);
		if (!bin || bin.locationId !== body.locationId)
			throw new BadRequest(400, `binId ${body.binId} is not a bin of location ${body.locationId}`);
		body.items.forEach((line, index) => {
			const item = this.state.items.get(line.itemId);
			if (!item) throw new BadRequest(400, `items.${index}.itemId: no item ${line.itemId}`);
			// ASSUMED: a variable parent holds no stock of its own.
			if (item.format === 2)
				throw new BadRequest(
					400,
					`items.${index}.itemId: ${item.sku} is a variable item; adjust its variants`,
				);
		});
		return this.accepted(this.state.adjust(body).adjustmentId);
	}

	private createCustomer(request: SandboxRequest): SandboxResponse {
		const body = schemas.customer.parse(request.body ?? {});
		const fullName =
			body.fullName ?? [body.name?.forename, body.name?.surname].filter(Boolean).join(' ');
		return this.accepted(
			this.state.addCustomer({
				type: body.type,
				name: body.name ?? {},
				fullName,
				barcode: body.barcode ?? null,
				email: body.email ?? null,
				phone: body.phone ?? null,
				address: body.address ?? null,
				billingAddress: body.billingAddress ?? null,
				shippingAddresses: body.shippingAddresses,
				contacts: body.contacts,
			}),
		);
	}

	private createSaleOrder(request: SandboxRequest): SandboxResponse {
		const body = schemas.saleOrder.parse(request.body ?? {});
		if (!this.state.channels.get(body.sourceId))
			throw new BadRequest(400, `sourceId ${body.sourceId} is not a channel`);
		if (body.locationId && !this.state.locations.get(body.locationId))
			throw new BadRequest(400, `locationId ${body.locationId} is not a location`);
		// ASSUMED: a customer must be visible when the order names it (clients wait after creating one).
		if (body.customer && !this.state.customers.get(body.customer.customerId))
			throw new BadRequest(
				400,
				`customer.customerId ${body.customer.customerId} is not a customer`,
			);
		body.items.forEach((line, index) => {
			const item = this.state.items.get(line.referenceId);
			if (!item)
				throw new BadRequest(400, `items.${index}.referenceId: no item ${line.referenceId}`);
			// ASSUMED: an order line names a simple item or a variant, not a variable parent.
			if (item.format === 2)
				throw new BadRequest(
					400,
					`items.${index}.referenceId: ${item.sku} is a variable item; order one of its variants`,
				);
		});
		const id = this.state.createSaleOrder({
			stage: body.stage,
			createdAt: body.createdAt,
			sourceType: body.sourceType,
			sourceId: body.sourceId,
			sourceReferenceId: body.sourceReferenceId,
			customerReference: body.customerReference,
			customerId: body.customer?.customerId,
			currency: body.currency,
			tags: body.tags,
			locationId: body.locationId,
			shipping: body.shipping,
			payments: body.payments.map((payment) => ({
				method: payment.method,
				amount: payment.amount,
			})),
			items: body.items.map((line) => ({
				referenceType: line.type,
				referenceId: line.referenceId,
				quantity: line.quantity,
				displayPrice: line.displayPrice,
				displayTax: line.displayTax,
				displayDiscount: line.displayDiscount,
				fulfilmentType: line.fulfilmentType,
			})),
		});
		return this.accepted(id);
	}

	/** A visible order that can still be worked on, or a 404/400. */
	private openOrder(id: string) {
		const order = this.state.orders.get(id);
		if (!order) throw notFound('Sale order', id);
		return order;
	}

	private patchSaleOrder(request: SandboxRequest, id: string): SandboxResponse {
		this.openOrder(id);
		const body = schemas.patch.parse(request.body ?? {});
		this.state.patchSaleOrder(id, body);
		// ASSUMED: a patch is accepted like the other writes (202, visible later).
		return this.accepted(id);
	}

	/** Checks the lines of a collect or dispatch against the order (unknown line, too many). */
	private checkLines(
		id: string,
		items: Array<{ lineId: string; quantity: number }>,
		kind: 'collected' | 'dispatched',
	): void {
		const order = this.openOrder(id);
		// ASSUMED: a removed order cannot be collected or dispatched.
		if (order.stage === 'removed') throw new BadRequest(400, `Sale order ${id} is removed`);
		const lines = this.state.lines.get(id)!;
		const requested = new Map<string, number>();
		items.forEach((entry, index) => {
			if (!lines.some((line) => line.lineId === entry.lineId))
				throw new BadRequest(
					400,
					`items.${index}.lineId: sale order ${id} has no line ${entry.lineId}`,
				);
			requested.set(entry.lineId, (requested.get(entry.lineId) ?? 0) + entry.quantity);
		});
		for (const [lineId, quantity] of requested) {
			const left = this.state.remaining(lineId, kind);
			// ASSUMED: more than is left on a line is refused.
			if (quantity > left)
				throw new BadRequest(
					400,
					`line ${lineId}: ${quantity} requested but only ${left} left to be ${kind}`,
				);
		}
	}

	private collect(request: SandboxRequest, id: string): SandboxResponse {
		const body = schemas.collect.parse(request.body ?? {});
		if (!this.state.locations.get(body.locationId))
			throw new BadRequest(400, `locationId ${body.locationId} is not a location`);
		this.checkLines(id, body.items, 'collected');
		this.state.collect(id, body.locationId, body.items);
		// ASSUMED: 202 with the order's id (the v1 path answered 202; the body is unknown).
		return this.accepted(id);
	}

	private dispatch(request: SandboxRequest, id: string): SandboxResponse {
		const body = schemas.dispatch.parse(request.body ?? {});
		const order = this.openOrder(id);
		// ASSUMED: without locationId the order's own location dispatches.
		const locationId = body.locationId ?? order.locationId;
		if (!locationId)
			throw new BadRequest(400, 'locationId is required (the sale order has no location)');
		if (!this.state.locations.get(locationId))
			throw new BadRequest(400, `locationId ${locationId} is not a location`);
		this.checkLines(id, body.items, 'dispatched');
		return this.accepted(
			this.state.acceptDispatch(id, {
				locationId,
				courier: body.courier,
				trackingNumber: body.trackingNumber,
				trackingUrl: body.trackingUrl,
				items: body.items,
			}),
		);
	}

	private adminDispatch(request: SandboxRequest): SandboxResponse {
		const body = (request.body ?? {}) as {
			saleOrderId?: string;
			sourceReferenceId?: string;
			courier?: string;
			trackingNumber?: string;
			trackingUrl?: string;
		};
		const order = body.saleOrderId
			? this.state.orders.get(body.saleOrderId)
			: this.state.orders.findBy('sourceReferenceId', body.sourceReferenceId ?? '');
		if (!order) return this.error(404, 'Sale order not found');
		const dispatch = this.state.dispatch(order.saleOrderId, {
			courier: body.courier ?? 'Royal Mail',
			trackingNumber: body.trackingNumber ?? `RM${order.niceId}GB`,
			trackingUrl: body.trackingUrl,
		});
		return { status: 200, body: dispatch };
	}
}
