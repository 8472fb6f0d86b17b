import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';

export { create, get, getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['saleOrder'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description:
					'Create sale orders from canonical orders, with their payments; each is looked up by source reference first, and one Stokly has (or this node sent within the Pending Window and Stokly does not show yet) is returned with created: false, not re-sent',
				action: 'Create a sale order',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a sale order by source reference or ID, with its lines',
				action: 'Get a sale order',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'Get sale orders created in a time window, in a stage',
				action: 'Get many sale orders',
			},
		],
		default: 'create',
	},
	...create.description,
	...get.description,
	...getMany.description,
];
