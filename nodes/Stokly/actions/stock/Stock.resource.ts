import type { INodeProperties } from 'n8n-workflow';

import * as adjust from './adjust.operation';
import * as getLevels from './getLevels.operation';
import * as set from './set.operation';

export { adjust, getLevels, set };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['stock'] } },
		options: [
			{
				name: 'Adjust',
				value: 'adjust',
				description:
					'Add or remove stock by signed changes; a Change Key makes re-running an execution safe',
				action: 'Adjust stock',
			},
			{
				name: 'Get Levels',
				value: 'getLevels',
				description: 'Read stock per item and location, summed over bins',
				action: 'Get stock levels',
			},
			{
				name: 'Set',
				value: 'set',
				description:
					'Set absolute on-hand levels (read, then adjusted by the difference, never twice)',
				action: 'Set stock levels',
			},
		],
		default: 'getLevels',
	},
	...adjust.description,
	...getLevels.description,
	...set.description,
];
