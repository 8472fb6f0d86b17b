/**
 * Sale Order → Get Many: sale orders created in a window (on `createdAt`, the time the order was
 * placed as Sale Order → Create sends it), in a stage, oldest first, with their lines.
 */
import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { readWindow } from '../../../shared/dates';
import { ItemResults } from '../../../shared/items';
import type { StoklyClient } from '../../transport';
import { linesOfSaleOrders, listSaleOrders } from './lookup';
import { reversePaymentMethodProperty, SaleOrderNames, saleOrderOutput } from './output';
import { listingProperties, readTag } from './listing';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['saleOrder'], operation: ['getMany'] } },
	[
		{
			displayName: 'Created After',
			name: 'createdAfter',
			type: 'dateTime',
			default: '',
			description:
				'Only sale orders created (placed) at or after this moment; empty for no lower bound',
		},
		{
			displayName: 'Created Before',
			name: 'createdBefore',
			type: 'dateTime',
			default: '',
			description: 'Only sale orders created before this moment; empty for no upper bound',
		},
		{
			displayName: 'Stage',
			name: 'stage',
			type: 'options',
			default: 'order',
			options: [
				{ name: 'Any', value: '', description: 'Every stage' },
				{ name: 'Order', value: 'order', description: 'Live sale orders' },
				{ name: 'Removed', value: 'removed', description: 'Sale orders removed in Stokly' },
			],
		},
		...listingProperties,
		reversePaymentMethodProperty,
	],
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: StoklyClient,
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(this);
	const names = new SaleOrderNames(this, client);
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const window = readWindow(this, itemIndex, [
				{ name: 'createdAfter', displayName: 'Created After' },
				{ name: 'createdBefore', displayName: 'Created Before' },
			]);
			const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
			const saleOrders = await listSaleOrders(
				client,
				{
					window,
					windowField: 'createdAt',
					stage: String(this.getNodeParameter('stage', itemIndex, 'order') ?? '') || undefined,
					tag: readTag(this, itemIndex),
					limit: returnAll ? undefined : (this.getNodeParameter('limit', itemIndex, 50) as number),
				},
				itemIndex,
			);
			const lines = await linesOfSaleOrders(client, saleOrders, itemIndex);
			const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
			const named = simplify ? await names.of(itemIndex) : {};
			results.succeed(
				itemIndex,
				saleOrders.map((saleOrder) =>
					saleOrderOutput(saleOrder, lines.get(saleOrder.saleOrderId) ?? [], simplify, named),
				),
			);
		} catch (error) {
			results.fail(itemIndex, error);
		}
	}
	return results.toArray();
}
