import {
	NodeOperationError,
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { returnAllProperties } from '../../../shared/descriptions';
import { ItemResults } from '../../../shared/items';
import { ORDER_READS, SkuResolver, readOrders, type OrderFields } from '../../queries';
import type { CloudshelfClient } from '../../transport';
import { ORDER_STATUS_OPTIONS, simplifyProperty } from '../common.descriptions';
import { orderOutput } from './output';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['order'], operation: ['getMany'] } },
	[
		{
			displayName: 'Statuses',
			name: 'statuses',
			type: 'multiOptions',
			options: ORDER_STATUS_OPTIONS,
			default: ['PLACED', 'PAID'],
			description: 'Only orders in these statuses; none selected means all',
		},
		{
			displayName: 'Updated Since',
			name: 'updatedSince',
			type: 'dateTime',
			default: '',
			description: 'Only orders changed at or after this moment; empty for all',
		},
		{
			displayName: 'Skip Orders Handed Over',
			name: 'skipHandedOver',
			type: 'boolean',
			default: false,
			description:
				'Whether to leave out orders that carry an order system reference (Cloudshelf thirdPartyId), which Order → Update Status records once another system has taken the order',
		},
		...returnAllProperties,
		simplifyProperty,
		{
			displayName: 'Fields',
			name: 'fields',
			type: 'options',
			options: [
				{
					name: 'All',
					value: 'all',
					description: 'Every order field this node reads',
				},
				{
					name: 'For Order Injection',
					value: 'orderInjection',
					description:
						"Only the fields Linnworks order creation and the exception record use, so each call reads more orders under Cloudshelf's query cost limit. Cloudshelf's internal session, device and location IDs and the line IDs and custom attributes are left out.",
				},
			],
			default: 'all',
			description: 'Which order fields to read from Cloudshelf',
			displayOptions: { show: { simplify: [true] } },
		},
	],
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: CloudshelfClient,
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(this);
	const resolver = new SkuResolver(client);
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const statuses = this.getNodeParameter('statuses', itemIndex, []) as string[];
			const since = this.getNodeParameter('updatedSince', itemIndex, '') as string;
			const returnAll = this.getNodeParameter('returnAll', itemIndex) as boolean;
			const limit = returnAll ? undefined : (this.getNodeParameter('limit', itemIndex) as number);
			const simplify = this.getNodeParameter('simplify', itemIndex) as boolean;
			// The raw payload is Cloudshelf's order as read, so it always has every field.
			const fields = simplify
				? (this.getNodeParameter('fields', itemIndex, 'all') as OrderFields)
				: 'all';
			const document = Object.prototype.hasOwnProperty.call(ORDER_READS, fields)
				? ORDER_READS[fields]
				: undefined;
			if (!document) {
				throw new NodeOperationError(this.getNode(), `Unknown Fields value "${String(fields)}"`, {
					itemIndex,
					description: `Set Fields to one of: ${Object.keys(ORDER_READS).join(', ')}.`,
				});
			}
			const skipHandedOver = this.getNodeParameter('skipHandedOver', itemIndex, false) as boolean;
			const orders = (
				await readOrders(client, { updatedSince: since ? new Date(since) : undefined, document })
			)
				.filter((order) => statuses.length === 0 || statuses.includes(order.status))
				.filter((order) => !skipHandedOver || !order.thirdPartyId)
				.slice(0, limit);
			if (simplify) await resolver.prepare(orders);
			for (const order of orders) {
				const output = orderOutput(this.getNode(), order, resolver, simplify, itemIndex);
				if (output instanceof Error) results.failOne(itemIndex, output);
				else results.succeed(itemIndex, output);
			}
		} catch (error) {
			results.fail(itemIndex, error);
		}
	}
	return results.toArray();
}
