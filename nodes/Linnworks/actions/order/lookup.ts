/** Finding one order by Linnworks id or by reference, shared by Order → Get and Order → Cancel. */
import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import type { LinnworksOrderDetails } from '../../model';
import { findOrdersByReference, getOrderDetails } from '../../queries';
import type { LinnworksClient } from '../../transport';
import { textParameter } from '../../../shared/parameters';

export const lookupProperties: INodeProperties[] = [
	{
		displayName: 'Find By',
		name: 'lookupBy',
		type: 'options',
		default: 'reference',
		options: [
			{
				name: 'Reference',
				value: 'reference',
				description: 'The reference of the system that took the order (e.g. the kiosk order ID)',
			},
			{
				name: 'Linnworks Order ID',
				value: 'id',
				description: 'The Linnworks order GUID (pkOrderId)',
			},
		],
	},
	{
		displayName: 'Reference',
		name: 'reference',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { lookupBy: ['reference'] } },
	},
	{
		displayName: 'Order ID',
		name: 'orderId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'f8a4e672-2521-458c-9d68-30b1eae14db3',
		displayOptions: { show: { lookupBy: ['id'] } },
	},
];

/** The matching orders; a reference can match orders of several Sources. Fails when none match. */
export async function lookupOrders(
	this: IExecuteFunctions,
	client: LinnworksClient,
	itemIndex: number,
): Promise<LinnworksOrderDetails[]> {
	const byReference = this.getNodeParameter('lookupBy', itemIndex) === 'reference';
	const key = textParameter(this, byReference ? 'reference' : 'orderId', itemIndex);
	if (!key) {
		throw new NodeOperationError(
			this.getNode(),
			`${byReference ? 'Reference' : 'Order ID'} is empty`,
			{
				itemIndex,
				description: 'Set the field, or map it from the input item with an expression.',
			},
		);
	}
	const found = byReference
		? await findOrdersByReference(client, key, itemIndex)
		: [...(await getOrderDetails(client, [key])).values()];
	if (!found.length) {
		throw new NodeOperationError(
			this.getNode(),
			`No Linnworks order has ${byReference ? 'reference' : 'ID'} ${key}`,
			{ itemIndex, description: 'Check the value; orders deleted in Linnworks cannot be found.' },
		);
	}
	return found;
}
