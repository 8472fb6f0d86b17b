import {
	NodeOperationError,
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { ItemResults } from '../../../shared/items';
import type { CentraOrder } from '../../model';
import { ORDER_SUMMARY_FIELDS } from '../../queries';
import type { CentraClient, CentraUserError } from '../../transport';
import { simplifyProperty } from '../common.descriptions';
import { lookupOrder, lookupProperties } from './lookup';
import { orderOutput } from './output';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['order'], operation: ['confirm'] } },
	[...lookupProperties, simplifyProperty],
);

const CONFIRM_ORDER = `mutation ConfirmOrder($number: Int!) {
	confirmOrder(input: { order: { number: $number } }) {
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
			// Confirming twice is not an error: the order is already where the caller wants it.
			if (order.status !== 'PENDING') {
				if (order.status === 'CANCELLED') {
					throw new NodeOperationError(
						this.getNode(),
						`Centra order ${order.number} is cancelled and cannot be confirmed`,
						{ itemIndex, description: 'Only pending orders can be confirmed.' },
					);
				}
				results.succeed(itemIndex, orderOutput(order, simplify, { alreadyConfirmed: true }));
				continue;
			}
			const { confirmOrder } = await client.request<{
				confirmOrder: { order: CentraOrder | null; userErrors: CentraUserError[] } | null;
			}>('ConfirmOrder', CONFIRM_ORDER, { number: order.number }, itemIndex);
			const problems = confirmOrder?.userErrors ?? [];
			if (problems.length || !confirmOrder?.order) {
				// A first send whose answer was lost (then sent again) may have confirmed it already.
				const now = await lookupOrder.call(this, client, itemIndex, ORDER_SUMMARY_FIELDS);
				if (now.status === 'CONFIRMED') {
					results.succeed(itemIndex, orderOutput(now, simplify, { alreadyConfirmed: true }));
					continue;
				}
				throw new NodeOperationError(
					this.getNode(),
					`Centra did not confirm order ${order.number}: ${problems.map((problem) => problem.message).join('; ') || 'no order in the answer'}`,
					{ itemIndex, description: 'Fix what Centra names on the order, then run again.' },
				);
			}
			results.succeed(
				itemIndex,
				orderOutput(confirmOrder.order, simplify, { alreadyConfirmed: false }),
			);
		} catch (error) {
			results.fail(itemIndex, error);
		}
	}
	return results.toArray();
}
