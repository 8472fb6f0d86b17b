import { createHmac } from 'crypto';
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { authRefusalError, readAuthRefusal } from '../nodes/shared/authRefusal';

/** The Stokly environments (VERIFIED: api.stok.ly in client scripts, api.dev.stok.ly in two). */
export const STOKLY_ENVIRONMENTS = {
	production: 'https://api.stok.ly',
	dev: 'https://api.dev.stok.ly',
} as const;

export const CUSTOM_ENVIRONMENT = 'custom';

/**
 * A token is renewed when its expiry is nearer than this (or passed). Tokens living shorter than
 * twice this are renewed at half their life instead (ASSUMED: Stokly's live 60 minutes, a test
 * server's may live seconds; without the cap such a token would never be sent).
 */
export const RENEW_BEFORE_MS = 60_000;

/** Base URL of a credential: the environment's, or the custom one (a test server such as the sandbox). */
export function stoklyBaseUrl(credentials: { environment?: unknown; baseUrl?: unknown }): string {
	const environment = String(credentials.environment || 'production');
	if (environment === CUSTOM_ENVIRONMENT)
		return String(credentials.baseUrl ?? '').replace(/\/+$/, '');
	return (
		STOKLY_ENVIRONMENTS[environment as keyof typeof STOKLY_ENVIRONMENTS] ??
		STOKLY_ENVIRONMENTS.production
	);
}

/** Hex HMAC-SHA256 of the client ID keyed with the client secret: the grant's `signature` (VERIFIED). */
export function grantSignature(clientId: string, clientSecret: string): string {
	return createHmac('sha256', clientSecret).update(clientId).digest('hex');
}

/**
 * Whether the stored token is to be renewed before it is sent: its expiry is less than
 * `RENEW_BEFORE_MS` away (or half its life, for short-lived tokens), passed, or unreadable.
 */
export function tokenNeedsRenewal(
	credentials: { expiry?: unknown; grantedAt?: unknown },
	now: number,
): boolean {
	const expiry = Date.parse(String(credentials.expiry ?? ''));
	if (Number.isNaN(expiry)) return false; // no expiry known: send the token, a 401 renews it
	const granted = Date.parse(String(credentials.grantedAt ?? ''));
	const life = Number.isNaN(granted) ? Infinity : expiry - granted;
	// Expiry is Stokly's clock, grantedAt ours: a token that "expired before it was granted" means
	// the clocks disagree by more than its life, so only Stokly's 401 can tell.
	if (life <= 0) return false;
	const margin = Math.min(RENEW_BEFORE_MS, life / 2);
	return expiry - now < margin;
}

/**
 * A refused grant, said as what to check. Built from the status and Stokly's `message` only: the
 * request (its signature is derived from the secret) is never copied into the error. The status
 * stays on `response.status`, so n8n and the nodes still see a 401.
 */
function grantFailure(error: unknown, url: string): Error {
	const refusal = readAuthRefusal(error, 'message');
	const { status } = refusal;
	const said = refusal.said ? `: ${refusal.said}` : '';
	let message: string;
	if (status === 401 || status === 403) {
		message = `Stokly refused the grant at ${url} (HTTP ${status}${said}). Check the Account Key, Client ID and Client Secret of the Stokly credential, and that the Environment is the one the app client was made in.`;
	} else if (status !== undefined) {
		message = `Stokly did not grant a token at ${url} (HTTP ${status}${said}). Check the Environment (or Base URL), Account Key, Client ID and Client Secret.`;
	} else {
		const code = refusal.code ? ` (${refusal.code})` : '';
		message = `Stokly could not be reached at ${url}${code}. Check the Environment (or Base URL) of the Stokly credential.`;
	}
	return authRefusalError(message, refusal);
}

