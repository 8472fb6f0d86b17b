/**
 * commercetools simulator: @labdigital/commercetools-mock 4.4.0 answering in memory through its
 * Fastify app (`app.inject`; its own `runServer` binds 0.0.0.0 and is never used), behind the
 * shared SandboxServer (loopback, call log, faults, `/__sandbox/` admin) and the extension layer
 * (./extensions/: OAuth and scopes, Messages API, quantity deltas, id-cursor sort, uniqueness,
 * paging bounds, deliveries).
 *
 * One port serves the auth server (`POST /oauth/token`) and the project API (`/<projectKey>/…`),
 * so the credential's API URL and auth URL are both the sandbox's base URL. Error bodies are
 * commercetools' (`{statusCode, message, errors: [{code, message}]}`, reference A3 VERIFIED),
 * injected faults included.
 *
 * Rate: commercetools publishes no per-client request limit for the HTTP API (reference A3,
 * INFERRED). The sandbox applies an ASSUMED limit, 40 concurrent requests and 200 per second per
 * sandbox (× `rateLimitScale`), answering 429 TooManyRequests with Retry-After, so a burst test can
 * show that no call was refused for rate.
 */
import type { OrderImportDraft, Order } from '@commercetools/platform-sdk';

import {
	MinuteWindows,
	SandboxServer,
	type AdminHandlers,
	type SandboxRequest,
	type SandboxResponse,
} from '../common/http';
import { codeForStatus, errorBody, errorResponse } from './errors';
import {
	Extensions,
	OAuthServer,
	requiredScope,
	type ApiClient,
	type ProjectCall,
} from './extensions';
import { mock, SandboxStorage, type CommercetoolsMock } from './mock';
import { CommercetoolsState, type SeedData } from './state';

export const SANDBOX_PROJECT_KEY = 'retail-sync-sandbox';
/** The public sandbox API client (its values are printed by `npm run sandbox`). */
export const SANDBOX_CLIENT: ApiClient = {
	clientId: 'commercetools-sandbox-client',
	clientSecret: 'commercetools-sandbox-secret',
	scopes: [`manage_project:${SANDBOX_PROJECT_KEY}`],
};
/** ASSUMED sandbox limits (see the header). */
export const RATE_LIMIT = { concurrent: 40, perSecond: 200 };

export interface CommercetoolsSandboxOptions {
	seed?: number;
}

export class CommercetoolsSandbox extends SandboxServer {
	readonly projectKey = SANDBOX_PROJECT_KEY;
	readonly storage = new SandboxStorage(SANDBOX_PROJECT_KEY);
	readonly state = new CommercetoolsState(this.storage);
	readonly oauth = new OAuthServer([SANDBOX_CLIENT]);
	readonly mock: CommercetoolsMock = new mock.CommercetoolsMock({
		defaultProjectKey: SANDBOX_PROJECT_KEY,
		storage: this.storage,
		enableAuthentication: false,
		silent: true,
	});
	private readonly extensions = new Extensions(this.mock, this.state, this.storage);
	private readonly perSecond = new MinuteWindows(1000);
	private inFlight = 0;

	constructor(options: CommercetoolsSandboxOptions = {}) {
		super(
			'commercetools',
			(status, message, code) => errorBody(status, message, code),
			options.seed,
		);
	}

	tooManyRequests(retryAfterSeconds: number): SandboxResponse {
		return this.error(429, 'Too many requests (sandbox limit, ASSUMED)', 'TooManyRequests', {
			'Retry-After': String(retryAfterSeconds),
		});
	}

	protected operationOf(request: SandboxRequest): string | undefined {
		if (request.path === '/oauth/token') return 'oauth/token';
		const [projectKey, resource, id, ...rest] = request.path.split('/').slice(1).filter(Boolean);
		if (projectKey !== this.projectKey) return undefined;
		if (!resource) return request.method === 'GET' ? 'project/get' : 'project/update';
		if (resource === 'orders' && id === 'import') return 'orders/import';
		if (resource === 'custom-objects') {
			if (request.method === 'POST') return 'custom-objects/create';
			if (request.method === 'DELETE') return 'custom-objects/delete';
			return id && rest.length ? 'custom-objects/get' : 'custom-objects/query';
		}
		const verb = (() => {
			if (request.method === 'GET') return id === undefined ? 'query' : 'get';
			if (request.method === 'HEAD') return 'exists';
			if (request.method === 'DELETE') return 'delete';
			return id === undefined ? 'create' : 'update';
		})();
		return `${resource}/${verb}`;
	}

