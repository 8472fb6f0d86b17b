import {
	NodeOperationError,
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { ItemResults } from '../../../shared/items';
import type { CloudshelfOrder } from '../../model';
import { ORDER_QUERY, SkuResolver } from '../../queries';
import type { CloudshelfClient } from '../../transport';
import { simplifyProperty } from '../common.descriptions';
import { orderOutput } from './output';

export const orderIdProperty: INodeProperties = {
	displayName: 'Order ID',
	name: 'orderId',
	type: 'string',
	default: '={{ $json.reference }}',
	required: true,
	description:
		'The Cloudshelf order ID (gid://…), which is the `reference` of canonical orders read from Cloudshelf',
};

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['order'], operation: ['get'] } },
	[orderIdProperty, simplifyProperty],
);

export async function fetchOrder(
	this: IExecuteFunctions,
	client: CloudshelfClient,
	itemIndex: number,
): Promise<CloudshelfOrder> {
	const id = String(this.getNodeParameter('orderId', itemIndex, '') ?? '').trim();
	if (!id) {
		throw new NodeOperationError(this.getNode(), 'Order ID is empty', {
			itemIndex,
			description: 'Map Order ID to the Cloudshelf order ID.',
		});
	}
	const data = await client.request<{ order: CloudshelfOrder | null }>(
		'Order',
		ORDER_QUERY,
		{ id },
		itemIndex,
	);
	if (!data.order) {
		throw new NodeOperationError(this.getNode(), `Cloudshelf has no order ${id}`, {
			itemIndex,
			description: 'Check the order ID.',
		});
	}
	return data.order;
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: CloudshelfClient,
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(this);
	const resolver = new SkuResolver(client);
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const order = await fetchOrder.call(this, client, itemIndex);
			const simplify = this.getNodeParameter('simplify', itemIndex) as boolean;
			if (simplify) await resolver.prepare([order]);
			const output = orderOutput(this.getNode(), order, resolver, simplify, itemIndex);
			if (output instanceof Error) results.fail(itemIndex, output);
			else results.succeed(itemIndex, output);
		} catch (error) {
			results.fail(itemIndex, error);
		}
	}
	return results.toArray();
}
