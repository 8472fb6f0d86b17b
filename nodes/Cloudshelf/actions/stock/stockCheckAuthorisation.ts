/**
 * Cloudshelf calls the retailer's live stock endpoint with "Authorization: Bearer <token>"; the
 * token is the Live Stock Check Token of the Cloudshelf credential, so it never appears in a
 * workflow. When the credential has no token, every request is accepted.
 */
import { timingSafeEqual } from 'crypto';
import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

export const authorizationProperty: INodeProperties = {
	displayName: 'Authorization Header',
	name: 'authorization',
	type: 'string',
	default: "={{ $('Webhook').item.json.headers.authorization }}",
	description:
		"The request's Authorization header. When the Cloudshelf credential has a Live Stock Check Token, the request must carry \"Bearer &lt;token&gt;\", or the item fails and the error output should answer 401.",
};

/** Constant-time comparison, so the answer time reveals nothing about the token. */
function sameSecret(given: string, expected: string): boolean {
	const a = Buffer.from(given);
	const b = Buffer.from(expected);
	return a.length === b.length && timingSafeEqual(a, b);
}

/** Throws when item `itemIndex`'s Authorization header does not carry the credential's token. */
export async function assertAuthorised(this: IExecuteFunctions, itemIndex: number): Promise<void> {
	const credentials = await this.getCredentials('cloudshelfApi', itemIndex);
	const token = String(credentials.stockCheckToken ?? '');
	if (token && !sameSecret(String(this.getNodeParameter('authorization', itemIndex, '') ?? ''), `Bearer ${token}`)) {
		throw new NodeOperationError(this.getNode(), 'The stock check request is not authorised', {
			itemIndex,
			description: 'It did not carry the Live Stock Check Token of the Cloudshelf credential as "Authorization: Bearer <token>".',
		});
	}
}
