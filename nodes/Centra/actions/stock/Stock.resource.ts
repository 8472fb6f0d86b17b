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
					"Add to or remove from stock (deltas) with changeStock, each change key applied once as one stock change. Centra's default mutation quota (1 000/h, 100/10 s) bounds keyed deltas to about 1 000 events per hour per token.",
				action: 'Adjust stock',
			},
			{
				name: 'Get Levels',
				value: 'getLevels',
				description: 'Read free-to-allocate stock per SKU and warehouse',
				action: 'Get stock levels',
			},
			{
				name: 'Set',
				value: 'set',
				description: 'Set absolute stock levels with setStock, in batches per warehouse',
				action: 'Set stock levels',
			},
		],
		default: 'getLevels',
	},
	...adjust.description,
	...getLevels.description,
	...set.description,
];
