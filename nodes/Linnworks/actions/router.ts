import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { route } from '../../shared/router';
import { LinnworksClient } from '../transport';
import * as location from './location/Location.resource';
import * as order from './order/Order.resource';
import * as processedOrder from './processedOrder/ProcessedOrder.resource';
import * as stock from './stock/Stock.resource';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	// One client per execution: its rate gate paces this execution's calls and dies with it.
	return await route.call(
		this,
		{ location, order, processedOrder, stock },
		new LinnworksClient(this),
	);
}
