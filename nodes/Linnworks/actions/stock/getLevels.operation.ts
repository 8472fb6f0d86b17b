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
import { toStockLevel, type LinnworksStockItemLevel } from '../../model';
import { LocationDirectory, getAllStockItems, getStockLevelsByIds, lookupStockItemIds } from '../../queries';
import type { LinnworksClient } from '../../transport';
import { locationsProperty, simplifyProperty } from '../common.descriptions';

const properties: INodeProperties[] = [
	{
		displayName: 'Stock Items',
		name: 'scope',
		type: 'options',
		default: 'all',
		options: [
			{ name: 'All', value: 'all', description: 'Every stock item of the account, read page by page' },
			{ name: 'By SKU', value: 'skus', description: 'Only the SKUs listed below' },
		],
	},
	{
		displayName: 'SKUs',
		name: 'skus',
		type: 'string',
		default: '={{ $json.sku }}',
		required: true,
		displayOptions: { show: { scope: ['skus'] } },
		description: 'SKUs to read, separated by commas or new lines, or a list from an expression',
	},
	locationsProperty,
	simplifyProperty,
];

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['stock'], operation: ['getLevels'] } },
	properties,
);

function parseSkus(value: unknown): string[] {
	const list = Array.isArray(value) ? value : String(value ?? '').split(/[\n,]/);
	return list.map((sku) => String(sku).trim()).filter(Boolean);
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: LinnworksClient,
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(this);
	const directory = await LocationDirectory.load(client);

	const locationFilter = (itemIndex: number): ((level: LinnworksStockItemLevel) => boolean) => {
		const wanted = (this.getNodeParameter('locations', itemIndex, []) as string[]).map((reference) => {
			const location = directory.find(reference);
			if (!location) {
				throw new NodeOperationError(this.getNode(), `Linnworks has no location "${reference}"`, {
					itemIndex,
					description: `Choose one of: ${directory.names()}.`,
				});
			}
			return location.StockLocationId;
		});
		return (level) => wanted.length === 0 || wanted.includes(level.Location.StockLocationId);
	};

	const output = (itemIndex: number, sku: string, levels: LinnworksStockItemLevel[]): IDataObject[] => {
		const simplify = this.getNodeParameter('simplify', itemIndex) as boolean;
		const inScope = levels.filter(locationFilter(itemIndex));
		return inScope.map((level) =>
			simplify ? { ...toStockLevel(level, sku) } : ({ ...level, SKU: level.SKU ?? sku } as IDataObject),
		);
	};

	const skusByItem = new Map<number, string[]>();
	let allItems: Awaited<ReturnType<typeof getAllStockItems>> | undefined;
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		if (this.getNodeParameter('scope', itemIndex) === 'skus') {
			skusByItem.set(itemIndex, parseSkus(this.getNodeParameter('skus', itemIndex)));
			continue;
		}
		// The full listing does not depend on the item: read it once per execution.
		allItems ??= await getAllStockItems(client);
		results.succeed(
			itemIndex,
			allItems.flatMap((item) => output(itemIndex, item.ItemNumber, item.StockLevels ?? [])),
		);
	}

	if (skusByItem.size) {
		const known = await lookupStockItemIds(client, [...skusByItem.values()].flat());
		const levels = await getStockLevelsByIds(
			client,
			[...known.values()].map((entry) => entry.stockItemId),
		);
		for (const [itemIndex, skus] of skusByItem) {
			const missing = skus.filter((sku) => !known.has(normaliseKey(sku)));
			if (missing.length) {
				results.fail(
					itemIndex,
					new NodeOperationError(
						this.getNode(),
						`SKU ${missing.join(', ')} has no Linnworks stock item`,
						{ itemIndex, description: 'Check the SKU spelling, or create the stock item in Linnworks.' },
					),
				);
				continue;
			}
			results.succeed(
				itemIndex,
				skus.flatMap((sku) => {
					const entry = known.get(normaliseKey(sku))!;
					return output(itemIndex, entry.sku, levels.get(entry.stockItemId) ?? []);
				}),
			);
		}
	}
	return results.toArray();
}
