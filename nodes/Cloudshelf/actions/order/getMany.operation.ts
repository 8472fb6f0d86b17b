import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { returnAllProperties } from '../../../shared/descriptions';
import { ItemResults } from '../../../shared/items';
import { SkuResolver, readOrders } from '../../queries';
import type { CloudshelfClient } from '../../transport';
import { ORDER_STATUS_OPTIONS, simplifyProperty } from '../common.descriptions';
import { orderOutput } from './output';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['order'], operation: ['getMany'] } },
	[
		{
			displayName: 'Statuses',
			name: 'statuses',
			type: 'multiOptions',
			options: ORDER_STATUS_OPTIONS,
			default: ['PLACED', 'PAID'],
			description: 'Only orders in these statuses; none selected means all',
		},
		{
			displayName: 'Updated Since',
			name: 'updatedSince',
			type: 'dateTime',
			default: '',
			description: 'Only orders changed at or after this moment; empty for all',
		},
		...returnAllProperties,
		simplifyProperty,
	],
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: CloudshelfClient,
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(this);
	const resolver = new SkuResolver(client);
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const statuses = this.getNodeParameter('statuses', itemIndex, []) as string[];
			const since = this.getNodeParameter('updatedSince', itemIndex, '') as string;
			const returnAll = this.getNodeParameter('returnAll', itemIndex) as boolean;
			const limit = returnAll ? undefined : (this.getNodeParameter('limit', itemIndex) as number);
			const orders = (
				await readOrders(client, { updatedSince: since ? new Date(since) : undefined })
			)
				.filter((order) => statuses.length === 0 || statuses.includes(order.status))
				.slice(0, limit);
			const simplify = this.getNodeParameter('simplify', itemIndex) as boolean;
			if (simplify) await resolver.prepare(orders);
			for (const order of orders) {
				const output = orderOutput(this.getNode(), order, resolver, simplify, itemIndex);
				if (output instanceof Error) results.failOne(itemIndex, output);
				else results.succeed(itemIndex, output);
			}
		} catch (error) {
			results.fail(itemIndex, error);
		}
	}
	return results.toArray();
}
