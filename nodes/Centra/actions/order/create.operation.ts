/**
 * Order → Create. Centra has no GraphQL order creation, so orders go in through the REST Order API
 * (`POST /order`, the foundation's Order API credential). Idempotent: each order's number is
 * derived from its reference (FNV-1a into [Order Number Base, base + 10^9)) and the reference is
 * written on the order's internal comment, so a replay finds the order and returns it with
 * `created: false`. Payment is not handled by Centra for such orders (C-OA-create-order): what the
 * origin took is noted in the internal comment. The steps live in `create/`: editor parameters,
 * input preparation, checks against Centra data, and the API calls.
 */
import {
	NodeOperationError,
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { ItemResults } from '../../../shared/items';
import type { CentraClient } from '../../transport';
import { rejectCurrencyMismatch, rejectUnknownSkus } from './create/checks';
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
	client: CentraClient,
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(this);
	const node = this.getNode();

	// 1. Validate, route and map every order; failures go to the error output with the reason.
	let orders: PreparedOrder[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const prepared = prepareOrder(this, items[itemIndex], itemIndex);
		if (prepared instanceof NodeOperationError) results.fail(itemIndex, prepared);
		else orders.push(prepared);
	}

	// 2. Idempotency: an order already created for its reference is returned, not re-created.
	const submitter = new OrderSubmitter(node, client, results);
	orders = await submitter.skipExisting(orders);

	// 3. Checks against Centra data, for the orders to create at once: SKUs, pricelist currency.
	orders = await rejectUnknownSkus(node, client, orders, results);
	orders = await rejectCurrencyMismatch(node, client, orders, results);

	// 4. Creation through the Order API (−5 handled per order), then one read-back for the outputs.
	await submitter.create(orders);
	return results.toArray();
}
