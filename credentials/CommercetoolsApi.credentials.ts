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

/**
 * The published Composable Commerce regions (VERIFIED, docs "General concepts → Hosts"): the API is
 * `https://api.<region>.commercetools.com`, the auth server `https://auth.<region>.commercetools.com`
 * (auth hosts VERIFIED for the GCP and AWS regions; Azure's follows the same pattern, INFERRED).
 * China (AWS Ningxia) is served under `commercetools.cn`; its auth host is INFERRED by the same
 * pattern, since commercetools does not publish it.
 */
export const COMMERCETOOLS_REGIONS = [
	{ name: 'North America — Google Cloud, Iowa', value: 'us-central1.gcp' },
	{ name: 'North America — AWS, Ohio', value: 'us-east-2.aws' },
	{ name: 'North America — Azure, Virginia', value: 'eastus.azure' },
	{ name: 'Europe — Google Cloud, Belgium', value: 'europe-west1.gcp' },
	{ name: 'Europe — AWS, Frankfurt', value: 'eu-central-1.aws' },
	{ name: 'Australia — Google Cloud, Sydney', value: 'australia-southeast1.gcp' },
	{ name: 'China — AWS, Ningxia', value: 'cn-northwest-1.aws' },
] as const;

/** Regions whose hosts end in commercetools.cn instead of commercetools.com. */
const CHINA_REGIONS: readonly string[] = ['cn-northwest-1.aws'];

export const CUSTOM_REGION = 'custom';

export interface CommercetoolsHosts {
	/** e.g. https://api.europe-west1.gcp.commercetools.com (no trailing slash). */
	apiUrl: string;
	/** e.g. https://auth.europe-west1.gcp.commercetools.com (no trailing slash). */
	authUrl: string;
}

const trimSlashes = (url: unknown) => String(url ?? '').replace(/\/+$/, '');

/**
 * The API and auth hosts of a credential: derived from its region, or the URLs given for a custom
 * region (a test server such as the bundled sandbox). The one place hosts are known.
 */
export function commercetoolsHosts(credentials: {
	region?: unknown;
	apiUrl?: unknown;
	authUrl?: unknown;
}): CommercetoolsHosts {
	const region = String(credentials.region || 'europe-west1.gcp').trim();
	if (region === CUSTOM_REGION) {
		const apiUrl = trimSlashes(credentials.apiUrl);
		return { apiUrl, authUrl: trimSlashes(credentials.authUrl) || apiUrl };
	}
	const domain = CHINA_REGIONS.includes(region) ? 'commercetools.cn' : 'commercetools.com';
	return {
		apiUrl: `https://api.${region}.${domain}`,
		authUrl: `https://auth.${region}.${domain}`,
	};
}

/**
 * A token request that failed, said as what to check. Built from the status and the OAuth error
 * code only: the request (its Basic header carries the secret) is never copied into the error. The
 * status stays on `response.status`, so n8n still sees a 401 and the nodes still name it.
 */
function tokenFailure(error: unknown, authUrl: string): Error {
	const refusal = readAuthRefusal(error, 'error');
	const { status } = refusal;
	const code = refusal.said ?? refusal.code ?? '';
	const where = `${authUrl}/oauth/token`;
	let message: string;
	if (status === 401 || code === 'invalid_client') {
		message = `commercetools refused the API client at ${where} (HTTP ${status ?? 401}${code ? ` ${code}` : ''}). Check the Client ID and Client Secret, and that the Region (or Auth URL) is the one of the project the API client belongs to.`;
	} else if (code === 'invalid_scope') {
		message = `commercetools refused the requested scopes at ${where} (HTTP ${status ?? 400} invalid_scope). Check Scopes: each must be one the API client has, written with the project key (e.g. manage_products:<project key>), or leave Scopes empty.`;
	} else if (status !== undefined) {
		message = `commercetools did not issue a token at ${where} (HTTP ${status}${code ? ` ${code}` : ''}). Check the Region (or Auth URL), Client ID and Client Secret.`;
	} else {
		message = `commercetools' auth server could not be reached at ${where}${code ? ` (${code})` : ''}. Check the Region (or Auth URL).`;
	}
	return authRefusalError(message, refusal);
}

