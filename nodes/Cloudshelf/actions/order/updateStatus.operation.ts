import {
	NodeOperationError,
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { ItemResults } from '../../../shared/items';
import type { CloudshelfClient } from '../../transport';
import { ORDER_STATUS_UPDATE_OPTIONS, STATUS_UNCHANGED } from '../common.descriptions';
import { upsertInBatches, type UpsertRow } from '../upsert';
import { UPSERT_ORDERS_CALL } from './upsertOrders';
import { orderIdProperty } from './get.operation';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['order'], operation: ['updateStatus'] } },
	[
		orderIdProperty,
		{
			displayName: 'Status',
			name: 'status',
			type: 'options',
			options: ORDER_STATUS_UPDATE_OPTIONS,
			default: 'PAID',
			description: 'PAID once the order is accepted by the order system, VOIDED when cancelled',
		},
		{
			displayName: 'Order System Reference',
			name: 'thirdPartyId',
			type: 'string',
			default: '',
			placeholder: '={{ $json.numOrderId }}',
			description:
				"The order's ID in the system that now handles it (e.g. the Linnworks order number), recorded on the Cloudshelf order",
		},
	],
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: CloudshelfClient,
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(this);
	const rows: UpsertRow[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const id = String(this.getNodeParameter('orderId', itemIndex, '') ?? '').trim();
		if (!id) {
			results.fail(
				itemIndex,
				new NodeOperationError(this.getNode(), 'Order ID is empty', {
					itemIndex,
					description: 'Map Order ID to the Cloudshelf order ID.',
				}),
			);
			continue;
		}
		const thirdPartyId = String(this.getNodeParameter('thirdPartyId', itemIndex, '') ?? '').trim();
		const status = this.getNodeParameter('status', itemIndex) as string;
		if (status === STATUS_UNCHANGED && !thirdPartyId) {
			results.fail(
				itemIndex,
				new NodeOperationError(this.getNode(), `Nothing to update on order ${id}`, {
					itemIndex,
					description:
						'Status is Leave Unchanged and Order System Reference is empty: set one of them.',
				}),
			);
			continue;
		}
		rows.push({
			itemIndex,
			ids: [id],
			input: {
				id,
				...(status !== STATUS_UNCHANGED ? { status } : {}),
				...(thirdPartyId ? { newThirdPartyId: thirdPartyId } : {}),
			},
		});
	}
	const accepted = await upsertInBatches.call(this, client, rows, UPSERT_ORDERS_CALL, results);
	for (const row of accepted) {
		results.succeed(row.itemIndex, {
			orderId: row.input.id as string,
			status: (row.input.status as string) ?? null,
			thirdPartyId: (row.input.newThirdPartyId as string) ?? null,
		});
	}
	return results.toArray();
}
