import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import * as channel from './actions/channel/Channel.resource';
import * as delivery from './actions/delivery/Delivery.resource';
import * as inventory from './actions/inventory/Inventory.resource';
import * as order from './actions/order/Order.resource';
import * as product from './actions/product/Product.resource';
import { router } from './actions/router';
import * as store from './actions/store/Store.resource';
import { getSupplyChannels } from './methods/loadOptions';

export class Commercetools implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'commercetools',
		name: 'commercetools',
		icon: { light: 'file:commercetools.svg', dark: 'file:commercetools.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Read the commercetools catalogue and write inventory, orders and deliveries',
		defaults: { name: 'commercetools' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'commercetoolsApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Channel', value: 'channel' },
					{ name: 'Delivery', value: 'delivery' },
					{ name: 'Inventory', value: 'inventory' },
					{ name: 'Order', value: 'order' },
					{ name: 'Product', value: 'product' },
					{ name: 'Store', value: 'store' },
				],
				default: 'inventory',
			},
			...channel.description,
			...delivery.description,
			...inventory.description,
			...order.description,
			...product.description,
			...store.description,
		],
	};

	methods = { loadOptions: { getSupplyChannels } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
