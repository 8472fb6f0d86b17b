/**
 * Finding one order by its orderNumber (`GET /orders/order-number=…`, VERIFIED A7), shared by
 * Order → Get and Update State and by Delivery → Add and Get Many.
 */
import type { Order as CtOrder } from '@commercetools/platform-sdk';
import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { orders } from '../../requests';
import type { CommercetoolsClient } from '../../transport';

export function orderNumberProperty(defaultValue = ''): INodeProperties {
	return {
		displayName: 'Order Number',
		name: 'orderNumber',
		type: 'string',
		default: defaultValue,
		required: true,
		description:
			'The commercetools order number; for orders made by Order → Import, the order reference after the Order Number Prefix',
	};
}

/** The item's Order Number, trimmed; fails the item when empty. */
export function readOrderNumber(context: IExecuteFunctions, itemIndex: number): string {
	const value = context.getNodeParameter('orderNumber', itemIndex, '') as unknown;
	const orderNumber = value === undefined || value === null ? '' : String(value as string).trim();
	if (!orderNumber) {
		throw new NodeOperationError(context.getNode(), 'Order Number is empty', {
			itemIndex,
			description: 'Set the field, or map it from the input item with an expression.',
		});
	}
	return orderNumber;
}

/** The order with this number; fails the item when there is none. */
export async function lookupOrder(
	context: IExecuteFunctions,
	client: CommercetoolsClient,
	orderNumber: string,
	itemIndex: number,
): Promise<CtOrder> {
	const order = await client.find<CtOrder>(orders.getByNumber(orderNumber), itemIndex);
	if (!order) {
		throw new NodeOperationError(
			context.getNode(),
			`commercetools has no order number ${orderNumber}`,
			{
				itemIndex,
				description:
					'Check the number (and the Order Number Prefix of the Order → Import that made it).',
			},
		);
	}
	return order;
}
