import type { INodeProperties } from 'n8n-workflow';

import * as add from './add.operation';
import * as getMany from './getMany.operation';

export { add, getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['delivery'] } },
		options: [
			{
				name: 'Add',
				value: 'add',
				description:
					'Add a delivery with a tracked parcel to an order; a delivery with the same key is returned with created: false, never added twice',
				action: 'Add a delivery',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'Get the deliveries of an order, as fulfilments',
				action: 'Get many deliveries',
			},
		],
		default: 'add',
	},
	...add.description,
	...getMany.description,
];
