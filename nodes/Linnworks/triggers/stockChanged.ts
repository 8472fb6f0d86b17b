/**
 * Linnworks Trigger → Stock Changed: every level at the chosen locations is read and only the
 * SKU/location pairs whose available quantity changed since the last check are emitted. Linnworks
 * has no "changed since" read, so the trigger keeps a snapshot instead of a time cursor.
 */
import {
	NodeOperationError,
	type IDataObject,
	type INodeProperties,
	type IPollFunctions,
} from 'n8n-workflow';

import { toStockLevel } from '../model';
import { LocationDirectory, getAllStockItems } from '../queries';
import type { LinnworksClient } from '../transport';

/**
 * Available quantity per SKU, one number per location in `locations` order (-1 = no level at that
 * location). Kept compact because it lives in workflow static data.
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

export async function poll(this: IPollFunctions, client: LinnworksClient): Promise<IDataObject[]> {
	const state = this.getWorkflowStaticData('node') as StockState;
	// A manual run (Fetch Test Event) returns a sample and leaves the snapshot as it was.
	const manual = this.getMode() === 'manual';
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
	const locationIds = locations.map((location) => location.StockLocationId);

	const current: StockSnapshot = { locations: locationIds, levels: {} };
	const changes: IDataObject[] = [];
	const previous = state.stockSnapshot;
	const previousIndex = new Map(previous?.locations.map((id, index) => [id, index]) ?? []);
	const emitAll =
		!previous && !manual && (this.getNodeParameter('emitAllOnFirstRun', false) as boolean);

	await getAllStockItems(client, (page) => {
		for (const item of page) {
			const row = locationIds.map(() => -1);
			for (const level of item.StockLevels ?? []) {
				const index = locationIds.indexOf(level.Location.StockLocationId);
				if (index < 0) continue;
				const canonical = toStockLevel(level, item.ItemNumber);
				row[index] = canonical.quantity;
				const before =
					previous?.levels[item.ItemNumber]?.[
						previousIndex.get(level.Location.StockLocationId) ?? -1
					];
				const known = before !== undefined && before >= 0;
				if (emitAll || (previous && (!known || before !== canonical.quantity))) {
					changes.push({ ...canonical, previousQuantity: known ? before : null });
				}
			}
			current.levels[item.ItemNumber] = row;
		}
	});

	if (manual) {
		if (changes.length) return changes.slice(0, SAMPLE_SIZE);
		return Object.entries(current.levels)
			.slice(0, SAMPLE_SIZE)
			.flatMap(([sku, row]) =>
				row.flatMap((quantity, index) =>
					quantity < 0
						? []
						: [{ sku, location: locations[index].LocationName, quantity, previousQuantity: null }],
				),
			);
	}
	state.stockSnapshot = current;
	return changes;
}
