import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

/** Cloudshelf's GraphQL API takes an organisation API key as `Authorization: token <key>`. */
export class CloudshelfApi implements ICredentialType {
	name = 'cloudshelfApi';

	displayName = 'Cloudshelf API';

	icon: Icon = {
		light: 'file:../nodes/Cloudshelf/cloudshelf.svg',
		dark: 'file:../nodes/Cloudshelf/cloudshelf.dark.svg',
	};

	documentationUrl = 'https://documentation.cloudshelf.ai/getting-started/authentication';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Organisation API key from Cloudshelf (sent when the custom connector account is created)',
		},
		{
			displayName: 'Endpoint',
			name: 'endpoint',
			type: 'string',
			default: 'https://ingestapi.cloudshelf.ai/graphql',
			description:
				'GraphQL endpoint. Keep the default for Cloudshelf; change it only to target a test server such as the bundled sandbox.',
		},
		{
			displayName: 'Live Stock Check Token',
			name: 'stockCheckToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'The token set as customStockLevelAuthToken in Cloudshelf. Cloudshelf sends it as "Authorization: Bearer <token>" when it asks for live stock; Answer Live Stock Check refuses requests without it.',
		},
	];

	// The scheme word is "token", not "Bearer".
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=token {{$credentials.apiKey}}' },
		},
	};

	test: ICredentialTestRequest = {
		request: {
			method: 'POST',
			url: '={{$credentials.endpoint}}',
			body: { query: 'query CredentialTest { organisationRequiresStockSync }' },
			json: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'errors[0].extensions.code',
					value: 'UNAUTHENTICATED',
					message: 'Cloudshelf did not accept the API key',
				},
			},
		],
	};
}
