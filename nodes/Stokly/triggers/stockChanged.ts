/**
 * Stokly Trigger → Stock Changed: every inventory record at the chosen locations is read (per bin,
 * `[binId]!={UNASSIGNED}`, summed per item and location as Stock → Get Levels does) and only the
 * item × location levels whose quantity changed since the last check are emitted. Stokly has no
 * "changed since" read for stock that is known to work (inventory movements are UNKNOWN beyond a
 * date field), so the trigger keeps a snapshot instead of a time cursor, as the Linnworks one does.
 * Writes Stokly has accepted but not yet applied show when they are applied: the next check.
 */
import type { IDataObject, INodeProperties, IPollFunctions } from 'n8n-workflow';

import { UNASSIGNED, toLocationLevels } from '../model';
import { and, eq, inventoryRecords, ne, or } from '../requests';
import type { StoklyClient } from '../transport';

/**
 * Quantity per item, one number per location in `locations` order (-1 = no level there). Kept
 * compact because it lives in workflow static data.
 */
interface StockSnapshot {
	locations: string[];
	levels: Record<string, number[]>;
}

interface StockState {
	stockSnapshot?: StockSnapshot;
}

const show = { show: { event: ['stockChanged'] } };
const SAMPLE_SIZE = 10;

export const properties: INodeProperties[] = [
	{
		displayName: 'Location Names or IDs',
		name: 'locations',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getLocations' },
		default: [],
		displayOptions: show,
		description:
			'Only watch these locations; leave empty for all. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Emit All on First Check',
		name: 'emitAllOnFirstRun',
		type: 'boolean',
		default: false,
		displayOptions: show,
		description:
			'Whether the first check emits every level (a full push) instead of only recording them for later comparison',
	},
];

export async function poll(this: IPollFunctions, client: StoklyClient): Promise<IDataObject[]> {
	const state = this.getWorkflowStaticData('node') as StockState;
	// A manual run (Fetch Test Event) returns a sample and leaves the snapshot as it was.
	const manual = this.getMode() === 'manual';
	const locationIds = (this.getNodeParameter('locations', []) as string[])
		.map((id) => String(id).trim())
		.filter(Boolean);
	const records = await inventoryRecords(
		client,
		and(
			ne('binId', UNASSIGNED),
			locationIds.length ? or(...locationIds.map((id) => eq('locationId', id))) : undefined,
		),
	);
	const levels = toLocationLevels(records);

	const previous = state.stockSnapshot;
	const current: StockSnapshot = { locations: [...(previous?.locations ?? [])], levels: {} };
	const columnOf = (locationId: string) => {
		let index = current.locations.indexOf(locationId);
		if (index < 0) index = current.locations.push(locationId) - 1;
		return index;
	};
	const emitAll =
		!previous && !manual && (this.getNodeParameter('emitAllOnFirstRun', false) as boolean);
	const changes: IDataObject[] = [];
	for (const level of levels) {
		const column = columnOf(level.locationId);
		const row = (current.levels[level.itemId] ??= []);
		while (row.length < current.locations.length) row.push(-1);
		row[column] = level.quantity;
		const before = previous?.levels[level.itemId]?.[column];
		const known = before !== undefined && before >= 0;
		if (emitAll || (previous && (!known || before !== level.quantity))) {
			changes.push({ ...level, previousQuantity: known ? before : null });
		}
	}

	if (manual) {
		if (changes.length) return changes.slice(0, SAMPLE_SIZE);
		return levels.slice(0, SAMPLE_SIZE).map((level) => ({ ...level, previousQuantity: null }));
	}
	state.stockSnapshot = current;
	return changes;
}
