import {
	NodeOperationError,
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { ItemResults } from '../../../shared/items';
import type { CloudshelfClient } from '../../transport';
import { ORDER_STATUS_OPTIONS } from '../common.descriptions';
import { upsertInBatches, type UpsertRow } from '../upsert';
import { UPSERT_ORDERS_CALL } from './upsertOrders';
import { orderIdProperty } from './get.operation';

/** Status value that sends no status, so Cloudshelf keeps the order's own (OrderInput.status is optional). */
const UNCHANGED = 'unchanged';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['order'], operation: ['updateStatus'] } },
	[
		orderIdProperty,
		{
			displayName: 'Status',
			name: 'status',
			type: 'options',
			options: [
				{
					name: 'Leave Unchanged',
					value: UNCHANGED,
					description: 'Only record the order system reference',
				},
				...ORDER_STATUS_OPTIONS,
			],
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
		rows.push({
			itemIndex,
			ids: [id],
			input: {
				id,
				...(status !== UNCHANGED ? { status } : {}),
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