	protected async handle(request: SandboxRequest): Promise<SandboxResponse> {
		if (request.path === '/oauth/token') {
			if (request.method !== 'POST') return this.error(405, 'Use POST', 'invalid_request');
			return this.oauth.token(request);
		}
		const [projectKey, ...segments] = request.path.split('/').slice(1).filter(Boolean);
		if (projectKey !== this.projectKey)
			return this.error(404, `No project API at ${request.path}`, 'ResourceNotFound');
		const refused = this.oauth.authorize(
			request.headers.authorization,
			requiredScope(request.method, segments[0] ?? '', request.query),
			this.projectKey,
		);
		if (refused) return refused;
		const scale = this.faults.rateLimitScale;
		const retryAfter = this.perSecond.admit('all', RATE_LIMIT.perSecond * scale);
		if (retryAfter || this.inFlight >= RATE_LIMIT.concurrent * scale)
			return this.tooManyRequests(Math.max(1, retryAfter));
		this.inFlight++;
		try {
			return await this.project({
				method: request.method,
				segments,
				query: request.query,
				body: request.body,
			});
		} finally {
			this.inFlight--;
		}
	}

	/** A project call through the extension layer and the mock, without auth or rate checks. */
	async project(call: ProjectCall): Promise<SandboxResponse> {
		return this.extensions.answer(call, (forwarded) => this.forward(forwarded));
	}

	/** Into the mock's Fastify app, in memory. */
	private async forward(call: ProjectCall): Promise<SandboxResponse> {
		const query = call.query.toString();
		const hasBody = !['GET', 'HEAD', 'DELETE'].includes(call.method);
		const answer = await this.mock.app.inject({
			method: call.method as 'GET',
			url: `/${[this.projectKey, ...call.segments].join('/')}${query ? `?${query}` : ''}`,
			headers: hasBody ? { 'content-type': 'application/json' } : {},
			payload: hasBody ? JSON.stringify(call.body ?? {}) : undefined,
		});
		if (call.method === 'HEAD') return { status: answer.statusCode };
		let body: unknown;
		try {
			body = answer.body ? JSON.parse(answer.body) : undefined;
		} catch {
			body = undefined;
		}
		// The mock's own non-API errors (unknown route, internal error) in the API's shape.
		if (answer.statusCode >= 400 && !Array.isArray((body as { errors?: unknown })?.errors)) {
			const text = body as { message?: string; error?: string } | undefined;
			return errorResponse(
				answer.statusCode,
				text?.message ?? text?.error ?? `No ${call.method} /${call.segments.join('/')}`,
				codeForStatus(answer.statusCode),
			);
		}
		return { status: answer.statusCode, body };
	}

	/** Imports an order as `POST /orders/import` would (messages and uniqueness included). */
	async importOrder(draft: OrderImportDraft): Promise<Order> {
		const answer = await this.project({
			method: 'POST',
			segments: ['orders', 'import'],
			query: new URLSearchParams(),
			body: draft,
		});
		if (answer.status >= 300)
			throw new Error(`Order import failed: ${JSON.stringify(answer.body)}`);
		return answer.body as Order;
	}

	protected get admin(): AdminHandlers {
		return {
			state: () => ({
				projectKey: this.projectKey,
				channels: this.state.channels(),
				inventory: this.state.inventoryEntries(),
				orders: this.state.orders(),
				products: this.state.productCount(),
				messages: this.state.messages().length,
			}),
			seed: (body) => this.state.seed(body as SeedData),
			reset: () => {
				this.state.reset();
				this.oauth.reset();
				this.perSecond.reset();
			},
			extra: {
				// An API client with its own (e.g. narrower) scopes and token lifetime.
				'POST clients': (request) => {
					const client = request.body as ApiClient;
					if (!client?.clientId || !client.clientSecret || !Array.isArray(client.scopes))
						return this.error(400, 'Give clientId, clientSecret and scopes[]', 'InvalidInput');
					this.oauth.addClient(client);
					return { status: 200, body: { ok: true } };
				},
				// Lifetime (seconds) of tokens issued from now on, and/or expire those issued so far.
				'POST tokens': (request) => {
					const { lifetimeSeconds, expireAll } = (request.body ?? {}) as {
						lifetimeSeconds?: number;
						expireAll?: boolean;
					};
					if (lifetimeSeconds !== undefined) this.oauth.tokenSeconds = lifetimeSeconds;
					if (expireAll) this.oauth.expireTokens();
					return { status: 200, body: { lifetimeSeconds: this.oauth.tokenSeconds } };
				},
				'POST orders/import': async (request) => {
					const order = await this.importOrder(request.body as OrderImportDraft);
					return { status: 200, body: order };
				},
			},
		};
	}
}
