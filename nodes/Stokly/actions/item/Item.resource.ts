import type { INodeProperties } from 'n8n-workflow';

import * as getMany from './getMany.operation';

export { getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['item'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				description:
					'Read items as catalogue items (variants grouped under their variable parent) for Cloudshelf Product → Create or Update',
				action: 'Get many items',
			},
		],
		default: 'getMany',
	},
	...getMany.description,
];
