import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

/**
 * Linnworks uses application credentials plus an installation token to open a session
 * (`Auth/AuthorizeByApplication`), which answers with a session token and the regional server to
 * call. n8n stores both in hidden fields: `sessionToken` is expirable, so n8n renews it before the
 * first call and again whenever a call answers 401 (sessions end after 20 idle minutes).
 */
export class LinnworksApi implements ICredentialType {
	name = 'linnworksApi';

	displayName = 'Linnworks API';

	icon: Icon = {
		light: 'file:../nodes/Linnworks/linnworks.svg',
		dark: 'file:../nodes/Linnworks/linnworks.dark.svg',
	};

	documentationUrl = 'https://apidocs.linnworks.net/docs/generating-an-api-key';

	properties: INodeProperties[] = [
		{
			displayName: 'Application ID',
			name: 'applicationId',
			type: 'string',
			default: '',
			required: true,
			description: 'ID of your Linnworks developer application (a GUID)',
		},
		{
			displayName: 'Application Secret',
			name: 'applicationSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Installation Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Token shown when the application was installed on the Linnworks account',
		},
		{
			displayName: 'Authentication URL',
			name: 'authUrl',
			type: 'string',
			default: 'https://api.linnworks.net',
			description:
				'Where sessions are opened. Keep the default for Linnworks; change it only to target a test server such as the bundled sandbox.',
		},
		{
			displayName: 'Call Budget (% of Published Limits)',
			name: 'callBudgetPercent',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 100,
			description:
				"Share of Linnworks' published per-method call limits that n8n paces itself under, within each execution. Lower it to leave room for other workflows or apps using the same Linnworks application; raise it only for a test server whose limits are scaled up.",
		},
		{
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'Server',
			name: 'server',
			type: 'hidden',
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const authUrl = String(credentials.authUrl || 'https://api.linnworks.net').replace(/\/+$/, '');
		const session = (await this.helpers.httpRequest({
			method: 'POST',
			url: `${authUrl}/api/Auth/AuthorizeByApplication`,
			body: {
				ApplicationId: credentials.applicationId,
				ApplicationSecret: credentials.applicationSecret,
				Token: credentials.token,
			},
			json: true,
		})) as { Token?: string; Server?: string };
		if (!session.Token || !session.Server) {
			throw new Error('Linnworks did not open a session: its answer had no Token or Server');
		}
		return { sessionToken: session.Token, server: session.Server.replace(/\/+$/, '') };
	}

	/** The server is only known after the session opens, so it is applied here with the token. */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return {
			...requestOptions,
			baseURL: String(credentials.server),
			headers: {
				...requestOptions.headers,
				// Linnworks expects the raw session token, without a "Bearer" prefix.
				Authorization: String(credentials.sessionToken),
			},
		};
	}

	test: ICredentialTestRequest = {
		request: {
			// `authenticate` points the request at the session's server.
			method: 'POST',
			url: '/api/Inventory/GetStockLocations',
		},
	};
}
