import {
	NodeOperationError,
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { ItemResults } from '../../../shared/items';
import { textParameter } from '../../../shared/parameters';
import type { CentraOrder } from '../../model';
import { ORDER_SUMMARY_FIELDS } from '../../queries';
import type { CentraClient, CentraUserError } from '../../transport';
import { simplifyProperty } from '../common.descriptions';
import { lookupOrder, lookupProperties } from './lookup';
import { orderOutput } from './output';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['order'], operation: ['cancel'] } },
	[
		...lookupProperties,
		{
			displayName: 'Comment',
			name: 'comment',
			type: 'string',
			default: 'Cancelled by n8n',
			description: 'Comment stored with the cancellation',
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Remove Items From Stock',
					name: 'removeItemsFromStock',
					type: 'boolean',
					default: false,
					description:
						"Whether the order's allocated items are removed from stock instead of going back to the warehouse (e.g. they were lost or damaged)",
				},
				{
					displayName: 'Send Email',
					name: 'sendEmail',
					type: 'boolean',
					default: false,
					description: 'Whether Centra e-mails the customer about the cancellation',
				},
			],
		},
		simplifyProperty,
	],
);

const CANCEL_ORDER = `mutation CancelOrder($id: String!, $input: CancelDirectToConsumerOrderInput) {
	cancelDirectToConsumerOrder(id: $id, input: $input) {
		order ${ORDER_SUMMARY_FIELDS}
		userErrors { message path }
	}
}`;

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: CentraClient,
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(this);
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const order = await lookupOrder.call(this, client, itemIndex, ORDER_SUMMARY_FIELDS);
			const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
			// Cancelling twice is not an error: the outcome the caller wants already holds.
			if (order.status === 'CANCELLED') {
				results.succeed(
					itemIndex,
					orderOutput(order, simplify, { cancelled: true, alreadyCancelled: true }),
				);
				continue;
			}
			const options = this.getNodeParameter('options', itemIndex, {}) as {
				removeItemsFromStock?: boolean;
				sendEmail?: boolean;
			};
			const { cancelDirectToConsumerOrder: answer } = await client.request<{
				cancelDirectToConsumerOrder: {
					order: CentraOrder | null;
					userErrors: CentraUserError[];
				} | null;
			}>(
				'CancelOrder',
				CANCEL_ORDER,
				{
					id: order.id,
					input: {
						comment: textParameter(this, 'comment', itemIndex),
						emailOptions: { sendEmail: options.sendEmail === true },
						stockAction: { removeItemsFromStock: options.removeItemsFromStock === true },
					},
				},
				itemIndex,
			);
			const problems = answer?.userErrors ?? [];
			if (problems.length || !answer?.order) {
				// A first send whose answer was lost (then sent again) may have cancelled it already.
				const now = await lookupOrder.call(this, client, itemIndex, ORDER_SUMMARY_FIELDS);
				if (now.status === 'CANCELLED') {
					results.succeed(
						itemIndex,
						orderOutput(now, simplify, { cancelled: true, alreadyCancelled: true }),
					);
					continue;
				}
				throw new NodeOperationError(
					this.getNode(),
					`Centra did not cancel order ${order.number}: ${problems.map((problem) => problem.message).join('; ') || 'no order in the answer'}`,
					{
						itemIndex,
						description:
							'Orders can be cancelled until they are shipped; a shipped order is handled as a return in Centra.',
					},
				);
			}
			results.succeed(
				itemIndex,
				orderOutput(answer.order, simplify, { cancelled: true, alreadyCancelled: false }),
			);
		} catch (error) {
			results.fail(itemIndex, error);
		}
	}
	return results.toArray();
}
