import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { ItemResults } from '../../../shared/items';
import { normaliseKey } from '../../../shared/mapping';
import { parseStockLevel, type StockLevel } from '../../../shared/model';
import { keyOf, toStockCheckResponse } from '../../model';
import { stockBufferProperty } from '../common.descriptions';
import { LocationMapping, locationMappingTable } from '../locationMapping';
import { assertAuthorised, authorizationProperty } from './stockCheckAuthorisation';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['stock'], operation: ['answerStockCheck'] } },
	[
		// The request comes from the workflow's Webhook node (n8n names it "Webhook", as the live
		// stock check template does); this node sits after the stock read, so it is read by name.
		authorizationProperty(
			"={{ $('Webhook').item.json.headers.authorization }}",
			'The request\'s Authorization header. When the Cloudshelf credential has a Live Stock Check Token, the request must carry "Bearer &lt;token&gt;", or the node fails and the error output should answer 401.',
		),
		{
			displayName: 'Variant ID',
			name: 'variantId',
			type: 'string',
			default: "={{ $('Webhook').item.json.query.variant }}",
			required: true,
			description:
				"The `variant` query parameter of Cloudshelf's stock check request (read from the node named Webhook by default)",
		},
		{
			displayName: 'Product ID',
			name: 'productId',
			type: 'string',
			default: "={{ $('Webhook').item.json.query.product }}",
			description: 'The `product` query parameter, echoed back',
		},
		{
			displayName: 'Location ID',
			name: 'locationId',
			type: 'string',
			default: "={{ $('Webhook').item.json.query.location }}",
			description: 'The `location` query parameter; empty when the kiosk asks for all locations',
		},
		...locationMappingTable.properties(),
		stockBufferProperty,
	],
);

/**
 * Builds the answer to Cloudshelf's live stock check from the canonical stock levels of the input
 * (e.g. Linnworks Get Levels). Only levels of the requested variant's SKU count; every mapped
 * location is listed, with 0 where there is no stock. Emits one item: the response body.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(this);
	try {
		results.succeed(0, await answer.call(this, items));
	} catch (error) {
		results.fail(0, error);
	}
	// One answer for the whole request: it stands for every input item.
	return results
		.toArray()
		.map((item) => ({ ...item, pairedItem: items.map((_, index) => ({ item: index })) }));
}

async function answer(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<IDataObject> {
	const node = this.getNode();
	await assertAuthorised.call(this, 0, 'accept');
	const mapping = new LocationMapping(this, 0);
	if (!mapping.size) {
		throw new NodeOperationError(node, 'The Location Mapping table is empty', {
			itemIndex: 0,
			description: 'Add each stock location and the Cloudshelf location it supplies.',
		});
	}
	const variantId = String(this.getNodeParameter('variantId', 0, '') ?? '').trim();
	// A variant this package did not create has no SKU here: it is reported as out of stock.
	const sku = keyOf('variant', variantId);
	const available = new Map<string, number>();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const json = items[itemIndex].json;
		// Items without stock fields (e.g. an unknown SKU's error item) contribute nothing.
		if (sku === undefined || json.sku === undefined || json.quantity === undefined) continue;
		let level: StockLevel;
		try {
			level = parseStockLevel(json);
		} catch (error) {
			throw new NodeOperationError(node, (error as Error).message, { itemIndex });
		}
		if (normaliseKey(level.sku) !== normaliseKey(sku)) continue;
		const locationId = mapping.resolve(level.location);
		if (locationId) available.set(locationId, (available.get(locationId) ?? 0) + level.quantity);
	}
	const locationParameter = String(this.getNodeParameter('locationId', 0, '') ?? '').trim();
	const productParameter = String(this.getNodeParameter('productId', 0, '') ?? '').trim();
	const response = toStockCheckResponse(
		{
			variantId: variantId || null,
			productId: productParameter || null,
			locationId: locationParameter || null,
		},
		mapping.locations(),
		available,
		this.getNodeParameter('stockBuffer', 0, 0) as number,
	);
	return response as unknown as IDataObject;
}
