/**
 * Get Levels: canonical stock levels (`{sku, location, quantity}` plus Stokly's ids and on hand),
 * one per item × location, summed over its bins, from GET /v1/inventory-records read with
 * `[binId]!={UNASSIGNED}` (Stokly's location- and account-level aggregate rows carry binId
 * UNASSIGNED, INFERRED: counting them too would double the bins). By SKU (200 per filter) or all
 * items, for every location or the ones chosen. By SKU, a SKU on no Stokly item goes to the error
 * output; one without stock records is at 0 in each location chosen.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ItemResults } from '../../../shared/items';
import { UNASSIGNED, toLocationLevels } from '../../model';
import {
	and,
	anyOf,
	eq,
	inventoryRecords,
	itemsBySku,
	listLocations,
	locationDirectory,
	ne,
	or,
	unsafeValue,
	type InventoryRecord,
	type StoklyLocation,
} from '../../requests';
import type { StoklyClient } from '../../transport';
import { locationsProperty, readList, simplifyProperty } from '../common.descriptions';
import { readSkus, skuSelectionProperties, unknownSkuError, unsafeSkuError } from '../skus';

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['stock'], operation: ['getLevels'] } },
	[
		...skuSelectionProperties('Only the items with these SKUs'),
		locationsProperty,
		{
			...simplifyProperty,
			description:
				'Whether to return one canonical stock level per item and location (summed over bins) instead of the raw inventory records (one per bin)',
		},
	],
);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	client: StoklyClient,
): Promise<INodeExecutionData[]> {
	const results = new ItemResults(this);
	const node = this.getNode();
	let directory: Promise<StoklyLocation[]> | undefined;
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const selection = this.getNodeParameter('selection', itemIndex, 'all') as string;
			const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
			// IDs from the drop-down, or names (an expression, the agency tool's configuration).
			const wanted = readList(this.getNodeParameter('locations', itemIndex, []));
			const chosen = wanted.length
				? locationDirectory(await (directory ??= listLocations(client, itemIndex))).resolveAll(
						node,
						wanted,
						{ itemIndex, hint: 'Or choose the locations from the list.' },
					)
				: [];
			const locationIds = chosen.map((location) => location.locationId);
			const locationFilter = locationIds.length
				? or(...locationIds.map((id) => eq('locationId', id)))
				: undefined;
			const binned = ne('binId', UNASSIGNED);
			let records: InventoryRecord[] = [];
			const asked = selection === 'bySku' ? readSkus(this, itemIndex) : [];
			if (selection === 'bySku') {
				for (const sku of asked.filter(unsafeValue))
					results.failOne(itemIndex, unsafeSkuError(node, sku, itemIndex));
				const skus = asked.filter((sku) => !unsafeValue(sku));
				for (const skuFilter of anyOf('itemSku', skus)) {
					records.push(
						...(await inventoryRecords(client, and(binned, locationFilter, skuFilter), itemIndex)),
					);
				}
			} else {
				records = await inventoryRecords(client, and(binned, locationFilter), itemIndex);
			}
			if (!simplify) {
				results.succeed(itemIndex, records as unknown as IDataObject[]);
				continue;
			}
			const levels = toLocationLevels(records);
			results.succeed(itemIndex, levels as unknown as IDataObject[]);
			if (selection !== 'bySku') continue;
			// SKUs without records: unknown (error output), or known and at 0 where asked.
			const withRecords = new Set(levels.map((level) => level.sku));
			const missing = asked.filter((sku) => !unsafeValue(sku) && !withRecords.has(sku));
			if (!missing.length) continue;
			const known = await itemsBySku(client, missing, itemIndex);
			const knownSkus = new Map(known.map((item) => [String(item.sku ?? '').trim(), item]));
			for (const sku of missing) {
				const item = knownSkus.get(sku);
				if (!item) {
					results.failOne(itemIndex, unknownSkuError(node, sku, itemIndex));
					continue;
				}
				for (const location of chosen)
					results.succeed(itemIndex, {
						sku,
						location: location.name,
						quantity: 0,
						locationId: location.locationId,
						itemId: item.itemId,
						onHand: 0,
					});
			}
		} catch (error) {
			results.fail(itemIndex, error);
		}
	}
	return results.toArray();
}
