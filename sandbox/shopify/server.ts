/**
 * Shopify simulator, reached the way n8n's built-in Shopify nodes can reach it: their base URL is
 * hard-coded `https://<shop>.myshopify.com/admin/api/2024-07/`, so this server is an HTTPS proxy
 * (HTTPS_PROXY). It answers CONNECT only for `<its shop>.myshopify.com:443` (403 for every other
 * host, which also keeps tests offline) and terminates TLS itself with a `*.myshopify.com`
 * certificate from a test CA made at run time (`caPem`; trust it with NODE_EXTRA_CA_CERTS, or in
 * process with tls.setDefaultCACertificates). Plain HTTP to the same port serves the same API and
 * the `/__sandbox/` admin routes.
 *
 * REST (the paths the Shopify node and Shopify Trigger call, double slashes included: the node
 * joins `…/2024-07/` and `/orders.json`): orders (create, get, list with Link-header paging,
 * update, delete, cancel), products, locations, webhooks (register, list, get, delete; the trigger
 * lists `/webhooks` without `.json`). GraphQL at `/admin/api/<version>/graphql.json` (graphql.ts)
 * with the cost-based leaky bucket in `extensions.cost`. Auth: `X-Shopify-Access-Token`.
 *
 * ASSUMED: REST error bodies `{"errors": "<message>"}` (422 `{"errors": {field: [...]}}`), also for
 * injected faults on the GraphQL endpoint; REST calls are not rate-limited here (the templates
 * pace GraphQL); page size default 50, max 250 (VERIFIED for GraphQL input arrays, ASSUMED for
 * REST `limit`); `page_info` is an opaque base64 of the offset and filters; the bucket holds 2,000
 * points (20 × the Standard plan's VERIFIED 100 points/s restore rate, the ratio of Shopify's
 * earlier 1,000/50); a throttled query answers HTTP 200 with `THROTTLED` (INFERRED in the
 * reference) and costs nothing. Tests see every GraphQL call with its variables and outcome
 * (`graphqlCalls`), set the bucket at run time (`setBucket`, `setBucketLimits`) and make something
 * happen in the shop just before or after a call (`beforeNext`: a sale between a read and a write;
 * `afterNext`: another user of the same app spending the bucket), or keep the bucket spent
 * (`holdBucket`: another user of the same app spending whatever is restored), or price every
 * call higher than the ASSUMED cost model (`setCostMultiplier`: a Shopify that charges more than
 * graphql.ts's `queryCost`, for clients that must adapt to the answered cost). A connection's
 * `first`/`last` over 250 is refused with a GraphQL error (graphql.ts `pageSizeErrors`).
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import { createSecureContext, TLSSocket, type SecureContext } from 'node:tls';
import {
	GraphQLError,
	execute,
	parse,
	specifiedRules,
	validate,
	type DocumentNode,
	type OperationDefinitionNode,
} from 'graphql';

import {
	SandboxServer,
	type AdminHandlers,
	type SandboxRequest,
	type SandboxResponse,
} from '../common/http';
import {
	adminSchema,
	MAX_SINGLE_QUERY_COST,
	pageSizeErrors,
	queryCost,
	rootValue,
} from './graphql';
import { ShopifyState, type OrderRecord, type ShopEvent, type ShopifySeed } from './state';
import { makeTestCertificates, writeCaFile, type TestCertificates } from './tls';

export const SANDBOX_SHOP = 'retail-sync-sandbox';
export const SANDBOX_SHOP_DOMAIN = `${SANDBOX_SHOP}.myshopify.com`;
export const SANDBOX_ACCESS_TOKEN = 'shpat_sandbox_0a1b2c3d4e5f';
export const SANDBOX_APP_SECRET = 'shopify-sandbox-app-secret';
/** The REST version n8n 2.41.1's Shopify nodes call (VERIFIED in GenericFunctions.js). */
export const REST_VERSION = '2024-07';
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 250;
/** Standard plan (SH-RL, VERIFIED): 100 points/s. Bucket size ASSUMED (see above). */
export const RESTORE_RATE = 100;
export const MAXIMUM_AVAILABLE = 2000;

