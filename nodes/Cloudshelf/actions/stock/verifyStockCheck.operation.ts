import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { ItemResults } from '../../../shared/items';
import { assertAuthorised, authorizationProperty } from './stockCheckAuthorisation';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['stock'], operation: ['verifyStockCheck'] } },
	[
		authorizationProperty(
			'={{ $json.headers.authorization }}',
			'The incoming request\'s Authorization header (the default reads it from a Webhook node\'s output). It must be "Bearer &lt;token&gt;" with the Live Stock Check Token of the Cloudshelf credential; otherwise the item fails, and its error output should answer 401.',
		),
	],
);

/**
 * Passes each live stock check request on unchanged when it carries the credential's token, and
 * fails it otherwise — also when the credential has no token, since verifying against nothing
 * would let every caller in. Put it straight after the Webhook, so an unauthorised caller costs no call to
 * the stock system (whose rate limit the other workflows share).
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(this);
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			await assertAuthorised.call(this, itemIndex, 'refuse');
			results.succeed(itemIndex, items[itemIndex].json);
		} catch (error) {
			results.fail(itemIndex, error);
		}
	}
	return results.toArray();
}
