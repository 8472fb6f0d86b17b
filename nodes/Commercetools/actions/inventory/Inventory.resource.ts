import type { INodeProperties } from 'n8n-workflow';

import * as adjust from './adjust.operation';
import * as getLevels from './getLevels.operation';
import * as setLevels from './setLevels.operation';

export { adjust, getLevels, setLevels };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['inventory'] } },
		options: [
			{
				name: 'Adjust',
				value: 'adjust',
				description:
					'Add to or remove from quantity on stock (signed deltas); retries never apply a change twice, and a Change Key makes re-running an execution safe too',
				action: 'Adjust inventory',
			},
			{
				name: 'Get Levels',
				value: 'getLevels',
				description: 'Read available quantities per SKU and supply channel',
				action: 'Get inventory levels',
			},
			{
				name: 'Set Levels',
				value: 'setLevels',
				description:
					'Set absolute quantities on stock with changeQuantity (commercetools subtracts reservations), creating entries that are missing',
				action: 'Set inventory levels',
			},
		],
		default: 'getLevels',
	},
	...adjust.description,
	...getLevels.description,
	...setLevels.description,
];