export interface ShopifySandboxOptions {
	/** Cost bucket: size and restore rate (points per second). */
	bucket?: { maximumAvailable?: number; restoreRate?: number };
	/** Clock for the cost bucket (tests move it instead of waiting). */
	now?: () => number;
	/** Certificates to use (default: one test CA per process, made on first use). */
	certificates?: TestCertificates;
	/**
	 * Waits before each new try of a webhook delivery that was not answered 2xx within 5 s, with the
	 * same X-Shopify-Webhook-Id. Shopify tries 8 more times over 4 hours (INFERRED, 3P-SH-WH); the
	 * sandbox compresses that schedule to what a run can wait for, and tries only once unless told
	 * (tests that post to closed receivers would otherwise wait out the retries).
	 */
	deliveryRetryDelaysMs?: number[];
}

let processCertificates: TestCertificates | undefined;

export interface DeliveryRecord {
	topic: string;
	address: string;
	webhookId: string;
	status: number | 'failed';
	forged: boolean;
	/** 1 for the first try, 2 for the first retry … */
	attempt: number;
}

const restError = (status: number, message: string) => ({ errors: message });

/** Base64 HMAC-SHA256 of the raw body, X-Shopify-Hmac-Sha256 (SH-WH, VERIFIED). */
export function shopifyHmac(secret: string, rawBody: string): string {
	return createHmac('sha256', secret).update(rawBody, 'utf8').digest('base64');
}

function pick(record: Record<string, unknown>, fields: string | null): Record<string, unknown> {
	if (!fields) return record;
	const wanted = fields.split(',').map((field) => field.trim());
	return Object.fromEntries(Object.entries(record).filter(([key]) => wanted.includes(key)));
}

/** One GraphQL call as the simulator answered it (tests count what was sent and how it went). */
export interface GraphqlCallRecord {
	/** The first root field of the operation, e.g. `inventoryItems` or `inventorySetQuantities`. */
	field: string;
	variables: Record<string, unknown>;
	/** The requested cost, when the query was valid. */
	requestedCost?: number;
	/** `ok` when executed, else the error code answered (`THROTTLED`, `MAX_COST_EXCEEDED`, …). */
	outcome: string;
	/** Codes of the userErrors in the answer's data (mutations). */
	userErrors: string[];
}

/** Something that happens in the shop just before a paid call runs (a sale between a read and a write). */
export type GraphqlHook = (call: { field: string; variables: Record<string, unknown> }) => void;

interface PageCursor {
	offset: number;
	filters: Record<string, string>;
}

/** The first root field of the operation (named, or the document's first). */
function rootFieldOf(document: DocumentNode, operationName?: string): string | undefined {
	const operations = document.definitions.filter(
		(definition): definition is OperationDefinitionNode =>
			definition.kind === 'OperationDefinition',
	);
	const operation =
		operations.find((candidate) => candidate.name?.value === operationName) ?? operations[0];
	const field = operation?.selectionSet.selections.find((selection) => selection.kind === 'Field');
	return field && 'name' in field ? field.name.value : undefined;
}

export class ShopifySandbox extends SandboxServer {
	readonly state = new ShopifyState();
	readonly certificates: TestCertificates;
	private readonly secureContext: SecureContext;
	private readonly tunnels = new Set<Socket>();
	/** CONNECT requests seen: the host asked for and whether it was tunnelled. */
	readonly connects: Array<{ target: string; allowed: boolean }> = [];
	readonly deliveries: DeliveryRecord[] = [];
	/** Every GraphQL call with its variables and outcome, in order. */
	readonly graphqlCalls: GraphqlCallRecord[] = [];
	private readonly hooks: Array<{ field: string; when: 'before' | 'after'; hook: GraphqlHook }> =
		[];
	private readonly pending = new Set<Promise<void>>();
	private readonly now: () => number;
	readonly bucket: { maximumAvailable: number; restoreRate: number };
	private available: number;
	private heldBucket: number | undefined;
	/** Calls still to be answered THROTTLED, by root field (`throttleNext`). */
	private readonly forcedThrottles = new Map<string, number>();
	private costMultiplier = 1;
	private lastRefill: number;
	appSecret = SANDBOX_APP_SECRET;
	private readonly deliveryRetryDelaysMs: number[];

