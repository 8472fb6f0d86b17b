import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { ItemResults } from '../../../shared/items';
import { toCanonicalOrder } from '../../model';
import type { LinnworksClient } from '../../transport';
import { simplifyProperty } from '../common.descriptions';
import { lookupOrders, lookupProperties } from './lookup';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['order'], operation: ['get'] } },
	[...lookupProperties, simplifyProperty],
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: LinnworksClient,
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(this);
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const orders = await lookupOrders.call(this, client, itemIndex);
			const simplify = this.getNodeParameter('simplify', itemIndex) as boolean;
			results.succeed(
				itemIndex,
				orders.map((details) =>
					simplify
						? (toCanonicalOrder(details) as unknown as IDataObject)
						: (details as unknown as IDataObject),
				),
			);
		} catch (error) {
			results.fail(itemIndex, error);
		}
	}
	return results.toArray();
}
