/**
 * OAuth 2.0 client credentials and scopes (extension 1; the mock checks neither secrets nor scopes
 * and never expires a token).
 *
 * Reference A2, VERIFIED: `POST /oauth/token` with HTTP Basic client_id:client_secret and form
 * `grant_type=client_credentials[&scope=…]`; answer `{access_token, token_type: "Bearer",
 * expires_in, scope}`; token lifetime per API client, default 172 800 s; project calls carry
 * `Authorization: Bearer <token>`; scopes are `<name>:<projectKey>` and each endpoint names the
 * scope it needs (the A2 table). INFERRED: an omitted `scope` gives the client's own scopes; an
 * unknown client or wrong secret is 401 `invalid_client`, a scope the client lacks 400
 * `invalid_scope`, a missing/unknown/expired token 401 `invalid_token`, a missing scope 403
 * `insufficient_scope` (A3 table: lower-case codes); manage_X implies view_X, view_products implies
 * view_published_products, manage_project implies every scope of its project.
 */
import { randomBytes } from 'node:crypto';

import type { SandboxRequest, SandboxResponse } from '../../common/http';
import { authErrorResponse } from '../errors';

export const DEFAULT_TOKEN_SECONDS = 172_800;

/** The auth server's token answer (A2 VERIFIED; the auth API is not in @commercetools/platform-sdk). */
export interface TokenResponse {
	access_token: string;
	token_type: 'Bearer';
	expires_in: number;
	scope: string;
}

export interface ApiClient {
	clientId: string;
	clientSecret: string;
	/** Full scope strings, e.g. `manage_project:retail-sync-sandbox`. */
	scopes: string[];
	/** Token lifetime in seconds (the API client's accessTokenValiditySeconds). */
	accessTokenValiditySeconds?: number;
}

interface IssuedToken {
	clientId: string;
	scopes: string[];
	expiresAt: number;
}

/** The scope a project call needs: read (`view_…`) or write (`manage_…`) of one resource family. */
export function requiredScope(
	method: string,
	resource: string,
	query: URLSearchParams,
): string | undefined {
	const write = !['GET', 'HEAD'].includes(method);
	const pair = (name: string) => `${write ? 'manage' : 'view'}_${name}`;
	switch (resource) {
		case 'inventory':
		case 'products':
		case 'product-types':
			return pair('products');
		case 'product-projections':
			return query.get('staged') === 'true' ? 'view_products' : 'view_published_products';
		case 'orders':
			return pair('orders');
		case 'channels':
			return pair('channels');
		case 'stores':
			return pair('stores');
		case 'messages':
			return 'view_messages';
		case 'custom-objects':
			return pair('key_value_documents');
		case '':
			// The project itself (its settings, e.g. messages.enabled).
			return write ? 'manage_project' : 'view_project_settings';
		default:
			return 'manage_project';
	}
}

/** Whether a token's scopes grant `needed` (a bare scope name) in `projectKey`. */
export function grants(scopes: string[], needed: string, projectKey: string): boolean {
	const names = new Set(
		scopes
			.filter((scope) => scope.split(':')[1] === projectKey)
			.map((scope) => scope.split(':')[0]),
	);
	if (names.has('manage_project') || names.has(needed)) return true;
	if (needed.startsWith('view_') && names.has(`manage_${needed.slice(5)}`)) return true;
	if (needed === 'view_published_products')
		return names.has('view_products') || names.has('manage_products');
	// Channel create also accepts manage_products (A2 table).
	return needed === 'manage_channels' && names.has('manage_products');
}

export class OAuthServer {
	private readonly clients = new Map<string, ApiClient>();
	private readonly tokens = new Map<string, IssuedToken>();
	/** Lifetime of tokens of clients that name none (the API's default, 48 h). */
	tokenSeconds = DEFAULT_TOKEN_SECONDS;

	constructor(private readonly defaults: ApiClient[]) {
		this.reset();
	}

	reset(): void {
		this.clients.clear();
		this.tokens.clear();
		this.tokenSeconds = DEFAULT_TOKEN_SECONDS;
		for (const client of this.defaults) this.addClient(client);
	}

	addClient(client: ApiClient): void {
		this.clients.set(client.clientId, { ...client, scopes: [...client.scopes] });
	}

	/** Makes every token issued so far expire now (the next call with one answers 401). */
	expireTokens(): void {
		for (const token of this.tokens.values()) token.expiresAt = 0;
	}

	issuedTokens(): number {
		return this.tokens.size;
	}

	/** `POST /oauth/token`. */
	token(request: SandboxRequest): SandboxResponse {
		const credentials = basicCredentials(request.headers.authorization);
		const client = credentials && this.clients.get(credentials.clientId);
		if (!credentials || !client || client.clientSecret !== credentials.clientSecret)
			return authErrorResponse(
				401,
				'invalid_client',
				'Please provide valid client credentials using HTTP Basic Authentication.',
			);
		const form = (request.body ?? {}) as Record<string, unknown>;
		const grantType = String(form.grant_type ?? request.query.get('grant_type') ?? '');
		if (grantType !== 'client_credentials')
			return authErrorResponse(
				400,
				grantType ? 'unsupported_grant_type' : 'invalid_request',
				grantType
					? `Invalid parameter: grant_type: Invalid grant type: ${grantType}`
					: 'Missing required parameter: grant_type.',
			);
		const asked = String(form.scope ?? request.query.get('scope') ?? '')
			.split(/\s+/)
			.filter(Boolean);
		const missing = asked.filter((scope) => !client.scopes.includes(scope));
		if (missing.length)
			return authErrorResponse(
				400,
				'invalid_scope',
				`Invalid scope(s): ${missing.join(', ')}. The API client does not have them.`,
			);
		const scopes = asked.length ? asked : client.scopes;
		const expiresIn = client.accessTokenValiditySeconds ?? this.tokenSeconds;
		const accessToken = randomBytes(24).toString('base64url');
		this.tokens.set(accessToken, {
			clientId: client.clientId,
			scopes,
			expiresAt: Date.now() + expiresIn * 1000,
		});
		const body: TokenResponse = {
			access_token: accessToken,
			token_type: 'Bearer',
			expires_in: expiresIn,
			scope: scopes.join(' '),
		};
		return { status: 200, body };
	}

	/** An error answer when the call's token is missing, unknown, expired or lacks `needed`. */
	authorize(
		authorization: string | undefined,
		needed: string | undefined,
		projectKey: string,
	): SandboxResponse | undefined {
		const match = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
		if (!match)
			return authErrorResponse(
				401,
				'invalid_token',
				'This endpoint requires an access token. You can get one from the authorization server.',
			);
		const token = this.tokens.get(match[1].trim());
		if (!token || token.expiresAt <= Date.now())
			return authErrorResponse(401, 'invalid_token', 'invalid_token');
		if (needed && !grants(token.scopes, needed, projectKey))
			return authErrorResponse(
				403,
				'insufficient_scope',
				`Insufficient scope. One of the following scopes is missing: ${needed}`,
			);
		return undefined;
	}
}

function basicCredentials(
	header: string | undefined,
): { clientId: string; clientSecret: string } | undefined {
	const match = /^Basic\s+(.+)$/i.exec(header ?? '');
	if (!match) return undefined;
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon < 0) return undefined;
	return {
		clientId: decoded.slice(0, colon),
		clientSecret: decoded.slice(colon + 1),
	};
}