	constructor(options: ShopifySandboxOptions = {}) {
		super('shopify', restError);
		this.deliveryRetryDelaysMs = options.deliveryRetryDelaysMs ?? [];
		this.certificates = options.certificates ?? (processCertificates ??= makeTestCertificates());
		this.secureContext = createSecureContext({
			cert: this.certificates.certPem,
			key: this.certificates.keyPem,
		});
		this.now = options.now ?? Date.now;
		this.bucket = {
			maximumAvailable: options.bucket?.maximumAvailable ?? MAXIMUM_AVAILABLE,
			restoreRate: options.bucket?.restoreRate ?? RESTORE_RATE,
		};
		this.available = this.bucket.maximumAvailable;
		this.lastRefill = this.now();
		this.state.onEvent((event) => this.deliverEvent(event));
	}

	/** The test CA (PEM) clients must trust. */
	get caPem(): string {
		return this.certificates.caPem;
	}

	/** Writes the CA to `path` for NODE_EXTRA_CA_CERTS; returns the path. */
	writeCaFile(path: string): string {
		return writeCaFile(this.certificates, path);
	}

	/** The proxy URL for HTTPS_PROXY. */
	get proxyUrl(): string {
		return this.baseUrl;
	}

	override async listen(port = 0, host = '127.0.0.1'): Promise<string> {
		const url = await super.listen(port, host);
		this.server!.on('connect', (request, socket: Socket, head: Buffer) =>
			this.tunnel(request.url ?? '', socket, head),
		);
		return url;
	}

	override async close(): Promise<void> {
		for (const socket of this.tunnels) socket.destroy();
		this.tunnels.clear();
		await super.close();
	}

	private tunnel(target: string, socket: Socket, head: Buffer): void {
		const allowed = target.toLowerCase() === `${SANDBOX_SHOP_DOMAIN}:443`;
		this.connects.push({ target, allowed });
		if (!allowed) {
			socket.end(
				'HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: 57\r\nConnection: close\r\n\r\n' +
					'Offline Shopify sandbox: only its own shop is tunnelled.\n',
			);
			return;
		}
		this.tunnels.add(socket);
		socket.once('close', () => this.tunnels.delete(socket));
		socket.on('error', () => socket.destroy());
		socket.write('HTTP/1.1 200 Connection Established\r\n\r\n', () => {
			if (head.length) socket.unshift(head);
			const secure = new TLSSocket(socket, { isServer: true, secureContext: this.secureContext });
			secure.on('error', () => secure.destroy());
			this.server!.emit('connection', secure);
		});
	}

	// ---- cost bucket ----

	/** The bucket after refilling to now. */
	throttleStatus() {
		const now = this.now();
		const rate = this.bucket.restoreRate * this.faults.rateLimitScale;
		this.available = Math.min(
			this.bucket.maximumAvailable,
			this.available + ((now - this.lastRefill) / 1000) * rate,
		);
		this.lastRefill = now;
		return {
			maximumAvailable: this.bucket.maximumAvailable,
			currentlyAvailable: Math.floor(this.available),
			restoreRate: rate,
		};
	}

	/** Sets the bucket's current level (tests). */
	setBucket(currentlyAvailable: number): void {
		this.throttleStatus();
		this.available = currentlyAvailable;
	}

	/** Changes the bucket's size and restore rate at run time (tests, benchmarks); keeps the level within the size. */
	setBucketLimits(limits: { maximumAvailable?: number; restoreRate?: number }): void {
		this.throttleStatus();
		if (limits.maximumAvailable !== undefined)
			this.bucket.maximumAvailable = limits.maximumAvailable;
		if (limits.restoreRate !== undefined) this.bucket.restoreRate = limits.restoreRate;
		this.available = Math.min(this.available, this.bucket.maximumAvailable);
	}

	/**
	 * Keeps the bucket at `currentlyAvailable` for every call until released (`undefined`): another
	 * user of the same app (the bucket is per app and shop) spending whatever is restored.
	 */
	holdBucket(currentlyAvailable: number | undefined): void {
		this.heldBucket = currentlyAvailable;
	}

	/**
	 * Prices every GraphQL call `multiplier` times the cost model (rounded up): the requested cost
	 * answered, charged and checked against the single-query maximum. Tests: a Shopify whose real
	 * prices are above the ASSUMED model. 1 (the default, and after reset) is the model itself.
	 */
	setCostMultiplier(multiplier: number): void {
		this.costMultiplier = multiplier;
	}

