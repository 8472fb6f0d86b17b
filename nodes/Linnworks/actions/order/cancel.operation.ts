import {
	NodeOperationError,
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { ItemResults } from '../../../shared/items';
import { textParameter } from '../../../shared/parameters';
import { DEFAULT_LOCATION_ID, type LinnworksOrderDetails } from '../../model';
import type { LinnworksClient } from '../../transport';
import { lookupOrders, lookupProperties } from './lookup';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['order'], operation: ['cancel'] } },
	[
		...lookupProperties,
		{
			displayName: 'Source',
			name: 'source',
			type: 'string',
			default: '',
			displayOptions: { show: { lookupBy: ['reference'] } },
			description:
				'Only cancel the order filed under this Source, when several share the reference',
		},
		{
			displayName: 'Refund Amount',
			name: 'refund',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description: 'Amount Linnworks records as refunded with the cancellation',
		},
		{
			displayName: 'Note',
			name: 'note',
			type: 'string',
			default: 'Cancelled by n8n',
			description: 'Note stored on the order',
		},
	],
);

function isCancelled(order: LinnworksOrderDetails): boolean {
	return order.Processed && Boolean(order.GeneralInfo.HoldOrCancel);
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: LinnworksClient,
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(this);
	const node = this.getNode();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const source = textParameter(this, 'source', itemIndex).toLowerCase();
			const matches = (await lookupOrders.call(this, client, itemIndex)).filter(
				(order) => !source || order.GeneralInfo.Source.toLowerCase() === source,
			);
			if (matches.length !== 1) {
				throw new NodeOperationError(
					node,
					matches.length
						? `${matches.length} Linnworks orders share this reference`
						: 'No Linnworks order with this reference has that Source',
					{
						itemIndex,
						description: 'Set Source to pick one, or find the order by Linnworks Order ID.',
					},
				);
			}
			const [order] = matches;
			const summary = {
				orderId: order.OrderId,
				numOrderId: order.NumOrderId,
				reference: order.GeneralInfo.ReferenceNum,
			};
			// Cancelling twice is not an error: the outcome the caller wants already holds.
			if (isCancelled(order)) {
				results.succeed(itemIndex, { ...summary, cancelled: true, alreadyCancelled: true });
				continue;
			}
			if (order.Processed) {
				throw new NodeOperationError(
					node,
					`Order ${summary.reference} has already been dispatched and cannot be cancelled`,
					{
						itemIndex,
						description: 'Handle it as a return in Linnworks instead.',
					},
				);
			}
			const problem = await client.call<string | null>(
				'Orders/CancelOrder',
				{
					orderId: order.OrderId,
					fulfilmentCenter: order.FulfilmentLocationId ?? DEFAULT_LOCATION_ID,
					refund: this.getNodeParameter('refund', itemIndex, 0) as number,
					note: this.getNodeParameter('note', itemIndex, '') as string,
				},
				itemIndex,
			);
			if (problem) {
				throw new NodeOperationError(
					node,
					`Linnworks did not cancel order ${summary.reference}: ${problem}`,
					{
						itemIndex,
						description:
							'Open, unlocked orders can be cancelled; unpark or unlock the order in Linnworks first.',
					},
				);
			}
			results.succeed(itemIndex, { ...summary, cancelled: true, alreadyCancelled: false });
		} catch (error) {
			results.fail(itemIndex, error);
		}
	}
	return results.toArray();
}
