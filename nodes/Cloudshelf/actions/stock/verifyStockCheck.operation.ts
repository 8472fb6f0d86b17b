import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { ItemResults } from '../../../shared/items';
import { assertAuthorised, authorizationProperty } from './stockCheckAuthorisation';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['stock'], operation: ['verifyStockCheck'] } },
	[authorizationProperty],
);

/**
 * Passes each live stock check request on unchanged when it carries the credential's token, and
 * fails it otherwise. Put it straight after the Webhook, so an unauthorised caller costs no call to
 * the stock system (whose rate limit the other workflows share).
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const results = new ItemResults(this);
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			await assertAuthorised.call(this, itemIndex);
			results.succeed(itemIndex, items[itemIndex].json);
		} catch (error) {
			results.fail(itemIndex, error);
		}
	}
	return results.toArray();
}
