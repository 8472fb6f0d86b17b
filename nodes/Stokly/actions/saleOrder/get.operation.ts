/** Sale Order → Get: one sale order by its Stokly id or by its source reference, with its lines. */
import {
	NodeOperationError,
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { ItemResults } from '../../../shared/items';
import { unsafeValue } from '../../requests';
import type { StoklyClient } from '../../transport';
import { simplifyProperty } from '../common.descriptions';
import { findSaleOrder, saleOrderLines, saleOrdersByReference } from './lookup';
import { reversePaymentMethodProperty, SaleOrderNames, saleOrderOutput } from './output';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['saleOrder'], operation: ['get'] } },
	[
		{
			displayName: 'Find By',
			name: 'findBy',
			type: 'options',
			default: 'reference',
			options: [
				{
					name: 'Source Reference',
					value: 'reference',
					description:
						'The ID in the system that took the order (the reference Sale Order → Create files it under)',
				},
				{ name: 'Sale Order ID', value: 'id', description: 'The Stokly sale order ID' },
			],
		},
		{
			displayName: 'Source Reference',
			name: 'reference',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'gid://cloudshelf/Order/01JABCDEF',
			displayOptions: { show: { findBy: ['reference'] } },
		},
		{
			displayName: 'Sale Order ID',
			name: 'saleOrderId',
			type: 'string',
			default: '',
			required: true,
			displayOptions: { show: { findBy: ['id'] } },
		},
		simplifyProperty,
		reversePaymentMethodProperty,
	],
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: StoklyClient,
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(this);
	const node = this.getNode();
	const names = new SaleOrderNames(this, client);
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const byReference = this.getNodeParameter('findBy', itemIndex, 'reference') === 'reference';
			const field = byReference ? 'reference' : 'saleOrderId';
			const value = String(this.getNodeParameter(field, itemIndex, '') ?? '').trim();
			const label = byReference ? 'Source Reference' : 'Sale Order ID';
			if (!value || (byReference && unsafeValue(value))) {
				throw new NodeOperationError(node, `${label} is ${value ? 'not valid' : 'empty'}`, {
					itemIndex,
					description: value
						? 'Stokly filters cannot carry { or }.'
						: 'Set the field, or map it from the input item with an expression.',
				});
			}
			const saleOrder = byReference
				? (await saleOrdersByReference(client, [value], itemIndex)).get(value)
				: await findSaleOrder(client, value, itemIndex);
			if (!saleOrder) {
				throw new NodeOperationError(
					node,
					`Stokly has no sale order with ${label.toLowerCase()} ${value}`,
					{
						itemIndex,
						description:
							'Check the value. A sale order made moments ago may not be shown yet (Stokly answers writes before they are visible): try again shortly.',
					},
				);
			}
			const lines = await saleOrderLines(client, saleOrder.saleOrderId, itemIndex);
			const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
			results.succeed(
				itemIndex,
				saleOrderOutput(saleOrder, lines, simplify, simplify ? await names.of(itemIndex) : {}),
			);
		} catch (error) {
			results.fail(itemIndex, error);
		}
	}
	return results.toArray();
}
