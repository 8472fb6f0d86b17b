import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { route } from '../../shared/router';
import { CentraClient } from '../transport';
import * as market from './market/Market.resource';
import * as order from './order/Order.resource';
import * as pricelist from './pricelist/Pricelist.resource';
import * as shipment from './shipment/Shipment.resource';
import * as shippingOption from './shippingOption/ShippingOption.resource';
import * as stock from './stock/Stock.resource';
import * as warehouse from './warehouse/Warehouse.resource';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	// One client per execution: its rate gates pace this execution's calls and die with it. The
	// Order API client (client.orderApi) is made on first use, from the same execution.
	return await route.call(
		this,
		{ market, order, pricelist, shipment, shippingOption, stock, warehouse },
		new CentraClient(this),
	);
}
