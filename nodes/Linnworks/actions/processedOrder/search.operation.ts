import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { returnAllProperties } from '../../../shared/descriptions';
import { ItemResults } from '../../../shared/items';
import { toFulfilment } from '../../model';
import { getOrderDetails, searchProcessedOrders } from '../../queries';
import type { LinnworksClient } from '../../transport';
import { simplifyProperty } from '../common.descriptions';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['processedOrder'], operation: ['search'] } },
	[
		{
			displayName: 'Dispatched After',
			name: 'from',
			type: 'dateTime',
			default: '={{ $now.minus({ days: 1 }).toISO() }}',
			required: true,
		},
		{
			displayName: 'Dispatched Before',
			name: 'to',
			type: 'dateTime',
			default: '={{ $now.toISO() }}',
			required: true,
		},
		{
			displayName: 'Source',
			name: 'source',
			type: 'string',
			default: '',
			placeholder: 'CLOUDSHELF',
			description: 'Only orders filed under this Source; empty for all',
		},
		{
			displayName: 'SubSource',
			name: 'subSource',
			type: 'string',
			default: '',
			description: 'Only orders filed under this SubSource; empty for all',
		},
		...returnAllProperties,
		{
			displayName: 'Include Cancelled',
			name: 'includeCancelled',
			type: 'boolean',
			default: false,
			description: 'Whether to include cancelled orders, which Linnworks also files as processed',
		},
		simplifyProperty,
	],
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: LinnworksClient,
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(this);
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const from = new Date(this.getNodeParameter('from', itemIndex) as string);
			const to = new Date(this.getNodeParameter('to', itemIndex) as string);
			if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || from > to) {
				throw new NodeOperationError(this.getNode(), 'The dispatch window is not valid', {
					itemIndex,
					description:
						'"Dispatched After" and "Dispatched Before" must be dates, the first one earlier.',
				});
			}
			const returnAll = this.getNodeParameter('returnAll', itemIndex) as boolean;
			const orders = await searchProcessedOrders(client, {
				from,
				to,
				source: (this.getNodeParameter('source', itemIndex, '') as string).trim() || undefined,
				subSource:
					(this.getNodeParameter('subSource', itemIndex, '') as string).trim() || undefined,
				includeCancelled: this.getNodeParameter('includeCancelled', itemIndex, false) as boolean,
				limit: returnAll ? undefined : (this.getNodeParameter('limit', itemIndex) as number),
			});
			if (!this.getNodeParameter('simplify', itemIndex)) {
				results.succeed(itemIndex, orders as unknown as IDataObject[]);
				continue;
			}
			const details = await getOrderDetails(
				client,
				orders.map((order) => order.pkOrderID),
			);
			results.succeed(
				itemIndex,
				orders.map(
					(order) => toFulfilment(order, details.get(order.pkOrderID)) as unknown as IDataObject,
				),
			);
		} catch (error) {
			results.fail(itemIndex, error);
		}
	}
	return results.toArray();
}