	/**
	 * Answers the next `count` calls of this root field THROTTLED, the bucket found spent just then
	 * (another user of the same app spent it): a throttle whatever the client's timing. The bucket
	 * refills from empty at its restore rate, as after any spend.
	 */
	throttleNext(field: string, count = 1): void {
		this.forcedThrottles.set(field, (this.forcedThrottles.get(field) ?? 0) + count);
	}

	/**
	 * Runs `hook` once, just before the next call of this root field that the bucket admits is
	 * executed: what happens in the shop between a client's read and its write (a sale, a change).
	 */
	beforeNext(field: string, hook: GraphqlHook): void {
		this.hooks.push({ field, when: 'before', hook });
	}

	/**
	 * Runs `hook` once, right after the next admitted call of this root field has been answered
	 * (its throttleStatus already taken): e.g. another app spending the bucket between two calls.
	 */
	afterNext(field: string, hook: GraphqlHook): void {
		this.hooks.push({ field, when: 'after', hook });
	}

	private runHook(field: string, when: 'before' | 'after', variables: Record<string, unknown>) {
		const index = this.hooks.findIndex((entry) => entry.field === field && entry.when === when);
		if (index >= 0) this.hooks.splice(index, 1)[0].hook({ field, variables });
	}

	// ---- webhooks ----

	private deliverEvent(event: ShopEvent): void {
		void this.deliver(event.topic, event.payload);
	}

	/**
	 * Posts `payload` to every webhook registered for `topic`, signed with the app secret (or with
	 * a wrong one when `forged`), with Shopify's headers. Resolves when every delivery has answered.
	 */
	deliver(
		topic: string,
		payload: unknown,
		options: { forged?: boolean } = {},
	): Promise<DeliveryRecord[]> {
		const targets = [...this.state.webhooks.values()].filter((webhook) => webhook.topic === topic);
		const rawBody = JSON.stringify(payload);
		const work = Promise.all(
			targets.map(async (webhook): Promise<DeliveryRecord> => {
				const webhookId = randomUUID();
				const secret = options.forged ? `${this.appSecret}-forged` : this.appSecret;
				const retryDelays = this.deliveryRetryDelaysMs;
				for (let attempt = 1; ; attempt++) {
					const record: DeliveryRecord = {
						topic,
						address: webhook.address,
						webhookId,
						status: 'failed',
						forged: options.forged ?? false,
						attempt,
					};
					try {
						const response = await fetch(webhook.address, {
							method: 'POST',
							headers: {
								'Content-Type': 'application/json',
								'X-Shopify-Topic': topic,
								'X-Shopify-Hmac-Sha256': shopifyHmac(secret, rawBody),
								'X-Shopify-Shop-Domain': SANDBOX_SHOP_DOMAIN,
								'X-Shopify-Webhook-Id': webhookId,
								'X-Shopify-API-Version': webhook.api_version,
								'X-Shopify-Triggered-At': new Date().toISOString(),
							},
							body: rawBody,
							signal: AbortSignal.timeout(5000),
						});
						await response.arrayBuffer();
						record.status = response.status;
					} catch {
						record.status = 'failed';
					}
					this.deliveries.push(record);
					const answered = typeof record.status === 'number' && record.status < 300;
					if (answered || attempt > retryDelays.length) return record;
					await new Promise((resolve) => setTimeout(resolve, retryDelays[attempt - 1]));
				}
			}),
		);
		const settled = work.then(() => undefined);
		this.pending.add(settled);
		void settled.finally(() => this.pending.delete(settled));
		return work;
	}

	/** Delivers with a signature made with the wrong secret (a forged call). */
	deliverForged(topic: string, payload: unknown): Promise<DeliveryRecord[]> {
		return this.deliver(topic, payload, { forged: true });
	}

	/** Resolves once every delivery started so far has answered. */
	async webhooksSettled(): Promise<void> {
		while (this.pending.size) await Promise.all([...this.pending]);
	}

	// ---- routing ----

	/** `/admin/api/<version>/<rest>` with runs of slashes collapsed (the node sends `2024-07//orders.json`). */
	private route(request: SandboxRequest): { version: string; rest: string } | undefined {
		const path = request.path.replace(/\/{2,}/g, '/');
		const match = /^\/admin\/api\/([^/]+)\/(.+)$/.exec(path);
		return match ? { version: match[1], rest: match[2] } : undefined;
	}

