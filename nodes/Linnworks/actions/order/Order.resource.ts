import type { INodeProperties } from 'n8n-workflow';

import * as cancel from './cancel.operation';
import * as create from './create.operation';
import * as get from './get.operation';

export { cancel, create, get };

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
				description: 'Cancel an open order',
				action: 'Cancel an order',
			},
			{
				name: 'Create',
				value: 'create',
				description:
					'Create orders from canonical orders; an order that already exists is returned, never duplicated',
				action: 'Create an order',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get an order by reference or Linnworks ID',
				action: 'Get an order',
			},
		],
		default: 'create',
	},
	...cancel.description,
	...create.description,
	...get.description,
];
