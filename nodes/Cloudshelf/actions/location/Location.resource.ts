import type { INodeProperties } from 'n8n-workflow';

import * as getMany from './getMany.operation';
import * as upsert from './upsert.operation';

export { getMany, upsert };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['location'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List stores and warehouses',
				action: 'Get many locations',
			},
			{
				name: 'Create or Update',
				value: 'upsert',
				description: 'Create a new record, or update the current one if it already exists (upsert)',
				action: 'Upsert locations',
			},
		],
		default: 'upsert',
	},
	...getMany.description,
	...upsert.description,
];
