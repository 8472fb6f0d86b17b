import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { ItemResults, invalidItemError } from '../../../shared/items';
import { skuMappingTable } from '../../../shared/mapping';
import { parseStockLevel } from '../../../shared/model';
import { externalId } from '../../model';
import { UPSERT_STOCK_LEVELS } from '../../queries';
import { LIMITS, type CloudshelfClient } from '../../transport';
import { stockBufferProperty } from '../common.descriptions';
import { LocationMapping, locationMappingTable } from '../locationMapping';
import { upsertInBatches, type UpsertRow } from '../upsert';

const skuMapping = skuMappingTable('Cloudshelf');

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['stock'], operation: ['setLevels'] } },
	[
		...locationMappingTable.properties(),
		{
			displayName: 'Default Cloudshelf Location',
			name: 'defaultLocation',
			type: 'string',
			default: '',
			description:
				'Location key or ID used for stock levels without a location; empty sends those items to the error output',
		},
		stockBufferProperty,
		...skuMapping.properties(),
		{
			displayName: 'Output',
			name: 'output',
			type: 'options',
			options: [
				{
					name: 'Each Row',
					value: 'eachRow',
					description: 'One item per stock row written, paired with its input item',
				},
				{
					name: 'Summary',
					value: 'summary',
					description:
						'One item counting the rows written per location. Keeps executions of full pushes (hundreds of thousands of rows) small.',
				},
			],
			default: 'eachRow',
			description:
				'What the success output holds. Rows that fail always go to the error output one by one.',
		},
	],
);

/**
 * Pushes canonical stock levels with upsertStockLevels, 1000 rows per call. The variant is found by
 * the SKU through the external-id convention, so no lookup is needed.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: CloudshelfClient,
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(this);
	const node = this.getNode();
	const rows: UpsertRow[] = [];
	// Tables are read once: per-item expressions in mapping tables are not supported.
	const mapping = new LocationMapping(this, 0);
	const skus = skuMapping.read(this, 0);
	const defaultLocation = String(this.getNodeParameter('defaultLocation', 0, '')).trim();

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		let level;
		try {
			level = parseStockLevel(items[itemIndex].json);
		} catch (error) {
			results.fail(
				itemIndex,
				invalidItemError(this, error, itemIndex, 'Each item needs sku, quantity and location.'),
			);
			continue;
		}
		const locationId =
			level.location === undefined
				? defaultLocation
					? (mapping.resolve(defaultLocation) ?? externalId('location', defaultLocation))
					: undefined
				: mapping.resolve(level.location);
		if (!locationId) {
			results.fail(
				itemIndex,
				level.location === undefined
					? new NodeOperationError(
							node,
							`Stock level for SKU ${level.sku} has no location and no Default Cloudshelf Location is set`,
							{
								itemIndex,
								description: 'Set Default Cloudshelf Location, or give the item a location.',
							},
						)
					: mapping.unmappedError(node, itemIndex, level.location),
			);
			continue;
		}
		const sku = skus.translate(level.sku, 'targetSku');
		if (sku === undefined) {
			results.fail(itemIndex, skus.unmappedError(node, itemIndex, [level.sku]));
			continue;
		}
		const buffer = this.getNodeParameter('stockBuffer', itemIndex, 0) as number;
		const productVariantId = externalId('variant', sku);
		rows.push({
			itemIndex,
			ids: [productVariantId, locationId],
			input: { locationId, productVariantId, quantity: Math.max(0, level.quantity - buffer) },
		});
	}

	const accepted = await upsertInBatches.call(
		this,
		client,
		rows,
		{
			operation: 'UpsertStockLevels',
			query: UPSERT_STOCK_LEVELS,
			field: 'upsertStockLevels',
			variables: (input) => ({ input }),
			batchSize: LIMITS.stockRowsPerCall,
			hint: 'The SKU must have been upserted as a product variant by this node package, and the location must exist in Cloudshelf.',
		},
		results,
	);
	if (this.getNodeParameter('output', 0, 'eachRow') === 'summary') {
		if (accepted.length)
			results.summarise(
				accepted.map((row) => row.itemIndex),
				summary(items, accepted),
			);
		return results.toArray();
	}
	for (const row of accepted) {
		const json = items[row.itemIndex].json;
		results.succeed(row.itemIndex, {
			sku: json.sku as string,
			location: json.location as string,
			quantity: row.input.quantity as number,
			cloudshelfLocationId: row.input.locationId as string,
			cloudshelfVariantId: row.input.productVariantId as string,
		});
	}
	return results.toArray();
}

/** Rows written, SKUs touched and rows per (source) location. */
function summary(items: INodeExecutionData[], accepted: UpsertRow[]): IDataObject {
	const skus = new Set<string>();
	const rowsByLocation: Record<string, number> = {};
	for (const row of accepted) {
		const { sku, location } = items[row.itemIndex].json as { sku: string; location?: string };
		skus.add(sku);
		const key = location ?? String(row.input.locationId);
		rowsByLocation[key] = (rowsByLocation[key] ?? 0) + 1;
	}
	return { rowsWritten: accepted.length, skus: skus.size, rowsByLocation };
}
