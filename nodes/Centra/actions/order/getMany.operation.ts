import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { returnAllProperties } from '../../../shared/descriptions';
import { ItemResults } from '../../../shared/items';
import { CENTRA_ORDER_STATUSES } from '../../model';
import { listOrders } from '../../queries';
import type { CentraClient } from '../../transport';
import { simplifyProperty } from '../common.descriptions';
import { readWindow } from '../../../shared/dates';
import { orderOutput } from './output';

const capitalised = (status: string) => status.charAt(0) + status.slice(1).toLowerCase();

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['order'], operation: ['getMany'] } },
	[
		{
			displayName: 'Created After',
			name: 'createdAfter',
			type: 'dateTime',
			default: '',
			description: 'Only orders created at or after this moment; empty for no lower bound',
		},
		{
			displayName: 'Created Before',
			name: 'createdBefore',
			type: 'dateTime',
			default: '',
			description: 'Only orders created at or before this moment; empty for no upper bound',
		},
		{
			displayName: 'Statuses',
			name: 'statuses',
			type: 'multiOptions',
			options: CENTRA_ORDER_STATUSES.map((status) => ({
				name: status === 'SHIPPED' ? 'Shipped (Completed)' : capitalised(status),
				value: status,
			})),
			default: [],
			description: 'Only orders in these Centra statuses; none selected means all',
		},
		...returnAllProperties,
		simplifyProperty,
	],
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: CentraClient,
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(this);
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const createdAt = readWindow(this, itemIndex, [
				{ name: 'createdAfter', displayName: 'Created After' },
				{ name: 'createdBefore', displayName: 'Created Before' },
			]);
			const returnAll = this.getNodeParameter('returnAll', itemIndex) as boolean;
			const orders = await listOrders(
				client,
				{
					createdAt,
					statuses: this.getNodeParameter('statuses', itemIndex, []) as string[],
					limit: returnAll ? undefined : (this.getNodeParameter('limit', itemIndex) as number),
				},
				itemIndex,
			);
			const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
			results.succeed(
				itemIndex,
				orders.map((order) => orderOutput(order, simplify)),
			);
		} catch (error) {
			results.fail(itemIndex, error);
		}
	}
	return results.toArray();
}
