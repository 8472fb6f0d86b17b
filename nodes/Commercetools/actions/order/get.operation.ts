import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { ItemResults } from '../../../shared/items';
import type { CommercetoolsClient } from '../../transport';
import { lookupOrder, orderNumberProperty, readOrderNumber } from './lookup';
import { orderOutput } from './output';
import { localeProperty, simplifyProperty } from '../common.descriptions';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['order'], operation: ['get'] } },
	[orderNumberProperty(), localeProperty, simplifyProperty],
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: CommercetoolsClient,
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(this);
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const order = await lookupOrder(this, client, readOrderNumber(this, itemIndex), itemIndex);
			const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
			const locale = String(this.getNodeParameter('locale', itemIndex, 'en') || 'en');
			results.succeed(itemIndex, orderOutput(order, simplify, {}, locale));
		} catch (error) {
			results.fail(itemIndex, error);
		}
	}
	return results.toArray();
}
