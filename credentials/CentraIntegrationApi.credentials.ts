import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

/**
 * Centra's Integration API (GraphQL) takes a per-token Bearer header. Tokens are made in Centra
 * AMS → System → API Tokens, carry per-field permissions and expire (30 days unless set otherwise).
 */
export class CentraIntegrationApi implements ICredentialType {
	name = 'centraIntegrationApi';

	displayName = 'Centra Integration API';

	icon: Icon = {
		light: 'file:../nodes/Centra/centra.svg',
		dark: 'file:../nodes/Centra/centra.dark.svg',
	};

	documentationUrl = 'https://docs.centra.com/api-references/graphql-integration-api/authorization';

	properties: INodeProperties[] = [
		{
			displayName: 'GraphQL Endpoint',
			name: 'endpoint',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://your-brand.centra.com/graphql',
			description:
				'Integration API address of your Centra instance. Change only this to target a test server such as the bundled sandbox.',
		},
		{
			displayName: 'Access Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Integration API token from Centra AMS → System → API Tokens, with the permissions the operations you use need (e.g. Warehouse:read, Warehouse.stock:read, ProductSize:read, StockChange:read and StockChange:write for stock)',
		},
		{
			displayName: 'Webhook Secret',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Endpoint secret of the Centra Webhook plugin. Only the Centra Trigger reads it, to verify the X-Centra-Signature of each webhook call.',
		},
		{
			displayName: 'Call Budget (% of Published Limits)',
			name: 'callBudgetPercent',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 100,
			description:
				"Share of Centra's per-token rate limits (requests and mutations per 10 seconds and per hour) that n8n paces itself under, within each execution. Lower it to leave room for other integrations using the same token; raise it only for a test server whose limits are scaled up.",
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.token}}' },
		},
	};

	/** `rateLimits` needs no permission, so any valid token passes, whatever it may access. */
	test: ICredentialTestRequest = {
		request: {
			method: 'POST',
			url: '={{$credentials.endpoint}}',
			body: {
				operationName: 'CredentialTest',
				query: 'query CredentialTest { rateLimits { type intervalSeconds remainingQuota } }',
			},
			json: true,
		},
	};
}
