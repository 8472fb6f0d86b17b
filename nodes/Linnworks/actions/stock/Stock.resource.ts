import type { INodeProperties } from 'n8n-workflow';

import * as adjustLevels from './adjustLevels.operation';
import * as getLevels from './getLevels.operation';
import * as setLevels from './setLevels.operation';

export { adjustLevels, getLevels, setLevels };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['stock'] } },
		options: [
			{
				name: 'Adjust Levels',
				value: 'adjustLevels',
				description: 'Add to or remove from stock levels (deltas), in batches',
				action: 'Adjust stock levels',
			},
			{
				name: 'Get Levels',
				value: 'getLevels',
				description: 'Read available stock per SKU and location',
				action: 'Get stock levels',
			},
			{
				name: 'Set Levels',
				value: 'setLevels',
				description: 'Set absolute stock levels, in batches',
				action: 'Set stock levels',
			},
		],
		default: 'getLevels',
	},
	...adjustLevels.description,
	...getLevels.description,
	...setLevels.description,
];
