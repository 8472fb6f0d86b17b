import type { INodeProperties } from 'n8n-workflow';

import * as answerStockCheck from './answerStockCheck.operation';
import * as compareLevels from './compareLevels.operation';
import * as setLevels from './setLevels.operation';
import * as verifyStockCheck from './verifyStockCheck.operation';

export { answerStockCheck, compareLevels, setLevels, verifyStockCheck };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['stock'] } },
		options: [
			{
				name: 'Answer Live Stock Check',
				value: 'answerStockCheck',
				description: "Build the answer to Cloudshelf's real-time stock request from stock levels",
				action: 'Answer a live stock check',
			},
			{
				name: 'Compare Levels',
				value: 'compareLevels',
				description:
					'Reconcile incoming stock levels with what Cloudshelf shows, one item per difference',
				action: 'Compare stock levels',
			},
			{
				name: 'Set Levels',
				value: 'setLevels',
				description: 'Push stock levels per SKU and location, 1000 per call',
				action: 'Set stock levels',
			},
			{
				name: 'Verify Live Stock Check',
				value: 'verifyStockCheck',
				description:
					"Let a real-time stock request through only if it carries the credential's Live Stock Check Token",
				action: 'Verify a live stock check',
			},
		],
		default: 'setLevels',
	},
	...answerStockCheck.description,
	...compareLevels.description,
	...setLevels.description,
	...verifyStockCheck.description,
];
