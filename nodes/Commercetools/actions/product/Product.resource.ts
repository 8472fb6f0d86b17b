import type { INodeProperties } from 'n8n-workflow';

import * as getMany from './getMany.operation';

export { getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['product'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				description:
					'Read published products as catalogue items, one per variant with its price, paged by ID past the 10,000 offset cap',
				action: 'Get many products',
			},
		],
		default: 'getMany',
	},
	...getMany.description,
];
