import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { route } from '../../shared/router';
import { StoklyClient } from '../transport';
import * as channel from './channel/Channel.resource';
import * as fulfilment from './fulfilment/Fulfilment.resource';
import * as item from './item/Item.resource';
import * as location from './location/Location.resource';
import * as saleOrder from './saleOrder/SaleOrder.resource';
import * as stock from './stock/Stock.resource';
import * as takings from './takings/Takings.resource';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	// One client per execution: nothing it holds outlives the execution.
	return await route.call(
		this,
		{
			channel,
			fulfilment,
			item,
			location,
			saleOrder,
			stock,
			takings,
		},
		new StoklyClient(this),
	);
}
