import type { INodeProperties } from 'n8n-workflow';

import * as reconcile from './reconcile.operation';

export { reconcile };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['takings'] } },
		options: [
			{
				name: 'Reconcile',
				value: 'reconcile',
				description:
					'Compare kiosk takings with Stokly sale orders and their payments, per day, location and payment method',
				action: 'Reconcile takings',
			},
		],
		default: 'reconcile',
	},
	...reconcile.description,
];
