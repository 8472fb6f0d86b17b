import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { route } from '../../shared/router';
import { CloudshelfClient } from '../transport';
import * as location from './location/Location.resource';
import * as order from './order/Order.resource';
import * as product from './product/Product.resource';
import * as stock from './stock/Stock.resource';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await route.call(this, { location, order, product, stock }, new CloudshelfClient(this));
}
