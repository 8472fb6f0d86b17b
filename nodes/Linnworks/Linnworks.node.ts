import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import * as location from './actions/location/Location.resource';
import * as order from './actions/order/Order.resource';
import * as processedOrder from './actions/processedOrder/ProcessedOrder.resource';
import { router } from './actions/router';
import * as stock from './actions/stock/Stock.resource';
import { getLocations } from './methods/loadOptions';

export class Linnworks implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Linnworks',
		name: 'linnworks',
		icon: { light: 'file:linnworks.svg', dark: 'file:linnworks.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Read and write Linnworks stock, orders and dispatches',
		defaults: { name: 'Linnworks' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'linnworksApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Location', value: 'location' },
					{ name: 'Order', value: 'order' },
					{ name: 'Processed Order', value: 'processedOrder' },
					{ name: 'Stock', value: 'stock' },
				],
				default: 'stock',
			},
			...location.description,
			...order.description,
			...processedOrder.description,
			...stock.description,
		],
	};

	methods = { loadOptions: { getLocations } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
