/**
 * Linnworks Trigger → Stock Changed: every level at the chosen locations is read and only the
 * SKU/location pairs whose available quantity changed since the last check are emitted. Linnworks
 * has no "changed since" read, so the trigger keeps a snapshot instead of a time cursor (the kit's,
 * nodes/shared/stockSnapshot.ts).
 */
import {
	NodeOperationError,
	type IDataObject,
	type INodeProperties,
	type IPollFunctions,
} from 'n8n-workflow';

import { pollStockSnapshot, stockChangedProperties } from '../../shared/stockSnapshot';
import { toStockLevel } from '../model';
import { LocationDirectory, getAllStockItems } from '../queries';
import type { LinnworksClient } from '../transport';

export const properties: INodeProperties[] = stockChangedProperties({
	show: { event: ['stockChanged'] },
});

export async function poll(this: IPollFunctions, client: LinnworksClient): Promise<IDataObject[]> {
	const directory = await LocationDirectory.load(client);
	const wanted = (this.getNodeParameter('locations', []) as string[]).map((reference) => {
		const location = directory.find(reference);
		if (!location) {
			throw new NodeOperationError(this.getNode(), `Linnworks has no location "${reference}"`, {
				description: `Choose one of: ${directory.names()}.`,
			});
		}
		return location;
	});
	const locations = wanted.length ? wanted : directory.locations;
	return await pollStockSnapshot(this, {
		locations: locations.map((location) => location.StockLocationId),
		read: async (see) => {
			await getAllStockItems(client, (page) => {
				for (const item of page) {
					for (const level of item.StockLevels ?? []) {
						const canonical = toStockLevel(level, item.ItemNumber);
						see(
							{ ...canonical },
							item.ItemNumber,
							level.Location.StockLocationId,
							canonical.quantity,
						);
					}
				}
			});
		},
	});
}
