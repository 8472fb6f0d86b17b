import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import * as market from './actions/market/Market.resource';
import * as order from './actions/order/Order.resource';
import * as pricelist from './actions/pricelist/Pricelist.resource';
import { router } from './actions/router';
import * as shipment from './actions/shipment/Shipment.resource';
import * as shippingOption from './actions/shippingOption/ShippingOption.resource';
import * as stock from './actions/stock/Stock.resource';
import * as warehouse from './actions/warehouse/Warehouse.resource';
import {
	getMarkets,
	getPricelists,
	getShippingOptions,
	getWarehouses,
} from './methods/loadOptions';

export class Centra implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Centra',
		name: 'centra',
		icon: { light: 'file:centra.svg', dark: 'file:centra.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Read and write Centra stock, orders and shipments',
		defaults: { name: 'Centra' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'centraIntegrationApi', required: true },
			{
				name: 'centraOrderApi',
				required: true,
				displayOptions: { show: { resource: ['order'], operation: ['create'] } },
			},
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Market', value: 'market' },
					{ name: 'Order', value: 'order' },
					{ name: 'Pricelist', value: 'pricelist' },
					{ name: 'Shipment', value: 'shipment' },
					{ name: 'Shipping Option', value: 'shippingOption' },
					{ name: 'Stock', value: 'stock' },
					{ name: 'Warehouse', value: 'warehouse' },
				],
				default: 'stock',
			},
			...market.description,
			...order.description,
			...pricelist.description,
			...shipment.description,
			...shippingOption.description,
			...stock.description,
			...warehouse.description,
		],
	};

	methods = { loadOptions: { getMarkets, getPricelists, getShippingOptions, getWarehouses } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
