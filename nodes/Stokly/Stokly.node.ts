import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import * as channel from './actions/channel/Channel.resource';
import * as fulfilment from './actions/fulfilment/Fulfilment.resource';
import * as item from './actions/item/Item.resource';
import * as location from './actions/location/Location.resource';
import * as saleOrder from './actions/saleOrder/SaleOrder.resource';
import * as stock from './actions/stock/Stock.resource';
import * as takings from './actions/takings/Takings.resource';
import { router } from './actions/router';
import { getChannels, getLocations } from './methods/loadOptions';

export class Stokly implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Stokly',
		name: 'stokly',
		icon: { light: 'file:stokly.svg', dark: 'file:stokly.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Read the Stokly catalogue and stock, write stock and sale orders',
		defaults: { name: 'Stokly' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'stoklyApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Channel', value: 'channel' },
					{ name: 'Fulfilment', value: 'fulfilment' },
					{ name: 'Item', value: 'item' },
					{ name: 'Location', value: 'location' },
					{ name: 'Sale Order', value: 'saleOrder' },
					{ name: 'Stock', value: 'stock' },
					{ name: 'Takings Reconciliation', value: 'takings' },
				],
				default: 'location',
			},
			...channel.description,
			...fulfilment.description,
			...item.description,
			...location.description,
			...saleOrder.description,
			...stock.description,
			...takings.description,
		],
	};

	methods = { loadOptions: { getChannels, getLocations } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
