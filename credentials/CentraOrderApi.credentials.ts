import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

/**
 * Centra's REST Order API (the "API plugin"), used to create orders: the plugin's shared key goes
 * in the `API-Authorization` header, without a scheme word.
 */
export class CentraOrderApi implements ICredentialType {
	name = 'centraOrderApi';

	displayName = 'Centra Order API';

	icon: Icon = {
		light: 'file:../nodes/Centra/centra.svg',
		dark: 'file:../nodes/Centra/centra.dark.svg',
	};

	documentationUrl = 'https://docs.centra.com/api-references/order-api/api-plugin-settings';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://your-brand.centra.com/api/order-api',
			description:
				'Address of the Order API plugin (its URI is set in the plugin settings). Change only this to target a test server such as the bundled sandbox.',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Secret key of the Order API plugin. In the plugin\'s "Allow access to the following endpoints", allow creating orders (Order → Create) and getting orders (the credential test reads GET /orders, so it fails when that endpoint is not allowed).',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { 'API-Authorization': '={{$credentials.apiKey}}' },
		},
	};

	test: ICredentialTestRequest = {
		request: {
			method: 'GET',
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/orders',
			qs: { limit: 1 },
			json: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'status',
					value: 'no',
					message: 'Centra did not accept the API key of the Order API plugin',
				},
			},
		],
	};
}
