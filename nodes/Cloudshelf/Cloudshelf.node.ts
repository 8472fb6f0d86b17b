import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import * as location from './actions/location/Location.resource';
import * as order from './actions/order/Order.resource';
import * as product from './actions/product/Product.resource';
import { router } from './actions/router';
import * as stock from './actions/stock/Stock.resource';

export class Cloudshelf implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Cloudshelf',
		name: 'cloudshelf',
		icon: { light: 'file:cloudshelf.svg', dark: 'file:cloudshelf.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description:
			'Keep Cloudshelf endless-aisle kiosks in sync: products, stock, locations and kiosk orders',
		defaults: { name: 'Cloudshelf' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'cloudshelfApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Location', value: 'location' },
					{ name: 'Order', value: 'order' },
					{ name: 'Product', value: 'product' },
					{ name: 'Stock', value: 'stock' },
				],
				default: 'stock',
			},
			...location.description,
			...order.description,
			...product.description,
			...stock.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