/**
 * commercetools API clients use the OAuth 2.0 client credentials flow: `POST <auth>/oauth/token`
 * with HTTP Basic `client_id:client_secret` and `grant_type=client_credentials` (VERIFIED, oauth.raml).
 * The token is kept in the hidden, expirable `accessToken`: n8n fetches it before the first call and
 * again whenever a call answers 401 (tokens live 48 hours by default; there is no refresh token for
 * this flow). Node paths are relative to the project: `authenticate` sets the base URL to
 * `<api host>/<project key>`.
 */
export class CommercetoolsApi implements ICredentialType {
	name = 'commercetoolsApi';

	// n8n's lint requires title case here (the brand writes "commercetools API").
	displayName = 'Commercetools API';

	icon: Icon = {
		light: 'file:../nodes/Commercetools/commercetools.svg',
		dark: 'file:../nodes/Commercetools/commercetools.dark.svg',
	};

	documentationUrl = 'https://docs.commercetools.com/getting-started/create-api-client';

	properties: INodeProperties[] = [
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			options: [
				...COMMERCETOOLS_REGIONS.map(({ name, value }) => ({ name, value })),
				{
					name: 'Custom URLs',
					value: CUSTOM_REGION,
					description: 'A test server such as the bundled sandbox',
				},
			],
			default: 'europe-west1.gcp',
			description:
				'Where the project is hosted (shown in the Merchant Center under Settings → Developer settings when the API client is created)',
		},
		{
			displayName: 'API URL',
			name: 'apiUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:4050',
			description: 'Base URL of the HTTP API, without the project key',
			required: true,
			displayOptions: { show: { region: [CUSTOM_REGION] } },
		},
		{
			displayName: 'Auth URL',
			name: 'authUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:4050',
			description: 'Base URL of the auth server (tokens are requested from <Auth URL>/oauth/token)',
			displayOptions: { show: { region: [CUSTOM_REGION] } },
		},
		{
			displayName: 'Project Key',
			name: 'projectKey',
			type: 'string',
			default: '',
			required: true,
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
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
			displayName: 'Scopes',
			name: 'scopes',
			type: 'string',
			default: '',
			placeholder: 'manage_products:my-project view_orders:my-project',
			description:
				"Space-separated scopes to request; leave empty for all of the API client's scopes. Each commercetools scope carries the project key: manage_products:<project key>. Inventory writes (Set Levels, Adjust) need manage_products; reading needs view_products, view_channels, view_stores and view_published_products; orders and deliveries need manage_orders, the trigger view_messages, Adjust's change keys manage_key_value_documents (manage_project grants all).",
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const { authUrl } = commercetoolsHosts(credentials);
		const scopes = String(credentials.scopes ?? '')
			.split(/\s+/)
			.filter(Boolean)
			.join(' ');
		// Omitting `scope` gives the client's own scopes (INFERRED, standard OAuth behaviour).
		const form: Record<string, string> = { grant_type: 'client_credentials' };
		if (scopes) form.scope = scopes;
		let token: { access_token?: string };
		try {
			token = (await this.helpers.httpRequest({
				method: 'POST',
				url: `${authUrl}/oauth/token`,
				auth: {
					username: String(credentials.clientId ?? ''),
					password: String(credentials.clientSecret ?? ''),
				},
				headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
				body: form,
				json: true,
			})) as { access_token?: string };
		} catch (error) {
			throw tokenFailure(error, authUrl);
		}
		if (!token.access_token) {
			throw new Error(
				`commercetools did not issue a token: the answer of ${authUrl}/oauth/token had no access_token. Check the Region (or Auth URL) of the credential.`,
			);
		}
		return { accessToken: token.access_token };
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const { apiUrl } = commercetoolsHosts(credentials);
		return {
			...requestOptions,
			baseURL: `${apiUrl}/${encodeURIComponent(String(credentials.projectKey ?? '').trim())}`,
			headers: {
				...requestOptions.headers,
				Authorization: `Bearer ${String(credentials.accessToken)}`,
			},
		};
	}

	test: ICredentialTestRequest = {
		request: {
			// `authenticate` points the request at the project.
			method: 'GET',
			url: '/channels',
			qs: { limit: 1 },
		},
	};
}
