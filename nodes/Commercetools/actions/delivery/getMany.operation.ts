/** Delivery → Get Many: the deliveries of an order, each as a canonical Fulfilment. */
import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { ItemResults } from '../../../shared/items';
import type { CommercetoolsClient } from '../../transport';
import { lookupOrder, orderNumberProperty, readOrderNumber } from '../order/lookup';
import { deliveriesOf, deliveryOutput } from './output';
import { simplifyProperty } from '../common.descriptions';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['delivery'], operation: ['getMany'] } },
	[orderNumberProperty(), simplifyProperty],
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
			results.succeed(
				itemIndex,
				deliveriesOf(order).map((delivery) => deliveryOutput(order, delivery, simplify)),
			);
		} catch (error) {
			results.fail(itemIndex, error);
		}
	}
	return results.toArray();
}