	protected operationOf(request: SandboxRequest): string | undefined {
		const route = this.route(request);
		if (!route) return undefined;
		if (route.rest === 'graphql.json') {
			try {
				const body = request.body as { query?: string; operationName?: string };
				const document = parse(body.query ?? '');
				const operation = document.definitions.find(
					(definition): definition is OperationDefinitionNode =>
						definition.kind === 'OperationDefinition',
				);
				const field = operation?.selectionSet.selections.find(
					(selection) => selection.kind === 'Field',
				);
				return `graphql:${body.operationName ?? operation?.name?.value ?? (field && 'name' in field ? field.name.value : 'anonymous')}`;
			} catch {
				return 'graphql:invalid';
			}
		}
		const resource = route.rest.replace(/\.json$/, '').replace(/\/\d+/g, '/:id');
		return `${request.method} ${resource}`;
	}

	protected get admin(): AdminHandlers {
		return {
			state: () => this.state.snapshot(),
			seed: (body) => this.state.seed(body as ShopifySeed),
			reset: () => {
				this.state.reset();
				this.deliveries.length = 0;
				this.connects.length = 0;
				this.available = this.bucket.maximumAvailable;
				this.graphqlCalls.length = 0;
				this.hooks.length = 0;
				this.heldBucket = undefined;
				this.forcedThrottles.clear();
				this.costMultiplier = 1;
			},
			extra: {
				'GET ca': () => ({ status: 200, body: { pem: this.caPem } }),
				'GET deliveries': () => ({ status: 200, body: this.deliveries }),
				'POST deliver': async (request) => {
					const { topic, payload, forged } = request.body as {
						topic: string;
						payload: unknown;
						forged?: boolean;
					};
					return { status: 200, body: await this.deliver(topic, payload, { forged }) };
				},
			},
		};
	}

	protected async handle(request: SandboxRequest): Promise<SandboxResponse> {
		const route = this.route(request);
		if (!route) return this.error(404, 'Not Found');
		if (request.headers['x-shopify-access-token'] !== SANDBOX_ACCESS_TOKEN)
			return this.error(
				401,
				'[API] Invalid API key or access token (unrecognized login or wrong password)',
			);
		if (route.rest === 'graphql.json') {
			if (request.method !== 'POST') return this.error(405, 'Method Not Allowed');
			return this.graphql(request);
		}
		return this.rest(request, route.version, route.rest);
	}

