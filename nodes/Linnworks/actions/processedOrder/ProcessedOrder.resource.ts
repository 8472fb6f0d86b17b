import type { INodeProperties } from 'n8n-workflow';

import * as search from './search.operation';

export { search };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['processedOrder'] } },
		options: [
			{
				name: 'Search',
				value: 'search',
				description: 'Find orders dispatched in a time window, with tracking and lines',
				action: 'Search dispatched orders',
			},
		],
		default: 'search',
	},
	...search.description,
];
