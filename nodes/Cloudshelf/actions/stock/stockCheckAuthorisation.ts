/**
 * Cloudshelf calls the retailer's live stock endpoint with "Authorization: Bearer <token>"; the
 * token is the Live Stock Check Token of the Cloudshelf credential, so it never appears in a
 * workflow.
 */
import { timingSafeEqual } from 'crypto';
import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

/** The request's Authorization header; `defaultValue` reads it where the operation usually sits. */
export function authorizationProperty(defaultValue: string, description: string): INodeProperties {
	return {
		displayName: 'Authorization Header',
		name: 'authorization',
		type: 'string',
		default: defaultValue,
		description,
	};
}

/** Constant-time comparison, so the answer time reveals nothing about the token. */
function sameSecret(given: string, expected: string): boolean {
	const a = Buffer.from(given);
	const b = Buffer.from(expected);
	return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Throws when item `itemIndex`'s Authorization header does not carry the credential's token. A
 * credential without a token accepts every request when `withoutToken` is 'accept', and refuses
 * them with an error saying to set one when it is 'refuse'.
 */
export async function assertAuthorised(
	this: IExecuteFunctions,
	itemIndex: number,
	withoutToken: 'accept' | 'refuse',
): Promise<void> {
	const credentials = await this.getCredentials('cloudshelfApi', itemIndex);
	const token = String(credentials.stockCheckToken ?? '');
	if (!token) {
		if (withoutToken === 'accept') return;
		throw new NodeOperationError(
			this.getNode(),
			'The Cloudshelf credential has no Live Stock Check Token',
			{
				itemIndex,
				description:
					'Set Live Stock Check Token in the Cloudshelf credential to the customStockLevelAuthToken configured in Cloudshelf.',
			},
		);
	}
	if (
		!sameSecret(
			String(this.getNodeParameter('authorization', itemIndex, '') ?? ''),
			`Bearer ${token}`,
		)
	) {
		throw new NodeOperationError(this.getNode(), 'The stock check request is not authorised', {
			itemIndex,
			description:
				'It did not carry the Live Stock Check Token of the Cloudshelf credential as "Authorization: Bearer <token>".',
		});
	}
}
