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
import {
	LocationDirectory,
	getAllStockItems,
	getStockLevelsByIds,
	lookupStockItemIds,
} from '../../queries';
import type { LinnworksClient } from '../../transport';
import { locationsProperty, simplifyProperty } from '../common.descriptions';

const properties: INodeProperties[] = [
	{
		displayName: 'Stock Items',
		name: 'scope',
		type: 'options',
		default: 'all',
		options: [
			{
				name: 'All',
				value: 'all',
				description: 'Every stock item of the account, read page by page',
			},
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

	/** Location ids to keep for an item (empty = all); an unknown location fails that item. */
	const wantedLocations = (itemIndex: number): string[] =>
		(this.getNodeParameter('locations', itemIndex, []) as string[]).map((reference) => {
			const location = directory.find(reference);
			if (!location) {
				throw new NodeOperationError(this.getNode(), `Linnworks has no location "${reference}"`, {
					itemIndex,
					description: `Choose one of: ${directory.names()}.`,
				});
			}
			return location.StockLocationId;
		});

	/** Per item: turns one SKU's levels into output rows (location filter and Simplify applied). */
	const rowsFor = (itemIndex: number) => {
		const simplify = this.getNodeParameter('simplify', itemIndex) as boolean;
		const wanted = wantedLocations(itemIndex);
		return (sku: string, levels: LinnworksStockItemLevel[]): IDataObject[] =>
			levels
				.filter((level) => wanted.length === 0 || wanted.includes(level.Location.StockLocationId))
				.map((level) =>
					simplify
						? { ...toStockLevel(level, sku) }
						: ({ ...level, SKU: level.SKU ?? sku } as IDataObject),
				);
	};

	const skusByItem = new Map<number, string[]>();
	let allItems: Awaited<ReturnType<typeof getAllStockItems>> | undefined;
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		if (this.getNodeParameter('scope', itemIndex) === 'skus') {
			skusByItem.set(itemIndex, parseSkus(this.getNodeParameter('skus', itemIndex)));
			continue;
		}
		try {
			const rows = rowsFor(itemIndex);
			// The full listing does not depend on the item: read it once per execution.
			allItems ??= await getAllStockItems(client);
			results.succeed(
				itemIndex,
				allItems.flatMap((item) => rows(item.ItemNumber, item.StockLevels ?? [])),
			);
		} catch (error) {
			results.fail(itemIndex, error);
		}
	}

	if (skusByItem.size) {
		const known = await lookupStockItemIds(client, [...skusByItem.values()].flat());
		const levels = await getStockLevelsByIds(
			client,
			[...known.values()].map((entry) => entry.stockItemId),
		);
		for (const [itemIndex, skus] of skusByItem) {
			if (!skus.length) {
				results.fail(
					itemIndex,
					new NodeOperationError(this.getNode(), 'No SKU to read', {
						itemIndex,
						description:
							'The SKUs field is empty for this item; map it to the SKU field of the input.',
					}),
				);
				continue;
			}
			const missing = skus.filter((sku) => !known.has(normaliseKey(sku)));
			if (missing.length) {
				results.fail(
					itemIndex,
					new NodeOperationError(
						this.getNode(),
						`SKU ${missing.join(', ')} has no Linnworks stock item`,
						{
							itemIndex,
							description: 'Check the SKU spelling, or create the stock item in Linnworks.',
						},
					),
				);
				continue;
			}
			try {
				const rows = rowsFor(itemIndex);
				results.succeed(
					itemIndex,
					skus.flatMap((sku) => {
						const entry = known.get(normaliseKey(sku))!;
						return rows(entry.sku, levels.get(entry.stockItemId) ?? []);
					}),
				);
			} catch (error) {
				results.fail(itemIndex, error);
			}
		}
	}
	return results.toArray();
}
