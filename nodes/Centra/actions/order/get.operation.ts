import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { ItemResults } from '../../../shared/items';
import type { CentraClient } from '../../transport';
import { simplifyProperty } from '../common.descriptions';
import { lookupOrder, lookupProperties } from './lookup';
import { orderOutput } from './output';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['order'], operation: ['get'] } },
	[...lookupProperties, simplifyProperty],
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: CentraClient,
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(this);
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const order = await lookupOrder.call(this, client, itemIndex);
			const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
			results.succeed(itemIndex, orderOutput(order, simplify));
		} catch (error) {
			results.fail(itemIndex, error);
		}
	}
	return results.toArray();
}
