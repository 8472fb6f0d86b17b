import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as recordFulfilment from './recordFulfilment.operation';
import * as updateStatus from './updateStatus.operation';

export { get, getMany, recordFulfilment, updateStatus };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['order'] } },
		options: [
			{ name: 'Get', value: 'get', description: 'Get a kiosk order by ID', action: 'Get an order' },
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List kiosk orders by status and update time',
				action: 'Get many orders',
			},
			{
				name: 'Record Fulfilment',
				value: 'recordFulfilment',
				description: 'Record dispatch and tracking on the order lines',
				action: 'Record a fulfilment',
			},
			{
				name: 'Update Status',
				value: 'updateStatus',
				description: "Set an order's status (e.g. PAID) and record the order system's reference",
				action: 'Update an order status',
			},
		],
		default: 'getMany',
	},
	...get.description,
	...getMany.description,
	...recordFulfilment.description,
	...updateStatus.description,
];