	private graphql(request: SandboxRequest): SandboxResponse {
		const body = (request.body ?? {}) as {
			query?: string;
			variables?: Record<string, unknown>;
			operationName?: string;
		};
		const errors = (list: ReadonlyArray<GraphQLError>, code: string, extensions = {}) => ({
			status: 200,
			body: {
				errors: list.map((error) => ({
					message: error.message,
					locations: error.locations,
					extensions: { code, ...error.extensions },
				})),
				...extensions,
			},
		});
		if (typeof body.query !== 'string' || !body.query.trim())
			return { status: 400, body: { errors: { query: 'Required parameter missing or invalid' } } };
		const record: GraphqlCallRecord = {
			field: 'invalid',
			variables: body.variables ?? {},
			outcome: 'ok',
			userErrors: [],
		};
		this.graphqlCalls.push(record);
		const refuse = (list: ReadonlyArray<GraphQLError>, code: string, extensions = {}) => {
			record.outcome = code;
			return errors(list, code, extensions);
		};
		let document: DocumentNode;
		try {
			document = parse(body.query);
		} catch (error) {
			return refuse([error as GraphQLError], 'parseError');
		}
		record.field = rootFieldOf(document, body.operationName) ?? 'anonymous';
		const schema = adminSchema();
		const validation = validate(schema, document, specifiedRules);
		// ASSUMED code: Shopify words validation errors itself (e.g. undefinedField); graphql-js words them here.
		if (validation.length) return refuse(validation, 'GRAPHQL_VALIDATION_FAILED');
		const requested = Math.ceil(
			queryCost(document, body.variables, body.operationName) * this.costMultiplier,
		);
		record.requestedCost = requested;
		if (this.heldBucket !== undefined) this.setBucket(this.heldBucket);
		const throttle = this.throttleStatus();
		const cost = (actual: number | null) => ({
			extensions: {
				cost: {
					requestedQueryCost: requested,
					actualQueryCost: actual,
					throttleStatus: { ...throttle, currentlyAvailable: Math.floor(this.available) },
				},
			},
		});
		const pageSize = pageSizeErrors(document, body.variables, body.operationName);
		if (pageSize.length)
			return refuse(
				pageSize.map((message) => new GraphQLError(message)),
				'MAX_PAGE_SIZE_EXCEEDED',
				cost(null),
			);
		if (requested > MAX_SINGLE_QUERY_COST)
			return refuse(
				[
					new GraphQLError(
						`Query cost is ${requested}, which exceeds the single query max cost limit (${MAX_SINGLE_QUERY_COST}).`,
					),
				],
				'MAX_COST_EXCEEDED',
				cost(null),
			);
		const forced = this.forcedThrottles.get(record.field) ?? 0;
		if (forced > 0 && requested > 0) {
			this.forcedThrottles.set(record.field, forced - 1);
			this.setBucket(0);
		}
		if (requested > this.available)
			return refuse([new GraphQLError('Throttled')], 'THROTTLED', cost(null));
		this.available -= requested;
		this.runHook(record.field, 'before', record.variables);
		const result = execute({
			schema,
			document,
			rootValue: rootValue(this.state),
			variableValues: body.variables,
			operationName: body.operationName,
		}) as Awaited<ReturnType<typeof execute>>;
		if (result.errors) record.outcome = 'INTERNAL_SERVER_ERROR';
		record.userErrors = Object.values(result.data ?? {}).flatMap((value) =>
			value &&
			typeof value === 'object' &&
			Array.isArray((value as { userErrors?: unknown }).userErrors)
				? (value as { userErrors: Array<{ code?: string }> }).userErrors.map(
						(error) => error.code ?? 'USER_ERROR',
					)
				: [],
		);
		const answer = {
			status: 200,
			body: {
				...(result.errors
					? {
							errors: result.errors.map((error) => ({
								message: error.message,
								path: error.path,
								extensions: { code: 'INTERNAL_SERVER_ERROR' },
							})),
						}
					: {}),
				data: result.data ?? null,
				...cost(requested),
			},
		};
		this.runHook(record.field, 'after', record.variables);
		return answer;
	}

	// ---- REST ----

	private rest(request: SandboxRequest, version: string, rest: string): SandboxResponse {
		const segments = rest.replace(/\.json$/, '').split('/');
		const [resource, idText, action] = segments;
		const id = idText === undefined ? undefined : Number(idText);
		const body = (request.body ?? {}) as Record<string, Record<string, unknown>>;
		const method = request.method;
		if (id !== undefined && !Number.isInteger(id)) return this.error(404, 'Not Found');
		switch (resource) {
			case 'orders':
				return this.orders(request, version, method, id, action, body.order);
			case 'products':
				return this.products(request, version, method, id, body.product);
			case 'locations': {
				if (method !== 'GET') return this.error(405, 'Method Not Allowed');
				const locations = [...this.state.locations.values()].map((location) => ({
					id: location.id,
					name: location.name,
					active: location.active,
					admin_graphql_api_id: `gid://shopify/Location/${location.id}`,
				}));
				if (id !== undefined) {
					const location = locations.find((candidate) => candidate.id === id);
					return location ? { status: 200, body: { location } } : this.error(404, 'Not Found');
				}
				return this.page(request, version, 'locations', locations);
			}
			case 'webhooks':
				return this.webhooks(request, version, method, id, body.webhook);
			default:
				return this.error(404, 'Not Found');
		}
	}

