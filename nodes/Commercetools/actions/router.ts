import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { route } from '../../shared/router';
import { CommercetoolsClient } from '../transport';
import * as channel from './channel/Channel.resource';
import * as delivery from './delivery/Delivery.resource';
import * as inventory from './inventory/Inventory.resource';
import * as order from './order/Order.resource';
import * as product from './product/Product.resource';
import * as store from './store/Store.resource';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	// One client per execution: nothing it holds outlives the execution.
	return await route.call(
		this,
		{ channel, delivery, inventory, order, product, store },
		new CommercetoolsClient(this),
	);
}
