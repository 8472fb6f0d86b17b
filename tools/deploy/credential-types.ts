/**
 * The fields of each credential type the templates use, read from the credential classes
 * themselves (this package's, and n8n's own Shopify Access Token credential), so a client file is
 * checked against what n8n will store: which fields exist, which are secrets (`password` fields:
 * they may only come from the environment or the secrets file) and which are required.
 */
import type { ICredentialType } from 'n8n-workflow';
// n8n's own credential class, from the devDependency n8n-nodes-base (same release as the instance).
import { ShopifyAccessTokenApi } from 'n8n-nodes-base/dist/credentials/ShopifyAccessTokenApi.credentials';

import { CentraIntegrationApi } from '../../credentials/CentraIntegrationApi.credentials';
import { CentraOrderApi } from '../../credentials/CentraOrderApi.credentials';
import { CloudshelfApi } from '../../credentials/CloudshelfApi.credentials';
import { CommercetoolsApi } from '../../credentials/CommercetoolsApi.credentials';
import { LinnworksApi } from '../../credentials/LinnworksApi.credentials';
import { StoklyApi } from '../../credentials/StoklyApi.credentials';

export interface CredentialField {
	name: string;
	/** The value's type in n8n (string, number, boolean, options, …). */
	type: string;
	secret: boolean;
	/** Required whatever the other fields say (a field shown only for some choices is not). */
	required: boolean;
}

const TYPES: ICredentialType[] = [
	new LinnworksApi(),
	new CloudshelfApi(),
	new CentraIntegrationApi(),
	new CentraOrderApi(),
	new CommercetoolsApi(),
	new StoklyApi(),
	new ShopifyAccessTokenApi(),
];

/** The fields a user sets (hidden ones, such as a session token n8n fills itself, left out). */
export const CREDENTIAL_FIELDS: Readonly<Record<string, CredentialField[]>> = Object.fromEntries(
	TYPES.map((type) => [
		type.name,
		type.properties
			.filter((property) => property.type !== 'hidden' && property.type !== 'notice')
			.map((property) => ({
				name: property.name,
				type: property.type,
				secret: property.typeOptions?.password === true,
				required: property.required === true && !property.displayOptions,
			})),
	]),
);
