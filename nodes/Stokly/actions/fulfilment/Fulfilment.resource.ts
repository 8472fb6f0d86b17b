import type { INodeProperties } from 'n8n-workflow';

import * as getMany from './getMany.operation';

export { getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['fulfilment'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				description:
					'Get the dispatches made in a time window, each as a canonical fulfilment with its tracking',
				action: 'Get many fulfilments',
			},
		],
		default: 'getMany',
	},
	...getMany.description,
];
