import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as importOperation from './import.operation';
import * as updateState from './updateState.operation';

// `import` is a reserved word: the operation module is exported under its value.
export { get, importOperation as import, updateState };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['order'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get an order by order number',
				action: 'Get an order',
			},
			{
				name: 'Import',
				value: 'import',
				description:
					'Import canonical orders (Order Import: prices and totals as charged, always with shipping info); an order whose number exists is returned with created: false, never imported twice',
				action: 'Import an order',
			},
			{
				name: 'Update State',
				value: 'updateState',
				description: 'Set the order, shipment and/or payment state of an order',
				action: 'Update the state of an order',
			},
		],
		default: 'import',
	},
	...importOperation.description,
	...get.description,
	...updateState.description,
];
