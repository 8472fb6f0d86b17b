/**
 * Stokly Trigger → Stock Changed: every inventory record at the chosen locations is read (per bin,
 * `[binId]!={UNASSIGNED}`, summed per item and location as Stock → Get Levels does) and only the
 * item × location levels whose quantity changed since the last check are emitted, through the
 * kit's stock snapshot (nodes/shared/stockSnapshot.ts). Stokly has no "changed since" read for
 * stock known to work (inventory movements are UNKNOWN beyond a date field, reference §2.3), so a
 * snapshot it is, as in the Linnworks trigger. An adjustment Stokly accepted (202) but has not
 * applied yet shows at the first check after it is applied.
 */
import type { IDataObject, INodeProperties, IPollFunctions } from 'n8n-workflow';

import { pollStockSnapshot, stockChangedProperties } from '../../shared/stockSnapshot';
import { UNASSIGNED, toLocationLevels } from '../model';
import { and, eq, inventoryRecords, listLocations, locationDirectory, ne, or } from '../requests';
import type { StoklyClient } from '../transport';

export const properties: INodeProperties[] = stockChangedProperties({
	show: { event: ['stockChanged'] },
});

export async function poll(this: IPollFunctions, client: StoklyClient): Promise<IDataObject[]> {
	// IDs from the drop-down, or names (an expression, the agency tool's configuration); one that
	// Stokly does not have fails the check rather than silently matching nothing.
	const wanted = (this.getNodeParameter('locations', []) as unknown[])
		.map((entry) => String(entry ?? '').trim())
		.filter(Boolean);
	const locationIds = wanted.length
		? locationDirectory(await listLocations(client))
				.resolveAll(this.getNode(), wanted, {
					hint: 'Or leave Locations empty to watch every location.',
				})
				.map((location) => location.locationId)
		: [];
	return await pollStockSnapshot(this, {
		read: async (see) => {
			const records = await inventoryRecords(
				client,
				and(
					ne('binId', UNASSIGNED),
					locationIds.length ? or(...locationIds.map((id) => eq('locationId', id))) : undefined,
				),
			);
			for (const level of toLocationLevels(records))
				see({ ...level }, level.itemId, level.locationId, level.quantity);
		},
	});
}