	/** One page of a REST listing with Shopify's Link header (`rel="previous"` first, then `rel="next"`). */
	private page(
		request: SandboxRequest,
		version: string,
		resource: string,
		all: Array<Record<string, unknown>>,
		filter: (record: Record<string, unknown>, filters: Record<string, string>) => boolean = () =>
			true,
	): SandboxResponse {
		const limit = Math.min(Number(request.query.get('limit') ?? DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE);
		if (!Number.isInteger(limit) || limit < 1) return this.error(400, 'Invalid limit');
		const pageInfo = request.query.get('page_info');
		let cursor: PageCursor;
		if (pageInfo) {
			// VERIFIED: a page_info URL carries only page_info, limit and fields. INFERRED (an API
			// user's report on community.shopify.com): any other parameter is refused with 400.
			for (const key of request.query.keys())
				if (!['limit', 'fields', 'page_info'].includes(key))
					return {
						status: 400,
						body: { errors: { [key]: `${key} cannot be passed when page_info is present.` } },
					};
			try {
				cursor = JSON.parse(Buffer.from(pageInfo, 'base64url').toString('utf8')) as PageCursor;
			} catch {
				return this.error(400, 'Invalid page_info');
			}
		} else {
			const filters: Record<string, string> = {};
			for (const [key, value] of request.query)
				if (!['limit', 'fields', 'page_info'].includes(key)) filters[key] = value;
			cursor = { offset: 0, filters };
		}
		const matching = all.filter((record) => filter(record, cursor.filters));
		const slice = matching.slice(cursor.offset, cursor.offset + limit);
		const link = (offset: number, rel: string) => {
			const info = Buffer.from(JSON.stringify({ offset, filters: cursor.filters })).toString(
				'base64url',
			);
			const fields = request.query.get('fields');
			const query = new URLSearchParams({
				limit: String(limit),
				...(fields ? { fields } : {}),
				page_info: info,
			});
			return `<https://${SANDBOX_SHOP_DOMAIN}/admin/api/${version}/${resource}.json?${query.toString()}>; rel="${rel}"`;
		};
		const links: string[] = [];
		if (cursor.offset > 0) links.push(link(Math.max(0, cursor.offset - limit), 'previous'));
		if (cursor.offset + limit < matching.length) links.push(link(cursor.offset + limit, 'next'));
		const fields = request.query.get('fields');
		return {
			status: 200,
			headers: links.length ? { Link: links.join(', ') } : undefined,
			body: { [resource]: slice.map((record) => pick(record, fields)) },
		};
	}

	private orders(
		request: SandboxRequest,
		version: string,
		method: string,
		id: number | undefined,
		action: string | undefined,
		input: Record<string, unknown> | undefined,
	): SandboxResponse {
		const view = (order: OrderRecord) => this.state.orderView(order);
		if (id === undefined) {
			if (method === 'POST') {
				const lines = input?.line_items;
				if (!Array.isArray(lines) || !lines.length)
					return {
						status: 422,
						body: { errors: { line_items: ['must have at least one line item'] } },
					};
				const order = this.state.createOrder(
					input as unknown as Parameters<ShopifyState['createOrder']>[0],
				);
				return { status: 201, body: { order: view(order) } };
			}
			if (method !== 'GET') return this.error(405, 'Method Not Allowed');
			return this.page(
				request,
				version,
				'orders',
				// Newest first, as Shopify lists orders (INFERRED: seen and reported by API users,
				// community.shopify.com/t/pulling-large-results-on-orders-endpoint/257009; the REST
				// reference names no sort order).
				[...this.state.orders.values()].reverse().map(view),
				(order, filters) => {
					// Shopify's default status is open (ASSUMED: open = not cancelled and not fulfilled).
					const status = filters.status ?? 'open';
					const cancelled = order.cancelled_at !== null;
					if (status === 'open' && (cancelled || order.fulfillment_status === 'fulfilled'))
						return false;
					if (status === 'cancelled' && !cancelled) return false;
					if (status === 'closed' && order.fulfillment_status !== 'fulfilled') return false;
					if (
						filters.ids &&
						!filters.ids
							.split(',')
							.map(Number)
							.includes(order.id as number)
					)
						return false;
					if (filters.fulfillment_status && filters.fulfillment_status !== 'any') {
						const wanted =
							filters.fulfillment_status === 'shipped' ? 'fulfilled' : filters.fulfillment_status;
						if (
							wanted === 'unshipped'
								? order.fulfillment_status !== null
								: order.fulfillment_status !== wanted
						)
							return false;
					}
					if (filters.created_at_min && String(order.created_at) < filters.created_at_min)
						return false;
					if (filters.created_at_max && String(order.created_at) > filters.created_at_max)
						return false;
					if (filters.updated_at_min && String(order.updated_at) < filters.updated_at_min)
						return false;
					return true;
				},
			);
		}
		const order = this.state.orders.get(id);
		if (!order) return this.error(404, 'Not Found');
		if (action === 'cancel' && method === 'POST') {
			if (
				!this.state.cancelOrder(id, String((request.body as { reason?: string }).reason ?? 'other'))
			)
				return { status: 422, body: { errors: { base: ['Order has already been cancelled'] } } };
			return { status: 200, body: { order: view(order) } };
		}
		if (action === 'fulfillment_orders' && method === 'GET')
			return { status: 200, body: { fulfillment_orders: this.state.fulfillmentOrdersOf(id) } };
		if (action !== undefined) return this.error(404, 'Not Found');
		switch (method) {
			case 'GET':
				return { status: 200, body: { order: pick(view(order), request.query.get('fields')) } };
			case 'PUT':
				return { status: 200, body: { order: view(this.state.updateOrder(id, input ?? {})!) } };
			case 'DELETE':
				this.state.orders.delete(id);
				return { status: 200, body: {} };
			default:
				return this.error(405, 'Method Not Allowed');
		}
	}

	private products(
		request: SandboxRequest,
		version: string,
		method: string,
		id: number | undefined,
		input: Record<string, unknown> | undefined,
	): SandboxResponse {
		if (id === undefined) {
			if (method === 'POST') {
				if (!input?.title) return { status: 422, body: { errors: { title: ["can't be blank"] } } };
				const variants = (input.variants as
					| Array<{ sku: string; price?: string; title?: string }>
					| undefined) ?? [{ sku: '' }];
				const product = this.state.addProduct({ ...(input as { title: string }), variants });
				return { status: 201, body: { product } };
			}
			if (method !== 'GET') return this.error(405, 'Method Not Allowed');
			return this.page(
				request,
				version,
				'products',
				[...this.state.products.values()],
				(product, filters) =>
					filters.title ? String(product.title).includes(filters.title) : true,
			);
		}
		const product = this.state.products.get(id);
		if (!product) return this.error(404, 'Not Found');
		switch (method) {
			case 'GET':
				return { status: 200, body: { product: pick(product, request.query.get('fields')) } };
			case 'PUT': {
				// The id and the variants are not changed by a product update here (ASSUMED).
				const changes = Object.entries(input ?? {}).filter(
					([key]) => key !== 'id' && key !== 'variants',
				);
				Object.assign(product, Object.fromEntries(changes), {
					updated_at: new Date().toISOString(),
				});
				return { status: 200, body: { product } };
			}
			case 'DELETE':
				this.state.products.delete(id);
				return { status: 200, body: {} };
			default:
				return this.error(405, 'Method Not Allowed');
		}
	}

	private webhooks(
		request: SandboxRequest,
		version: string,
		method: string,
		id: number | undefined,
		input: Record<string, unknown> | undefined,
	): SandboxResponse {
		if (id === undefined) {
			if (method === 'GET') {
				const topic = request.query.get('topic');
				const address = request.query.get('address');
				const webhooks = [...this.state.webhooks.values()].filter(
					(webhook) =>
						(!topic || webhook.topic === topic) && (!address || webhook.address === address),
				);
				return { status: 200, body: { webhooks } };
			}
			if (method !== 'POST') return this.error(405, 'Method Not Allowed');
			const topic = String(input?.topic ?? '');
			const address = String(input?.address ?? '');
			if (!/^[a-z_]+\/[a-z_]+$/.test(topic))
				return { status: 422, body: { errors: { topic: ['Invalid topic specified.'] } } };
			if (!/^https?:\/\//.test(address))
				return { status: 422, body: { errors: { address: ["can't be blank"] } } };
			if ([...this.state.webhooks.values()].some((w) => w.topic === topic && w.address === address))
				return {
					status: 422,
					body: { errors: { address: ['for this topic has already been taken'] } },
				};
			const now = new Date().toISOString();
			const webhook = {
				id: this.state.id(),
				topic,
				address,
				format: String(input?.format ?? 'json'),
				api_version: version,
				created_at: now,
				updated_at: now,
			};
			this.state.webhooks.set(webhook.id, webhook);
			return { status: 201, body: { webhook } };
		}
		const webhook = this.state.webhooks.get(id);
		if (!webhook) return this.error(404, 'Not Found');
		if (method === 'GET') return { status: 200, body: { webhook } };
		if (method === 'DELETE') {
			this.state.webhooks.delete(id);
			return { status: 200, body: {} };
		}
		return this.error(405, 'Method Not Allowed');
	}
}
