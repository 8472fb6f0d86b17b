import type { INodeProperties } from 'n8n-workflow';

import * as getMany from './getMany.operation';

export { getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['store'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List the stores of the project with their supply channels',
				action: 'Get many stores',
			},
		],
		default: 'getMany',
	},
	...getMany.description,
];
