import type { INodeProperties } from 'n8n-workflow';

import * as cancel from './cancel.operation';
import * as confirm from './confirm.operation';
import * as create from './create.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';

export { cancel, confirm, create, get, getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['order'] } },
		options: [
			{
				name: 'Cancel',
				value: 'cancel',
				description:
					'Cancel an order that is not shipped yet; outputs the order without customer and addresses (needs Order:read, Order.internalComment:read, Order:write)',
				action: 'Cancel an order',
			},
			{
				name: 'Confirm',
				value: 'confirm',
				description:
					'Confirm a pending order, accepting it for fulfilment; outputs the order without customer and addresses (needs Order:read, Order.internalComment:read, Order:write)',
				action: 'Confirm an order',
			},
			{
				name: 'Create',
				value: 'create',
				description:
					'Create orders from canonical orders through the Order API; an order that already exists is returned, never duplicated. The Integration API token needs Order.internalComment:read (the reference is kept in the internal comment) besides Order:read, ProductSize:read and Pricelist:read, and the address and Purchaser:read permissions for the output.',
				action: 'Create an order',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get an order by reference or Centra order number',
				action: 'Get an order',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'Get orders created in a time window, by status',
				action: 'Get many orders',
			},
		],
		default: 'create',
	},
	...cancel.description,
	...confirm.description,
	...create.description,
	...get.description,
	...getMany.description,
];
