/**
 * The stock snapshot every "stock changed" trigger without a change feed uses, kept in workflow
 * static data: each check reads every level, compares it with the snapshot of the last check and
 * emits only the levels whose quantity changed (or that are new); the first check records the
 * snapshot and emits nothing, unless Emit All on First Check is set; a manual run (Fetch Test
 * Event) returns a sample and leaves the snapshot as it was. The snapshot is compact (one number
 * per item and location, -1 = no level there) because it lives in static data.
 */
import type { IDataObject, INodeProperties, IPollFunctions } from 'n8n-workflow';

export interface StockSnapshot {
	/** Location keys, the columns of `levels`. */
	locations: string[];
	/** Quantity per item key, one number per location (-1 = no level there). */
	levels: Record<string, number[]>;
}

interface SnapshotState {
	stockSnapshot?: StockSnapshot;
}

/** Levels of this many items make the sample of a manual run. */
export const SNAPSHOT_SAMPLE_ITEMS = 10;

/** Location Names or IDs (loadOptions `getLocations`) and Emit All on First Check, for one event. */
export function stockChangedProperties(
	displayOptions: INodeProperties['displayOptions'],
): INodeProperties[] {
	return [
		{
			displayName: 'Location Names or IDs',
			name: 'locations',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getLocations' },
			default: [],
			displayOptions,
			description:
				'Only watch these locations; leave empty for all. An expression may give location names too; a check fails on a name or ID the platform does not have. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Emit All on First Check',
			name: 'emitAllOnFirstRun',
			type: 'boolean',
			default: false,
			displayOptions,
			description:
				'Whether the first check emits every level (a full push) instead of only recording them for later comparison',
		},
	];
}

/** Hands one level read to the comparison: the item it belongs to, its location and quantity. */
export type SeeLevel = (
	level: IDataObject,
	item: string,
	location: string,
	quantity: number,
) => void;

export interface SnapshotPollOptions {
	/**
	 * The locations compared, in column order; levels elsewhere are ignored. Absent: every
	 * location a level names (columns are added as they appear).
	 */
	locations?: string[];
	/** Reads every level, handing each to `see` (pages may be streamed). */
	read(see: SeeLevel): Promise<void>;
}

/**
 * One check: the levels that changed since the last one, each with `previousQuantity` (null when
 * new), in the order read.
 */
export async function pollStockSnapshot(
	context: IPollFunctions,
	options: SnapshotPollOptions,
): Promise<IDataObject[]> {
	const state = context.getWorkflowStaticData('node') as SnapshotState;
	const manual = context.getMode() === 'manual';
	const previous = state.stockSnapshot;
	const previousColumn = new Map(previous?.locations.map((key, index) => [key, index]) ?? []);
	const fixed = options.locations !== undefined;
	const current: StockSnapshot = {
		locations: [...(options.locations ?? previous?.locations ?? [])],
		levels: {},
	};
	const columnOf = new Map(current.locations.map((key, index) => [key, index]));
	const emitAll =
		!previous && !manual && (context.getNodeParameter('emitAllOnFirstRun', false) as boolean);
	const changes: IDataObject[] = [];
	const sample: IDataObject[] = [];
	const sampled = new Set<string>();

	await options.read((level, item, location, quantity) => {
		let column = columnOf.get(location);
		if (column === undefined) {
			if (fixed) return;
			column = current.locations.push(location) - 1;
			columnOf.set(location, column);
		}
		const row = (current.levels[item] ??= []);
		while (row.length < current.locations.length) row.push(-1);
		row[column] = quantity;
		const before = previous?.levels[item]?.[previousColumn.get(location) ?? -1];
		const known = before !== undefined && before >= 0;
		if (emitAll || (previous && (!known || before !== quantity)))
			changes.push({ ...level, previousQuantity: known ? before : null });
		if (manual && (sampled.has(item) || sampled.size < SNAPSHOT_SAMPLE_ITEMS)) {
			sampled.add(item);
			sample.push({ ...level, previousQuantity: null });
		}
	});

	if (manual) return changes.length ? changes.slice(0, SNAPSHOT_SAMPLE_ITEMS) : sample;
	state.stockSnapshot = current;
	return changes;
}