/**
 * Stokly app clients get a token from `POST /v1/grant` with the account key, the client ID and a
 * signature (hex HMAC-SHA256 of the client ID keyed with the secret), answered with
 * `data.authenticationResult.{accessToken, expiry}` (VERIFIED). The token is kept in the hidden,
 * expirable `accessToken`: n8n runs the grant when that field is empty and again when a call answers
 * 401 — it renews on nothing else. To renew *before* expiry (so no call is refused mid-run for an
 * expired token), `authenticate` sends no Authorization header once the expiry is near: Stokly then
 * answers 401 before doing anything, and n8n grants a new token and repeats the call.
 *
 * That a missing token is answered 401 is INFERRED (express-jwt's "No authorization token was
 * found" wording; the sandbox answers so), not seen. Stokly's own client (ST-SCRIPTS `common.js`,
 * `requester`) looks at the answer's message, not its status: on `jwt expired` or `Invalid admin
 * session` it takes a new token, whatever the status; app clients re-grant 60 s before expiry, as
 * here. n8n renews on 401 only, so an expired token answered with another status is not renewed:
 * the call fails (the renewal before expiry above makes that unlikely).
 */
export class StoklyApi implements ICredentialType {
	name = 'stoklyApi';

	displayName = 'Stokly API';

	icon: Icon = {
		light: 'file:../nodes/Stokly/stokly.svg',
		dark: 'file:../nodes/Stokly/stokly.dark.svg',
	};

	documentationUrl = 'https://github.com/retail-sync/n8n-nodes-retail-sync#stokly';

	properties: INodeProperties[] = [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Production', value: 'production', description: STOKLY_ENVIRONMENTS.production },
				{ name: 'Development', value: 'dev', description: STOKLY_ENVIRONMENTS.dev },
				{
					name: 'Custom URL',
					value: CUSTOM_ENVIRONMENT,
					description: 'A test server such as the bundled sandbox',
				},
			],
			default: 'production',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:4060',
			required: true,
			displayOptions: { show: { environment: [CUSTOM_ENVIRONMENT] } },
		},
		{
			displayName: 'Account Key',
			name: 'accountKey',
			type: 'string',
			default: '',
			required: true,
			description: 'The Stokly account (tenant) key',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description: 'ID of the app client made for n8n in Stokly',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'Expiry',
			name: 'expiry',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Granted At',
			name: 'grantedAt',
			type: 'hidden',
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const url = `${stoklyBaseUrl(credentials)}/v1/grant`;
		const clientId = String(credentials.clientId ?? '');
		const grantedAt = new Date().toISOString();
		let answer: { data?: { authenticationResult?: { accessToken?: unknown; expiry?: unknown } } };
		try {
			answer = (await this.helpers.httpRequest({
				method: 'POST',
				url,
				body: {
					accountkey: String(credentials.accountKey ?? ''),
					clientId,
					signature: grantSignature(clientId, String(credentials.clientSecret ?? '')),
				},
				json: true,
			})) as typeof answer;
		} catch (error) {
			throw grantFailure(error, url);
		}
		const result = answer?.data?.authenticationResult;
		if (typeof result?.accessToken !== 'string' || !result.accessToken) {
			throw new Error(
				`Stokly did not grant a token: the answer of ${url} had no data.authenticationResult.accessToken. Check the Environment (or Base URL) of the Stokly credential.`,
			);
		}
		return {
			accessToken: result.accessToken,
			expiry: typeof result.expiry === 'string' ? result.expiry : '',
			grantedAt,
		};
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const headers: IHttpRequestOptions['headers'] = { ...requestOptions.headers };
		// Near expiry no token is sent: Stokly answers 401 and n8n renews the token (see above).
		if (!tokenNeedsRenewal(credentials, Date.now())) {
			headers.Authorization = `Bearer ${String(credentials.accessToken)}`;
		}
		return { ...requestOptions, baseURL: stoklyBaseUrl(credentials), headers };
	}

	test: ICredentialTestRequest = {
		request: {
			// `authenticate` sets the base URL of the environment.
			method: 'GET',
			url: '/v0/locations',
			qs: { size: 1 },
		},
	};
}
