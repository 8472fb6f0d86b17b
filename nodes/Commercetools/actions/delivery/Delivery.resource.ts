/**
 * STUB by node engineer 1 so the node shell loads; node engineer 2 owns this file and replaces it
 * with the real delivery operations.
 */
import type { INodeProperties } from 'n8n-workflow';

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['delivery'] } },
		options: [
			{
				name: 'Not Yet Available',
				value: 'add',
				description: 'Coming soon',
				action: 'Not yet available',
			},
		],
		default: 'add',
	},
];
