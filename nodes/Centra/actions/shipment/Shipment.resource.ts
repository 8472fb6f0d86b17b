import type { INodeProperties } from 'n8n-workflow';

import * as complete from './complete.operation';
import * as create from './create.operation';
import * as getMany from './getMany.operation';

export { complete, create, getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['shipment'] } },
		options: [
			{
				name: 'Complete',
				value: 'complete',
				description: 'Mark a shipment as shipped, with carrier, service and tracking',
				action: 'Complete a shipment',
			},
			{
				name: 'Create',
				value: 'create',
				description:
					'Create a shipment of an order; with a Shipment Key, a replay returns the shipment made instead of shipping again',
				action: 'Create a shipment',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'Get good-to-go or completed shipments in a time window, as fulfilments',
				action: 'Get many shipments',
			},
		],
		default: 'getMany',
	},
	...complete.description,
	...create.description,
	...getMany.description,
];
