import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { returnAllProperties } from '../../../shared/descriptions';
import { ItemResults } from '../../../shared/items';
import { listShipments, type ShipmentListing } from '../../queries';
import type { CentraClient } from '../../transport';
import { simplifyProperty } from '../common.descriptions';
import { readWindow } from '../../../shared/dates';
import { shipmentOutput } from './output';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['shipment'], operation: ['getMany'] } },
	[
		{
			displayName: 'Status',
			name: 'status',
			type: 'options',
			default: 'completed',
			options: [
				{
					name: 'Completed',
					value: 'completed',
					description: 'Shipped: carrier and tracking known',
				},
				{
					name: 'Good to Go',
					value: 'goodToGo',
					description: 'Ready to ship, not shipped yet',
				},
				{ name: 'All', value: 'all' },
			],
		},
		{
			displayName: 'Filter Date',
			name: 'dateField',
			type: 'options',
			displayOptions: { hide: { status: ['goodToGo'] } },
			default: 'shippedAt',
			options: [
				{ name: 'Shipped At', value: 'shippedAt' },
				{ name: 'Created At', value: 'createdAt' },
			],
			description:
				'Which date of the shipment the window below applies to (good-to-go shipments, not shipped yet, are filtered by Created At)',
		},
		{
			displayName: 'After',
			name: 'after',
			type: 'dateTime',
			default: '',
			description: 'Only shipments at or after this moment; empty for no lower bound',
		},
		{
			displayName: 'Before',
			name: 'before',
			type: 'dateTime',
			default: '',
			description: 'Only shipments at or before this moment; empty for no upper bound',
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
			const window = readWindow(this, itemIndex, [
				{ name: 'after', displayName: 'After' },
				{ name: 'before', displayName: 'Before' },
			]);
			const status = this.getNodeParameter('status', itemIndex, 'completed') as string;
			// A good-to-go shipment has no shippedAt yet: a Shipped At window would match none.
			const dateField =
				status === 'goodToGo'
					? 'createdAt'
					: (this.getNodeParameter('dateField', itemIndex, 'shippedAt') as
							| 'shippedAt'
							| 'createdAt');
			const returnAll = this.getNodeParameter('returnAll', itemIndex) as boolean;
			const filter: ShipmentListing = {
				// Good to go = ready and not shipped yet (a completed shipment stays good to go).
				isGoodToGo: status === 'goodToGo' ? true : undefined,
				isShipped: status === 'completed' ? true : status === 'goodToGo' ? false : undefined,
				[dateField]: window,
				limit: returnAll ? undefined : (this.getNodeParameter('limit', itemIndex) as number),
			};
			const shipments = await listShipments(client, filter, itemIndex);
			const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
			results.succeed(
				itemIndex,
				shipments.map((shipment) => shipmentOutput(shipment, simplify)),
			);
		} catch (error) {
			results.fail(itemIndex, error);
		}
	}
	return results.toArray();
}
