/**
 * Order → Create. Idempotent: the orders Linnworks already holds for each Source are listed first
 * (open, processed and cancelled; batched, not one lookup per order) and an order whose reference,
 * Source and SubSource are there is returned with `created: false`. New orders go out in batches of
 * 20 per fulfilment location (Orders/CreateOrders), and are read back so the output carries the
 * Linnworks order id and number. The steps live in `create/`: editor parameters, input
 * preparation, checks against Linnworks data, and the API calls.
 */
import {
	NodeOperationError,
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { ItemResults } from '../../../shared/items';
import { LocationDirectory } from '../../queries';
import type { LinnworksClient } from '../../transport';
import { rejectPricesOffTolerance, rejectUnknownSkus } from './create/checks';
import { prepareOrder, type PreparedOrder } from './create/prepare';
import { properties } from './create/properties';
import { OrderSubmitter } from './create/submit';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['order'], operation: ['create'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: LinnworksClient,
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(this);
	const node = this.getNode();
	const directory = await LocationDirectory.load(client);

	// 1. Validate, route and map every order; failures go to the error output with the reason.
	let orders: PreparedOrder[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const prepared = prepareOrder(this, items[itemIndex], itemIndex, directory);
		if (prepared instanceof NodeOperationError) results.fail(itemIndex, prepared);
		else orders.push(prepared);
	}

	// 2. Checks against Linnworks data: SKUs that exist, prices within the tolerance.
	orders = await rejectUnknownSkus(node, client, orders, results);
	orders = await rejectPricesOffTolerance(node, client, orders, results);

	// 3. Idempotency: an order already filed under the same reference, Source and SubSource is returned, not re-created.
	const submitter = new OrderSubmitter(node, client, results);
	await submitter.create(
		await submitter.skipExisting(
			orders,
			directory.locations.map((location) => location.StockLocationId),
		),
	);
	return results.toArray();
}
